import numpy as np
import pytest

from model import default_parameters
from model.households import SOURCE_INDEX
from model.income import CATEGORIES, category_of, concept
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _population():
    population = synthesize(400, PARAMS, Streams(1))
    population.income[SOURCE_INDEX["crops"]] = 3000.0
    population.income[SOURCE_INDEX["wages_away"]] = 2000.0
    population.income[SOURCE_INDEX["medical_costs"]] = -1500.0
    population.n_away[...] = np.minimum(population.n_able, 1)
    return population


def test_net_income_to_2012_then_disposable_income():
    assert concept(2012) == "net_income" and concept(2013) == "disposable_income"
    assert category_of("wages_away", 2012) == "wage_income"
    assert category_of("wages_away", 2012, away_counted=False) == "transfer_income"
    assert category_of("wages_away", 2013) == "transfer_income"
    assert category_of("medical_costs", 2013) is None
    assert {category_of(s, 2015) for s in ("crops", "dividends", "transfers")} <= set(CATEGORIES)


def test_self_employment_is_business_income_and_local_employment_wages():
    # the survey counts the earnings of one's own non-farm business (二三产业经营) as business
    for year in (2012, 2013):
        assert category_of("nonfarm_business", year) == "business_income"
        assert category_of("wages_local", year) == "wage_income"


def test_members_away_are_not_residents_from_2013():
    population = _population()
    population.income_year = 2012
    net = population.net_income_pc()
    population.income_year = 2013
    assert (population.residents() == population.size - population.n_away).all()
    # only members the old survey counted leave the denominator in 2013
    away = (population.n_away > 0) & (population.residents() > 0) & population.away_counted
    assert away.any()
    assert (population.net_income_pc()[away] > net[away]).all()


def test_the_old_survey_counted_members_away_whose_income_came_home():
    population = _population()
    population.income_year = 2012
    away = population.n_away > 0
    counted, uncounted = away & population.away_counted, away & ~population.away_counted
    assert counted.any() and uncounted.any()
    residents = population.residents()
    assert (residents[counted] == population.size[counted]).all()
    assert (residents[uncounted] == (population.size - population.n_away)[uncounted]).all()
    assert (residents[~away] == population.size[~away]).all()


def test_synthesis_draws_the_counted_households_last_at_the_parameter_share():
    share = PARAMS.value("households.away_counted_share")
    population = synthesize(20_000, PARAMS, Streams(4))
    rural = ~population.urban
    assert not population.away_counted[~rural].any()
    drawn = population.away_counted[rural].mean()
    sd = (share * (1 - share) / rural.sum()) ** 0.5
    assert abs(drawn - share) < 4 * sd
    # drawn after every other synthesis draw: another share changes nothing else
    other = synthesize(
        20_000, PARAMS.with_overrides({"households.away_counted_share": 0.4}), Streams(4)
    )
    assert np.array_equal(other.land_dry, population.land_dry)
    assert np.array_equal(other.school_dropout, population.school_dropout)
    assert other.away_counted.sum() > population.away_counted.sum()


def test_medical_costs_are_not_subtracted_but_make_the_second_measure():
    population = _population()
    population.income_year = 2015
    people = population.residents()
    counted = people > 0
    assert population.net_income_pc()[counted] == pytest.approx(5000.0 / people[counted])
    after = population.net_income_pc(after_health=True)
    assert after[counted] == pytest.approx(3500.0 / people[counted])
    # A household whose members are all away is divided by its members (the survey skips it).
    alone = ~counted & (population.size > 0)
    assert population.net_income_pc()[alone] == pytest.approx(5000.0 / population.size[alone])
