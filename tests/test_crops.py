import numpy as np
import pytest

from model import default_parameters
from model.crops import CORN, CROPS, corn_mu, crop_year, expected_corn_kg, harvest, sell_crops
from model.households import SOURCE_INDEX
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def test_shares_sum_to_one_on_each_land_type():
    for year in (2011, 2016, 2020):
        crops = crop_year(PARAMS, year)
        assert crops.share_dry.sum() == pytest.approx(1.0)
        assert crops.share_irrigated.sum() == pytest.approx(1.0)
        assert crops.share_dry[CROPS.index("vegetables")] == 0.0


def test_drought_lowers_dry_land_more_than_irrigated_land():
    crops = crop_year(PARAMS, 2015)
    dry, irrigated = crops.net_per_mu(np.array([0.0, 0.4]))
    assert dry[1] < dry[0] and irrigated[1] < irrigated[0]
    assert (dry[0] - dry[1]) / dry[0] > (irrigated[0] - irrigated[1]) / irrigated[0]
    assert irrigated[0] > dry[0]


def test_the_2016_corn_reform_lowers_corn_income():
    before, after = crop_year(PARAMS, 2015), crop_year(PARAMS, 2016)
    assert after.price[CORN] < 0.8 * before.price[CORN]
    assert after.corn_kg_per_mu(np.array([0.0]))[0] == pytest.approx(
        before.corn_kg_per_mu(np.array([0.0]))[0] * (1 + PARAMS.value("crops.yield_trend")), rel=0.2
    )


def test_the_harvest_is_sold_over_the_autumn_and_the_next_spring():
    population = synthesize(500, PARAMS, Streams(1))
    crops = crop_year(PARAMS, 2014)
    harvest(population, crops, np.full(200, 0.2))
    total = population.harvest_net.copy()
    sold = 0.0
    for month in range(1, 13):
        result = sell_crops(population, PARAMS, month)
        if result is not None:
            sold += result[1]
    assert sold == pytest.approx(1.0)
    assert np.allclose(population.income[SOURCE_INDEX["crops"]], total)


def test_land_rented_out_is_not_farmed():
    population = synthesize(500, PARAMS, Streams(2))
    crops = crop_year(PARAMS, 2014)
    full = expected_corn_kg(population, crops).copy()
    corn = corn_mu(population, crops).copy()
    population.rented_out[...] = 0.5
    assert np.allclose(expected_corn_kg(population, crops), full / 2)
    assert np.allclose(corn_mu(population, crops), corn / 2)


def test_land_rented_in_is_farmed():
    population = synthesize(500, PARAMS, Streams(3))
    crops = crop_year(PARAMS, 2014)
    population.rented_out[...] = 0.0
    own = corn_mu(population, crops).copy()
    population.rented_in_dry[...] = population.land_dry
    population.rented_in_irrigated[...] = population.land_irrigated
    assert np.allclose(corn_mu(population, crops), 2 * own)
