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
    assert category_of("wages_away", 2013) == "transfer_income"
    assert category_of("medical_costs", 2013) is None
    assert {category_of(s, 2015) for s in ("crops", "dividends", "transfers")} <= set(CATEGORIES)


def test_members_away_are_not_residents_from_2013():
    population = _population()
    population.income_year = 2012
    assert (population.residents() == population.size).all()
    net = population.net_income_pc()
    population.income_year = 2013
    assert (population.residents() == population.size - population.n_away).all()
    away = (population.n_away > 0) & (population.residents() > 0)
    assert (population.net_income_pc()[away] > net[away]).all()


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
