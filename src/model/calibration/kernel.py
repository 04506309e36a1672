"""ABC-SMC's perturbation kernel: a Gaussian folded back into the prior's box.

The priors are uniform over each free parameter's range, and most posteriors stay nearly as wide
as their range (stop 38's shipped fit: standard deviations of 0.16-0.27 of the range, against
the uniform's 0.29). pyabc's ``MultivariateNormalTransition`` spills part of every kernel near a
bound outside the box, and pyabc redraws proposals until one lands inside; its proposal density
is therefore lowest near the bounds, just where such a posterior still has mass, and the
particles accepted there take large importance weights (prior over proposal). In that fit's last
generation the 15 heaviest particles lay within 0.05 of a bound in 3.0 of the 18 parameters on
average (1-6), against 1.3 for all particles; they held a quarter of the weight, and the
effective sample size was 114 of 500.

``ReflectedNormalTransition`` folds each perturbed coordinate back into ``[low, high]`` (a
reflection at each bound), so no kernel loses mass and every proposal is valid at the first draw.
Its density is the sum of the kernel's images (the boundary-corrected kernel density estimate by
reflection, Silverman 1986, *Density Estimation*, section 2.10). The kernel is diagonal, so the
folding and its density factor by parameter; each parameter's bandwidth is pyabc's: the weighted
standard deviation times Silverman's factor at the effective sample size, the variance times
``scaling``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pyabc import Parameter
from pyabc.transition import Transition
from pyabc.transition.exceptions import NotEnoughParticles
from pyabc.transition.multivariatenormal import silverman_rule_of_thumb

__all__ = ["ReflectedNormalTransition", "fold"]

#: Periods of the fold (two widths each) summed on each side of the box. The nearest image left
#: out lies at least 5 widths from the box, where a kernel one width wide weighs under 1e-5 of
#: its peak; kernels here are narrower (values in a box vary by at most a quarter of its width
#: squared, so the bandwidth is at most 0.71 widths at scaling 2 and Silverman's factor under 1).
_IMAGES = 2


def fold(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Reflect ``x`` into ``[low, high]`` at each bound, as often as it takes (a triangle wave)."""
    width = high - low
    u = np.mod(x - low, 2.0 * width)
    return low + np.where(u > width, 2.0 * width - u, u)


class ReflectedNormalTransition(Transition):
    """A diagonal Gaussian kernel reflected at the bounds of a box (see the module docstring).

    Args:
        bounds: ``(low, high)`` of each parameter, in the order of ``names``.
        names: The parameters' names (pyabc's particle keys).
        scaling: Multiplier on the kernel's variance, as pyabc's ``MultivariateNormalTransition``.
    """

    def __init__(
        self, bounds: Sequence[tuple[float, float]], names: Sequence[str], scaling: float = 1.0
    ):
        self.names = list(names)
        self.low = np.array([b[0] for b in bounds], dtype=float)
        self.high = np.array([b[1] for b in bounds], dtype=float)
        if len(self.names) != len(self.low) or np.any(self.high <= self.low):
            raise ValueError("bounds: one (low, high) with low < high for each name")
        self.scaling = scaling
        self.bandwidth: np.ndarray | None = None
        self._centres: np.ndarray | None = None
        self._weights: np.ndarray | None = None

    def fit(self, X: pd.DataFrame, w: np.ndarray) -> None:
        """Centre a kernel on each particle; bandwidths from the weighted spread."""
        if len(X) == 0:
            raise NotEnoughParticles("Fitting not possible.")
        centres = X[self.names].to_numpy(dtype=float)
        w = np.asarray(w, dtype=float) / np.sum(w)
        mean = w @ centres
        variance = w @ np.square(centres - mean)
        # a parameter whose particles all agree still gets a kernel (a thousandth of its range)
        variance = np.maximum(variance, np.square(1e-3 * (self.high - self.low)))
        factor = silverman_rule_of_thumb(1.0 / np.square(w).sum(), len(self.names))
        self.bandwidth = np.sqrt(variance * self.scaling) * factor
        self._centres = centres
        self._weights = w

    def rvs_single(self) -> Parameter:
        """One proposal: a particle by weight, perturbed, folded into the box."""
        i = np.random.choice(len(self._weights), p=self._weights)  # noqa: NPY002 - pyabc's generator
        x = self._centres[i] + self.bandwidth * np.random.standard_normal(len(self.names))  # noqa: NPY002
        return Parameter(dict(zip(self.names, fold(x, self.low, self.high), strict=True)))

    def pdf(self, x: Parameter | pd.Series | pd.DataFrame) -> float | np.ndarray:
        """The folded kernel density at ``x`` (one point, or one per row)."""
        if isinstance(x, pd.DataFrame):
            return np.array([self._density(row) for row in x[self.names].to_numpy(dtype=float)])
        return self._density(np.array([x[name] for name in self.names], dtype=float))

    def _density(self, x: np.ndarray) -> float:
        width = self.high - self.low
        shifts = 2.0 * width * np.arange(-_IMAGES, _IMAGES + 1)[:, None]  # periods, params
        h = self.bandwidth
        # the preimages of x under the fold: x and its mirror at low, each shifted by periods
        direct = (x + shifts)[:, None, :] - self._centres  # periods, particles, params
        mirror = (2.0 * self.low - x + shifts)[:, None, :] - self._centres
        kernel = np.exp(-0.5 * np.square(direct / h)) + np.exp(-0.5 * np.square(mirror / h))
        per_param = kernel.sum(axis=0) / (np.sqrt(2.0 * np.pi) * h)  # particles, params
        inside = np.all((x >= self.low) & (x <= self.high))
        return float(self._weights @ np.prod(per_param, axis=1)) if inside else 0.0
