import numpy as np
import pytest

from model import default_parameters
from model.households import SOURCE_INDEX
from model.livelihoods import (
    away_work_month,
    land_rent_month,
    local_work_days,
    local_work_month,
    trained_premium_month,
)
from model.markets import year_conditions
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()
CONDITIONS = year_conditions(PARAMS, 2016)


def _population():
    """Rural households with two able members or more: one at home with local wage work, one
    away; the others keep their synthesized state (nobody away or working locally)."""
    population = synthesize(1000, PARAMS, Streams(1))
    two = population.rural & (population.n_able >= 2)
    population.n_local_jobs[two] = 1
    population.n_away[two] = 1
    population.rented_out[population.rural] = 0.5
    return population, two


def test_local_earnings_are_jobs_times_days_times_the_day_wage():
    population, two = _population()
    local_work_month(population, PARAMS, CONDITIONS, 5)
    days = local_work_days(population, PARAMS, CONDITIONS, 5)
    expected = days[two] * CONDITIONS.local_day_wage
    earned = (
        population.income[SOURCE_INDEX["wages_local"]]
        + population.income[SOURCE_INDEX["nonfarm_business"]]
    )
    assert np.allclose(earned[two], expected)
    others = population.rural & ~two
    assert not earned[others].any()
    assert (days[two] == days[two][0]).all()


def test_rural_self_employment_is_business_income_and_town_jobs_are_wages():
    population, two = _population()
    share = PARAMS.value("labour.local_self_employed_share")
    assert 0 < share < 1
    local_work_month(population, PARAMS, CONDITIONS, 5)
    wages = population.income[SOURCE_INDEX["wages_local"]]
    business = population.income[SOURCE_INDEX["nonfarm_business"]]
    # rural: the share of the earnings is the household's own business, the rest wages
    assert np.allclose(business[two], share * (wages[two] + business[two]))
    assert (business[two] > 0).all()
    # town: every able member works for a wage, none of it is business income
    urban = population.urban & (wages > 0)
    assert urban.any()
    assert not business[urban].any()


def test_money_comes_home_only_in_the_months_away():
    population, two = _population()
    away_work_month(population, PARAMS, CONDITIONS, 1)
    assert (population.income[SOURCE_INDEX["wages_away"]] == 0).all()
    away_work_month(population, PARAMS, CONDITIONS, 6)
    monthly = PARAMS.at("labour.away_wage_monthly", 2016) * PARAMS.at(
        "labour.remittance_share", 2016
    )
    assert population.income[SOURCE_INDEX["wages_away"], two] == pytest.approx(monthly)


def test_rent_is_paid_for_land_rented_out_in_the_rent_month():
    population, _ = _population()
    land_rent_month(population, PARAMS, CONDITIONS, PARAMS.value("land.rent_month") - 1)
    assert (population.income[SOURCE_INDEX["land_rent"]] == 0).all()
    land_rent_month(population, PARAMS, CONDITIONS, PARAMS.value("land.rent_month"))
    rural = population.rural
    expected = 0.5 * (
        population.land_dry * CONDITIONS.land_rent_dry
        + population.land_irrigated * CONDITIONS.land_rent_irrigated
    )
    assert np.allclose(population.income[SOURCE_INDEX["land_rent"], rural], expected[rural])


def test_households_renting_land_in_pay_its_rent_as_a_farming_cost():
    population, _ = _population()
    population.rented_in_dry[:10] = 20.0
    population.rented_in_irrigated[:10] = 5.0
    land_rent_month(population, PARAMS, CONDITIONS, PARAMS.value("land.rent_month"))
    paid = 20.0 * CONDITIONS.land_rent_dry + 5.0 * CONDITIONS.land_rent_irrigated
    assert np.allclose(population.income[SOURCE_INDEX["crops"], :10], -paid)
    assert not population.income[SOURCE_INDEX["crops"], 10:].any()


def test_training_premium_is_zero_without_training():
    population, two = _population()
    local, away = trained_premium_month(population, PARAMS, CONDITIONS, 6)
    assert not local.any() and not away.any()
    population.trained[population.rural] = True
    local, away = trained_premium_month(population, PARAMS, CONDITIONS, 6)
    assert (local[two] > 0).all() and (away[two] > 0).all()
