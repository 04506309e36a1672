"""What one program did in one seed: the paired measures of a run with it against one without.

The league (``model.experiments.league``) runs each program "removed" (the scenario against the
scenario with the program switched off) and "alone" (the program as the only one switched on
against every program off). Each is a pair of runs at the same seed, and this module measures a
pair; ``interaction`` is the removed effect minus the alone effect. Conventions (also in
docs/experiments.md):

* Every effect is **with the program minus without it**, so that a positive effect is what the
  program added: people lifted, person-years lifted, exits, income, jobs, money spent.
* **People lifted**: poor people (annual ``poor_people``) without the program minus with it in
  the final year; **person-years lifted**: the same difference summed over every simulated year.
* **Official exits**: people whose households exited the register (annual ``exited_this_year``)
  over every simulated year, with minus without; **registered-poor reduction**: people still on
  the register in the final year (annual ``registered_poor``), without minus with.
* **Registered-poor income gained**: the change in net income per person, times the household's
  people, summed over the rural households registered poor (at any time) in the *scenario* run
  at that seed, final year, in yuan. The households and their people are those of the scenario
  run for every pair of the seed (households are paired by index: the same seed synthesises the
  same households in every variant), so that the removed and the alone effects are over one
  group. The final year only: the runs keep households' incomes of the final year, not earlier.
* **Jobs**: firm jobs held in December of the final year (annual ``jobs``), with minus without.
  Public posts (forest rangers, village welfare posts) are not firm jobs in the annual table and
  are not counted: their effect shows in people lifted and income.
* **Budget** and **spent**: the program's own money given (programs ``budget_yuan``) and spent
  (``spent_yuan``) over every simulated year, with minus without (it has none without).
  **Net spending**: the change in what every program spent, all funders; **others' spending**:
  net spending minus the program's own, negative when the program saves other payers money
  (medical insurance, Beijing's health aid and medical assistance pay the same bills in turn).
* **Cost ratios** divide the program's own spending by person-years lifted, jobs, or
  registered-poor income gained (yuan per yuan). A ratio is undefined (NaN) in a run where the
  program spent nothing (no money in the scenario, as ``cash_transfers`` by default) or where
  the denominator is zero or negative (no one lifted, no job gained): a ratio of that means
  nothing, and the league's ``note`` says in how many runs and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "ADDITIVE",
    "EFFECTS",
    "MEASURES",
    "RATIOS",
    "no_money",
    "pair_effect",
    "ratio_notes",
    "with_ratios",
]

#: The effects of a program: against the scenario, alone, and the difference of the two.
EFFECTS = ("removed", "alone", "interaction")

#: Measures that add up over programs and over the two effects (money, people, jobs).
ADDITIVE: tuple[str, ...] = (
    "budget_yuan",
    "spent_yuan",
    "net_spent_yuan",
    "others_spent_yuan",
    "people_lifted",
    "person_years_lifted",
    "official_exits",
    "registered_poor_reduction",
    "poor_income_gained_yuan",
    "jobs",
)

#: Each cost ratio (own spending over a measure) and why it is undefined when that measure is not
#: positive.
RATIOS: dict[str, tuple[str, str]] = {
    "cost_per_person_year_lifted": ("person_years_lifted", "no person-years lifted"),
    "cost_per_job": ("jobs", "no firm jobs gained"),
    "cost_per_yuan_of_poor_income": ("poor_income_gained_yuan", "no registered-poor income gained"),
}

#: Every measure, in the order tables show them.
MEASURES: tuple[str, ...] = (*ADDITIVE, *RATIOS)


def _total(
    programs: pd.DataFrame, column: str, names: Iterable[str] | None = None, *, others: bool = False
) -> float:
    """A programs-frame column summed over every year and over ``names`` (or all but them)."""
    if names is not None:
        chosen = programs["program"].isin(list(names))
        programs = programs[~chosen if others else chosen]
    return float(programs[column].sum())


def _poor(annual: pd.DataFrame) -> np.ndarray:
    return annual["poor_people"].to_numpy(dtype=float)


def pair_effect(
    with_program: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    without: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    programs: Sequence[str],
    registered: np.ndarray,
    people: np.ndarray,
) -> dict[str, float]:
    """The additive measures of one pair of runs at one seed (see the module docstring).

    Args:
        with_program: The run with the program(s): annual, programs and households frames.
        without: The run without them, the same three frames.
        programs: The programs whose own money is ``budget_yuan`` and ``spent_yuan``.
        registered: Per household (index order), whether it counts for the registered-poor
            income: rural and registered poor in the scenario run.
        people: Per household, its people in the scenario run.

    Returns:
        Every measure of ``ADDITIVE``.

    Raises:
        ValueError: If the two runs did not simulate the same households.
    """
    annual_w, programs_w, households_w = with_program
    annual_o, programs_o, households_o = without
    if not len(households_w) == len(households_o) == len(registered):
        raise ValueError(
            "league: the variants of a seed did not simulate the same households (a program "
            "switch changed the population)"
        )
    poor_w, poor_o = _poor(annual_w), _poor(annual_o)
    spent = _total(programs_w, "spent_yuan", programs) - _total(programs_o, "spent_yuan", programs)
    # summed apart, so that runs that spent the same give exactly zero (no rounding residue)
    others = _total(programs_w, "spent_yuan", programs, others=True) - _total(
        programs_o, "spent_yuan", programs, others=True
    )
    change_pc = (households_w["income_pc"] - households_o["income_pc"]).to_numpy(dtype=float)
    return {
        "budget_yuan": _total(programs_w, "budget_yuan", programs)
        - _total(programs_o, "budget_yuan", programs),
        "spent_yuan": spent,
        "net_spent_yuan": spent + others,
        "others_spent_yuan": others,
        "people_lifted": float(poor_o[-1] - poor_w[-1]),
        "person_years_lifted": float(np.sum(poor_o - poor_w)),
        "official_exits": float(
            annual_w["exited_this_year"].sum() - annual_o["exited_this_year"].sum()
        ),
        "registered_poor_reduction": float(
            annual_o["registered_poor"].iloc[-1] - annual_w["registered_poor"].iloc[-1]
        ),
        "poor_income_gained_yuan": float(np.sum((change_pc * people)[registered])),
        "jobs": float(annual_w["jobs"].iloc[-1] - annual_o["jobs"].iloc[-1]),
    }


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows of additive measures) with each cost ratio added, NaN where undefined.

    A ratio is own spending over its measure, where the spending and the measure are both above
    zero; ``ratio_notes`` says why a ratio is undefined.
    """
    out = frame.copy()
    spent = out["spent_yuan"].to_numpy(dtype=float)
    for ratio, (measure, _) in RATIOS.items():
        denominator = out[measure].to_numpy(dtype=float)
        defined = (spent > 0) & (denominator > 0)
        out[ratio] = np.where(defined, spent / np.where(defined, denominator, 1.0), np.nan)
    return out


