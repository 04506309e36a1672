"""Impact measures of one paired run (a scenario against a baseline at the same seed).

Conventions (documented in docs/experiments.md):

* The **final year** is the last simulated year (``run.end_year``, the same for both sides).
* **Aid cost** is the scenario's Beijing-Fengtai aid spending (``aid_spent_yuan``) minus the
  baseline's, summed over every simulated year (start year to final year), in yuan. Negative
  when the scenario spends less. **Domestic cost** is the same for China's own programmes
  (``domestic_spent_yuan``), and **cost, all funders** the sum of the two: money is split by
  funder group (``model.aid.funding.FUNDERS``).
* **People lifted out of poverty** is the baseline's poor people minus the scenario's, in the
  final year (positive when the scenario has fewer poor).
* Household measures use **rural households** (the population poverty is measured on), paired
  by index: the same seed gives the same synthetic households on both sides. Incomes are net
  income per person over the final year. **Deciles** rank households by the *baseline's* income
  per person, weighted by people, so each decile holds a tenth of rural people; the
  **bottom 40%** is deciles 1-4. **Registered poor** means registered in the baseline run.
* A household **wins** (loses) when its income per person changes by more than ``threshold``
  yuan up (down); otherwise it is unchanged.
* **Aid money given** is the scenario's budgets minus the baseline's (every program, every
  simulated year), for each funder group: what the scenario changes in the money, as opposed
  to what was spent of it.
* **Cost per person lifted** and **cost per job** are a cost over people lifted (jobs): the aid
  cost, the domestic cost, or the cost to all funders. Each is defined only where that money
  differs (its money given is not zero): a scenario that gives the same money spends a little
  more or less only because households' needs moved (medical aid pays what the sick need), and
  a ratio of that noise means nothing. A run where the money is the same, or the denominator
  is zero, has no such cost (NaN), and the headline says in how many runs and why.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from model.metric_dictionary import table_metrics

__all__ = [
    "HEADLINE_MEASURES",
    "MONEY_OF_RATIO",
    "assign_deciles",
    "budget_change",
    "decile_changes",
    "paired_measures",
    "winners",
]

#: Headline rows: measure, unit, per-seed column; from the metric dictionary's ``measures``.
HEADLINE_MEASURES: tuple[tuple[str, str, str], ...] = tuple(
    (entry.label, entry.unit, entry.name) for entry in table_metrics("measures").values()
)

#: Relative difference of two budgets below which they are the same money (float rounding).
SAME_MONEY = 1e-9

#: Spending columns of annual.csv by funder group: Beijing-Fengtai's aid and China's own.
_SPENT = {"beijing": "aid_spent_yuan", "domestic": "domestic_spent_yuan"}

#: Each cost ratio and the money-given measure that must differ from zero for it to mean much.
MONEY_OF_RATIO = {
    "cost_per_person_lifted": "aid_budget_change",
    "cost_per_job": "aid_budget_change",
    "domestic_cost_per_person_lifted": "domestic_budget_change",
    "total_cost_per_person_lifted": "total_budget_change",
    "total_cost_per_job": "total_budget_change",
}

#: Names the poverty gap (FGT1) column has had; the first present is used.
_GAP_COLUMNS = ("poverty_gap", "fgt1")


def assign_deciles(income_pc: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Decile 1..10 of each household by income per person, each decile a tenth of people."""
    order = np.argsort(income_pc, kind="stable")
    weights = people[order].astype(float)
    # a household's decile is where the middle of its members falls in the cumulative share
    middle = (np.cumsum(weights) - weights / 2) / weights.sum()
    deciles = np.empty(len(income_pc), dtype=np.int64)
    deciles[order] = np.minimum(np.floor(middle * 10).astype(np.int64) + 1, 10)
    return deciles


def _mean_change(change: np.ndarray, people: np.ndarray, mask: np.ndarray) -> float:
    weight = people[mask].sum()
    return float(np.sum(change[mask] * people[mask]) / weight) if weight > 0 else float("nan")


