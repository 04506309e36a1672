"""The household economy's schedule: the rules of a year's start, of each month, of its end.

``LinxiModel`` calls these in its monthly step, around the programs and firms; the same rules,
without programs, run a warm-up year before the first, so that the first year's income tests
(dibao, the programs' poorest-first choices) see a year of income as every later year does.

* January (``start_year``): people age, die, leave and are born; the year's prices, wages and
  rates; the drought, recorded or random. (Who receives dibao is decided in January by the
  domestic programme ``model.programs.dibao``.)
* Every month (``household_month``): illness; in March, who works away, who has local wage work,
  how much land is rented out and who rents it in; firm workers who quit; the month's income
  from local work (wages and self-employment), money sent home, herds, transfers, land rent;
  the harvest in October; crops sold this month (autumn and the next spring).
* December (``end_year``): herds grow or shrink for next year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from model import crops, demography, herds, labour, land, livelihoods, shocks, transfers, weather
from model.households import Households
from model.markets import YearConditions, year_conditions
from model.parameters import Parameters
from model.rng import Streams

__all__ = ["YearState", "end_year", "household_month", "start_year", "warm_up"]


@dataclass
class YearState:
    """What the households' rules need through one year.

    Attributes:
        conditions: Prices, wages and rates of the year.
        county_drought: The county's drought severity (share of dry-land yield lost).
        village_drought: Each village's severity.
        demography: Who died, left and was born in January.
        pensions: Each household's monthly pensions this year (its members aged 60 or over,
            ``transfers.pensions_monthly``), worked out once a year rather than every month.
    """

    conditions: YearConditions
    county_drought: float
    village_drought: np.ndarray
    demography: demography.DemographicEvents
    pensions: np.ndarray


def start_year(
    population: Households,
    params: Parameters,
    streams: Streams,
    step: int,
    year: int,
    n_villages: int,
    weather_mode: weather.WeatherMode,
    forced_drought: Mapping[int, float],
    *,
    age: bool = True,
) -> YearState:
    """January: demography, the year's conditions and the drought.

    Args:
        population: The households (changed in place).
        params: Model parameters.
        streams: The run's random streams.
        step: The model step of this January.
        year: The calendar year that starts.
        n_villages: Number of villages.
        weather_mode: ``"historical"`` or ``"random"``.
        forced_drought: Severities forced by the scenario, by year.
        age: Whether people age, die, leave and are born (not in the first year).
    """
    events = (
        demography.advance_year(population, params, streams.get("demography", step), year)
        if age
        else demography.DemographicEvents()
    )
    population.income_year = year
    conditions = year_conditions(params, year)
    county, villages = weather.draw_drought(
        params, streams, step, year, n_villages, weather_mode, forced_drought
    )
    pensions = transfers.pensions_monthly(population, conditions)
    return YearState(conditions, county, villages, events, pensions)


def household_month(
    population: Households,
    params: Parameters,
    streams: Streams,
    state: YearState,
    land_inclination: np.ndarray,
    step: int,
    year: int,
    month: int,
) -> tuple[np.ndarray, float] | None:
    """The households' rules of one month, in order; returns the corn harvest, if any.

    Returns:
        In a harvest month, the corn harvested per household (kg) and the share of the year's
        harvest sold this month (see ``model.crops.sell_crops``); otherwise None.
    """
    conditions = state.conditions
    shocks.illness_month(population, params, streams.get("illness", step), year)
    if month == 3:
        labour.decide_work(population, params, streams.get("migration", step), year)
        land.irrigate_dry_land(population, params, year)
        land.rent_out_land(population, params, land_inclination, year)
        land.rent_in_land(population, params, land_inclination, year)
    if population.employer.max() >= 0:  # anyone in a firm job (quicker than a mask's any)
        u_quit = streams.get("job_quits", step).random(len(population))
        labour.quit_jobs(population, params, u_quit, year)

    livelihoods.local_work_month(population, params, conditions, month)
    livelihoods.away_work_month(population, params, conditions, month)
    herds.livestock_month(population, conditions.herds)
    livelihoods.land_rent_month(population, params, conditions, month)
    transfers.transfers_month(population, params, conditions, month, state.pensions)
    if month == params.value("crops.harvest_month"):
        crops.harvest(population, conditions.crops, state.village_drought)
    return crops.sell_crops(population, params, month)


def end_year(
    population: Households,
    params: Parameters,
    streams: Streams,
    state: YearState,
    step: int,
    year: int,
) -> None:
    """December, after the year's income: herds grow or shrink for next year."""
    herds.adjust_herds(
        population,
        params,
        state.conditions.herds,
        state.county_drought,
        streams.get("herds", step),
        year,
    )


def warm_up(
    population: Households,
    params: Parameters,
    seed: int,
    year: int,
    n_villages: int,
    weather_mode: weather.WeatherMode,
    land_inclination: np.ndarray,
) -> None:
    """Run the households' rules through ``year`` (the year before the first), without programs.

    The warm-up draws from its own streams (``"warmup:"`` names), so the run's streams are
    untouched; it runs no programmes, so it pays no dibao. Only the income is kept: members'
    illness returns to its synthesized state, so the population the first year starts from is
    the synthesized one. Afterwards the year's income is ``last_income`` and this year's is
    zero.
    """
    ill = population.ill.copy()
    streams = Streams(seed, prefix="warmup:")
    # The harvest before the warm-up year, sold in its first months, is taken as the same year's.
    state = start_year(
        population,
        params,
        streams,
        0,
        year,
        n_villages,
        weather_mode,
        {},
        age=False,
    )
    crops.harvest(population, state.conditions.crops, state.village_drought)
    for month in range(1, 13):
        household_month(
            population, params, streams, state, land_inclination, month - 1, year, month
        )
    population.close_year()
    population.ill[...] = ill
    population.refresh_composition()
