"""The cash family: direct cash transfers to registered-poor households."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from program_checks import (
    assert_ledger_within_budget,
    assert_same_households,
    dibao_paid,
    program,
    rows,
    run,
)

from model import Scenario
from model.households import SOURCE_INDEX
from model.programs.cash_transfers import fill_from_bottom

TRANSFERS = SOURCE_INDEX["transfers"]
MONEY = {"programs.cash_transfers.funding_yuan": {2016: 4e7, 2017: 4e7}}
#: Medical assistance shares the year's money among the registered and dibao households' bills:
#: when the cash lifts registered households, the others' shares move (by a few yuan a
#: household, where the money binds), so the cash's own payments are measured without it.
NO_ASSISTANCE = {"programs.medical_assistance.enabled": False}


def _transfers_but_dibao(model):
    """Last year's transfers less the year's dibao, which answers the cash during the year.

    Dibao's reviews test income during the year: a registered household the cash lifts is not
    granted, and the money it would have taken goes to others, registered or not.
    """
    return model.households.last_income[TRANSFERS] - dibao_paid(model)


def test_the_default_budget_is_zero_so_the_baseline_is_unchanged():
    default = run(end_year=2017)
    off = run({"programs.cash_transfers.enabled": False}, end_year=2017)
    assert_same_households(default, off)
    assert program(default, "cash_transfers").ledger.spent == 0
    assert rows(default, "cash_transfers").beneficiaries.sum() == 0


def test_cash_raises_the_transfers_of_registered_poor_households_only():
    # the first year of money, net of dibao (which answers the cash at its reviews during the
    # year, and from the next January on last year's income) and without medical assistance
    paid = run({**MONEY, **NO_ASSISTANCE}, end_year=2016)
    none = run(NO_ASSISTANCE, end_year=2016)
    gain = _transfers_but_dibao(paid) - _transfers_but_dibao(none)
    cash = rows(paid, "cash_transfers")
    assert cash.loc[2016, "income_delivered_yuan"] == pytest.approx(gain.sum(), rel=0.02)
    # registered when paid: registered at the end of the year, or removed by its re-check
    paid_to = paid.households.registered | paid.households.removed
    assert (gain[~paid_to] <= 1e-6).all()
    assert (gain[paid_to] >= -1e-6).all()
    assert_ledger_within_budget(paid, "cash_transfers")
    assert cash.loc[2016, "spent_yuan"] == pytest.approx(cash.loc[2016, "budget_yuan"])


def test_even_payments_give_every_eligible_household_the_same():
    model = run({**MONEY, **NO_ASSISTANCE}, end_year=2016)
    ledger = program(model, "cash_transfers").ledger.to_frame()
    assert len(ledger) == 12  # monthly payments
    gain = _transfers_but_dibao(model) - _transfers_but_dibao(run(NO_ASSISTANCE, end_year=2016))
    got = gain[gain > 1e-6]
    # Everyone registered all year got twelve equal shares; the same every month.
    assert got.max() == pytest.approx(ledger.yuan.sum() / ledger.quantity.iloc[0], rel=0.02)


def test_lowest_first_pays_the_lowest_incomes_once_a_year():
    lowest_first = {
        "parameters.cash_transfers.share_lowest_first": 1.0,
        "parameters.cash_transfers.payments_per_year": 1,
    }
    paid = run({**MONEY, **lowest_first}, end_year=2016)
    assert program(paid, "cash_transfers").ledger.to_frame().month.tolist() == [12]
    gain = (
        paid.households.last_income[TRANSFERS]
        - run(end_year=2016).households.last_income[TRANSFERS]
    )
    before = run(end_year=2015).households  # the state the December 2016 payment saw
    income_pc = before.net_income_pc(last_year=True)
    # Households dissolved (every member died or left) by the payment receive nothing.
    eligible = before.registered & (paid.households.size > 0)
    got = eligible & (gain > 1e-6)
    assert got.any() and (eligible & ~got).any()
    assert income_pc[got].max() <= income_pc[eligible & ~got].min() + 1e-6
    assert (gain[~eligible] <= 1e-6).all()


def test_payments_per_year_must_divide_twelve():
    # refused with the scenario, before a model is built (model/limits.py CHOICES)
    with pytest.raises(ValueError, match="cash_transfers.payments_per_year.*one of 1, 2, 3"):
        Scenario(name="bad").with_overrides(
            {**MONEY, "parameters.cash_transfers.payments_per_year": 5}
        )


def test_cash_can_take_another_familys_budget():
    model = run({"programs.cash_transfers.same_budget_as_family": "services"}, end_year=2018)
    cash = program(model, "cash_transfers").ledger.budget
    services = [p for p in model.programs if p.family == "services"]
    for year in (2017, 2018):
        assert cash[year] == pytest.approx(sum(p.ledger.budget.get(year, 0) for p in services))


def test_cash_stops_when_the_budget_stops():
    model = run(MONEY, end_year=2019)
    own = rows(model, "cash_transfers")
    assert own.loc[2018:, "spent_yuan"].sum() == 0 and own.loc[2018:, "beneficiaries"].sum() == 0


def test_more_cash_never_fewer_beneficiaries():
    # in the year the money is given; later, more cash lifts more households out of the
    # register (exits by plan), and only registered households receive it
    for share in (0.0, 1.0):
        lever = {"parameters.cash_transfers.share_lowest_first": share}
        base = rows(run({**MONEY, **lever}, end_year=2016), "cash_transfers")
        double = rows(
            run({**MONEY, **lever, "programs.cash_transfers.funding_scale": 2.0}, end_year=2016),
            "cash_transfers",
        )
        assert base.beneficiaries.sum() > 0
        assert (double.beneficiaries >= base.beneficiaries).all()


@settings(max_examples=80, deadline=None)
@given(
    incomes=st.lists(st.floats(-5e3, 2e4), min_size=1, max_size=30),
    sizes=st.data(),
    money=st.floats(0, 1e6),
    extra=st.floats(0, 1e6),
)
def test_filling_from_the_bottom(incomes, sizes, money, extra):
    income = np.array(incomes)
    size = np.array(
        sizes.draw(st.lists(st.integers(1, 6), min_size=len(incomes), max_size=len(incomes)))
    )
    amounts = fill_from_bottom(income, size, money)
    assert (amounts >= 0).all()
    assert amounts.sum() == pytest.approx(money, rel=1e-9, abs=1e-6)
    after = income + amounts / size
    paid = amounts > 0
    if paid.any() and (~paid).any():
        # Nobody unpaid is poorer than the level the paid were raised to.
        assert income[~paid].min() >= after[paid].max() - 1e-6
    more = fill_from_bottom(income, size, money + extra)
    assert (more >= amounts - 1e-6).all()
