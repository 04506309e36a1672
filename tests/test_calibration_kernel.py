"""ABC's perturbation kernel reflected at the priors' bounds (model.calibration.kernel)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyabc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.calibration.kernel import ReflectedNormalTransition, fold


def fitted(centres: np.ndarray, bounds, scaling: float = 2.0, weights=None):
    names = [f"p{i}" for i in range(centres.shape[1])]
    kernel = ReflectedNormalTransition(bounds, names, scaling=scaling)
    w = np.full(len(centres), 1.0 / len(centres)) if weights is None else weights
    kernel.fit(pd.DataFrame(centres, columns=names), w)
    return kernel


def test_fold_keeps_points_inside_and_mirrors_those_outside():
    low, high = np.array([0.0, 10.0]), np.array([1.0, 20.0])
    inside = np.array([0.3, 12.5])
    assert np.array_equal(fold(inside, low, high), inside)
    assert np.allclose(fold(np.array([-0.2, 21.0]), low, high), [0.2, 19.0])
    # past a whole width: reflected again at the far bound
    assert np.allclose(fold(np.array([1.7, -3.0]), low, high), [0.3, 17.0])


@given(
    x=st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=3),
    low=st.floats(-50, 50),
    width=st.floats(1e-2, 100),
)
def test_fold_lands_in_the_box(x, low, width):
    lows = np.full(3, low)
    highs = lows + width
    folded = fold(np.array(x), lows, highs)
    # one ulp of the larger magnitude either side: the modulus rounds
    slack = 1e-9 * max(abs(low), abs(low + width), 1.0)
    assert np.all(folded >= lows - slack) and np.all(folded <= highs + slack)


def test_density_integrates_to_one_over_the_box():
    rng = np.random.default_rng(3)
    bounds = [(0.0, 1.0), (2.0, 5.0)]
    centres = np.column_stack([rng.uniform(0, 1, 40), rng.uniform(2, 5, 40)])
    # wide kernels, so that much of their mass is folded back
    kernel = fitted(centres, bounds, scaling=6.0, weights=rng.dirichlet(np.ones(40)))
    u = (np.arange(300) + 0.5) / 300
    grid = pd.DataFrame([(a, 2.0 + 3.0 * b) for a in u for b in u[::3]], columns=["p0", "p1"])
    cell = (1.0 / 300) * (3.0 / 100)
    assert kernel.pdf(grid).sum() * cell == pytest.approx(1.0, abs=2e-3)


def test_density_is_zero_outside_the_box():
    kernel = fitted(np.array([[0.5], [0.2]]), [(0.0, 1.0)])
    assert kernel.pdf(pd.Series({"p0": 1.2})) == 0.0
    assert kernel.pdf(pd.Series({"p0": 0.9})) > 0.0


def test_draws_follow_the_density():
    rng = np.random.default_rng(5)
    centres = rng.uniform(0.0, 0.3, (25, 1))  # crowded at the lower bound
    kernel = fitted(centres, [(0.0, 1.0)], scaling=4.0)
    np.random.seed(11)  # noqa: NPY002 - pyabc's transitions draw from numpy's global generator
    draws = np.array([kernel.rvs_single()["p0"] for _ in range(20_000)])
    assert draws.min() >= 0.0 and draws.max() <= 1.0
    edges = np.linspace(0.0, 1.0, 21)
    mids = (np.arange(2000) + 0.5) / 2000
    density = kernel.pdf(pd.DataFrame({"p0": mids}))
    expected = np.add.reduceat(density / 2000, np.arange(0, 2000, 100))
    observed = np.histogram(draws, edges)[0] / draws.size
    # 20,000 draws: a bin's share has a standard error under 0.0035
    assert np.max(np.abs(observed - expected)) < 0.012


def test_a_flat_population_keeps_its_density_at_the_bounds():
    """The reason for the kernel: pyabc's Gaussian thins the proposal at a bound."""
    centres = ((np.arange(400) + 0.5) / 400)[:, None]
    w = np.full(400, 1 / 400)
    ours = fitted(centres, [(0.0, 1.0)])
    theirs = pyabc.MultivariateNormalTransition(scaling=2.0)
    theirs.fit(pd.DataFrame(centres, columns=["p0"]), w)
    at = pd.DataFrame({"p0": [0.0, 0.5]})
    edge, middle = ours.pdf(at)
    assert edge / middle > 0.95
    edge, middle = theirs.pdf(at)
    assert edge / middle < 0.7


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), scaling=st.floats(0.5, 8.0))
def test_every_proposal_is_inside_the_box(seed, scaling):
    rng = np.random.default_rng(seed)
    bounds = [(0.0, 1.0), (-5.0, 5.0), (100.0, 100.5)]
    centres = np.column_stack([rng.uniform(lo, hi, 12) for lo, hi in bounds])
    kernel = fitted(centres, bounds, scaling=scaling)
    np.random.seed(seed)  # noqa: NPY002 - pyabc's generator
    for _ in range(50):
        x = kernel.rvs_single()
        assert all(lo <= x[f"p{i}"] <= hi for i, (lo, hi) in enumerate(bounds))


def test_a_parameter_whose_particles_agree_still_gets_a_kernel():
    kernel = fitted(np.array([[0.4, 0.1], [0.4, 0.9]]), [(0.0, 1.0), (0.0, 1.0)])
    assert np.all(kernel.bandwidth > 0)
    assert np.isfinite(kernel.pdf(pd.Series({"p0": 0.4, "p1": 0.5})))


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError, match="low < high"):
        ReflectedNormalTransition([(1.0, 1.0)], ["p0"])
    with pytest.raises(ValueError, match="one"):
        ReflectedNormalTransition([(0.0, 1.0)], ["p0", "p1"])
