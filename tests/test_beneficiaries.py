"""Beneficiaries counted by channel, each person once (model.aid.beneficiaries)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.aid.beneficiaries import CHANNELS, Reach, sorted_union

SIZE = np.array([4, 3, 2, 5, 1], dtype=np.int16)
REGISTERED = np.array([True, False, True, False, True])


def test_a_household_channel_counts_every_member():
    reach = Reach(5)
    reach.add("dividends", np.array([0, 2]), SIZE, None)
    assert reach.counted(SIZE).tolist() == [4, 0, 2, 0, 0]


def test_a_person_channel_counts_the_members_reached():
    reach = Reach(5)
    reach.add("workers", np.array([0, 3]), SIZE, None)
    reach.add("trainees", np.array([3]), SIZE, np.array([2]))
    # household 3: one worker and two trainees may be the same people: the larger count
    assert reach.counted(SIZE).tolist() == [1, 0, 0, 2, 0]


def test_each_person_is_counted_once_across_channels():
    # the egg farm: dividend households, workers and sellers
    reach = Reach(5)
    reach.add("dividends", np.array([0, 2]), SIZE, None)
    reach.add("workers", np.array([0, 1]), SIZE, None)
    reach.add("sellers", np.array([1, 2, 3]), SIZE, None)
    counted = reach.counted(SIZE)
    assert counted.tolist() == [4, 1, 2, 1, 0]
    rows = {row["channel"]: row for row in reach.rows(SIZE, REGISTERED)}
    assert rows["dividends"] == {
        "channel": "dividends",
        "counts": "household",
        "households": 2,
        "people": 6,
        "counted": 6,
        "counted_registered": 6,
    }
    assert rows["sellers"]["households"] == 3
    assert rows["sellers"]["people"] == 10
    assert rows["sellers"]["counted"] == 3
    assert rows["sellers"]["counted_registered"] == 1


def test_a_count_never_exceeds_the_household_and_a_repeat_is_not_added():
    reach = Reach(5)
    reach.add("patients", np.array([4]), SIZE, np.array([3]))
    reach.add("patients", np.array([4]), SIZE, np.array([1]))
    assert reach.counted(SIZE).tolist() == [0, 0, 0, 0, 1]


def test_a_mask_works_like_indices_and_clear_starts_afresh():
    reach = Reach(5)
    reach.add("moved", SIZE > 3, SIZE, None)
    assert reach.counted(SIZE).tolist() == [4, 0, 0, 5, 0]
    reach.clear()
    assert not reach.counted(SIZE).any()
    assert reach.rows(SIZE, REGISTERED) == []


def test_an_unknown_channel_is_refused():
    with pytest.raises(KeyError):
        Reach(5).add("friends", np.array([0]), SIZE, None)


def test_every_channel_has_a_rule():
    for name, channel in CHANNELS.items():
        assert channel.name == name
        assert channel.counts in ("household", "person")
        assert channel.rule


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(CHANNELS)), st.lists(st.integers(0, 4), max_size=5)),
        max_size=6,
    )
)
def test_counted_is_between_the_largest_channel_and_all_members(calls):
    reach = Reach(5)
    for channel, households in calls:
        reach.add(channel, np.unique(np.array(households, dtype=np.int64)), SIZE, None)
    counted = reach.counted(SIZE)
    assert (counted <= SIZE).all()
    for row in reach.rows(SIZE, REGISTERED):
        assert counted.sum() >= row["counted"]
    reached = np.zeros(5, dtype=bool)
    for counts in reach.by_channel.values():
        reached |= counts > 0
    assert ((counted > 0) == reached).all()


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(CHANNELS)),
            st.lists(st.integers(0, 4), max_size=5),
            st.integers(0, 6),
        ),
        max_size=6,
    )
)
def test_totals_and_reached_equal_those_of_the_whole_county(calls):
    reach = Reach(5)
    for channel, households, people in calls:
        households = np.unique(np.array(households, dtype=np.int64))
        reach.add(channel, households, SIZE, np.full(households.size, people, dtype=np.int16))
        # found again after each write
        assert reach.reached(channel).tolist() == np.flatnonzero(reach.by_channel[channel]).tolist()
    counted = reach.counted(SIZE)
    expected = (int(counted.sum()), int(np.count_nonzero(counted)), int(counted[REGISTERED].sum()))
    assert reach.totals(SIZE, REGISTERED) == expected
    everyone = np.arange(5)
    assert (reach.counted(SIZE, everyone) == counted).all()
    for channel, counts in reach.by_channel.items():
        assert reach.reached(channel).tolist() == np.flatnonzero(counts).tolist()


@given(st.lists(st.lists(st.integers(0, 99), max_size=8), min_size=1, max_size=4))
def test_sorted_union_is_the_indices_of_any_part_in_order_each_once(parts):
    arrays = [np.array(part, dtype=np.intp) for part in parts]
    assert sorted_union(arrays).tolist() == sorted(set().union(*parts))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["recipients", "workers", "patients"]),
            st.lists(st.integers(0, 159), max_size=6),
            st.integers(0, 3),
        ),
        max_size=8,
    )
)
def test_reached_merges_the_few_households_written_as_a_pass_finds_them(calls):
    # a county large enough that the few households written are merged by a sort
    size = np.arange(160, dtype=np.int16) % 4
    reach = Reach(160)
    for call, (channel, households, people) in enumerate(calls):
        households = np.unique(np.array(households, dtype=np.intp))
        reach.add(channel, households, size, np.full(households.size, people, dtype=np.int16))
        if call % 2:  # asked now and then: merged with the households found before
            assert (
                reach.reached(channel).tolist()
                == np.flatnonzero(reach.by_channel[channel]).tolist()
            )
    for channel, counts in reach.by_channel.items():
        assert reach.reached(channel).tolist() == np.flatnonzero(counts).tolist()
    counted = reach.counted(size)
    registered = np.arange(160) % 3 == 0
    expected = (int(counted.sum()), int(np.count_nonzero(counted)), int(counted[registered].sum()))
    assert reach.totals(size, registered) == expected
