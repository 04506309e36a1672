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
* **Cost per person lifted** and **cost per job** are aid cost over people lifted (jobs), and
  likewise for the domestic cost and for all funders; a run where the denominator is zero has no
  such cost (NaN), and the headline says in how many runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["HEADLINE_MEASURES", "assign_deciles", "paired_measures", "decile_changes", "winners"]

#: Headline rows: measure, unit, per-seed column.
HEADLINE_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("aid cost (Beijing-Fengtai)", "yuan", "aid_cost"),
    ("domestic programme cost", "yuan", "domestic_cost"),
    ("cost, all funders", "yuan", "total_cost"),
    ("people lifted out of poverty", "people", "people_lifted"),
    ("change in poverty rate", "percentage points", "poverty_rate_change_pp"),
    ("change in poverty gap (FGT1)", "index points", "poverty_gap_change"),
    ("jobs", "jobs", "jobs"),
    ("income change, bottom 40%", "yuan/person/year", "income_change_bottom40"),
    ("income change, registered poor", "yuan/person/year", "income_change_registered"),
    ("winners", "households", "winners"),
    ("losers", "households", "losers"),
    ("cost per person lifted out of poverty", "yuan/person", "cost_per_person_lifted"),
    ("cost per job", "yuan/job", "cost_per_job"),
    ("domestic cost per person lifted", "yuan/person", "domestic_cost_per_person_lifted"),
    ("cost per person lifted, all funders", "yuan/person", "total_cost_per_person_lifted"),
    ("cost per job, all funders", "yuan/job", "total_cost_per_job"),
)

#: Spending columns of annual.csv by funder group: Beijing-Fengtai's aid and China's own.
_SPENT = {"aid": "aid_spent_yuan", "domestic": "domestic_spent_yuan"}

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
) -> dict[str, float]:
    """Every headline measure of one seed (see the module docstring for the conventions)."""
    final_base = base_annual.iloc[-1]
    final_scen = scen_annual.iloc[-1]
    gap = next(column for column in _GAP_COLUMNS if column in base_annual.columns)
    aid_cost = _cost(base_annual, scen_annual, _SPENT["aid"])
    domestic_cost = _cost(base_annual, scen_annual, _SPENT["domestic"])
    total_cost = aid_cost + domestic_cost
    lifted = float(final_base["poor_people"] - final_scen["poor_people"])
    jobs = float(final_scen["jobs"] - final_base["jobs"])

    pairs = _pair(base_households, scen_households)
    people = pairs["people"].to_numpy()
    change = pairs["change_pc"].to_numpy()
    deciles = assign_deciles(pairs["base_pc"].to_numpy(), people)
    counts = winners(base_households, scen_households, threshold).set_index("group")
    return {
        "aid_cost": aid_cost,
        "domestic_cost": domestic_cost,
        "total_cost": total_cost,
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
        "cost_per_person_lifted": _ratio(aid_cost, lifted),
        "cost_per_job": _ratio(aid_cost, jobs),
        "domestic_cost_per_person_lifted": _ratio(domestic_cost, lifted),
        "total_cost_per_person_lifted": _ratio(total_cost, lifted),
        "total_cost_per_job": _ratio(total_cost, jobs),
    }
