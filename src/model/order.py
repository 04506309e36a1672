"""The first ``k`` of many in a stable order, without sorting them all.

Hiring, training and signing up households take the first few of a large pool in a random or
income order. ``first_k(keys, k)`` returns exactly what ``np.argsort(keys, kind="stable")[:k]``
returns (ties broken by position), by partitioning first: linear in the pool, with a sort of
only the ``k`` taken.
"""

from __future__ import annotations

import numpy as np

__all__ = ["first_k"]


def first_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` smallest ``keys``, in stable ascending order.

    Args:
        keys: The keys, one per candidate.
        k: How many to take (all of them if ``k`` is at least their number).

    Returns:
        ``np.argsort(keys, kind="stable")[:k]``.
    """
    n = keys.shape[0]
    k = max(int(k), 0)
    if k == 0:
        return np.zeros(0, dtype=np.intp)
    if 4 * k >= n:
        return np.argsort(keys, kind="stable")[:k]
    threshold = np.partition(keys, k - 1)[k - 1]
    below = np.flatnonzero(keys < threshold)
    at = np.flatnonzero(keys == threshold)[: k - below.size]  # ties in position order
    taken = np.concatenate([below, at])
    return taken[np.argsort(keys[taken], kind="stable")]
