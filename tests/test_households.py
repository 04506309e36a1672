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


MEASURES = {
    "statistical_income": {},
    "net_income_pc": {},
    "net_income_pc_after_health": {"after_health": True},
    "market_income_pc": {},
}


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("last_year", [False, True])
def test_income_of_some_households_is_the_countys_at_their_places_to_the_bit(measure, last_year):
    model = LinxiModel(households=300, rng=4)
    for _ in range(14):  # into the second year: last year's income and this year's
        model.step()
    population = model.households
    method = getattr(population, measure.removesuffix("_after_health"))
    whole = method(last_year, **MEASURES[measure])
    rng = np.random.default_rng(0)
    for size in (1, 2, 8, 9, 120):
        some = np.sort(rng.choice(len(population), size=size, replace=False))
        part = method(last_year, households=some, **MEASURES[measure])
        assert np.array_equal(whole[some].view(np.int64), part.view(np.int64))


def test_recorded_income_is_transfers_and_dividends_this_year_or_last():
    model = LinxiModel(households=300, rng=4)
    for _ in range(14):
        model.step()
    population = model.households
    transfers, dividends = INCOME_SOURCES.index("transfers"), INCOME_SOURCES.index("dividends")
    for last_year, income in ((False, population.income), (True, population.last_income)):
        recorded = population.recorded_income(last_year)
        assert np.array_equal(recorded, income[transfers] + income[dividends])
        assert (recorded > 0).any()
    # per person this year, as the registration reads it
    assert np.array_equal(
        population.recorded_income_pc(), population.per_person(population.recorded_income())
    )


@pytest.mark.parametrize("last_year", [False, True])
def test_per_person_of_some_households_is_the_countys_at_their_places_to_the_bit(last_year):
    model = LinxiModel(households=300, rng=4)
    for _ in range(14):
        model.step()
    population = model.households
    total = population.statistical_income(last_year)
    whole = population.per_person(total, last_year)
    some = np.flatnonzero(population.rural & (np.arange(len(population)) % 3 > 0))
    part = population.per_person(total[some], last_year, households=some)
    assert np.array_equal(whole[some].view(np.int64), part.view(np.int64))


def test_rural_people_counts_the_members_of_rural_households_as_members_change():
    model = LinxiModel(households=300, rng=4)
    population = model.households
    for _ in range(3):  # a January in each year changes the members
        assert population.rural_people == int(population.size[population.rural].sum())
        for _ in range(12):
            model.step()
    assert population.rural_people > 0
