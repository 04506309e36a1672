import numpy as np

from model import default_parameters
from model.economy import household_month, start_year, warm_up
from model.households import INCOME_SOURCES, SOURCE_INDEX
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def test_the_warm_up_leaves_a_year_of_income_and_the_synthesized_people():
    population = synthesize(2000, PARAMS, Streams(1))
    ill, age = population.ill.copy(), population.age.copy()
    inclination = Streams(1).get("land_market").random(len(population))
    warm_up(
        population, PARAMS, 1, 2010, int(population.village.max()) + 1, "historical", inclination
    )
    rural = population.rural
    assert (population.last_income[SOURCE_INDEX["crops"], rural] != 0).any()
    assert (population.income == 0).all()
    assert np.array_equal(population.ill, ill) and np.array_equal(population.age, age)
    # the warm-up year's people, counted as the old survey did (net income, before 2013)
    uncounted_away = population.n_away * ~population.away_counted
    assert np.array_equal(population.last_residents, population.size - uncounted_away)
    # only a household whose members are all away, none counted, is outside the survey
    outside = rural & (population.last_residents == 0)
    assert (population.n_away[outside] == population.size[outside]).all()
    assert not population.away_counted[outside].any()


def test_a_year_of_household_rules_adds_income_by_source():
    population = synthesize(2000, PARAMS, Streams(2))
    streams = Streams(2)
    villages = int(population.village.max()) + 1
    state = start_year(population, PARAMS, streams, 0, 2015, villages, "historical", {}, age=False)
    inclination = streams.get("land_market").random(len(population))
    sold = [
        household_month(population, PARAMS, streams, state, inclination, m - 1, 2015, m)
        for m in range(1, 13)
    ]
    # No harvest is in store before October (the model's warm-up puts one there); from then on
    # the year's harvest is sold.
    assert [month for month, s in enumerate(sold, 1) if s is not None] == [1, 2, 3, 4, 10, 11, 12]
    rural = population.rural
    # every source but the programmes' dividends (no programme runs here) and medical costs
    # (negative, below)
    for source in sorted(set(INCOME_SOURCES) - {"dividends", "medical_costs"}):
        assert population.income[SOURCE_INDEX[source], rural].sum() > 0, source
    assert population.income[SOURCE_INDEX["medical_costs"]].sum() < 0