def no_money(rows: pd.DataFrame) -> bool:
    """Whether the program(s) of these runs had no money at all (no budget, nothing spent)."""
    return bool(len(rows)) and bool(((rows["budget_yuan"] == 0) & (rows["spent_yuan"] == 0)).all())


def ratio_notes(rows: pd.DataFrame, prefix: str = "") -> list[str]:
    """Why the cost ratios of these runs (one program or group, one effect) are undefined.

    Args:
        rows: One row per run, with the additive measures and the ratios.
        prefix: Put before each note (``"alone: "`` for the alone effect).

    Returns:
        One note per ratio undefined in some runs: ``"<ratio> undefined in k of n runs
        (<reasons>)"``; a single note when there was no money at all.
    """
    n = len(rows)
    if no_money(rows):
        return [f"{prefix}no money in the scenario (zero budget): cost ratios undefined"]
    notes = []
    for ratio, (measure, why) in RATIOS.items():
        undefined = rows[ratio].isna().to_numpy()
        if not undefined.any():
            continue
        reasons = []
        if ((rows["spent_yuan"] <= 0).to_numpy() & undefined).any():
            reasons.append("nothing spent")
        if ((rows[measure] <= 0).to_numpy() & undefined).any():
            reasons.append(why)
        label = ratio.replace("_", " ")
        notes.append(
            f"{prefix}{label} undefined in {int(undefined.sum())} of {n} runs "
            f"({'; '.join(reasons)})"
        )
    return notes
