import numpy as np

from model import default_parameters
from model.crops import corn_mu
from model.households import SOURCE_INDEX
from model.markets import year_conditions
from model.rng import Streams
from model.synthesis import synthesize
from model.transfers import transfers_month

PARAMS = default_parameters()
TRANSFERS = SOURCE_INDEX["transfers"]


def _paid(year, month, rented_out=0.0):
    population = synthesize(1000, PARAMS, Streams(1))
    population.rented_out[...] = rented_out
    conditions = year_conditions(PARAMS, year)
    transfers_month(population, PARAMS, conditions, month)
    return population, conditions, population.income[TRANSFERS].copy()


def test_pensions_are_paid_per_member_aged_60_and_over():
    population, conditions, paid = _paid(2015, 1)
    rural = population.rural
    assert np.allclose(paid[rural], population.n_elderly[rural] * conditions.pension_monthly)


def test_land_subsidy_goes_to_the_contract_holder_even_when_the_land_is_rented_out():
    month = PARAMS.value("transfers.farm_subsidy_month")
    _, _, farmed = _paid(2015, month)
    _, _, rented = _paid(2015, month, rented_out=1.0)
    assert np.allclose(farmed, rented)


def _pensions(population, conditions):
    monthly = np.where(
        population.urban, conditions.urban_pension_monthly, conditions.pension_monthly
    )
    return population.n_elderly * monthly


def test_corn_subsidy_is_paid_on_corn_the_household_plants_from_2016():
    month = PARAMS.value("transfers.corn_subsidy_month")
    population, conditions, before_reform = _paid(2015, month)
    assert np.allclose(before_reform, _pensions(population, conditions))
    population, conditions, farmed = _paid(2016, month)
    subsidy = farmed - _pensions(population, conditions)
    assert np.allclose(
        subsidy, conditions.corn_subsidy_per_mu * corn_mu(population, conditions.crops)
    )
    assert subsidy.sum() > 0
    # A household that rents all its land out plants no corn: the renter gets the subsidy.
    _, _, rented = _paid(2016, month, rented_out=1.0)
    assert np.allclose(rented, _pensions(population, conditions))
