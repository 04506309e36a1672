"""County metrics: poverty (FGT 0, 1, 2), incomes by source, jobs, and inequality (Gini).

Poverty is measured on rural people, by the income per person of their household over the
calendar year (as the statistics define it, ``model.income``) against that year's national rural
poverty line.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model import exits, income
from model.households import DISPOSABLE_INCOME_FROM, INCOME_SOURCES, SOURCE_INDEX, Households

__all__ = ["fgt", "weighted_gini", "weighted_median", "annual_metrics"]

_MEDICAL = SOURCE_INDEX["medical_costs"]


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
    v = np.take(values, order).astype(float, copy=False)  # a copy of its own, overwritten
    return _sorted_gini(v, np.take(weights, order).astype(float))


def _sorted_gini(v: np.ndarray, w: np.ndarray, cum_w: np.ndarray | None = None) -> float:
    """``weighted_gini`` of values ``v`` in ascending order, float weights ``w`` in their order.

    ``v`` and ``w`` are overwritten (the same arithmetic as on copies, without them);
    ``cum_w``, ``np.cumsum(w)``, may be passed when already known.
    """
    cum_w = np.cumsum(w) if cum_w is None else cum_w
    cum_vw = np.cumsum(np.multiply(v, w, out=v), out=v)
    total_w, total_vw = cum_w[-1], float(cum_vw[-1])
    if total_vw == 0:
        return 0.0
    # Area under the Lorenz curve by trapezoids: each point plus the one before it (0 first).
    lorenz = np.divide(cum_vw, total_vw, out=cum_vw)
    sides = np.empty_like(lorenz)
    sides[0] = lorenz[0] + 0.0
    np.add(lorenz[1:], lorenz[:-1], out=sides[1:])
    area = np.divide(w, total_w, out=w)
    area *= sides
    area /= 2.0
    return float(1.0 - 2.0 * np.sum(area))


def weighted_median(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray | None = None
) -> float:
    """Median of ``values`` with frequency ``weights`` (``order``: as in ``weighted_gini``)."""
    if order is None:
        order = np.argsort(values)  # ties give the same result in any order
    return _sorted_median(np.take(values, order), np.cumsum(np.take(weights, order)))


def _sorted_median(sorted_values: np.ndarray, cum_weights: np.ndarray) -> float:
    """The weighted median of values in ascending order, given their cumulative weights."""
    return float(sorted_values[np.searchsorted(cum_weights, cum_weights[-1] / 2.0)])


def _median_and_gini(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray
) -> tuple[float, float]:
    """``weighted_median`` and ``weighted_gini`` of ``values``, sorted and weighed once.

    The weights are whole numbers: their cumulative sums as floats are the same exact numbers
    as the median's integer ones.
    """
    v = np.take(values, order).astype(float, copy=False)
    w = np.take(weights, order).astype(float)
    cum_w = np.cumsum(w)
    median = _sorted_median(v, cum_w)  # before the Gini overwrites v
    return median, _sorted_gini(v, w, cum_w)


def _land_shares(
    land_dry: np.ndarray, land_irrigated: np.ndarray, land_drip: np.ndarray
) -> tuple[float, float]:
    """Dry land's and sloping land's shares of the contracted land of the households given.

    Sloping land is the dry land and the sloping land under drip irrigation (irrigated, and
    still sloping); the rest of the irrigated land is the valley's.
    """
    dry = float(land_dry.sum())
    irrigated = float(land_irrigated.sum())
    total = dry + irrigated
    if total <= 0:
        return float("nan"), float("nan")
    return dry / total, (dry + float(land_drip.sum())) / total


def annual_metrics(
    population: Households,
    year: int,
    poverty_line: float,
    aid_spent_yuan: float,
    income_pc: np.ndarray | None = None,
    income_total: np.ndarray | None = None,
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
        income_total: ``population.statistical_income()``, if already worked out (then
            ``income_pc`` must be given too, its income per person).
    """
    size = population.size
    rural = population.rural
    # The rural households' values are taken by index (the same arrays as selected by the
    # mask, in a third of the time): ``in_rural(values)``.
    rural_idx = np.flatnonzero(rural)

    def in_rural(values: np.ndarray) -> np.ndarray:
        return np.take(values, rural_idx)

    size_rural = in_rural(size)
    rural_people = int(size_rural.sum())
    people = population.residents()
    weights = in_rural(people)
    counted = weights.sum()
    # also the exit standard's income below
    every_income_pc = population.net_income_pc() if income_pc is None else income_pc
    income_pc = in_rural(every_income_pc)
    order = np.argsort(income_pc)  # one sort for the median and the Gini
    median, gini = _median_and_gini(income_pc, weights, order)
    after_health = in_rural(_after_health_pc(population, income_total))
    registered = in_rural(population.registered)
    active = population.registered_poor
    employed = population.employer >= 0
    present = size > 0
    # Rural members and the elderly among them: the households' counts of their members
    # (``size``, ``n_elderly``: refreshed whenever members change), summed over the rural ones.
    elderly = in_rural(population.n_elderly).sum()
    poor = income_pc < poverty_line
    dry, irrigated = in_rural(population.land_dry), in_rural(population.land_irrigated)
    dry_share, sloping_share = _land_shares(dry, irrigated, in_rural(population.land_drip))
    registered_rural = np.flatnonzero(registered)  # positions among the rural households
    row: dict[str, Any] = {
        "year": year,
        "income_concept": income.concept(year),
        "people": int(size.sum()),
        "households": int(np.count_nonzero(present)),
        "rural_people": rural_people,
        "rural_residents": int(counted),
        "household_size_mean": float(size_rural.mean()) if rural.any() else float("nan"),
        "share_aged_60_plus": elderly / max(rural_people, 1),
        "dry_land_share": dry_share,
        "sloping_land_share": sloping_share,
        "poverty_line": poverty_line,
        "poor_people": int(_people(weights, poor)),
        **_poverty_indices(income_pc, weights, poor, poverty_line, counted),
        # the headcount of people below the line (as ``fgt`` with alpha 0: integer sums)
        "poverty_rate_after_health": _headcount(after_health < poverty_line, weights, counted),
        "registered_poor": int(_people(size, active)),
        "registered_ever": int(_people(size, population.registered)),
        "registered_poor_households": int(np.count_nonzero(active & present)),
        "registered_ever_households": int(np.count_nonzero(population.registered & present)),
        "official_incidence": float(_people(size, active & rural) / max(rural_people, 1)),
        "income_pc_mean": _mean(income_pc, weights),
        "income_pc_median": median,
        "income_pc_mean_after_health": _mean(after_health, weights),
        "income_pc_mean_registered": (
            _mean(np.take(income_pc, registered_rural), np.take(weights, registered_rural))
            if registered_rural.size
            else float("nan")
        ),
    }
    # Households with no resident (every member away) are outside the survey.
    surveyed = rural & (people > 0)
    rural_income = _running_totals(population.income, surveyed)
    for name in income.CATEGORIES:
        row[f"income_pc_{name}"] = 0.0
    for name, total in zip(INCOME_SOURCES, rural_income, strict=True):
        row[f"income_pc_{name}"] = float(total / counted)
        category = income.category_of(name, year)
        if category is not None:
            row[f"income_pc_{category}"] += float(total / counted)
    if year < DISPOSABLE_INCOME_FROM:
        # The money of members away whom the old survey did not count as members was a
        # transfer: moved from wages (``model.income.category_of``).
        away = SOURCE_INDEX["wages_away"]
        # (their incomes in household order, as a selection of the surveyed ones: the same sum)
        uncounted = np.flatnonzero(surveyed & ~population.away_counted)
        moved = float(population.income[away].take(uncounted).sum()) / counted
        row[f"income_pc_{income.category_of('wages_away', year)}"] -= moved
        row[f"income_pc_{income.category_of('wages_away', year, away_counted=False)}"] += moved
    # The same breakdown for households ever registered (exited or not), as the account reports:
    # few, so their columns are taken out.
    surveyed_registered = surveyed & population.registered
    people_registered = _people(people, surveyed_registered)
    registered_columns = np.take(population.income, np.flatnonzero(surveyed_registered), axis=1)
    registered_income = _running_totals(registered_columns)
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
    row["jobs"] = int(np.count_nonzero(employed))
    row["jobs_registered_poor"] = int(np.count_nonzero(employed & population.registered))
    row["people_away"] = int(population.n_away.sum())
    row["people_local_wage_work"] = int(in_rural(population.n_local_jobs).sum())
    contracted = dry + irrigated
    total_contracted = contracted.sum()
    row["land_rented_out_share"] = _land_rented_out_share(
        population, rural_idx, contracted, total_contracted
    )
    row["land_rented_in_share"] = _land_rented_in_share(population, total_contracted)
    row["cattle"] = float(population.cattle.sum())
    row["sheep"] = float(population.sheep.sum())
    row["aid_spent_yuan"] = float(aid_spent_yuan)
    row["gini"] = gini
    return row


