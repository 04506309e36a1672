"""Placing registered-poor job seekers (model.aid.placement): the seeker pool and the offers."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from model.aid import placement
from model.aid.placement import offer_probability, seeker_pool
from model.programs import job_placement


@given(
    places=st.floats(0, 1e5, allow_nan=False),
    more=st.floats(0, 1e5, allow_nan=False),
    pool=st.integers(0, 10_000),
)
def test_offers_have_diminishing_returns(places, more, pool):
    p = offer_probability(places, pool)
    assert 0 <= p <= 1 and offer_probability(places + more, pool) >= p
    if pool > 0:
        assert p * pool <= places + 1e-9


def test_seekers_are_the_free_members_of_rural_registered_households(population):
    population.registered[::2] = True
    pool = seeker_pool(population)
    eligible = population.registered & population.rural
    assert np.array_equal(pool[eligible], population.n_free[eligible])
    assert not pool[~eligible].any()


def test_the_jobs_programs_module_still_exports_the_mechanism():
    for name in placement.__all__:
        assert getattr(job_placement, name) is getattr(placement, name)
