"""County metrics: poverty (FGT 0, 1, 2), incomes by source, jobs, and inequality (Gini).

Poverty is measured on rural people, by the income per person of their household over the
calendar year (as the statistics define it, ``model.income``) against that year's national rural
poverty line.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model import exits, income
from model.households import ELDERLY_AGE, INCOME_SOURCES, Households

__all__ = ["fgt", "weighted_gini", "weighted_median", "annual_metrics"]


def fgt(income_pc: np.ndarray, weights: np.ndarray, line: float, alpha: int) -> float:
    """Foster-Greer-Thorbecke index: alpha 0 headcount, 1 poverty gap, 2 squared gap."""
    shortfall = np.clip((line - income_pc) / line, 0.0, None)
    poor = income_pc < line
    return float(np.sum(weights * poor * shortfall**alpha) / np.sum(weights))


def weighted_gini(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray | None = None
) -> float:
    """Gini coefficient of ``values`` with frequency ``weights`` (people per household).

    ``order`` may pass ``np.argsort(values)`` when it is already known.
    """
    if order is None:
        order = np.argsort(values)  # ties give the same result in any order
    v, w = values[order], weights[order].astype(float)
    cum_w = np.cumsum(w)
    cum_vw = np.cumsum(v * w)
    total_w, total_vw = cum_w[-1], cum_vw[-1]
    if total_vw == 0:
        return 0.0
    # Area under the Lorenz curve by trapezoids.
    lorenz = cum_vw / total_vw
    previous = np.concatenate(([0.0], lorenz[:-1]))
    area = np.sum(w / total_w * (lorenz + previous) / 2.0)
    return float(1.0 - 2.0 * area)


def weighted_median(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray | None = None
) -> float:
    """Median of ``values`` with frequency ``weights`` (``order``: as in ``weighted_gini``)."""
    if order is None:
        order = np.argsort(values)  # ties give the same result in any order
    cum = np.cumsum(weights[order])
    return float(values[order[np.searchsorted(cum, cum[-1] / 2.0)]])


def _dry_land_share(population: Households, rural: np.ndarray) -> float:
    """Dry land's share of the contracted land of the ``rural`` households (indices)."""
    dry = float(np.take(population.land_dry, rural).sum())
    irrigated = float(np.take(population.land_irrigated, rural).sum())
    return dry / (dry + irrigated) if dry + irrigated > 0 else float("nan")


