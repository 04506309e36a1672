"""Wage livelihoods, month by month: local work, money sent home from work away, land rent.

Local work: each rural member with local wage work this year (``n_local_jobs``, decided in March
by ``labour.decide_work``) works ``labour.local_work_days`` days a year at the local day wage,
spread over the months by the farming calendar; urban able members work town days at a premium.
Remote villages have fewer members with local wage work (see ``labour.decide_work``). Local
non-farm work is not all employment: of the rural earnings, ``labour.local_self_employed_share``
is self-employment (shops, transport, trades), which the survey counts as business income
(``nonfarm_business``); the rest are wages (``wages_local``). Work away: each member away sends
or brings home ``remittance_share`` of the migrant wage in each month away (the survey counts
that money, not the wage spent away). Land rent: what a household rents out earns the year's
rent per mu after the harvest. Crops are in ``model.crops``, herds in ``model.herds``.
"""

from __future__ import annotations

import numpy as np

from model.households import MAX_MEMBERS, SOURCE_INDEX, Households, take
from model.markets import YearConditions
from model.parameters import Parameters

__all__ = [
    "away_work_month",
    "land_rent_month",
    "local_day_wages",
    "local_self_employed_share",
    "local_work_days",
    "local_work_month",
    "local_workers",
    "trained_premium_month",
]

#: Local workers a household may have, 0 to MAX_MEMBERS (``local_workers``).
_WORKER_CODES = MAX_MEMBERS + 1


def local_workers(population: Households, households: np.ndarray | None = None) -> np.ndarray:
    """Members working locally for a wage (of ``households``, indices, when given).

    In town every free member; in the countryside those with local wage work this year, at most
    the free members (one may since have fallen ill, gone away or taken a firm job).
    """
    free = population.free_members(households)
    # In town the cap is lifted to MAX_MEMBERS, which bounds the free members: the same as
    # np.where(urban, free, np.minimum(jobs, free)), without a selection (a slow operation).
    cap = take(population.urban, households) * np.int16(MAX_MEMBERS)
    np.maximum(cap, take(population.n_local_jobs, households), out=cap)
    return np.minimum(free, cap, out=free)


def _days_by_flag(params: Parameters, conditions: YearConditions, month: int) -> np.ndarray:
    """Days of local wage work per worker this month: rural (flag 0), then urban (flag 1)."""
    weight = params.value("labour.local_work_month_weights")[month - 1]
    # Town jobs run all year; rural wage work follows the farming calendar.
    urban_days = params.value("labour.local_work_days_urban") / 12.0
    return np.array([conditions.local_work_days * weight, urban_days])


def _day_wage_by_flag(params: Parameters, conditions: YearConditions) -> np.ndarray:
    """The day wage of local work this year: rural (flag 0), then urban (a premium)."""
    return conditions.local_day_wage * np.array([1.0, params.value("labour.urban_wage_premium")])


def _self_employed_by_flag(params: Parameters, year: int) -> np.ndarray:
    """Self-employed share of local work earnings this year: rural (flag 0), then urban (0)."""
    return np.array([params.at("labour.local_self_employed_share", year), 0.0])


def local_work_days(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    month: int,
    households: np.ndarray | None = None,
) -> np.ndarray:
    """Days of local wage work per worker this month, by household (``households`` only)."""
    urban = take(population.urban, households)
    # As np.where(urban, urban_days, rural_days): each household's days looked up by its
    # urban flag (0 or 1), quicker than the selection (slow with a scalar on each side) or a
    # sum of two products, one of them zero
    return _days_by_flag(params, conditions, month).take(urban.view(np.uint8))


def local_day_wages(
    population: Households, params: Parameters, conditions: YearConditions
) -> np.ndarray:
    """Each household's day wage of local work this year (town jobs pay a premium)."""
    # looked up by the urban flag (0 or 1), quicker than a selection (as the days)
    return _day_wage_by_flag(params, conditions).take(population.urban.view(np.uint8))


def local_self_employed_share(population: Households, params: Parameters, year: int) -> np.ndarray:
    """Share of each household's local work earnings that is self-employment, this year.

    Rural households: ``labour.local_self_employed_share`` of what their members earn in local
    non-farm work is their own business's (the survey's business income); town jobs are wages.
    """
    # looked up by the urban flag (0 or 1), as the day wages are
    return _self_employed_by_flag(params, year).take(population.urban.view(np.uint8))


def local_work_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Add one month of local work (rural) or town wages (urban).

    Args:
        population: The households (income changed in place).
        params: Model parameters.
        conditions: The year's prices and wages.
        month: The calendar month.
    """
    # A household's month depends only on its workers (0 to MAX_MEMBERS) and its urban flag:
    # the days, the day wage and the self-employed share are the same for every household of
    # a flag. So each pair's business income and wages are worked out once, as the rule
    # states them ((workers * days) * wage, its self-employed share, the rest wages: the same
    # numbers), and looked up by household: two look-ups rather than six passes over it.
    flag_days = _days_by_flag(params, conditions, month)[:, None]
    earned = np.arange(_WORKER_CODES, dtype=np.float64) * flag_days
    earned *= _day_wage_by_flag(params, conditions)[:, None]
    business = earned * _self_employed_by_flag(params, population.income_year)[:, None]
    earned -= business
    # each household's (flag, workers) pair as a flat index into the (2, MAX_MEMBERS + 1) tables
    code = local_workers(population)
    code += population.urban * np.int16(_WORKER_CODES)
    code = code.astype(np.intp)  # (widened once for both look-ups, which would each widen it)
    population.income[SOURCE_INDEX["nonfarm_business"]] += business.take(code)
    population.income[SOURCE_INDEX["wages_local"]] += earned.take(code)


def away_work_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Add the money members away send or bring home this month, in the months they are away."""
    if month in params.value("labour.away_months"):
        population.income[SOURCE_INDEX["wages_away"]] += (
            population.n_away * conditions.away_net_monthly
        )


def trained_premium_month(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    month: int,
    households: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Extra wages this month of one trained member, in local wage work and in work away.

    A household with ``trained`` set earns ``care_training.wage_premium`` more on one member's
    local wage (if a member has local wage work) and on one member's money sent home (in the away
    months, if a member is away). The rules above do not add it: the training program delivers
    it, so that its income is counted; without training both arrays are zero. With
    ``households`` (indices), only those, in their order, with the same values as the whole
    county's at those places (a program pays the few it trained).

    Returns:
        (local premium, away premium), yuan per household.
    """
    premium = params.value("care_training.wage_premium")
    days = local_work_days(population, params, conditions, month, households)
    trained = take(population.trained, households)
    works_locally = trained & (local_workers(population, households) > 0)
    local = works_locally * premium * days * conditions.local_day_wage
    away_month = month in params.value("labour.away_months")
    away = (trained & (take(population.n_away, households) > 0) & away_month) * (
        premium * conditions.away_net_monthly
    )
    return local, away


def land_rent_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Pay the year's land rents in the rent month.

    Households renting land out receive its rent (property income); households renting land in
    pay it, a cost of their farming (business income, booked with crops).
    """
    if month != params.value("land.rent_month"):
        return
    population.income[SOURCE_INDEX["land_rent"]] += population.rented_out * (
        population.land_dry * conditions.land_rent_dry
        + population.land_irrigated * conditions.land_rent_irrigated
    )
    population.income[SOURCE_INDEX["crops"]] -= (
        population.rented_in_dry * conditions.land_rent_dry
        + population.rented_in_irrigated * conditions.land_rent_irrigated
    )
