import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.order import first_k, stable_argsort


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 20), min_size=0, max_size=300),
    k=st.integers(0, 320),
)
def test_first_k_is_the_head_of_a_stable_argsort(keys, k):
    keys = np.asarray(keys, dtype=float)
    np.testing.assert_array_equal(first_k(keys, k), np.argsort(keys, kind="stable")[:k])


def test_first_k_of_uniforms():
    u = np.random.default_rng(1).random(100_000)
    np.testing.assert_array_equal(first_k(u, 37), np.argsort(u, kind="stable")[:37])


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(
        st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0])),
        min_size=0,
        max_size=200,
    )
)
def test_stable_argsort_is_numpys_stable_argsort_ties_nans_and_signed_zeros_included(keys):
    keys = np.asarray(keys, dtype=float)
    np.testing.assert_array_equal(stable_argsort(keys), np.argsort(keys, kind="stable"))


def test_stable_argsort_of_uniforms_and_of_tied_integers():
    rng = np.random.default_rng(2)
    u = rng.random(50_000)
    np.testing.assert_array_equal(stable_argsort(u), np.argsort(u, kind="stable"))
    tied = rng.integers(0, 5, 10_000)
    np.testing.assert_array_equal(stable_argsort(tied), np.argsort(tied, kind="stable"))


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.integers(-3, 3), min_size=0, max_size=300),
    dtype=st.sampled_from([np.int16, np.int64, np.float32, np.float64]),
)
def test_stable_argsort_puts_runs_of_equal_keys_in_position_order_in_any_dtype(keys, dtype):
    keys = np.asarray(keys, dtype=dtype)
    np.testing.assert_array_equal(stable_argsort(keys), np.argsort(keys, kind="stable"))
