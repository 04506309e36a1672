"""Household livelihoods (model.livelihoods), rule by rule on a synthetic county."""

import numpy as np
import pytest

from model import livelihoods
from model.households import SOURCE_INDEX
from model.markets import year_conditions

CROPS, LIVESTOCK = SOURCE_INDEX["crops"], SOURCE_INDEX["livestock"]
LOCAL, AWAY, RENT = (
    SOURCE_INDEX["wages_local"],
    SOURCE_INDEX["wages_away"],
    SOURCE_INDEX["land_rent"],
)


@pytest.fixture
def conditions(params):
    return year_conditions(params, 2016)


def test_households_without_labour_farm_only_part_of_their_land(population, params):
    share = livelihoods.farmed_share(population, params)
    rent_out = params.value("land.rent_out_share_no_labour")
    assert (share[population.n_able > 0] == 1.0).all()
    assert share[population.n_able == 0] == pytest.approx(1.0 - rent_out)


def test_a_harvest_without_drought_is_the_expected_corn_and_drought_hits_dry_land_hardest(
    population, params
):
    villages = int(population.village.max()) + 1
    expected = livelihoods.expected_corn_kg(population, params)
    np.testing.assert_allclose(
        livelihoods.harvest_kg(population, params, np.zeros(villages)), expected
    )
    ruined = livelihoods.harvest_kg(population, params, np.ones(villages))
    protect = params.value("crops.irrigated_irrigation_protects")
    share = livelihoods.farmed_share(population, params)
    irrigated = population.land_irrigated * params.value("crops.irrigated_yield_kg_per_mu")
    np.testing.assert_allclose(ruined, share * irrigated * protect)


def test_crop_income_arrives_in_the_harvest_months_only_and_sums_to_a_year(
    population, params, conditions
):
    drought = np.full(int(population.village.max()) + 1, 0.2)
    returned = [
        livelihoods.crops_month(population, params, conditions, drought, month)
        for month in range(1, 13)
    ]
    shares = params.value("crops.harvest_share_by_month")
    assert [r is None for r in returned] == [s == 0 for s in shares]
    kg = livelihoods.harvest_kg(population, params, drought)
    farmed = livelihoods.farmed_share(population, params) * (
        population.land_dry + population.land_irrigated
    )
    net = kg * conditions.corn_price - farmed * conditions.crop_cost_per_mu
    np.testing.assert_allclose(population.income[CROPS], sum(shares) * net)


def test_livestock_pays_a_twelfth_of_its_yearly_net_each_month(population, conditions):
    livelihoods.livestock_month(population, conditions)
    np.testing.assert_allclose(
        population.income[LIVESTOCK], population.livestock * conditions.livestock_net_per_head / 12
    )


def test_local_work_falls_with_remoteness_and_firm_jobs(population, params, conditions):
    population.employer[:50] = 3
    workers = livelihoods.local_workers(population)
    assert (workers >= 0).all()
    assert (workers[:50] <= np.maximum(population.n_able[:50] - 1, 0)).all()
    rural = np.flatnonzero(population.rural & (workers > 0))[:2]
    population.n_working[rural] = 2
    population.n_ill_working[rural] = 0
    population.n_away[rural] = 0
    population.employer[rural] = -1
    population.remoteness[rural] = [0.0, 1.0]
    livelihoods.local_work_month(population, params, conditions, 6)
    near, far = population.income[LOCAL, rural]
    assert near > far


def test_work_away_pays_only_in_the_away_months(population, params, conditions):
    population.n_away[:] = 1
    livelihoods.away_work_month(population, params, conditions, 1)
    assert not population.income[AWAY].any()
    livelihoods.away_work_month(population, params, conditions, 6)
    np.testing.assert_allclose(population.income[AWAY], conditions.away_net_monthly)


def test_the_trained_premium_is_zero_without_training(population, params, conditions):
    local, away = livelihoods.trained_premium_month(population, params, conditions, 6)
    assert not local.any() and not away.any()
    population.trained[:] = True
    population.n_away[:] = 1
    local, away = livelihoods.trained_premium_month(population, params, conditions, 6)
    premium = params.value("care_training.wage_premium")
    np.testing.assert_allclose(away, premium * conditions.away_net_monthly)


def test_land_rent_is_paid_in_the_rent_month_to_households_that_rent_out(
    population, params, conditions
):
    rent_month = int(params.value("land.rent_month"))
    livelihoods.land_rent_month(population, params, conditions, rent_month - 1)
    assert not population.income[RENT].any()
    livelihoods.land_rent_month(population, params, conditions, rent_month)
    paid = population.income[RENT] > 0
    assert paid.any()
    assert not (paid & (population.n_able > 0)).any()
