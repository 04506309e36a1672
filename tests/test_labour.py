"""The labour market (model.labour): work away, hiring with a poor quota, quits, closures."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from model import labour
from model.rng import Streams


@given(n_poor=st.integers(0, 1000), share=st.floats(0, 1))
def test_the_non_poor_allowed_keep_the_poor_share_at_the_quota(n_poor, share):
    allowed = labour.non_poor_allowed(n_poor, share)
    if share <= 0:
        assert allowed == math.inf
    elif n_poor + allowed > 0 and math.isfinite(allowed):
        assert n_poor / (n_poor + allowed) >= share - 1e-9


def test_hiring_fills_the_vacancies_and_meets_the_poor_quota(population, params):
    population.registered[::3] = True
    n = len(population)
    hired = labour.hire(population, 7, 40, 0.5, params, np.zeros(n), np.linspace(0, 1, n))
    staff = population.employer == 7
    assert hired == staff.sum() == 40
    assert (staff & population.registered).sum() >= 20
    assert not (staff & population.urban).any()


def test_nobody_is_hired_when_nobody_accepts(population, params):
    n = len(population)
    assert labour.hire(population, 2, 10, 0.3, params, np.ones(n), np.zeros(n)) == 0


def test_a_closed_firm_releases_all_its_workers(population):
    population.employer[:30] = 4
    population.employer[30:40] = 5
    assert labour.release_workers(population, 4) == 30
    assert not (population.employer == 4).any() and (population.employer == 5).sum() == 10


def test_workers_quit_at_their_rate_and_when_nobody_is_left_at_home(population, params):
    population.employer[:] = 1
    labour.quit_jobs(population, params, np.ones(len(population)), 2016)  # no random quits
    np.testing.assert_array_equal(population.employer == 1, population.n_able > population.n_away)
    labour.quit_jobs(population, params, np.zeros(len(population)), 2016)  # everyone quits
    assert not (population.employer >= 0).any()


def test_only_free_rural_members_work_away(population, params):
    population.employer[:100] = 0
    labour.decide_work_away(population, params, Streams(2).get("migration", 2), 2016)
    assert not population.n_away[population.urban].any()
    free = np.maximum(population.n_able - (population.employer >= 0), 0)
    assert (population.n_away <= free).all() and population.n_away.any()
