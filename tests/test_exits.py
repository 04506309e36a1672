"""Leaving poverty (model.exits): the standard, the plans, monitoring."""

import numpy as np
import pytest

from model import exits
from model.checks import Check
from model.households import SOURCE_INDEX


@pytest.fixture
def listed(population):
    population.registered[:] = population.rural & (population.size > 0)
    population.registered_year[population.registered] = 2014
    population.safe_housing[:] = True
    population.safe_water[:] = True
    population.insured[:] = True
    population.school_dropout[:] = False
    return population


def test_each_guarantee_is_a_household_state(listed):
    measured = np.full(len(listed), 5000.0)
    listed.safe_housing[::2] = False
    listed.safe_water[1::4] = False
    listed.insured[2::5] = False
    listed.school_dropout[3::7] = True
    met = exits.guarantees_met(listed, measured, 3000.0)
    assert set(met) == {"income", *exits.GUARANTEES}
    standard = exits.meets_standard(listed, measured, 3000.0)
    expected = listed.safe_housing & listed.safe_water & listed.insured & ~listed.school_dropout
    np.testing.assert_array_equal(standard, expected)


def test_a_household_with_an_unsafe_house_does_not_exit(listed):
    measured = np.full(len(listed), 100000.0)
    listed.safe_housing[::2] = False
    out = exits.exit_by_plan(listed, measured, 3000.0, 1e9, 2017)
    assert listed.exited[out].all() and listed.safe_housing[out].all()
    assert not listed.exited[~listed.safe_housing].any()


def test_exits_follow_the_plan_highest_measured_income_first(listed):
    n = len(listed)
    measured = np.linspace(1000.0, 20000.0, n)
    planned = 0.3 * listed.size[listed.registered].sum()
    out = exits.exit_by_plan(listed, measured, 3000.0, planned, 2017)
    people = listed.size[out].sum()
    assert planned <= people < planned + 6  # met, overshooting by at most one household
    staying = listed.registered_poor
    assert measured[out].min() >= measured[staying & (measured >= 3000.0)].max()
    assert (measured[out] >= 3000.0).all() and (listed.exit_year[out] == 2017).all()


def test_a_plan_the_eligible_cannot_fill_is_missed(listed):
    measured = np.where(np.arange(len(listed)) % 3 == 0, 5000.0, 1000.0)
    out = exits.exit_by_plan(listed, measured, 3000.0, 1e9, 2017)
    assert set(out) == set(np.flatnonzero(listed.registered & (measured >= 3000.0)))


def test_monitoring_re_registers_households_that_fall_back(listed):
    exits.exit_by_plan(listed, np.full(len(listed), 9000.0), 3000.0, 1e9, 2017)
    fell = np.arange(len(listed)) % 2 == 0
    measured = np.where(fell, 1000.0, 9000.0)
    back = exits.monitor(listed, Check(measured, np.zeros(len(listed)), 3000.0, 0.5), 2019)
    assert set(back) == set(np.flatnonzero(listed.registered & fell))
    assert listed.registered_poor[back].all() and listed.returned[back].all()
    assert listed.exited[listed.registered & ~fell].all()


def test_a_household_re_registered_is_recorded_on_its_income_now(listed):
    exits.exit_by_plan(listed, np.full(len(listed), 9000.0), 3000.0, 1e9, 2017)
    listed.registered_income_pc[:] = 1234.0
    listed.income[...] = 0.0
    listed.income[SOURCE_INDEX["crops"]] = 800.0 * listed.size
    measured = np.full(len(listed), 1000.0)
    back = exits.monitor(listed, Check(measured, np.zeros(len(listed)), 3000.0, 1.0), 2019)
    assert back.size
    np.testing.assert_allclose(
        listed.registered_income_pc[back], listed.net_income_pc(households=back)
    )
    assert (listed.registered_income_pc[back] != 1234.0).all()


def test_a_household_registered_this_december_does_not_exit_the_same_december(listed):
    listed.registered_year[::2] = 2017
    out = exits.exit_by_plan(listed, np.full(len(listed), 9000.0), 3000.0, 1e9, 2017)
    assert (listed.registered_year[out] < 2017).all() and out.size


def test_in_the_final_year_households_registered_that_december_are_verified_too(listed):
    listed.registered_year[::2] = 2020
    out = exits.exit_by_plan(listed, np.full(len(listed), 9000.0), 3000.0, 1e9, 2020, final=True)
    assert set(out) == set(np.flatnonzero(listed.registered & (listed.size > 0)))
    assert (listed.registered_year[out] == 2020).any()
