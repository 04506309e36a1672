"""Budgets and ledgers (model.aid.funding): no program spends more than it was given."""

import math

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from model.aid import BudgetExceeded, Ledger
from model.aid.funding import LEDGER_TYPES, stack_ledgers

budgets = st.dictionaries(st.integers(2011, 2020), st.floats(0, 1e8), max_size=5)
attempts = st.lists(st.tuples(st.integers(2011, 2020), st.floats(0, 5e7)), max_size=30)


@given(budget=budgets, spends=attempts)
def test_a_ledger_never_spends_more_than_it_was_given(budget, spends):
    ledger = Ledger(budget)
    for year, amount in sorted(spends):
        try:
            ledger.spend(year, 6, amount, "test")
        except BudgetExceeded:
            pass
        assert ledger.spent <= ledger.given_through(year) * (1 + 1e-9) + 1e-6


def test_overspending_raises():
    ledger = Ledger({2017: 100.0})
    ledger.spend(2017, 1, 60.0, "a")
    with pytest.raises(BudgetExceeded, match="exceeds"):
        ledger.spend(2017, 2, 50.0, "b")
    with pytest.raises(BudgetExceeded):
        ledger.spend(2016, 2, 1.0, "before the money came")
    ledger.spend(2018, 1, 40.0, "unspent money carries over")
    assert ledger.spent == pytest.approx(100.0)


def test_negative_budget_rejected():
    with pytest.raises(ValueError, match="negative"):
        Ledger({2017: -1.0})


@given(
    budget=st.floats(1.0, 1e8),
    first_month=st.integers(1, 12),
    spent_before=st.floats(0, 1),
)
@example(budget=16777217.0, first_month=1, spent_before=0.9999999999999999)
def test_the_month_allowance_spends_what_is_available_evenly_to_december(
    budget, first_month, spent_before
):
    ledger = Ledger({2017: budget})
    ledger.spend(2017, 1, spent_before * budget, "earlier")
    allowances = []
    for month in range(1, 13):
        amount = ledger.month_allowance(2017, month, first_month)
        allowances.append(amount)
        if amount > 0:
            ledger.spend(2017, month, amount, "this month")
    assert all(a == 0 for a in allowances[: first_month - 1])
    spent = allowances[first_month - 1 :]
    # Evenly, up to the rounding of money already spent: what is left is budget - spent, exact
    # only to a few units in the last place of the budget (hypothesis found 16,777,217 yuan with
    # all but 3e-9 spent before, whose twelfths differ by one such unit).
    rounding = 8 * math.ulp(budget)
    assert spent == pytest.approx([spent[0]] * len(spent), rel=1e-9, abs=max(1e-9, rounding))
    assert ledger.available(2017) == pytest.approx(0.0, abs=1e-6)  # all of it by December


def test_a_closed_ledger_gives_nothing_after_its_last_year():
    ledger = Ledger({2019: 100.0, 2021: 50.0}, closes_after=2020)
    assert ledger.funded and ledger.funds(2019) and not ledger.funds(2020)
    assert ledger.month_allowance(2020, 12) == pytest.approx(100.0)  # carried over
    assert ledger.available(2021) == 0.0 and ledger.month_allowance(2021, 1) == 0.0
    assert not Ledger({2019: 0.0}).funded


def _ledger_with(entries: list[tuple[str, float, float]]) -> Ledger:
    ledger = Ledger({2015: 1e6})
    for item, yuan, quantity in entries:
        ledger.spend(2015, 3, yuan, item, quantity, "households")
    ledger.flow(2015, 12, 5, "dividends", 7, "households")
    return ledger


@pytest.mark.parametrize("with_empty", [False, True])
def test_stacked_ledgers_hold_every_entry_with_its_labels_in_typed_columns(with_empty):
    ledgers = [
        (_ledger_with([("seed", 100.0, 3), ("feed", 50.5, 2.5)]), {"program": "a", "funder": "x"}),
        (_ledger_with([("bricks", 10.0, 4)]), {"program": "b", "funder": "y"}),
    ]
    if with_empty:
        ledgers.insert(1, (Ledger({2015: 0.0}), {"program": "c", "funder": "z"}))
    stacked = stack_ledgers(ledgers)
    assert stacked.item.tolist() == ["seed", "feed", "dividends", "bricks", "dividends"]
    assert stacked.program.tolist() == ["a", "a", "a", "b", "b"]
    assert stacked.funder.tolist() == ["x", "x", "x", "y", "y"]
    assert stacked.quantity.tolist() == [3.0, 2.5, 7.0, 4.0, 7.0]
    # the same types with or without an empty ledger, and for an empty ledger alone: a run
    # whose programs all spent and one where some did not give tables of one shape
    for table in (stacked, ledgers[0][0].to_frame(), Ledger({2015: 0.0}).to_frame()):
        types = {name: str(table[name].dtype) for name in LEDGER_TYPES}
        assert types == {
            name: str(pd.Series([], dtype=t).dtype) for name, t in LEDGER_TYPES.items()
        }
    for ledger, labels in ledgers:  # each ledger's rows are its own table with its labels
        rows = stacked[stacked.program == labels["program"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            rows, ledger.to_frame().assign(**labels), check_exact=True, check_dtype=False
        )
