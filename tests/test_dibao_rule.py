"""Dibao's rule (model.programs.dibao.rule): who qualifies, the standard, take-up, rationing."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import default_parameters
from model.households import SOURCE_INDEX
from model.order import CAPACITY_SLACK
from model.programs.dibao import decide_dibao
from model.programs.dibao.rule import ration
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


@pytest.fixture
def tested():
    """A county whose last year's income is known: half its households earned nothing."""
    population = synthesize(3000, PARAMS, Streams(2))
    population.last_residents[...] = population.size
    population.last_income[...] = 0.0
    population.last_income[SOURCE_INDEX["crops"], ::2] = 1e6  # every other household is rich
    return population


def test_dibao_fills_part_of_the_gap_of_every_rural_household_below_the_standard(tested):
    u = np.zeros(len(tested))  # everyone eligible is covered
    monthly = decide_dibao(tested, PARAMS, 2015, 3500.0, 2855.0, u)
    covered = monthly > 0
    poor = tested.rural.copy()
    poor[::2] = False  # above the standard
    assert covered.any() and (covered == poor).all()
    filled = PARAMS.value("dibao.gap_filled")
    assert monthly[covered] == pytest.approx(filled * 3500.0 * tested.size[covered] / 12)


def test_the_means_test_counts_every_income_but_dibao(tested):
    u = np.zeros(len(tested))
    transfers = SOURCE_INDEX["transfers"]
    tested.last_income[transfers, 1::2] = 5000.0 * tested.size[1::2]  # a pension, say
    assert not (decide_dibao(tested, PARAMS, 2015, 3500.0, 2855.0, u) > 0).any()
    # the same transfers, all of them last year's dibao: the test leaves them out
    paid = tested.last_income[transfers].copy()
    assert (decide_dibao(tested, PARAMS, 2015, 3500.0, 2855.0, u, paid) > 0)[1::2].any()


def test_households_on_dibao_keep_it_while_below_the_standard(tested):
    nobody_new = PARAMS.with_overrides({"dibao.coverage": 0.0})
    tested.dibao[:100] = True  # last year's recipients: half of them rich now
    covered = decide_dibao(tested, nobody_new, 2015, 3500.0, 2855.0, np.full(3000, 0.5)) > 0
    still_poor = tested.dibao & tested.rural
    still_poor[::2] = False
    assert (covered == still_poor).all() and covered.any()


def test_coverage_zero_covers_nobody_before_the_two_lines(tested):
    none = PARAMS.with_overrides({"dibao.coverage": 0.0})
    assert not decide_dibao(tested, none, 2015, 3500.0, 2855.0, np.full(3000, 0.5)).any()


def test_from_2016_the_standard_is_at_least_the_poverty_line(tested):
    u = np.zeros(len(tested))
    before = decide_dibao(tested, PARAMS, 2015, 2000.0, 2855.0, u)
    after = decide_dibao(tested, PARAMS, 2016, 2000.0, 2855.0, u)
    covered = after > 0
    assert (before[covered] > 0).all()
    assert after[covered] == pytest.approx(before[covered] * 2855.0 / 2000.0)


def test_from_2016_registered_households_below_the_standard_are_covered(tested):
    tested.registered[: len(tested) // 3] = True
    only_registered = PARAMS.with_overrides(
        {"dibao.coverage": 0.0, "dibao.registered_coverage": 1.0, "dibao.no_labour_coverage": 0.0}
    )
    u = np.full(len(tested), 0.5)
    covered = decide_dibao(tested, only_registered, 2016, 4100.0, 2952.0, u) > 0
    eligible = tested.rural & tested.registered
    eligible[::2] = False
    assert covered.any() and (covered == eligible).all()
    assert not (decide_dibao(tested, only_registered, 2015, 4100.0, 2952.0, u) > 0).any()


def test_from_2016_households_that_cannot_work_are_covered_first(tested):
    # dibao as the floor (兜底): eligible households without a member able to work
    floor_only = PARAMS.with_overrides({"dibao.coverage": 0.0, "dibao.no_labour_coverage": 1.0})
    no_labour = tested.n_able == 0
    assert no_labour.any() and (~no_labour).any()
    u = np.full(len(tested), 0.5)
    covered = decide_dibao(tested, floor_only, 2016, 4100.0, 2952.0, u) > 0
    eligible = tested.rural & no_labour
    eligible[::2] = False  # the rich half
    assert covered.any() and (covered == eligible).all()
    # before the two lines were linked, the general coverage applies to them too
    assert not (decide_dibao(tested, floor_only, 2015, 4100.0, 2952.0, u) > 0).any()


@settings(max_examples=60, deadline=None)
@given(
    monthly=st.lists(st.floats(0.0, 2000.0), min_size=1, max_size=40),
    months=st.integers(1, 12),
    money=st.floats(0.0, 500_000.0),
    places=st.floats(0.0, 200.0),
    data=st.data(),
)
def test_rationing_stays_within_the_money_and_the_places_largest_need_first(
    monthly, months, money, places, data
):
    monthly = np.array(monthly)
    size = np.array(
        data.draw(st.lists(st.integers(1, 8), min_size=len(monthly), max_size=len(monthly)))
    )
    chosen = ration(monthly, size, months, money, places)
    assert len(set(chosen.tolist())) == chosen.size  # each candidate once
    # within the money and the places, up to the selection's slack (a nano-yuan or -person)
    assert (months * monthly[chosen]).sum() <= money + CAPACITY_SLACK
    assert size[chosen].sum() <= places + CAPACITY_SLACK
    # the largest allowance per person first, ties by position, and nobody skipped: the
    # chosen are the first of that order
    order = np.argsort(-(monthly / size), kind="stable")
    assert np.array_equal(chosen, order[: chosen.size])
