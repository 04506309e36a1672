"""The calibration report's section on who is poor in the last year (``model.poverty_profile``).

The poverty-rate targets say how far the model's poor are from the reported figures; this
section says who they are: whether the register reached them, whether dibao did, and whether
a member could work. It runs the baseline at the shipped point on the first seeds of the
report's ensemble and sums their profiles.
"""

from __future__ import annotations

from concurrent.futures import Executor

import pandas as pd

from model.calibration.report_figures import format_number as fmt
from model.calibration.simulate import FIRST_SEED
from model.who_is_poor import poverty_profile, profile_ratios

__all__ = ["PROFILE_SEEDS", "poor_section", "profile_over_seeds"]

#: Seeds of the profile: the first of the report's ensemble (shares move little between seeds).
PROFILE_SEEDS = 4


def _profile_of_seed(households: int, seed: int) -> pd.DataFrame:
    """One baseline run's profile, at the shipped point (a top-level function: picklable)."""
    from model.results import collect_after_run, run_scenario  # (loads the county model)

    result = run_scenario(seed=seed, households=households)
    table = poverty_profile(result.model)
    table["line"] = result.model.conditions.poverty_line
    del result
    collect_after_run(households)
    return table


def profile_over_seeds(
    households: int, seeds: list[int], executor: Executor | None = None
) -> pd.DataFrame:
    """The baseline's poverty profile summed over ``seeds``.

    Returns:
        ``model.who_is_poor.PROFILE_COLUMNS`` and ``line``, one row per group: people and
        poor people summed over the seeds, rates and shares of the sums, the poor's mean income
        and shortfall weighted by their people.
    """
    if executor is None:
        tables = [_profile_of_seed(households, seed) for seed in seeds]
    else:
        futures = [executor.submit(_profile_of_seed, households, seed) for seed in seeds]
        tables = [future.result() for future in futures]
    stacked = pd.concat(tables, ignore_index=True)
    # back to sums (the poor's income: their mean times their number), summed over the seeds
    stacked["poor_income"] = stacked["income_pc_poor"].fillna(0.0) * stacked["poor_people"]
    summed = stacked.groupby(["year", "dimension", "group"], sort=False, as_index=False).agg(
        people=("people", "sum"),
        poor_people=("poor_people", "sum"),
        poor_income=("poor_income", "sum"),
        line=("line", "first"),
    )
    return profile_ratios(summed, summed["line"])


def poor_section(households: int, runs: int, executor: Executor | None = None) -> list[str]:
    """The report's lines of the section."""
    seeds = [FIRST_SEED + k for k in range(min(runs, PROFILE_SEEDS))]
    table = profile_over_seeds(households, seeds, executor)
    year, line = int(table["year"].iloc[0]), float(table["line"].iloc[0])
    share = table.set_index(["dimension", "group"])["share_of_poor"]
    first = table[table["dimension"] == table["dimension"].iloc[0]]
    poor, people = int(first["poor_people"].sum()), int(first["people"].sum())
    lines = [
        "",
        f"## Who is poor in {year}",
        "",
        f"The rural people below the {year} line ({fmt(line)} yuan a person) at the shipped "
        f"point, {len(seeds)} seeds ({seeds[0]}..{seeds[-1]}) of the ensemble summed "
        f"(`model.poverty_profile`): {poor:,} of {people:,} simulated rural residents, "
        f"{poor / max(people, 1):.2%}. Each dimension splits the same people; a group's poverty "
        "rate is its poor over its people, its share of the poor is its poor over all the poor.",
        "",
    ]
    if poor == 0:
        return [*lines, "No rural resident is below the line."]
    new = share["year before", "above the line the year before"]
    lines += [
        f"Of the poor, {share['register', 'never registered']:.0%} were never registered, "
        f"{share['dibao', 'not on dibao']:.0%} were not on dibao at the end of the year, "
        f"{share['labour', 'a member able to work']:.0%} lived with a member able to work, and "
        f"{new:.0%} were above the line the year before ({year - 1}): most of {year}'s poverty "
        f"{'is new' if new > 0.5 else 'lasts from the year before'}.",
        "",
        "| dimension | group | poverty rate | share of the poor | the poor's income "
        "(yuan a person) | their shortfall (yuan a person) |",
        "|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        lines.append(
            f"| {row.dimension} | {row.group} | {row.poverty_rate:.2%} | "
            f"{row.share_of_poor:.1%} | {fmt(row.income_pc_poor)} | "
            f"{fmt(row.shortfall_pc_poor)} |"
        )
    return lines