def _after_health_pc(population: Households, total: np.ndarray | None) -> np.ndarray:
    """``population.net_income_pc(after_health=True)``, from the statistics' ``total`` if given.

    The same values: medical costs added to the statistical income, per person.
    """
    if total is None:
        return population.net_income_pc(after_health=True)
    return population.per_person(total + population.income[_MEDICAL])


def _headcount(poor: np.ndarray, weights: np.ndarray, counted: int) -> float:
    """Share of the weighted people who are ``poor``: ``fgt`` with alpha 0.

    ``fgt`` sums ``weights * poor * 1.0``, whole numbers far below 2**53, so its float sum is
    exact: the integer sum gives the same value.
    """
    return float(_people(weights, poor) / counted)


def _people(counts: np.ndarray, chosen: np.ndarray) -> np.integer:
    """People in the ``chosen`` households (a mask) with ``counts`` people each.

    Summed as ``counts * chosen`` (small counts: no overflow), several times quicker than
    selecting by the mask or summing with ``where``; whole numbers, so the same sum.
    """
    return (counts * chosen).sum()


def _poverty_indices(
    income_pc: np.ndarray, weights: np.ndarray, poor: np.ndarray, line: float, counted: int
) -> dict[str, float]:
    """``poverty_rate``, ``poverty_gap`` and ``poverty_severity``: ``fgt`` with alpha 0, 1, 2.

    The same values as ``fgt``'s, element by element, with the shortfall and the weighted poor
    worked out once for the three (``weights * poor`` is a whole number, exact as a float).
    """
    shortfall = np.clip((line - income_pc) / line, 0.0, None)
    weighted_poor = weights * poor
    gap = weighted_poor * shortfall
    severity = np.multiply(shortfall, shortfall, out=shortfall)  # shortfall**2
    severity *= weighted_poor
    return {
        "poverty_rate": float(weighted_poor.sum() / counted),  # as _headcount
        "poverty_gap": float(np.sum(gap) / counted),
        "poverty_severity": float(np.sum(severity) / counted),
    }


