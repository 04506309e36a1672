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


def test_illness_keeps_the_ill_within_the_working_members_and_charges_the_gross_bill(
    population, params
):
    streams = Streams(5)
    charged = 0.0
    for month in range(60):
        shocks.illness_month(population, params, streams.get("illness", month), 2016)
        assert (population.n_ill_working >= 0).all()
        assert (population.n_ill_working <= population.n_working).all()
        # a new month's bill, nothing of it paid yet (payers pay after illness, model.aid.medical)
        assert (population.medical_bill >= 0).all() and not population.medical_paid.any()
        charged += population.medical_bill.sum()
    costs = population.income[SOURCE_INDEX["medical_costs"]]
    assert (costs <= 0).all() and costs.any()
    assert -costs.sum() == pytest.approx(charged)  # the household spends the whole bill
