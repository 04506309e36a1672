"""The means test's view of income (model.aid.means_test)."""

import numpy as np
import pytest

from model import default_parameters
from model.aid.means_test import assessed_income_pc, means_tested_income_pc
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