def _pair(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    # The same households, index by index (their members may differ a little: a program that
    # changes illness changes who dies); people are counted as in the baseline.
    if len(base) != len(scen):
        raise ValueError(
            "compare: the two scenarios did not simulate the same households (a scenario "
            "changes the population: run.households or a county.*/households.* parameter)"
        )
    rural = base["rural"].to_numpy()
    return pd.DataFrame(
        {
            "people": base["size"].to_numpy()[rural],
            "registered": base["registered"].to_numpy()[rural],
            "base_pc": base["income_pc"].to_numpy()[rural],
            "change_pc": (scen["income_pc"] - base["income_pc"]).to_numpy()[rural],
        }
    )


def decile_changes(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    """Mean income change per person by baseline income decile: decile, income_change_pc."""
    pairs = _pair(base, scen)
    people = pairs["people"].to_numpy()
    deciles = assign_deciles(pairs["base_pc"].to_numpy(), people)
    change = pairs["change_pc"].to_numpy()
    rows = [
        {"decile": d, "income_change_pc": _mean_change(change, people, deciles == d)}
        for d in range(1, 11)
    ]
    return pd.DataFrame(rows)


def winners(base: pd.DataFrame, scen: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Households (and people) whose income per person rose, fell, or stayed within threshold."""
    pairs = _pair(base, scen)
    change = pairs["change_pc"].to_numpy()
    people = pairs["people"].to_numpy()
    groups = {
        "winners": change > threshold,
        "losers": change < -threshold,
        "unchanged": np.abs(change) <= threshold,
    }
    total = len(change)
    return pd.DataFrame(
        [
            {
                "group": name,
                "households": int(mask.sum()),
                "people": int(people[mask].sum()),
                "share": float(mask.sum() / total) if total else float("nan"),
            }
            for name, mask in groups.items()
        ]
    )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator != 0 else float("nan")


def budget_change(
    base_programs: pd.DataFrame, scen_programs: pd.DataFrame, group: str | None = None
) -> float:
    """Scenario's budgets minus the baseline's, yuan; exactly 0.0 when they are the same money.

    Args:
        base_programs: The baseline's program frame (``budget_yuan`` by program and year).
        scen_programs: The scenario's.
        group: Only programs of this funder group (``"beijing"`` or ``"domestic"``); None for
            every program.
    """

    def total(programs: pd.DataFrame) -> float:
        if group is not None and "funder_group" in programs.columns:
            programs = programs[programs["funder_group"] == group]
        return float(programs["budget_yuan"].sum())

    base, scen = total(base_programs), total(scen_programs)
    if abs(scen - base) <= SAME_MONEY * max(abs(base), abs(scen)):
        return 0.0
    return scen - base


def _cost(base_annual: pd.DataFrame, scen_annual: pd.DataFrame, column: str) -> float:
    """Scenario minus baseline spending of one funder group over every year (NaN if unknown)."""
    if column not in base_annual.columns or column not in scen_annual.columns:
        return float("nan")  # runs made before the split by funder
    return float(scen_annual[column].sum() - base_annual[column].sum())


def paired_measures(
    base_annual: pd.DataFrame,
    scen_annual: pd.DataFrame,
    base_households: pd.DataFrame,
    scen_households: pd.DataFrame,
    threshold: float,
    money_change: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Every headline measure of one seed (see the module docstring for the conventions).

    Args:
        base_annual: The baseline's annual frame.
        scen_annual: The scenario's annual frame.
        base_households: The baseline's household frame (final year).
        scen_households: The scenario's household frame.
        threshold: Yuan per person a household's income must move to win or lose.
        money_change: ``budget_change`` of the two runs by funder group (``"beijing"``,
            ``"domestic"``); None counts any difference in spending as a difference in money.
    """
    final_base = base_annual.iloc[-1]
    final_scen = scen_annual.iloc[-1]
    gap = next(column for column in _GAP_COLUMNS if column in base_annual.columns)
    aid_cost = _cost(base_annual, scen_annual, _SPENT["beijing"])
    domestic_cost = _cost(base_annual, scen_annual, _SPENT["domestic"])
    total_cost = aid_cost + domestic_cost
    lifted = float(final_base["poor_people"] - final_scen["poor_people"])
    jobs = float(final_scen["jobs"] - final_base["jobs"])

    pairs = _pair(base_households, scen_households)
    people = pairs["people"].to_numpy()
    change = pairs["change_pc"].to_numpy()
    deciles = assign_deciles(pairs["base_pc"].to_numpy(), people)
    counts = winners(base_households, scen_households, threshold).set_index("group")
    if money_change is None:  # any difference in spending counts as a difference in money
        money_change = {"beijing": aid_cost, "domestic": domestic_cost}
    money = {group: float(money_change.get(group, 0.0)) for group in _SPENT}

    def priced(cost: float, group: str | None) -> float:
        # a ratio only where the money differs: otherwise the cost is the noise of need-driven
        # spending, not a price of what the scenario changed
        given = any(money.values()) if group is None else money[group] != 0
        return cost if given else float("nan")

    return {
        "aid_cost": aid_cost,
        "aid_budget_change": money["beijing"],
        "domestic_cost": domestic_cost,
        "domestic_budget_change": money["domestic"],
        "total_cost": total_cost,
        "total_budget_change": money["beijing"] + money["domestic"],
        "people_lifted": lifted,
        "poverty_rate_change_pp": 100.0
        * float(final_scen["poverty_rate"] - final_base["poverty_rate"]),
        "poverty_gap_change": float(final_scen[gap] - final_base[gap]),
        "jobs": jobs,
        "income_change_bottom40": _mean_change(change, people, deciles <= 4),
        "income_change_registered": _mean_change(
            change, people, pairs["registered"].to_numpy(dtype=bool)
        ),
        "winners": float(counts.loc["winners", "households"]),
        "losers": float(counts.loc["losers", "households"]),
        "cost_per_person_lifted": _ratio(priced(aid_cost, "beijing"), lifted),
        "cost_per_job": _ratio(priced(aid_cost, "beijing"), jobs),
        "domestic_cost_per_person_lifted": _ratio(priced(domestic_cost, "domestic"), lifted),
        "total_cost_per_person_lifted": _ratio(priced(total_cost, None), lifted),
        "total_cost_per_job": _ratio(priced(total_cost, None), jobs),
    }
