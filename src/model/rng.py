"""Named random streams derived from one run seed.

Every stochastic process in the model (drought, illness, migration, hiring, ...) draws from its
own stream, and each stream is re-derived for every month from ``(seed, stream name, step)``.
Two runs with the same seed therefore draw the same numbers for the same process in the same
month, whatever else the scenario changed: a change to one program cannot shift the random
numbers another process sees (common random numbers, as in Starsim's ``ss.Dist`` streams).

Household processes draw a fixed-shape array (one value per household, or per household and
member slot) whether or not a household is eligible, and apply eligibility afterwards, so that a
household's draw never depends on how many other households were eligible.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from model.errors import ScenarioError
from model.limits import SEED_MAX

__all__ = ["SEED_MAX", "Streams", "seed_from", "stream_key"]


def stream_key(name: str) -> int:
    """Return a stable 32-bit key for a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of independent, reproducible generators keyed by process name and step.

    Args:
        seed: The run's seed, a non-negative integer.
        prefix: Prepended to every stream name, for a set of streams apart from the run's
            (e.g. ``"warmup:"``).

    Example:
        >>> streams = Streams(42)
        >>> u = streams.get("illness", step=3).random(5)
        >>> bool((u == Streams(42).get("illness", step=3).random(5)).all())
        True
    """

    def __init__(self, seed: int, prefix: str = "") -> None:
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        self.seed = int(seed)
        self.prefix = prefix

    def get(self, name: str, step: int = 0) -> np.random.Generator:
        """Return the generator of process ``name`` at model step ``step``.

        Args:
            name: The process name, e.g. ``"illness"``.
            step: The model step (month index from January of the start year); use 0 for
                draws made once, at initialization.

        Returns:
            A fresh ``numpy.random.Generator``; calling ``get`` again with the same arguments
            returns a generator in the same state.
        """
        key = stream_key(self.prefix + name)
        sequence = np.random.SeedSequence(self.seed, spawn_key=(key, int(step)))
        return np.random.Generator(np.random.PCG64(sequence))


def seed_from(rng: Any) -> int:
    """The run's seed from what Mesa accepts as ``rng``.

    None draws a fresh seed from the operating system's entropy (as Mesa does), a numpy
    ``Generator`` or ``SeedSequence`` gives one, and an integer is the seed itself.

    Raises:
        ScenarioError: If ``rng`` is none of these, or an integer outside 0 to 2**63-1.
    """
    if rng is None:
        rng = np.random.SeedSequence()
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, np.uint64)[0] >> 1)  # 63 bits: fits an int64 column
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(SEED_MAX, endpoint=True))
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise ScenarioError(
            "LinxiModel keywords",
            "rng",
            f"expected a whole-number seed, a numpy Generator or None, got {rng!r}",
        )
    if not 0 <= int(rng) <= SEED_MAX:
        raise ScenarioError(
            "LinxiModel keywords", "rng", f"expected a seed from 0 to 2**63-1, got {rng!r}"
        )
    return int(rng)
