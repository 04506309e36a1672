"""Public transfers: pensions, the minimum living allowance (dibao) and farm subsidies.

Each transfer is paid on its own base:

* the rural basic pension, per member aged 60 or over, every month;
* dibao, decided each January by an income test on the previous year's income without
  transfers: a rural household with an ill or disabled member or with no able working-age member,
  whose income per person was below the dibao line, receives (with some chance of being missed) a
  monthly allowance that fills part of the gap to the line;
* the land subsidy (the three subsidies until 2015, the land-fertility subsidy 耕地地力保护补贴
  from 2016), per mu of contracted land, to the contract holder even when the land is rented out,
  in the subsidy month;
* the corn producer subsidy (玉米生产者补贴, from the 2016 reform), per mu the household itself
  plants in corn, in the corn subsidy month;
* the grain-for-green payment (退耕还林), per mu of retired land, in the subsidy month.
"""

from __future__ import annotations

import numpy as np

from model.crops import corn_mu
from model.households import SOURCE_INDEX, Households
from model.markets import YearConditions
from model.parameters import Parameters

__all__ = ["decide_dibao", "transfers_month"]


def decide_dibao(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    rng: np.random.Generator,
) -> np.ndarray:
    """Decide who receives dibao this year and how much a month.

    Args:
        population: The households; ``dibao`` is updated in place.
        params: Model parameters (``transfers.*``).
        conditions: This year's conditions.
        rng: This year's ``"dibao"`` stream (one draw per household).

    Returns:
        The monthly allowance per household, yuan (zero for those without dibao).
    """
    u = rng.random(len(population))
    market_pc = population.market_income_pc(last_year=True)
    vulnerable = (population.n_ill > 0) | (population.n_able == 0)
    gap = np.clip(conditions.dibao_line - market_pc, 0.0, conditions.dibao_line)
    eligible = population.rural & vulnerable & (gap > 0)
    population.dibao[...] = eligible & (u < params.value("transfers.dibao_coverage"))
    filled = params.value("transfers.dibao_gap_filled")
    return population.dibao * filled * gap * population.size / 12.0


def transfers_month(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    dibao_monthly: np.ndarray,
    month: int,
) -> None:
    """Add one month of pensions and dibao, and the farm subsidies in their months."""
    pension = np.where(
        population.urban, conditions.urban_pension_monthly, conditions.pension_monthly
    )
    amount = population.n_elderly * pension + dibao_monthly
    if month == params.value("transfers.farm_subsidy_month"):
        amount = amount + (
            conditions.land_subsidy_per_mu * population.land_contracted
            + conditions.retired_land_payment_per_mu * population.land_retired
        )
    if month == params.value("transfers.corn_subsidy_month") and conditions.corn_subsidy_per_mu:
        amount = amount + conditions.corn_subsidy_per_mu * corn_mu(population, conditions.crops)
    population.income[SOURCE_INDEX["transfers"]] += amount
