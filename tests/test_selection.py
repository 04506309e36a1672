"""Choosing households (model.aid.selection): the poor first, take-up, capacity in people."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import LinxiModel
from model.aid.selection import (
    KeptHouseholds,
    fill_in_order,
    fill_poor_first,
    first_reaching,
    households_per_village,
    in_order,
    longest_prefix,
    poor_households,
    refill,
    return_land,
    take_dry_land,
    take_people,
    take_up,
)


@settings(max_examples=200, deadline=None)
@given(pool=st.integers(0, 10_000), demand=st.floats(0, 1e5), extra=st.floats(0, 1e5))
def test_take_up_is_monotone_and_bounded(pool, demand, extra):
    low, high = take_up(pool, demand), take_up(pool, demand + extra)
    assert 0 <= low <= high <= pool
    assert low <= math.ceil(demand) + 1


@settings(max_examples=100, deadline=None)
@given(
    room=st.lists(st.floats(0, 100), min_size=1, max_size=50),
    amount=st.floats(0, 3000),
    n=st.integers(0, 60),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_allocation_helpers_respect_room_eligibility_and_size(room, amount, n, share, seed):
    rng = np.random.default_rng(seed)
    room = np.asarray(room)
    order = rng.permutation(room.size)
    given_ = fill_in_order(room, order, amount)
    assert (given_ >= 0).all() and (given_ <= room + 1e-9).all()
    assert given_.sum() == pytest.approx(min(amount, room.sum()), rel=1e-9, abs=1e-6)

    eligible = rng.random(room.size) < 0.7
    registered = rng.random(room.size) < 0.3
    current = rng.random(room.size) < 0.4
    chosen = refill(current, eligible, n, share, registered, rng.random(room.size))
    assert not (chosen & ~eligible).any()
    assert chosen.sum() == min(n, eligible.sum())
    stayers = current & eligible
    if n >= stayers.sum():
        assert (chosen[stayers]).all()


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 5_000), capacity=st.floats(-10, 20_000), seed=st.integers(0, 2**16))
def test_people_are_taken_as_along_the_whole_order(n, capacity, seed):
    rng = np.random.default_rng(seed)
    size = rng.integers(0, 7, n)  # (empty households too)
    order = rng.permutation(n)
    expected = longest_prefix(order, size, capacity)
    assert np.array_equal(take_people(order, size, capacity), expected)


@settings(max_examples=50, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=0, max_size=40),
    low=st.floats(0, 200),
    extra=st.floats(0, 200),
)
def test_more_capacity_never_takes_fewer_households(sizes, low, extra):
    size = np.array(sizes, dtype=int)
    order = np.arange(size.size)[::-1]
    few, more = take_people(order, size, low), take_people(order, size, low + extra)
    assert size[few].sum() <= low + 1e-9
    assert few.size <= more.size and np.array_equal(more[: few.size], few)


@settings(max_examples=100, deadline=None)
@given(
    room=st.lists(st.floats(0, 50), min_size=1, max_size=40),
    amount=st.floats(0, 1000),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_the_poor_get_their_share_first_and_nobody_more_than_their_room(room, amount, share, seed):
    rng = np.random.default_rng(seed)
    room = np.asarray(room)
    registered = rng.random(room.size) < 0.4
    given_ = fill_poor_first(room, registered, amount, share, rng.random(room.size))
    assert (given_ >= 0).all() and (given_ <= room + 1e-9).all()
    assert given_.sum() == pytest.approx(min(amount, room.sum()), rel=1e-9, abs=1e-6)
    poor_room = room[registered].sum()
    assert given_[registered].sum() >= min(share * amount, poor_room) - 1e-6


def test_in_order_sorts_candidates_by_their_draws():
    u = np.array([0.9, 0.1, 0.5, 0.3])
    assert in_order(np.array([0, 2, 3]), u).tolist() == [3, 2, 0]


def test_land_taken_for_a_facility_goes_back_when_it_closes():
    model = LinxiModel(households=300, rng=2)
    population = model.households
    before = population.land_dry.copy()
    candidates = population.rural.copy()
    taken = take_dry_land(population, candidates, 25.0, np.linspace(0, 1, len(population)))
    assert taken.sum() == pytest.approx(min(25.0, before[candidates].sum()))
    assert (taken <= before + 1e-12).all() and not taken[~candidates].any()
    return_land(population, taken)
    np.testing.assert_allclose(population.land_dry, before)
    assert not taken.any()


def test_households_per_village_counts_the_masks_households_in_each_village():
    model = LinxiModel(households=400, rng=5)
    village = model.households.village
    mask = np.arange(len(village)) % 3 == 0
    counts = households_per_village(model, mask)
    assert counts.shape == (model.n_villages,)
    for v in range(model.n_villages):
        assert counts[v] == np.count_nonzero(mask & (village == v))
    assert counts.sum() == mask.sum()
    assert not households_per_village(model, np.zeros(len(village), dtype=bool)).any()


def test_before_registration_the_poor_are_those_below_the_line_without_transfers():
    model = LinxiModel(households=500, rng=3, end_year=2012)
    assert not poor_households(model, keep_exited=True).any()  # no complete year yet
    for _ in range(13):
        model.step()
    poor = poor_households(model, keep_exited=True)
    assert poor.any() and not poor[model.households.urban].any()
    model.households.registered[:10] = True
    assert poor_households(model, keep_exited=True).sum() == 10


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 400),
    seed=st.integers(0, 2**32 - 1),
    target=st.floats(-10.0, 3_000.0),
    ties=st.booleans(),
)
def test_first_reaching_is_the_sorted_order_cut_where_the_total_reaches_the_target(
    n, seed, target, ties
):
    rng = np.random.default_rng(seed)
    u = rng.random(n)
    if ties:  # draws shared by several candidates keep their index order
        u = np.round(u, 1)
    values = rng.integers(0, 20, n).astype(float)
    candidates = np.flatnonzero(rng.random(n) < 0.7)
    order = in_order(candidates, u)
    cumulative = np.cumsum(values[order])
    cut = int(np.searchsorted(cumulative, target, side="left")) + 1
    expected = order[: min(cut, order.size)] if target > 0 else order[:0]
    np.testing.assert_array_equal(first_reaching(candidates, u, values, target), expected)


def test_first_reaching_ends_for_a_target_too_small_for_its_share_to_be_a_float() -> None:
    """A target whose share of the values underflows to 0 still finds its first candidate."""
    u = np.linspace(0.0, 1.0, 5)
    values = np.full(5, 1e5)
    candidates = np.arange(5)
    np.testing.assert_array_equal(first_reaching(candidates, u, values, 5e-324), [0])


def test_kept_households_are_found_again_only_when_an_array_changes():
    registered, size = np.array([True, False, True]), np.array([2, 3, 0], dtype=np.int16)
    calls = []

    def find():
        calls.append(1)
        return (np.flatnonzero(registered & (size > 0)),)

    kept = KeptHouseholds()
    first = kept.get((registered, size), find)
    assert kept.get((registered, size), find) is first and len(calls) == 1
    assert not first[0].flags.writeable  # shared: read-only
    size[2] = 1  # changed in place: compared by content, not identity
    assert list(kept.get((registered, size), find)[0]) == [0, 2] and len(calls) == 2
    registered[0] = False
    assert list(kept.get((registered, size), find)[0]) == [2] and len(calls) == 3
    assert list(kept.get((registered.copy(), size.copy()), find)[0]) == [2] and len(calls) == 3


def test_kept_households_are_found_again_when_a_number_in_their_key_changes():
    mask = np.array([True, False, True])
    calls = []

    def find():
        calls.append(1)
        return (np.flatnonzero(mask),)

    kept = KeptHouseholds()
    kept.get((2019, mask), find)
    kept.get((2019, mask), find)
    assert len(calls) == 1
    kept.get((2020, mask), find)  # a new year: found again though the mask is the same
    assert len(calls) == 2
