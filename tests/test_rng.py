import pickle
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import rng as rng_module
from model.rng import SEED_MAX, Streams, bernoulli_indices, stream_key, uniforms_at


def test_same_seed_name_and_step_give_same_draws():
    a = Streams(5).get("illness", 12).random(10)
    b = Streams(5).get("illness", 12).random(10)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("seed", "name", "step"), [(6, "illness", 12), (5, "drought", 12), (5, "illness", 13)]
)
def test_streams_differ_by_seed_name_and_step(seed, name, step):
    base = Streams(5).get("illness", 12).random(10)
    assert not np.array_equal(base, Streams(seed).get(name, step).random(10))


def test_stream_key_is_stable_across_processes():
    # crc32 of the name, not Python's per-process salted hash()
    assert stream_key("illness") == zlib.crc32(b"illness")
    assert stream_key("a") != stream_key("b")


def test_negative_seed_rejected():
    with pytest.raises(ValueError, match="non-negative"):
        Streams(-1)


def _numpy_stream(seed: int, name: str, step: int) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(stream_key(name), step))
    return np.random.Generator(np.random.PCG64DXSM(sequence))


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, SEED_MAX),
    name=st.text(min_size=1, max_size=20),
    step=st.integers(0, 200),
)
def test_a_stream_is_numpys_seed_sequence_first_time_and_kept(seed, name, step):
    expected = _numpy_stream(seed, name, step).random(6)
    assert np.array_equal(Streams(seed).get(name, step).random(6), expected)
    # again, from the words kept for the process
    assert np.array_equal(Streams(seed).get(name, step).random(6), expected)


def test_a_streams_generator_spawns_pickles_and_answers_other_requests_as_numpys():
    ours, numpys = Streams(2**63 - 1).get("hiring", 7), _numpy_stream(2**63 - 1, "hiring", 7)
    for _ in range(2):  # a second spawn gives new children, as numpy's does
        for child, expected in zip(ours.spawn(3), numpys.spawn(3), strict=True):
            assert np.array_equal(child.random(4), expected.random(4))
    copy = pickle.loads(pickle.dumps(ours))
    assert np.array_equal(copy.random(4), ours.random(4))
    sequence = ours.bit_generator.seed_seq
    reference = np.random.SeedSequence(2**63 - 1, spawn_key=(stream_key("hiring"), 7))
    assert np.array_equal(sequence.generate_state(3), reference.generate_state(3))


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 3000), p=st.floats(0, 1), seed=st.integers(0, 2**32))
def test_bernoulli_indices_are_distinct_ascending_candidates(n, p, seed):
    kept = bernoulli_indices(np.random.default_rng(seed), n, p)
    assert kept.dtype == np.intp
    assert ((kept >= 0) & (kept < n)).all()
    assert (np.diff(kept) > 0).all()  # each candidate at most once, in order
    if p == 0.0:
        assert kept.size == 0
    if p == 1.0:
        assert np.array_equal(kept, np.arange(n))


@pytest.mark.parametrize("p", [0.0017, 0.01, 0.2, 0.6])
def test_bernoulli_indices_keep_each_candidate_with_probability_p(p):
    # The law of ``flatnonzero(random(n) < p)``: every position kept at rate p, independently.
    n, runs = 2_000, 400
    rng = np.random.default_rng(7)
    kept = np.zeros(n)
    sizes = []
    for _ in range(runs):
        indices = bernoulli_indices(rng, n, p)
        kept[indices] += 1
        sizes.append(indices.size)
    # the count a run: binomial(n, p), mean and variance within 5 standard errors
    sizes = np.array(sizes)
    assert abs(sizes.mean() - n * p) < 5 * np.sqrt(n * p * (1 - p) / runs)
    assert sizes.var() == pytest.approx(n * p * (1 - p), rel=0.25)
    # the first and the last candidates as often as the others (no edge effect of the gaps)
    edge = (kept[:100].sum() + kept[-100:].sum()) / (200 * runs)
    assert abs(edge - p) < 5 * np.sqrt(p * (1 - p) / (200 * runs))


def test_bernoulli_indices_are_the_same_for_the_same_stream():
    a = bernoulli_indices(Streams(3).get("illness", 4), 100_000, 0.003)
    b = bernoulli_indices(Streams(3).get("illness", 4), 100_000, 0.003)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("p", [0.0004, 0.01, 0.2])
def test_bernoulli_indices_gaps_are_numpys_geometric_draws(p):
    # Below 1/3 numpy's Generator.geometric inverts the same exponentials: the gaps are its
    # draws, cumulated (the function keeps them in floats, a third quicker here)
    n = 200_000
    gaps = np.random.Generator(np.random.PCG64DXSM(8)).geometric(p, size=int(3 * n * p) + 64)
    expected = np.cumsum(gaps) - 1
    expected = expected[expected < n]
    indices = bernoulli_indices(np.random.Generator(np.random.PCG64DXSM(8)), n, p)
    assert np.array_equal(indices, expected)


def test_bernoulli_indices_keep_the_law_when_a_block_of_gaps_falls_short(monkeypatch):
    # Blocks of the expected count alone fall short of n about half the time: the gaps drawn
    # next continue from the last position, and every candidate keeps its probability.
    monkeypatch.setattr(rng_module, "_BLOCK_SDS", 0.0)
    monkeypatch.setattr(rng_module, "_BLOCK_EXTRA", 1)
    n, p, runs = 500, 0.05, 2_000
    rng = np.random.default_rng(3)
    kept = np.zeros(n)
    for _ in range(runs):
        indices = bernoulli_indices(rng, n, p)
        assert (np.diff(indices) > 0).all() and (indices < n).all()
        kept[indices] += 1
    for part in (kept[:250], kept[250:]):  # the later half, reached by later blocks, too
        rate = part.sum() / (part.size * runs)
        assert abs(rate - p) < 5 * np.sqrt(p * (1 - p) / (part.size * runs))


def test_uniforms_at_gives_the_generators_draws_at_the_positions() -> None:
    """Far-apart and close positions alike: the draws of the whole sequence, nothing else."""
    positions = np.array([0, 3, 4, 900, 5_000, 5_001, 20_000, 20_700, 99_999])
    whole = np.random.Generator(np.random.PCG64DXSM(7)).random(120_000)
    generator = np.random.Generator(np.random.PCG64DXSM(7))
    np.testing.assert_array_equal(uniforms_at(generator, positions), whole[positions])
    # the generator is left after the last position: a second call goes on from there
    later = np.array([100_000, 119_999])
    np.testing.assert_array_equal(uniforms_at(generator, later, 100_000), whole[later])
    assert uniforms_at(generator, np.array([], dtype=np.intp)).size == 0
