import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import default_parameters
from model.land import _order_until, irrigate_dry_land, rent_in_land, rent_out_land
from model.metrics import annual_metrics
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


def test_drip_irrigated_land_stays_sloping_land():
    # seed:county.slope_land counts terrain: drip irrigation under film makes sloping land
    # irrigated, not flat, so the sloping share stays 1 - households.irrigated_share_of_farmland
    population = synthesize(2000, PARAMS, Streams(5))
    valley = PARAMS.value("households.irrigated_share_of_farmland")
    before = annual_metrics(population, 2011, 2300.0, 0.0)
    assert before["sloping_land_share"] == pytest.approx(1 - valley, rel=1e-12)
    assert before["dry_land_share"] == pytest.approx(1 - valley, rel=1e-12)
    for year in (2012, 2013, 2014):
        irrigate_dry_land(population, PARAMS, year)
    after = annual_metrics(population, 2014, 2300.0, 0.0)
    assert population.land_drip.sum() > 0
    assert after["dry_land_share"] < before["dry_land_share"] - 0.01
    assert after["sloping_land_share"] == pytest.approx(1 - valley, rel=1e-12)


def test_farm_households_rent_in_their_share_of_the_land_rented_out():
    population = synthesize(5000, PARAMS, Streams(4))
    inclination = Streams(4).get("land_market").random(len(population))
    rural = population.rural
    for year in (2011, 2016, 2020):
        rent_out_land(population, PARAMS, inclination, year)
        rent_in_land(population, PARAMS, inclination, year)
        to_households = PARAMS.at("land.rented_to_households_share", year)
        out_dry = (population.rented_out[rural] * population.land_dry[rural]).sum()
        out_irrigated = (population.rented_out[rural] * population.land_irrigated[rural]).sum()
        assert population.rented_in_dry.sum() == pytest.approx(to_households * out_dry)
        assert population.rented_in_irrigated.sum() == pytest.approx(to_households * out_irrigated)
        renters = population.rented_in_dry + population.rented_in_irrigated > 0
        assert renters.sum() == round(PARAMS.at("land.renting_in_households", year) * rural.sum())
        # Renters farm: an able member at home, nothing of their own rented out.
        assert (population.rented_out[renters] == 0).all()
        assert (population.n_able[renters] - population.n_away[renters] > 0).all()


def test_the_same_households_rent_in_and_larger_farms_take_more():
    population = synthesize(5000, PARAMS, Streams(5))
    inclination = Streams(5).get("land_market").random(len(population))
    rent_out_land(population, PARAMS, inclination, 2016)
    rent_in_land(population, PARAMS, inclination, 2016)
    renters = np.flatnonzero(population.rented_in_dry > 0)
    ratio = population.rented_in_dry[renters] / population.land_contracted[renters]
    assert np.allclose(ratio, ratio[0])
    rent_in_land(population, PARAMS, inclination, 2016)
    assert np.array_equal(np.flatnonzero(population.rented_in_dry > 0), renters)


def test_nobody_rents_in_when_farm_households_take_none_of_the_land():
    population = synthesize(1000, PARAMS, Streams(6))
    inclination = Streams(6).get("land_market").random(len(population))
    params = PARAMS.with_overrides({"land.rented_to_households_share": 0.0})
    rent_out_land(population, params, inclination, 2018)
    rent_in_land(population, params, inclination, 2018)
    assert not population.rented_in_dry.any() and not population.rented_in_irrigated.any()


def test_annual_metrics_report_land_rented_in_as_the_farm_households_share_of_land_rented_out():
    population = synthesize(3000, PARAMS, Streams(7))
    inclination = Streams(7).get("land_market").random(len(population))
    rent_out_land(population, PARAMS, inclination, 2016)
    rent_in_land(population, PARAMS, inclination, 2016)
    row = annual_metrics(population, 2016, 3000.0, 0.0)
    assert row["land_rented_in_share"] == pytest.approx(
        PARAMS.at("land.rented_to_households_share", 2016) * row["land_rented_out_share"]
    )


@settings(max_examples=100, deadline=None)
@given(
    keys=st.lists(st.integers(0, 30), min_size=1, max_size=400),
    land=st.lists(st.floats(0.0, 50.0), min_size=400, max_size=400),
    share=st.floats(0.0, 1.5),
)
def test_land_is_rented_out_in_the_order_of_a_whole_sort(keys, land, share):
    # the order is worked out only as far as the land needs, in the same order as sorting all
    keys = np.asarray(keys, dtype=float)
    candidates = np.arange(keys.size) * 2 % 401
    land = np.asarray(land + [1.0])
    total = share * float(land[candidates].sum())
    order, cumulative = _order_until(candidates, keys, land, total)
    full = candidates[np.argsort(keys, kind="stable")]
    np.testing.assert_array_equal(order, full[: order.size])
    np.testing.assert_array_equal(cumulative, np.cumsum(land[full])[: order.size])
    assert cumulative[-1] > total or order.size == full.size


def test_land_order_goes_further_when_the_first_households_have_little_land():
    keys = np.random.default_rng(2).random(10_000)
    land = np.argsort(np.argsort(keys)) ** 2.0  # the first in the order have the least land
    candidates = np.arange(keys.size)
    total = 0.3 * land.sum()
    order, cumulative = _order_until(candidates, keys, land, total)
    full = np.argsort(keys, kind="stable")
    np.testing.assert_array_equal(order, full[: order.size])
    assert cumulative[-1] > total
    assert order.size > total / land.mean() * 1.25 + 64  # beyond the first guess
    assert order.size < keys.size
