"""Tests of model.memory: the estimate of a run's memory, and numpy's huge-page advice."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from model import LinxiModel, memory

setter = memory._set_hugepage_advice
needs_switch = pytest.mark.skipif(setter is None, reason="this numpy has no huge-page switch")


def advice_on() -> bool:
    """numpy's huge-page advice as it stands (the switch only reports by being set)."""
    state = setter(True)
    setter(state)
    return state


@pytest.fixture
def advice_restored():
    """Leave the process's setting as the test found it."""
    if setter is None:
        yield
        return
    state = advice_on()
    yield
    setter(state)


def test_estimate_grows_by_bytes_per_household():
    assert memory.estimate_bytes(0) == memory.BASE_BYTES
    assert memory.estimate_bytes(1_000) - memory.estimate_bytes(0) == 1_000 * 600


@needs_switch
@pytest.mark.parametrize("before", [True, False])
def test_small_pages_turns_the_advice_off_and_restores_it(before, advice_restored):
    setter(before)
    with memory.small_pages():
        assert not advice_on()
        # arrays are made as usual meanwhile
        assert np.zeros(2**20).sum() == 0.0
    assert advice_on() is before


@needs_switch
def test_small_pages_restores_the_advice_after_an_exception(advice_restored):
    setter(True)
    with pytest.raises(RuntimeError), memory.small_pages():
        raise RuntimeError("in the block")
    assert advice_on()


@needs_switch
def test_the_model_builds_and_steps_without_the_advice_and_leaves_it_on(advice_restored):
    setter(True)
    seen = []
    model = LinxiModel(households=300, rng=1)
    assert advice_on()  # restored once built
    program = model.programs[0]
    step = program.step

    def watched_step() -> None:
        seen.append(advice_on())
        step()

    program.step = watched_step
    model.step()
    assert seen == [False]  # off while the county stepped
    assert advice_on()


@needs_switch
def test_overlapping_blocks_in_threads_leave_the_advice_as_it_was(advice_restored):
    setter(True)
    inside = threading.Barrier(2)
    first_out = threading.Event()
    seen = {}

    def first() -> None:
        with memory.small_pages():
            inside.wait()
        first_out.set()

    def second() -> None:
        with memory.small_pages():
            inside.wait()
            first_out.wait()
            seen["after the first ended"] = advice_on()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["after the first ended"] is False  # still off: one block was running
    assert advice_on()  # and back on once both ended
