"""Identifying the poor (model.targeting): registration, re-checks, additions."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import targeting
from model.checks import Check
from model.households import SOURCE_INDEX


def _incomes(population, per_person):
    population.income[...] = 0.0
    population.income[SOURCE_INDEX["crops"]] = per_person * population.size


def _quiet(params):
    return params.with_overrides(
        {
            "targeting.review_weight_ill": 0.0,
            "targeting.review_weight_housing": 0.0,
            "targeting.review_weight_no_labour": 0.0,
        }
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
    hardship = (population.n_ill > 0) | ~population.safe_housing | (population.n_able == 0)
    assert (measured[hardship] < 3999.0).all()
    assert measured[~hardship] == pytest.approx(4000.0)


def test_the_village_review_favours_households_without_labour(population, params):
    _incomes(population, np.full(len(population), 4000.0))
    quiet = _quiet(params).with_overrides({"targeting.review_weight_no_labour": 0.3})
    measured = targeting.measured_income_pc(
        population, quiet, np.zeros(len(population)), 2014, noise_sd=0.0
    )
    no_labour = population.n_able == 0
    assert no_labour.any() and (~no_labour).any()
    assert measured[no_labour] == pytest.approx(4000.0 * np.exp(-0.3))
    assert measured[~no_labour] == pytest.approx(4000.0)


def test_the_exit_verification_measures_income_without_the_review(population, params):
    _incomes(population, np.full(len(population), 4000.0))
    measured = targeting.measured_income_pc(
        population, params, np.zeros(len(population)), 2017, noise_sd=0.0, review=False
    )
    assert ((population.n_ill > 0) | ~population.safe_housing).any()
    assert measured == pytest.approx(4000.0)


def test_the_payments_the_county_recorded_are_read_without_error(population, params):
    """The error scales what a household earned; its transfers and dividends are exact."""
    _incomes(population, np.full(len(population), 2000.0))
    population.income[SOURCE_INDEX["transfers"]] = 1500.0 * population.size
    population.income[SOURCE_INDEX["dividends"]] = 500.0 * population.size
    assert population.recorded_income_pc() == pytest.approx(2000.0)
    measured = targeting.measured_income_pc(
        population, params, np.full(len(population), 1.0), 2017, noise_sd=0.5, review=False
    )
    assert measured == pytest.approx(2000.0 + 2000.0 * np.exp(0.5))
    # a household living on transfers alone is measured exactly, whatever its draw
    population.income[SOURCE_INDEX["crops"]] = 0.0
    measured = targeting.measured_income_pc(
        population, params, np.full(len(population), -3.0), 2017, noise_sd=0.5, review=False
    )
    assert measured == pytest.approx(2000.0)


def test_a_loss_on_the_farm_is_measured_as_it_is(population, params):
    _incomes(population, np.full(len(population), -300.0))
    population.income[SOURCE_INDEX["transfers"]] = 3000.0 * population.size
    measured = targeting.measured_income_pc(
        population, params, np.full(len(population), 2.0), 2017, noise_sd=0.5, review=False
    )
    assert measured == pytest.approx(2700.0)


# the population is only read (incomes are passed in), so one fixture serves every example
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    true=st.floats(-2000.0, 50000.0),
    recorded=st.floats(0.0, 20000.0),
    z=st.floats(-4.0, 4.0),
    noise_sd=st.floats(0.0, 0.7),
)
def test_the_measured_income_errs_only_on_the_earned_side_of_the_records(
    population, params, true, recorded, z, noise_sd
):
    n = len(population)
    measured = targeting.measured_income_pc(
        population,
        params,
        np.full(n, z),
        2017,
        noise_sd,
        np.full(n, true),
        review=False,
        recorded_pc=np.full(n, recorded),
    )
    expected = max(true, 1.0)
    if true > recorded:
        expected = recorded + (true - recorded) * np.exp(noise_sd * z)
        # the error never takes the measure below what the records show
        assert (measured >= recorded * (1 - 1e-12)).all()
    assert measured == pytest.approx(max(expected, 1.0), rel=1e-9)


def test_registration_keeps_the_recorded_part_that_a_recheck_reads(population, params):
    _incomes(population, np.linspace(500, 30000, len(population)))
    population.income[SOURCE_INDEX["transfers"]] = 800.0 * population.size
    measured = targeting.measured_income_pc(
        population, _quiet(params), np.zeros(len(population)), 2014, noise_sd=0.0
    )
    chosen = targeting.register(population, measured, 0.11, 2014)
    assert chosen.size
    assert population.registered_recorded_pc[chosen] == pytest.approx(800.0)
    assert (population.registered_recorded_pc[~population.registered] == 0.0).all()


def test_rechecks_remove_the_highest_measured_up_to_their_share_as_if_never_registered(
    population, params
):
    population.registered[:] = population.rural
    measured = np.linspace(1000.0, 10000.0, len(population))
    above = population.rural & (measured > 3000.0)
    wanted = 0.5 * population.size[above].sum()
    removed = targeting.recheck_removals(population, measured, 3000.0, wanted)
    assert removed.size and (measured[removed] > 3000.0).all()
    assert population.size[removed].sum() <= wanted
    # highest first: every household kept above the line is measured below every one removed
    kept = above & population.registered
    assert measured[kept].max() < measured[removed].min()
    assert not population.registered[removed].any() and population.removed[removed].all()


def test_rechecks_never_remove_households_measured_below_the_line(population, params):
    population.registered[:] = population.rural
    measured = np.full(len(population), 2000.0)
    assert targeting.recheck_removals(population, measured, 3000.0, 1e9).size == 0


def test_rechecks_add_the_lowest_measured_unregistered_up_to_their_share(population, params):
    measured = np.linspace(1000.0, 10000.0, len(population))
    below = population.rural & (measured < 3000.0)
    wanted = 0.5 * population.size[below].sum()
    added = targeting.recheck_additions(population, measured, 3000.0, wanted, 2015)
    assert added.size and population.size[added].sum() <= wanted
    assert (measured[added] < 3000.0).all() and not population.registered[population.urban].any()
    left = below & ~population.registered
    assert measured[left].min() > measured[added].max()
    assert (population.registered_year[added] == 2015).all()


def test_missed_households_measured_below_the_line_are_added(population, params):
    measured = np.where(np.arange(len(population)) % 2 == 0, 1000.0, 100000.0)
    check = Check(measured, np.zeros(len(population)), 3000.0, 0.5)
    added = targeting.add_missed(population, check, 2016)
    assert added.size and (measured[added] < 3000.0).all()
    assert not population.registered[population.urban].any()
    assert (population.registered_year[added] == 2016).all()
    again = targeting.add_missed(population, check, 2017)
    assert again.size == 0  # already in the register


@pytest.mark.parametrize("review", [True, False])
def test_a_measurement_of_some_households_is_theirs_in_the_whole_countys(
    population, params, review
):
    rng = np.random.default_rng(4)
    population.income[...] = rng.normal(3000.0, 2000.0, population.income.shape)
    z = rng.standard_normal(len(population))
    whole = targeting.measured_income_pc(population, params, z, 2016, 0.4, review=review)
    some = np.flatnonzero(rng.random(len(population)) < 0.3)[::-1]  # any order
    part = targeting.measured_income_pc(
        population, params, z[some], 2016, 0.4, review=review, households=some
    )
    assert np.array_equal(part, whole[some])
