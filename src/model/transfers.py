"""Public transfers every household receives by rule: pensions and farm subsidies.

Each transfer is paid on its own base:

* the rural basic pension, per member aged 60 or over, every month;
* the land subsidy (the three subsidies until 2015, the land-fertility subsidy 耕地地力保护补贴
  from 2016), per mu of contracted land, to the contract holder even when the land is rented out,
  in the subsidy month;
* the corn producer subsidy (玉米生产者补贴, from the 2016 reform), per mu the household itself
  plants in corn, in the corn subsidy month;
* the grain-for-green payment (退耕还林), per mu of retired land, in the subsidy month.

The minimum living allowance (dibao) is a domestic programme with a budget
(``model.programs.dibao``), not a rule here.
"""

from __future__ import annotations

import numpy as np

from model.crops import corn_mu
from model.households import SOURCE_INDEX, Households
from model.markets import YearConditions
from model.parameters import Parameters

__all__ = ["pensions_monthly", "transfers_month"]


def pensions_monthly(population: Households, conditions: YearConditions) -> np.ndarray:
    """Each household's monthly pensions this year: its members aged 60 or over (town or rural).

    Members age only in January, so the model works this out once a year.
    """
    # each household's rate looked up by its urban flag (0 or 1): quicker than a selection
    # with a scalar on each side (as ``livelihoods.local_work_days``)
    rates = np.array([conditions.pension_monthly, conditions.urban_pension_monthly])
    return population.n_elderly * rates.take(population.urban.view(np.uint8))


def transfers_month(
    population: Households,
    params: Parameters,
    conditions: YearConditions,
    month: int,
    pensions: np.ndarray | None = None,
) -> None:
    """Add one month of pensions, and the farm subsidies in their months.

    ``pensions`` is the year's ``pensions_monthly``, if already worked out (once a year).
    """
    amount = pensions_monthly(population, conditions) if pensions is None else pensions
    if month == params.value("transfers.farm_subsidy_month"):
        amount = amount + (
            conditions.land_subsidy_per_mu * population.land_contracted
            + conditions.retired_land_payment_per_mu * population.land_retired
        )
    if month == params.value("transfers.corn_subsidy_month") and conditions.corn_subsidy_per_mu:
        amount = amount + conditions.corn_subsidy_per_mu * corn_mu(population, conditions.crops)
    population.income[SOURCE_INDEX["transfers"]] += amount