def annual_metrics(
    population: Households,
    year: int,
    poverty_line: float,
    aid_spent_yuan: float,
    income_pc: np.ndarray | None = None,
) -> dict[str, Any]:
    """Return the year's county metrics (call in December, before the income is reset).

    Income per person is the statistics' concept of the year (``model.income``): net income per
    member to 2012, disposable income per resident from 2013, medical costs not subtracted; the
    ``*_after_health`` columns subtract out-of-pocket medical costs. People are weighted by the
    members the concept counts (residents from 2013).

    Args:
        population: The households, holding the complete year's income.
        year: The calendar year.
        poverty_line: The year's line, yuan per person.
        aid_spent_yuan: Aid spent by all programs this year.
        income_pc: ``population.net_income_pc()``, if already worked out.
    """
    size = population.size
    rural = population.rural
    # The rural households' values are taken by index (the same arrays as selected by the
    # mask, in a third of the time): ``in_rural(values)``.
    rural_idx = np.flatnonzero(rural)

    def in_rural(values: np.ndarray) -> np.ndarray:
        return np.take(values, rural_idx)

    size_rural = in_rural(size)
    people = population.residents()
    weights = in_rural(people)
    counted = weights.sum()
    # also the exit standard's income below
    every_income_pc = population.net_income_pc() if income_pc is None else income_pc
    income_pc = in_rural(every_income_pc)
    order = np.argsort(income_pc)  # one sort for the median and the Gini
    after_health = in_rural(population.net_income_pc(after_health=True))
    registered = in_rural(population.registered)
    active = population.registered_poor
    employed = population.employer >= 0
    # rural members counted in place, without a copy of the rural households' ages
    members = np.count_nonzero((population.age >= 0) & rural)
    elderly = np.count_nonzero((population.age >= ELDERLY_AGE) & rural)
    row: dict[str, Any] = {
        "year": year,
        "income_concept": income.concept(year),
        "people": int(size.sum()),
        "households": int((size > 0).sum()),
        "rural_people": int(size_rural.sum()),
        "rural_residents": int(counted),
        "household_size_mean": float(size_rural.mean()) if rural.any() else float("nan"),
        "share_aged_60_plus": elderly / max(members, 1),
        "dry_land_share": _dry_land_share(population, rural_idx),
        "poverty_line": poverty_line,
        "poor_people": int(weights[income_pc < poverty_line].sum()),
        "poverty_rate": fgt(income_pc, weights, poverty_line, 0),
        "poverty_gap": fgt(income_pc, weights, poverty_line, 1),
        "poverty_severity": fgt(income_pc, weights, poverty_line, 2),
        "poverty_rate_after_health": fgt(after_health, weights, poverty_line, 0),
        "registered_poor": int(size[active].sum()),
        "registered_ever": int(size[population.registered].sum()),
        "registered_poor_households": int((active & (size > 0)).sum()),
        "registered_ever_households": int((population.registered & (size > 0)).sum()),
        "official_incidence": float(size[active & rural].sum() / max(size_rural.sum(), 1)),
        "income_pc_mean": _mean(income_pc, weights),
        "income_pc_median": weighted_median(income_pc, weights, order),
        "income_pc_mean_after_health": _mean(after_health, weights),
        "income_pc_mean_registered": (
            _mean(income_pc[registered], weights[registered]) if registered.any() else float("nan")
        ),
    }
    # Households with no resident (every member away) are outside the survey.
    surveyed = rural & (people > 0)
    rural_income = _totals_by_source(population, surveyed)
    for name in income.CATEGORIES:
        row[f"income_pc_{name}"] = 0.0
    for name, total in zip(INCOME_SOURCES, rural_income, strict=True):
        row[f"income_pc_{name}"] = float(total / counted)
        category = income.category_of(name, year)
        if category is not None:
            row[f"income_pc_{category}"] += float(total / counted)
    # The same breakdown for households ever registered (exited or not), as the account reports.
    in_register = surveyed & population.registered
    people_registered = people[in_register].sum()
    registered_income = _totals_by_source(population, in_register)
    for name, total in zip(INCOME_SOURCES, registered_income, strict=True):
        row[f"income_pc_registered_{name}"] = (
            float(total / people_registered) if people_registered else float("nan")
        )
    # The exit standard's conditions among households in the register (exited or not), each
    # with income read as the statistics measure it (model.exits).
    listed = rural & population.registered
    n_listed = np.count_nonzero(listed)
    met = exits.guarantees_met(population, every_income_pc, poverty_line)
    for name in exits.GUARANTEES:
        # the share met, counted in place (the same value as the mean of the listed ones)
        met_listed = np.count_nonzero(met[name] & listed)
        row[f"guarantee_{name}"] = met_listed / n_listed if n_listed else float("nan")
    row["jobs"] = int(employed.sum())
    row["jobs_registered_poor"] = int((employed & population.registered).sum())
    row["people_away"] = int(population.n_away.sum())
    row["people_local_wage_work"] = int(in_rural(population.n_local_jobs).sum())
    contracted = in_rural(population.land_dry) + in_rural(population.land_irrigated)
    row["land_rented_out_share"] = _land_rented_out_share(population, rural_idx, contracted)
    row["land_rented_in_share"] = _land_rented_in_share(population, contracted)
    row["cattle"] = float(population.cattle.sum())
    row["sheep"] = float(population.sheep.sum())
    row["aid_spent_yuan"] = float(aid_spent_yuan)
    row["gini"] = weighted_gini(income_pc, weights, order)
    return row


def _totals_by_source(population: Households, households: np.ndarray) -> np.ndarray:
    """Each income source summed over ``households`` (a mask).

    The sums are added household after household, all sources at once: ``einsum`` in Fortran
    order over the households' columns of ``income`` steps through the households and, for
    each, the sources (the same additions as a running sum along each source's row). The
    columns are gathered row by row, in the order of memory: a quicker gather than a
    household's eight sources, eight rows apart, at a time.
    """
    columns = np.take(population.income, np.flatnonzero(households), axis=1)
    return np.einsum("ji->j", columns, order="F")


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float(np.sum(values * weights) / total) if total else float("nan")


def _land_rented_in_share(population: Households, contracted: np.ndarray) -> float:
    """Land rented in over the rural households' ``contracted`` land (mu, one per household)."""
    contracted = contracted.sum()
    rented_in = population.rented_in_dry.sum() + population.rented_in_irrigated.sum()
    return float(rented_in / contracted) if contracted else 0.0


def _land_rented_out_share(
    population: Households, rural: np.ndarray, contracted: np.ndarray
) -> float:
    """Share of the rural households' (indices) ``contracted`` land they rent out."""
    total = contracted.sum()
    rented_out = np.take(population.rented_out, rural)
    return float((rented_out * contracted).sum() / total) if total else 0.0
