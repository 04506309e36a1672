import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.order import first_k


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
