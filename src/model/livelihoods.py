"""Household livelihoods: crops, livestock, local work, work away, and land rental.

Each function adds one month's income of one kind to every household at once. Crop income
arrives in the harvest months; its yield falls with the village's drought severity, less on
irrigated land. Households without able working-age members rent out part of their land.
"""

from __future__ import annotations

import numpy as np

from model.households import SOURCE_INDEX, Households
from model.markets import YearConditions
from model.parameters import Parameters

__all__ = [
    "crops_month",
    "farmed_share",
    "expected_corn_kg",
    "livestock_month",
    "local_work_month",
    "away_work_month",
    "land_rent_month",
    "local_workers",
    "trained_premium_month",
]


def farmed_share(population: Households, params: Parameters) -> np.ndarray:
    """Share of its own land each household farms (the rest is rented out)."""
    rent_out = params.value("land.rent_out_share_no_labour")
    return np.where(population.n_able > 0, 1.0, 1.0 - rent_out)


def expected_corn_kg(population: Households, params: Parameters) -> np.ndarray:
    """Corn a household expects to harvest in a year without drought, kg."""
    share = farmed_share(population, params)
    return share * (
        population.land_dry * params.value("crops.dry_yield_kg_per_mu")
        + population.land_irrigated * params.value("crops.irrigated_yield_kg_per_mu")
    )


def harvest_kg(
    population: Households, params: Parameters, village_drought: np.ndarray
) -> np.ndarray:
    """Corn harvested this year given each village's drought severity, kg."""
    severity = village_drought[population.village]
    protect = params.value("crops.irrigated_irrigation_protects")
    share = farmed_share(population, params)
    dry = population.land_dry * params.value("crops.dry_yield_kg_per_mu") * (1.0 - severity)
    irrigated = (
        population.land_irrigated
        * params.value("crops.irrigated_yield_kg_per_mu")
        * (1.0 - severity * (1.0 - protect))
    )
    return share * (dry + irrigated)


def crops_month(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    village_drought: np.ndarray,
    month: int,
) -> tuple[np.ndarray, float] | None:
    """Add this month's share of the year's net crop income; return the harvest if any.

    Returns:
        In a harvest month, the year's harvest per household (kg) and the share of it sold
        this month; otherwise None.
    """
    share_of_year = params.value("crops.harvest_share_by_month")[month - 1]
    if share_of_year == 0:
        return None
    kg = harvest_kg(population, params, village_drought)
    farmed_mu = farmed_share(population, params) * (population.land_dry + population.land_irrigated)
    net = kg * conditions.corn_price - farmed_mu * conditions.crop_cost_per_mu
    population.income[SOURCE_INDEX["crops"]] += share_of_year * net
    return kg, share_of_year


def livestock_month(population: Households, conditions: YearConditions) -> None:
    """Add one month of net livestock income."""
    population.income[SOURCE_INDEX["livestock"]] += (
        population.livestock * conditions.livestock_net_per_head / 12.0
    )


def local_workers(population: Households) -> np.ndarray:
    """Able members at home and not in a firm job: those who do casual local work."""
    employed = (population.employer >= 0).astype(np.int16)
    return np.maximum(population.n_able - population.n_away - employed, 0)


def local_work_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Add one month of casual local wage work (rural) or town wages (urban)."""
    weight = params.value("labour.local_work_month_weights")[month - 1]
    rural_days = params.value("labour.local_work_days_rural") * (
        1.0 - params.value("labour.remoteness_work_penalty") * population.remoteness
    )
    # Town jobs run all year; rural casual work follows the farming calendar.
    urban_days = params.value("labour.local_work_days_urban") / 12.0
    days = np.where(population.urban, urban_days, rural_days * weight)
    wage = conditions.local_day_wage * np.where(
        population.urban, params.value("labour.urban_wage_premium"), 1.0
    )
    population.income[SOURCE_INDEX["wages_local"]] += local_workers(population) * days * wage


def away_work_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Add one month of net income from members working away, in the months they are away."""
    if month in params.value("labour.away_months"):
        population.income[SOURCE_INDEX["wages_away"]] += (
            population.n_away * conditions.away_net_monthly
        )


def trained_premium_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> tuple[np.ndarray, np.ndarray]:
    """Extra wages this month of one trained member, in local casual work and in work away.

    A household with ``trained`` set earns ``care_training.wage_premium`` more on one member's
    casual local wage (if a member works locally) and on one member's away income (in the away
    months, if a member is away). The rules above do not add it: the training program delivers
    it, so that its income is counted; without training both arrays are zero.

    Returns:
        (local premium, away premium), yuan per household.
    """
    premium = params.value("care_training.wage_premium")
    weight = params.value("labour.local_work_month_weights")[month - 1]
    rural_days = params.value("labour.local_work_days_rural") * (
        1.0 - params.value("labour.remoteness_work_penalty") * population.remoteness
    )
    days = np.where(
        population.urban, params.value("labour.local_work_days_urban") / 12.0, rural_days * weight
    )
    works_locally = population.trained & (local_workers(population) > 0)
    local = works_locally * premium * days * conditions.local_day_wage
    away_month = month in params.value("labour.away_months")
    away = (population.trained & (population.n_away > 0) & away_month) * (
        premium * conditions.away_net_monthly
    )
    return local, away


def land_rent_month(
    population: Households, params: Parameters, conditions: YearConditions, month: int
) -> None:
    """Pay the year's rent for land the household rents out, in the rent month."""
    if month != params.value("land.rent_month"):
        return
    rented = 1.0 - farmed_share(population, params)
    population.income[SOURCE_INDEX["land_rent"]] += rented * (
        population.land_dry * conditions.land_rent_dry
        + population.land_irrigated * conditions.land_rent_irrigated
    )
