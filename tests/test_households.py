import numpy as np
import pytest

from model import LinxiModel, default_parameters
from model.households import INCOME_SOURCES
from model.rng import Streams
from model.synthesis import synthesize


@pytest.fixture(scope="module")
def county():
    params = default_parameters()
    n = LinxiModel.full_county_households(params)
    return synthesize(n, params, Streams(1))


def test_full_county_has_about_240000_people_in_about_100000_households(county):
    assert 95_000 <= len(county) <= 105_000
    assert 228_000 <= county.size.sum() <= 252_000
    assert county.size.mean() == pytest.approx(2.38, abs=0.1)


def test_member_counts_are_consistent(county):
    assert (county.size >= 1).all()
    assert (county.n_working + county.n_elderly >= 1).all()
    assert (county.n_ill_working <= county.n_working).all()
    assert (county.n_able >= 0).all()
    assert county.income.shape == (len(INCOME_SOURCES), len(county))


def test_rural_share_and_land(county):
    rural_people = county.size[county.rural].sum() / county.size.sum()
    assert rural_people == pytest.approx(0.75, abs=0.03)
    assert (county.land_dry[county.urban] == 0).all()
    assert (county.land_irrigated[county.urban] == 0).all()


@pytest.mark.parametrize("dry_median", [10.0, 14.0, 18.0])
def test_irrigated_land_is_the_parameter_share_of_farmland_whatever_the_dry_holdings(dry_median):
    # over 90% of farmland is sloping (seed:county.slope_land): the irrigated share is set on the
    # county's farmland, so calibrating the dry holdings does not move it
    params = default_parameters().with_overrides({"households.dry_land_mu_median": dry_median})
    population = synthesize(5_000, params, Streams(2))
    dry, irrigated = population.land_dry.sum(), population.land_irrigated.sum()
    share = params.value("households.irrigated_share_of_farmland")
    assert irrigated / (dry + irrigated) == pytest.approx(share, rel=1e-12)
    holders = population.land_irrigated > 0
    assert holders.mean() == pytest.approx(
        params.value("households.irrigated_share_of_households") * population.rural.mean(),
        abs=0.03,
    )
    # the share moves the holdings, not who holds them or any other draw
    other = synthesize(
        5_000,
        params.with_overrides({"households.irrigated_share_of_farmland": 0.05}),
        Streams(2),
    )
    assert np.array_equal(other.land_irrigated > 0, holders)
    assert np.array_equal(other.land_dry, population.land_dry)
    assert np.array_equal(other.cattle, population.cattle)
    assert other.land_irrigated.sum() < irrigated


def test_poor_households_are_smaller_older_and_sicker(baseline_small):
    frame = baseline_small.households.to_frame()
    rural = frame[~frame.urban]
    registered, others = rural[rural.registered], rural[~rural.registered]
    assert registered["size"].mean() < others["size"].mean()
    assert (registered.n_elderly / registered["size"]).mean() > (
        others.n_elderly / others["size"]
    ).mean()
    assert (registered.n_ill_working + registered.n_ill_other > 0).mean() > (
        others.n_ill_working + others.n_ill_other > 0
    ).mean()


def test_rural_people_counts_the_members_of_rural_households_as_members_change():
    model = LinxiModel(households=300, rng=4)
    population = model.households
    for _ in range(3):  # a January in each year changes the members
        assert population.rural_people == int(population.size[population.rural].sum())
        for _ in range(12):
            model.step()
    assert population.rural_people > 0
