"""Named random streams derived from one run seed.

Every stochastic process in the model (drought, illness, migration, hiring, ...) draws from its
own stream, and each stream is re-derived for every month from ``(seed, stream name, step)``.
Two runs with the same seed therefore draw the same numbers for the same process in the same
month, whatever else the scenario changed: a change to one program cannot shift the random
numbers another process sees (common random numbers, as in Starsim's ``ss.Dist`` streams).

Household processes draw a fixed-shape array (one value per household, or per household and
member slot) whether or not a household is eligible, and apply eligibility afterwards, so that a
household's draw never depends on how many other households were eligible. A rare event with one
probability for every household draws only the households it strikes (``bernoulli_indices``),
which depends on that probability alone, not on eligibility either. Where only a few households'
draws of a fixed-shape array are used, ``uniforms_at`` gives those draws alone, the same numbers,
with the generator jumping over the rest.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from typing import Any

import numpy as np

from model.errors import ScenarioError
from model.limits import SEED_MAX

__all__ = ["SEED_MAX", "Streams", "bernoulli_indices", "seed_from", "stream_key", "uniforms_at"]


def stream_key(name: str) -> int:
    """Return a stable 32-bit key for a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


#: ``stream_key`` of the few names a run uses, each worked out once.
_stream_key = lru_cache(maxsize=1024)(stream_key)


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
        sequence = _KeptSequence(self.seed, (_stream_key(self.prefix + name), int(step)))
        return np.random.Generator(np.random.PCG64DXSM(sequence))


# PCG64DXSM, numpy's upgrade of PCG64 (the same state, a stronger output function), fills uniforms
# about a tenth faster here and keeps PCG64's ``advance``, which skips draws not needed.
# Hashing a seed into its state (numpy's SeedSequence) costs about 20 us, a tenth of a
# reduced-scale run's ~550 streams, and a calibration or an ensemble reruns the same seeds. The
# words numpy works out are kept for the process (bounded: about 120 seeds' streams, 23 MiB).
_PCG64_WORDS = (4, np.uint64)  # what PCG64DXSM asks of its seed sequence: 4 words of 64 bits


@lru_cache(maxsize=65_536)
def _pcg64_words(seed: int, spawn_key: tuple[int, int]) -> np.ndarray:
    words = np.random.SeedSequence(seed, spawn_key=spawn_key).generate_state(*_PCG64_WORDS)
    words.flags.writeable = False  # shared by every generator of this stream
    return words


class _KeptSequence(np.random.bit_generator.ISpawnableSeedSequence):
    """``SeedSequence(seed, spawn_key=spawn_key)``, with numpy's words for PCG64DXSM kept.

    Any other request (other words, ``spawn``) goes to numpy's own ``SeedSequence``, so a stream's
    generator behaves as one seeded by that sequence, ``Generator.spawn`` included.
    """

    __slots__ = ("_numpy", "seed", "spawn_key")

    def __init__(self, seed: int, spawn_key: tuple[int, int]) -> None:
        self.seed = seed
        self.spawn_key = spawn_key
        self._numpy: np.random.SeedSequence | None = None  # made when first needed

    def _sequence(self) -> np.random.SeedSequence:
        if self._numpy is None:
            self._numpy = np.random.SeedSequence(self.seed, spawn_key=self.spawn_key)
        return self._numpy

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        # (PCG64DXSM passes the type itself: compared first, before making a dtype of it)
        if n_words == _PCG64_WORDS[0] and (
            dtype is _PCG64_WORDS[1] or np.dtype(dtype) == np.dtype(_PCG64_WORDS[1])
        ):
            return _pcg64_words(self.seed, self.spawn_key)  # read-only: the generator reads them
        return self._sequence().generate_state(n_words, dtype)

    def spawn(self, n_children: int) -> list[np.random.SeedSequence]:
        # the same sequence each time: it counts the children spawned, so a second call gives new
        # ones, as numpy's does
        return self._sequence().spawn(n_children)


#: Gaps drawn at a time by ``bernoulli_indices``: the expected count, this many standard
#: deviations, and this many more (a second block is needed at most about once in 3.5 million
#: calls).
_BLOCK_SDS, _BLOCK_EXTRA = 5.0, 16