def _running_totals(columns: np.ndarray, chosen: np.ndarray | None = None) -> np.ndarray:
    """Each row of ``columns`` (sources by households) summed household after household.

    ``einsum`` in Fortran order steps through the households and, for each, the sources: the
    same additions as a running sum along each source's row, all sources at once.

    With ``chosen`` (a mask over the households), the chosen households' alone: the others'
    (finite) values are multiplied by zero, and adding a zero leaves a running sum (which
    starts at +0.0) exactly as it was, so the totals are those of the chosen columns taken
    out, without taking them out (a copy of most of the rows).
    """
    if chosen is None:
        return np.einsum("ji->j", columns, order="F")
    return np.einsum("ji,i->j", columns, chosen.astype(float), order="F")


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float(np.sum(values * weights) / total) if total else float("nan")


def _land_rented_in_share(population: Households, contracted: float) -> float:
    """Land rented in over the rural households' ``contracted`` land (mu, in all)."""
    rented_in = population.rented_in_dry.sum() + population.rented_in_irrigated.sum()
    return float(rented_in / contracted) if contracted else 0.0


def _land_rented_out_share(
    population: Households, rural: np.ndarray, contracted: np.ndarray, total: float
) -> float:
    """Share of the rural households' (indices) ``contracted`` land (``total``) they rent out."""
    rented_out = np.take(population.rented_out, rural)
    return float((rented_out * contracted).sum() / total) if total else 0.0
