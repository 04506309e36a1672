import numpy as np
import pytest

from model import default_parameters
from model.households import ADULT_AGE, ELDERLY_AGE
from model.labour import decide_work, hire, non_poor_allowed, quit_jobs
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _able(population):
    age = population.age
    return ((age >= ADULT_AGE) & (age < ELDERLY_AGE) & ~population.ill) & population.rural[None, :]


def test_the_share_away_follows_the_year_and_the_young_go_first():
    population = synthesize(20_000, PARAMS, Streams(1))
    able = _able(population)
    decide_work(population, PARAMS, Streams(1).get("migration", 2), 2014)
    share = population.n_away.sum() / able.sum()
    assert share == pytest.approx(PARAMS.at("labour.away_participation", 2014), abs=0.01)
    decide_work(population, PARAMS, Streams(1).get("migration", 110), 2020)
    assert population.n_away.sum() / able.sum() < share


def test_local_wage_work_goes_to_members_at_home():
    population = synthesize(20_000, PARAMS, Streams(2))
    able = _able(population).sum(axis=0)
    decide_work(population, PARAMS, Streams(2).get("migration", 2), 2015)
    at_home = able - population.n_away
    assert (population.n_local_jobs <= at_home).all()
    share = population.n_local_jobs.sum() / at_home.sum()
    assert share == pytest.approx(PARAMS.at("labour.local_work_participation", 2015), abs=0.015)
    assert (population.n_away[population.urban] == 0).all()
    remote, near = population.remoteness > 0.8, population.remoteness < 0.2
    assert population.n_local_jobs[remote].sum() / at_home[remote].sum() < (
        population.n_local_jobs[near].sum() / at_home[near].sum()
    )


def test_a_member_with_a_firm_job_neither_goes_away_nor_takes_other_work():
    population = synthesize(5000, PARAMS, Streams(3))
    able = _able(population).sum(axis=0)
    one_able = np.flatnonzero(able == 1)
    population.employer[one_able] = 0
    params = PARAMS.with_overrides(
        {"labour.away_participation": 0.9, "labour.local_work_participation": 1.0}
    )
    decide_work(population, params, Streams(3).get("migration", 2), 2015)
    assert (population.n_away[one_able] == 0).all()
    assert (population.n_local_jobs[one_able] == 0).all()


def test_hiring_meets_the_poor_quota_and_quits_end_jobs():
    population = synthesize(5000, PARAMS, Streams(4))
    population.registered[population.rural & (np.arange(len(population)) % 5 == 0)] = True
    u = Streams(4).get("hire").random((2, len(population)))
    hired = hire(population, 7, 100, 0.3, PARAMS, u[0], u[1])
    staff = population.employer == 7
    assert hired == staff.sum() <= 100
    assert (staff & population.registered).sum() >= 0.3 * staff.sum() - 1
    quit_jobs(population, PARAMS, np.zeros(len(population)), 2015)
    assert (population.employer == -1).all()
    assert non_poor_allowed(3, 0.3) == 7 and non_poor_allowed(5, 0.0) == float("inf")