def bernoulli_indices(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Indices in ``range(n)``, each kept independently with probability ``p``, ascending.

    The same law as ``np.flatnonzero(rng.random(n) < p)``, drawn as the gaps between successes
    (geometric): about ``n * p`` draws instead of ``n``, for a rare event with one probability
    for every household. The draws depend only on ``n`` and ``p``, never on which households
    are eligible, so common random numbers hold across scenarios; across values of ``p`` they
    do not (the gaps move together), unlike a comparison of fixed uniforms.

    Args:
        rng: The generator to draw from (its state moves past the gaps drawn).
        n: Number of candidates.
        p: Probability each is kept, in [0, 1].
    """
    p = float(p)
    if n <= 0 or p <= 0.0:
        return np.empty(0, dtype=np.intp)
    if p >= 1.0:
        return np.arange(n, dtype=np.intp)
    # Gaps between successes: floor(E / rate) + 1 with E exponential and rate = -log(1 - p) is
    # geometric(p) (P(k) = (1 - p)^(k - 1) p), the very draws of numpy's Generator.geometric
    # below p = 1/3 (tests/test_rng.py). Worked in floats, so that a tiny p's huge gaps overflow
    # nothing (geometric's int64 saturates), and a third quicker than geometric here; positions
    # are exact integers below 2**53, far beyond any county.
    rate = -math.log1p(-p)
    expected = n * p
    # gaps in blocks a few standard deviations over the expected count: one block nearly always
    chunk = int(expected + _BLOCK_SDS * math.sqrt(expected) + _BLOCK_EXTRA)
    blocks = []
    last = -1.0  # the position before the first
    while last < n:
        gaps = rng.standard_exponential(chunk)
        with np.errstate(over="ignore"):  # a tiny p's gaps may reach inf: past n all the same
            gaps /= rate
            np.floor(gaps, out=gaps)
            gaps += 1.0
            positions = np.cumsum(gaps, out=gaps)
            positions += last
        blocks.append(positions)
        last = float(positions[-1])
    positions = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
    return positions[: np.searchsorted(positions, n)].astype(np.intp)


#: Skipped draws worth one jump of the generator (``advance`` and a call cost about as much as
#: drawing this many uniforms): positions closer than this are drawn through, not jumped.
_JUMP_DRAWS = 512


def uniforms_at(
    generator: np.random.Generator, positions: np.ndarray, drawn: int = 0
) -> np.ndarray:
    """The uniforms ``generator`` gives at ``positions`` of its sequence, drawing no others.

    The same numbers as ``generator.random(positions[-1] + 1)[positions]`` (a generator takes
    one step of its sequence per uniform), with the steps between far-apart positions skipped
    (``advance``): a few households' draws out of a row (or rows) of the whole county cost a
    few jumps instead of the row.

    Args:
        generator: A generator whose bit generator can ``advance`` (PCG64, PCG64DXSM).
        positions: Steps of the sequence, ascending, each at least ``drawn``.
        drawn: Steps the generator has taken already.

    Returns:
        One uniform per position; the generator is left after the last.
    """
    if positions.size == 0:
        return np.empty(0)
    # runs of positions closer than a jump's worth, each drawn in one call
    breaks = np.flatnonzero(np.diff(positions) > _JUMP_DRAWS) + 1
    starts = positions[np.concatenate(([0], breaks))]
    ends = positions[np.concatenate((breaks - 1, [positions.size - 1]))] + 1
    lengths = ends - starts
    offsets = np.cumsum(lengths) - lengths  # where each run's draws start in ``values``
    values = np.empty(int(lengths.sum()))
    bits = generator.bit_generator
    for start, end, offset in zip(starts.tolist(), ends.tolist(), offsets.tolist(), strict=True):
        if start > drawn:
            bits.advance(start - drawn)
        generator.random(out=values[offset : offset + end - start])
        drawn = end
    run = np.searchsorted(starts, positions, side="right") - 1
    return values[offsets[run] + (positions - starts[run])]


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
