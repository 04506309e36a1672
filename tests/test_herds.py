import numpy as np
import pytest

from model import default_parameters
from model.herds import adjust_herds, herd_year, livestock_month
from model.households import SOURCE_INDEX
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _keepers():
    population = synthesize(3000, PARAMS, Streams(3))
    return population, population.rural & (population.n_able > 0) & (population.cattle > 0)


def test_net_income_per_head_follows_prices():
    assert (
        herd_year(PARAMS, 2020).net_per_head["cattle"]
        > herd_year(PARAMS, 2016).net_per_head["cattle"]
    )
    assert (
        herd_year(PARAMS, 2016).net_per_head["sheep"]
        < herd_year(PARAMS, 2014).net_per_head["sheep"]
    )
    reference = herd_year(PARAMS, 2014)
    assert reference.net_per_head == pytest.approx(reference.reference_net_per_head)


def test_livestock_income_is_head_times_net_per_head():
    population, _ = _keepers()
    herds = herd_year(PARAMS, 2015)
    livestock_month(population, herds)
    expected = (
        population.cattle * herds.net_per_head["cattle"]
        + population.sheep * herds.net_per_head["sheep"]
    ) / 12
    assert np.allclose(population.income[SOURCE_INDEX["livestock"]], expected)


@pytest.mark.parametrize(
    ("species", "year", "grows"),
    [("cattle", 2020, True), ("sheep", 2020, True), ("sheep", 2016, False)],
)
def test_herds_follow_margins(species, year, grows):
    population, _ = _keepers()
    keepers = population.rural & (population.n_able > 0) & (getattr(population, species) > 0)
    before = getattr(population, species).copy()
    herds = herd_year(PARAMS, year)
    mean_drought = PARAMS.value("weather.severity_mean")
    adjust_herds(population, PARAMS, herds, mean_drought, Streams(1).get("herds"), year)
    change = getattr(population, species)[keepers].sum() / before[keepers].sum()
    better = herds.net_per_head[species] > herds.reference_net_per_head[species]
    assert better == grows
    assert (change > 1.0) == grows


def test_drought_sells_herds_down_and_the_sales_are_income():
    wet, keepers = _keepers()
    dry, _ = _keepers()
    herds = herd_year(PARAMS, 2014)
    adjust_herds(wet, PARAMS, herds, 0.0, Streams(1).get("herds"), 2014)
    adjust_herds(dry, PARAMS, herds, 0.5, Streams(1).get("herds"), 2014)
    assert dry.cattle[keepers].sum() < wet.cattle[keepers].sum()
    assert (
        dry.income[SOURCE_INDEX["livestock"], keepers].sum()
        > wet.income[SOURCE_INDEX["livestock"], keepers].sum()
    )


def test_households_without_labour_sell_their_herds():
    population = synthesize(3000, PARAMS, Streams(4))
    alone = population.rural & (population.n_able == 0) & (population.cattle > 0)
    assert alone.any()
    before = population.cattle[alone].copy()
    adjust_herds(population, PARAMS, herd_year(PARAMS, 2014), 0.2, Streams(1).get("herds"), 2014)
    rate = PARAMS.value("herds.no_labour_sell_rate")
    assert np.allclose(population.cattle[alone], before * (1 - rate))
