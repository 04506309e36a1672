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


@pytest.mark.parametrize("feed_share", [0.3, 0.45, 0.6])
def test_reference_year_nets_the_stated_margin_at_any_feed_share(feed_share):
    params = PARAMS.with_overrides({"herds.feed_share": feed_share})
    reference = herd_year(params, 2014)
    assert reference.net_per_head["cattle"] == pytest.approx(
        PARAMS.value("herds.cattle.net_per_head")
    )
    assert reference.net_per_head["sheep"] == pytest.approx(
        PARAMS.value("herds.sheep.net_per_head")
    )


def test_a_larger_feed_share_makes_margins_fall_further_with_prices():
    # 2011: cattle at 0.60 of 2014's price, corn near 2014's: only output falls, so the heavier
    # the feed bill, the larger the share of the margin lost.
    def margin_2011_over_2014(feed_share: float) -> float:
        params = PARAMS.with_overrides({"herds.feed_share": feed_share})
        return (
            herd_year(params, 2011).net_per_head["cattle"]
            / herd_year(params, 2014).net_per_head["cattle"]
        )

    light, heavy = margin_2011_over_2014(0.3), margin_2011_over_2014(0.6)
    assert 0.0 < heavy < light < 1.0


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
