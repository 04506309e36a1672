import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import default_parameters
from model.demography import advance_year, birth_probability, death_probability, gompertz_level
from model.households import ELDERLY_AGE, MAX_MEMBERS
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _population(n=4000, seed=3):
    return synthesize(n, PARAMS, Streams(seed))


def test_the_hazard_is_the_censuss_at_62_and_moves_with_life_expectancy():
    slope = PARAMS.value("demography.gompertz_slope")
    census = PARAMS.value("demography.census_life_expectancy")
    at_census = PARAMS.with_overrides({"demography.life_expectancy": {2010: census}})
    assert gompertz_level(at_census, 2010) * np.exp(slope * 62) == pytest.approx(
        PARAMS.value("demography.death_rate_60_64")
    )
    # Inner Mongolia's shorter lives in 2010 raise the hazard; longer lives by 2020 lower it
    assert gompertz_level(PARAMS, 2010) > gompertz_level(at_census, 2010)
    assert gompertz_level(PARAMS, 2020) < gompertz_level(PARAMS, 2010)


def test_a_hazard_lowered_by_exp_minus_b_d_adds_d_years_of_life():
    # the rule that moves the census's hazard: check it on the survival curve itself
    slope = PARAMS.value("demography.gompertz_slope")
    ages = np.arange(0, 200)

    def life_expectancy(level):
        return np.exp(-level / slope * np.expm1(slope * (ages + 0.5))).sum()

    level = gompertz_level(PARAMS, 2010)
    assert life_expectancy(level * np.exp(-slope * 3.0)) - life_expectancy(level) == (
        pytest.approx(3.0, abs=0.05)
    )


def test_death_probability_rises_with_age_and_illness():
    # the same three ages healthy and ill, in one county: member slots first
    age = np.array([[20, 60, 80, 20, 60, 80, -1, -1]], dtype=np.int8).T
    ill = np.array([[False] * 3 + [True] * 3 + [False] * 2]).T
    p = death_probability(age, ill, PARAMS, 2011)[:, 0]
    healthy, sick = p[:3], p[3:6]
    assert healthy[0] < healthy[1] < healthy[2]
    assert (sick > healthy).all()
    assert (p[6:] == 0).all()


def test_the_hazard_averaged_over_the_healthy_and_the_ill_is_the_census_rates():
    slope = PARAMS.value("demography.gompertz_slope")
    level = gompertz_level(PARAMS, 2011)
    age = np.full((8, 1), 70, dtype=np.int8)
    for n_ill in (0, 2, 8):
        ill = (np.arange(8) < n_ill)[:, None]
        hazard = -np.log1p(-death_probability(age, ill, PARAMS, 2011)[:, 0])
        assert hazard.mean() == pytest.approx(level * np.exp(slope * 70))


def test_births_need_room_and_members_of_childbearing_age():
    age = np.array(
        [[25, 27, -1, -1, -1, -1], [65, 70, -1, -1, -1, -1], [25, 27, 3, 5, 8, 50]], dtype=np.int8
    ).T
    p = birth_probability(age, PARAMS, 2011)
    assert p[0] > 0 and p[1] == 0 and p[2] == 0


def test_a_year_ages_everyone_and_conserves_households():
    population = _population()
    before = population.age.copy()
    params = PARAMS.with_overrides(
        {
            "demography.life_expectancy": {2010: 100000.0},
            "demography.fertility": 0.0,
            "demography.leaving_rate": 0.0,
            "health.elderly_onset_rate": 0.0,
        }
    )
    advance_year(population, params, Streams(1).get("demography", 12), 2012)
    present = before >= 0
    assert (population.age[present] == before[present] + 1).all()
    assert (population.age[~present] == -1).all()
    assert len(population) == before.shape[1]


def test_deaths_births_and_departures_at_county_rates():
    population = _population(20_000)
    people = int(population.size.sum())
    advance_year(population, PARAMS, Streams(2).get("demography", 12), 2012)
    change = (people - int(population.size.sum())) / people
    # Young adults leave and deaths exceed births: the rural population shrinks, by less than
    # a few percent a year (Inner Mongolia's rural residents fell 1.7% a year in 2015-2019).
    assert 0.0 < change < 0.04


def test_the_crude_death_rate_is_above_inner_mongolias_by_the_older_age_structure():
    population = _population(40_000)
    people = int(population.size.sum())
    old = int((population.age >= 60).sum()) / people
    events = advance_year(population, PARAMS, Streams(6).get("demography", 12), 2012)
    rate = events.deaths / people
    # Inner Mongolia died at 5.3-5.9 per mille in 2011-2019 with 11.5% aged 60+ (2010); the
    # county has about 16.7%, so its rate is higher, but far below the 9-10 per mille a
    # hazard at the 2000 census's old-age level gave
    assert old > 0.15
    assert 0.0055 < rate < 0.0085


def test_leaving_keeps_an_adult_at_home():
    population = _population()
    params = PARAMS.with_overrides({"demography.leaving_rate": 1.0})
    advance_year(population, params, Streams(4).get("demography", 12), 2012)
    children_alone = (population.n_children > 0) & (
        population.n_working + population.n_elderly == 0
    )
    assert not children_alone.any()


def test_old_age_share_rises_over_a_decade():
    population = _population(20_000)
    share = []
    for year in range(2012, 2021):
        advance_year(population, PARAMS, Streams(5).get("demography", year), year)
        ages = population.age[:, population.rural]
        share.append((ages >= 60).sum() / (ages >= 0).sum())
    assert share[-1] > share[0] + 0.04


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), fertility=st.floats(0.0, 0.2), leaving=st.floats(0.0, 1.0))
def test_member_counts_stay_consistent(seed, fertility, leaving):
    population = _population(300, seed % 1000)
    params = PARAMS.with_overrides(
        {"demography.fertility": fertility, "demography.leaving_rate": leaving}
    )
    for year in (2012, 2013, 2014):
        advance_year(population, params, Streams(seed).get("demography", year), year)
    present = population.age >= 0
    assert (population.size == present.sum(axis=0)).all()
    past_working_age = (population.age >= population.working_age_end).sum(axis=0)
    assert (
        population.n_children + population.n_working + past_working_age == population.size
    ).all()
    assert (population.n_elderly == (population.age >= ELDERLY_AGE).sum(axis=0)).all()
    assert (population.size <= MAX_MEMBERS).all()
    assert (population.n_ill_working <= population.n_working).all()
    assert not (population.ill & ~present).any()


def test_only_members_past_working_age_fall_ill_at_the_old_age_rate():
    population = _population(20_000)
    params = PARAMS.with_overrides(
        {
            "demography.life_expectancy": {2010: 100000.0},
            "demography.fertility": 0.0,
            "demography.leaving_rate": 0.0,
            "health.elderly_onset_rate": 1.0,
        }
    )
    ill_before = population.ill.copy()
    advance_year(population, params, Streams(1).get("demography", 12), 2012)
    newly_ill = population.ill & ~ill_before
    end = population.working_age_end
    assert end > ELDERLY_AGE  # members aged 60 to end - 1 are of working age
    past_working_age = population.age >= end
    assert past_working_age.any() and population.ill[past_working_age].all()
    assert not newly_ill[(population.age >= 0) & ~past_working_age].any()
