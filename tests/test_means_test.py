"""The means test's view of income (model.aid.means_test)."""

import numpy as np
import pytest

from model import default_parameters
from model.aid.means_test import assessed_below, assessed_income_pc, means_tested_income_pc
from model.households import SOURCE_INDEX
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def test_the_means_test_reads_records_exactly_and_estimates_the_rest_with_error():
    population = synthesize(2000, PARAMS, Streams(4))
    n = len(population)
    income = np.full(n, 3000.0)
    recorded = np.full(n, 1000.0)
    z = np.random.default_rng(0).standard_normal(n)
    exact = PARAMS.with_overrides({"dibao.assessment_noise_sd": 0.0})
    assert np.array_equal(assessed_income_pc(population, exact, 2015, z, income, recorded), income)
    noisy = PARAMS.with_overrides({"dibao.assessment_noise_sd": 0.5})
    assessed = assessed_income_pc(population, noisy, 2015, z, income, recorded)
    # the recorded 1,000 yuan exactly, the earned 2,000 times exp(0.5 z)
    assert assessed == pytest.approx(1000.0 + 2000.0 * np.exp(0.5 * z))
    # so some households above a standard of 2,800 are assessed below it, and some below above
    assert (assessed < 2800).any() and (assessed > 2800).any()


def test_the_means_test_counts_last_years_income_without_the_allowance():
    population = synthesize(500, PARAMS, Streams(3))
    population.last_residents[...] = np.maximum(population.size, 1)
    population.last_income[...] = 0.0
    population.last_income[SOURCE_INDEX["crops"]] = 4000.0
    population.last_income[SOURCE_INDEX["transfers"]] = 1000.0
    everything = means_tested_income_pc(population)
    assert everything == pytest.approx(5000.0 / population.last_residents)
    paid = np.full(len(population), 600.0)  # of the transfers, last year's allowance
    assert means_tested_income_pc(population, paid) == pytest.approx(
        4400.0 / population.last_residents
    )


@pytest.mark.parametrize("noise_sd", [0.0, 0.5])
@pytest.mark.parametrize("last_year", [False, True])
def test_assessed_below_finds_the_households_and_values_of_the_whole_assessment(
    noise_sd, last_year
):
    population = synthesize(3000, PARAMS, Streams(5))
    n = len(population)
    rng = np.random.default_rng(1)
    population.n_away[:100] = population.size[:100]  # some count nobody at home
    population.last_residents[...] = population.residents()
    population.last_residents[100:150] = 0
    rows = np.stack([rng.uniform(-2000.0, 30000.0, n), rng.uniform(-500.0, 3000.0, n)])
    z = rng.standard_normal(n)
    params = PARAMS.with_overrides({"dibao.assessment_noise_sd": noise_sd})
    among = rng.random(n) < 0.7
    found, assessed = assessed_below(
        population, params, 2015, z, np.exp(noise_sd * z), rows, 4000.0, among, last_year
    )
    income_pc, recorded_pc = population.per_person(rows, last_year)
    everyone = assessed_income_pc(population, params, 2015, z, income_pc, recorded_pc)
    expected = np.flatnonzero(among & (everyone < 4000.0))
    assert expected.size > 100
    assert np.array_equal(found, expected)
    assert np.array_equal(assessed, everyone[expected])
