import numpy as np
import pytest

from model import default_parameters
from model.land import irrigate_dry_land, rent_out_land
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _share(population):
    rural = population.rural
    land = population.land_contracted[rural]
    return (population.rented_out[rural] * land).sum() / land.sum()


def test_the_county_rents_out_its_share_of_land_each_year():
    population = synthesize(5000, PARAMS, Streams(1))
    inclination = Streams(1).get("land_market").random(len(population))
    for year in (2011, 2015, 2020):
        rent_out_land(population, PARAMS, inclination, year)
        assert _share(population) == pytest.approx(
            PARAMS.at("land.rented_out_share", year), abs=1e-9
        )


def test_households_without_labour_rent_out_and_renters_keep_renting_out():
    population = synthesize(5000, PARAMS, Streams(2))
    inclination = Streams(2).get("land_market").random(len(population))
    rent_out_land(population, PARAMS, inclination, 2013)
    no_labour = population.rural & (population.n_able == 0)
    assert (population.rented_out[no_labour] >= PARAMS.value("land.rent_out_share_no_labour")).all()
    whole = population.rented_out == 1.0
    rent_out_land(population, PARAMS, inclination, 2018)  # a larger market
    assert (population.rented_out[whole] == 1.0).all()


def test_drip_irrigation_moves_dry_land_to_irrigated_land():
    population = synthesize(500, PARAMS, Streams(3))
    total = population.land_contracted.copy()
    dry = population.land_dry.sum()
    irrigate_dry_land(population, PARAMS, 2013)
    assert np.allclose(population.land_contracted, total)
    assert population.land_dry.sum() == pytest.approx(
        dry * (1 - PARAMS.at("land.irrigated_conversion", 2013))
    )
