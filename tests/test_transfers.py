"""Public transfers (model.transfers): dibao by an income test, pensions, farm subsidies."""

import numpy as np

from model import transfers
from model.households import SOURCE_INDEX
from model.markets import year_conditions
from model.rng import Streams

TRANSFERS = SOURCE_INDEX["transfers"]


def test_dibao_fills_part_of_the_gap_of_vulnerable_rural_households_below_the_line(
    population, params
):
    conditions = year_conditions(params, 2016)
    full = params.with_overrides({"transfers.dibao_coverage": 1.0})
    population.last_income[SOURCE_INDEX["crops"]] = np.linspace(0, 20000, len(population))
    monthly = transfers.decide_dibao(population, full, conditions, Streams(1).get("dibao"))
    last = population.last_income
    market_pc = (last.sum(axis=0) - last[TRANSFERS]) / population.size
    vulnerable = (population.n_ill > 0) | (population.n_able == 0)
    eligible = population.rural & vulnerable & (market_pc < conditions.dibao_line)
    assert eligible.any()
    np.testing.assert_array_equal(population.dibao, eligible)
    gap = conditions.dibao_line - market_pc
    filled = params.value("transfers.dibao_gap_filled")
    np.testing.assert_allclose(
        monthly[eligible], filled * gap[eligible] * population.size[eligible] / 12
    )
    assert not monthly[~eligible].any()


def test_dibao_misses_some_when_coverage_is_below_one(population, params):
    conditions = year_conditions(params, 2016)
    none = params.with_overrides({"transfers.dibao_coverage": 0.0})
    assert not transfers.decide_dibao(population, none, conditions, Streams(1).get("dibao")).any()


def test_pensions_every_month_and_the_farm_subsidy_in_its_month(population, params):
    conditions = year_conditions(params, 2016)
    no_dibao = np.zeros(len(population))
    subsidy_month = int(params.value("transfers.farm_subsidy_month"))
    transfers.transfers_month(population, params, conditions, no_dibao, subsidy_month + 1)
    pension = np.where(
        population.urban, conditions.urban_pension_monthly, conditions.pension_monthly
    )
    np.testing.assert_allclose(population.income[TRANSFERS], population.n_elderly * pension)
    before = population.income[TRANSFERS].copy()
    transfers.transfers_month(population, params, conditions, no_dibao, subsidy_month)
    land = population.land_dry + population.land_irrigated
    np.testing.assert_allclose(
        population.income[TRANSFERS] - before,
        population.n_elderly * pension + conditions.farm_subsidy_per_mu * land,
    )
    assert conditions.farm_subsidy_per_mu > 0
