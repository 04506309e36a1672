"""Illness (model.shocks): onset, recovery and medical costs by household."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import shocks
from model.households import SOURCE_INDEX
from model.rng import Streams


@given(rate=st.floats(0, 1))
def test_twelve_monthly_probabilities_make_the_yearly_one(rate):
    monthly = shocks.per_month(rate)
    assert 0 <= monthly <= rate + 1e-12
    assert 1 - (1 - monthly) ** 12 == pytest.approx(rate, abs=1e-9)


def test_illness_keeps_the_ill_within_the_working_members_and_cover_cuts_costs(population, params):
    streams = Streams(5)
    covered = population.n_working > 0
    population.medical_cover[covered] = 1.0
    for month in range(60):
        shocks.illness_month(population, params, streams.get("illness", month), 2016)
        assert (population.n_ill_working >= 0).all()
        assert (population.n_ill_working <= population.n_working).all()
    costs = population.income[SOURCE_INDEX["medical_costs"]]
    assert not costs[covered].any()  # fully covered households pay nothing
    assert (costs <= 0).all() and costs[~covered].any()
