"""Identifying the poor (model.targeting): registration, re-checks, additions."""

import numpy as np
import pytest

from model import targeting
from model.checks import Check
from model.households import SOURCE_INDEX


def _incomes(population, per_person):
    population.income[...] = 0.0
    population.income[SOURCE_INDEX["crops"]] = per_person * population.size


def _quiet(params):
    return params.with_overrides(
        {"targeting.review_weight_ill": 0.0, "targeting.review_weight_housing": 0.0}
    )


def test_registration_takes_the_lowest_measured_incomes_up_to_the_quota(population, params):
    _incomes(population, np.linspace(500, 30000, len(population)))
    measured = targeting.measured_income_pc(
        population, _quiet(params), np.zeros(len(population)), 2014, noise_sd=0.0
    )
    chosen = targeting.register(population, measured, 0.11, 2014)
    registered = population.registered
    assert registered.sum() == chosen.size
    assert population.size[registered].sum() <= 0.11 * population.size[population.rural].sum()
    assert not registered[population.urban].any()
    income = population.net_income_pc()
    assert income[registered].max() <= income[population.rural & ~registered].min()
    assert (population.registered_year[registered] == 2014).all()


def test_the_village_review_favours_the_ill_and_those_in_unsafe_houses(population, params):
    _incomes(population, np.full(len(population), 4000.0))
    measured = targeting.measured_income_pc(
        population, params, np.zeros(len(population)), 2014, noise_sd=0.0
    )
    hardship = (population.n_ill > 0) | ~population.safe_housing
    assert (measured[hardship] < 3999.0).all()
    assert measured[~hardship] == pytest.approx(4000.0)


def test_rechecks_remove_the_clearly_not_poor_as_if_never_registered(population, params):
    population.registered[:] = population.rural
    measured = np.where(np.arange(len(population)) % 2 == 0, 1000.0, 10000.0)
    removed = targeting.recheck_removals(
        population, measured, np.zeros(len(population)), 3000.0, 1.5, 1.0
    )
    assert set(removed) == set(np.flatnonzero(population.rural & (measured > 4500.0)))
    assert not population.registered[removed].any() and population.removed[removed].all()
    # a draw above the probability keeps the household
    kept = targeting.recheck_removals(
        population, measured, np.ones(len(population)), 3000.0, 1.5, 0.5
    )
    assert kept.size == 0


def test_missed_households_measured_below_the_line_are_added(population, params):
    measured = np.where(np.arange(len(population)) % 2 == 0, 1000.0, 100000.0)
    check = Check(measured, np.zeros(len(population)), 3000.0, 0.5)
    added = targeting.add_missed(population, check, 2016)
    assert added.size and (measured[added] < 3000.0).all()
    assert not population.registered[population.urban].any()
    assert (population.registered_year[added] == 2016).all()
    again = targeting.add_missed(population, check, 2017)
    assert again.size == 0  # already in the register
