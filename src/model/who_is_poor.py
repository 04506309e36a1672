"""Who is poor at the end of a run: the poor people of its last year, by what reached them.

The poverty rate says how many rural people are below the line; it does not say which policy
failed to reach them. ``poverty_profile`` splits the rural people of a finished run's last year
in several ways, each a partition of them:

* ``register``: never registered; removed at a re-check (回头看); registered and not exited;
  exited;
* ``dibao``: the household on dibao at the end of the year, or not;
* ``labour``: no member able to work (the register's and dibao's floor, 兜底), or one at least;
* ``illness``: a member chronically ill or disabled, or none;
* ``age``: every member 60 or older, or not;
* ``year before``: below the year before's line the year before, or above it (lasting poverty
  or new; a run of one year has no such dimension). Poverty that is mostly new calls for
  policies that find households as they fall (monitoring, reviews during the year) rather than
  ones that reach the same households year after year.

For each group it gives the people, the poor among them, the group's poverty rate, its share of
all the poor, and the poor's mean income and shortfall per person. The income, the people and
the line are those of the poverty rate of ``annual.csv`` (``model.metrics``): the year's income
as the statistics define it, per resident, rural households alone, so that each dimension's poor
add up to that year's ``poor_people``.

Example::

    from model import poverty_profile, run_scenario

    result = run_scenario()
    table = poverty_profile(result.model)
    table[table["dimension"] == "register"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.households import Households

if TYPE_CHECKING:
    from model.county import LinxiModel

__all__ = ["PROFILE_COLUMNS", "poverty_profile", "profile_ratios", "profile_table"]

#: The columns of ``poverty_profile``'s table, in order.
PROFILE_COLUMNS = (
    "year",
    "dimension",
    "group",
    "people",
    "poor_people",
    "poverty_rate",
    "share_of_poor",
    "income_pc_poor",
    "shortfall_pc_poor",
)


def poverty_profile(model: LinxiModel) -> pd.DataFrame:
    """The rural people of a finished run's last year, poor or not, by what reached them.

    Args:
        model: A model that has run to its end (``LinxiModel.run()``, or ``RunResult.model``).

    Returns:
        One row per group of each dimension (see the module docstring), with the columns of
        ``PROFILE_COLUMNS``: people and poor people (simulated, as ``annual.csv``'s
        ``poor_people``), the group's poverty rate, its share of all the poor, and the poor's
        mean income and shortfall below the line, yuan per person.

    Raises:
        ValueError: The model has not finished its run.
    """
    if model.running or model.conditions is None:
        raise ValueError(
            "poverty_profile needs a finished run: call model.run() (or use "
            "run_scenario(...).model) first"
        )
    population = model.households
    rural = np.flatnonzero(population.rural)
    income_pc = population.net_income_pc(last_year=True).take(rural)
    weights = population.last_residents.take(rural)
    dimensions = _dimensions(population, rural)
    if model.year_before is not None:
        line_before, income_before = model.year_before
        poor_before = income_before.take(rural) < line_before
        dimensions["year before"] = {
            "poor the year before": poor_before,
            "above the line the year before": ~poor_before,
        }
    table = profile_table(income_pc, weights, model.conditions.poverty_line, dimensions)
    table.insert(0, "year", model.end_year)
    return table


def _dimensions(population: Households, rural: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """Each dimension's groups as masks over the rural households (each a partition)."""
    registered = population.registered.take(rural)
    exited = population.exited.take(rural)
    removed = population.removed.take(rural)
    dibao = population.dibao.take(rural)
    no_labour = population.able_members(rural) == 0
    ill = population.ill_members(rural) > 0
    size = population.size.take(rural)
    elderly_only = (population.n_elderly.take(rural) >= size) & (size > 0)
    return {
        "register": {
            "never registered": ~registered & ~removed,
            "removed at a re-check": ~registered & removed,
            "registered, not exited": registered & ~exited,
            "exited": registered & exited,
        },
        "dibao": {"on dibao": dibao, "not on dibao": ~dibao},
        "labour": {"no member able to work": no_labour, "a member able to work": ~no_labour},
        "illness": {"a member ill or disabled": ill, "no member ill": ~ill},
        "age": {"every member 60 or older": elderly_only, "a member under 60": ~elderly_only},
    }


def profile_table(
    income_pc: np.ndarray,
    weights: np.ndarray,
    line: float,
    dimensions: dict[str, dict[str, np.ndarray]],
) -> pd.DataFrame:
    """The poverty profile of households with the given incomes, weights and groups.

    Args:
        income_pc: Income per person of each household, yuan.
        weights: People each household counts for (residents).
        line: The poverty line, yuan per person.
        dimensions: For each dimension, its groups as boolean masks over the households; the
            groups of a dimension should partition them (each household in one group).

    Returns:
        One row per group, with the columns of ``PROFILE_COLUMNS`` but ``year`` (see
        ``profile_ratios``).
    """
    poor_weights = np.where(income_pc < line, weights, 0)
    sums = [
        {
            "dimension": dimension,
            "group": group,
            "people": int(weights[mask].sum()),
            "poor_people": int(poor_weights[mask].sum()),
            "poor_income": float(np.dot(poor_weights[mask], income_pc[mask])),
        }
        for dimension, groups in dimensions.items()
        for group, mask in groups.items()
    ]
    return profile_ratios(pd.DataFrame(sums), line)


def profile_ratios(sums: pd.DataFrame, line: float | pd.Series) -> pd.DataFrame:
    """A profile's ratios from its sums, which may be summed over runs first.

    Args:
        sums: One row per ``dimension`` and ``group``, with ``people``, ``poor_people`` and
            ``poor_income`` (yuan: the income of the poor people, summed over them).
        line: The poverty line, yuan per person (or one per row).

    Returns:
        ``sums`` without ``poor_income``, with the group's poverty rate (NaN without people),
        its share of its dimension's poor (NaN without poor), and the poor's mean income and
        shortfall below the line per person (NaN without poor): the columns of
        ``PROFILE_COLUMNS`` that ``sums`` has, in their order, and any others after them.
    """
    table = sums.copy()
    people, poor = table["people"], table["poor_people"]
    all_poor = poor.groupby(table["dimension"], sort=False).transform("sum")
    table["poverty_rate"] = poor / people.where(people > 0)
    table["share_of_poor"] = poor / all_poor.where(all_poor > 0)
    table["income_pc_poor"] = table.pop("poor_income") / poor.where(poor > 0)
    table["shortfall_pc_poor"] = line - table["income_pc_poor"]
    first = [c for c in PROFILE_COLUMNS if c in table.columns]
    return table[first + [c for c in table.columns if c not in first]]
