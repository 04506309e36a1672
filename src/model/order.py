"""Stable orders without the cost of a stable sort.

Hiring, training, signing up households and registering them take households in a random or
income order, ties broken by position (a stable sort), so that a run is reproducible.

* ``stable_argsort(keys)`` returns exactly ``np.argsort(keys, kind="stable")``. Keys are mostly
  continuous draws or incomes with no ties, and without ties every sort gives the same order,
  so it sorts with numpy's faster unstable sort; when keys are equal (or NaN), it puts each
  run of equal keys back in position order.
* ``first_k(keys, k)`` returns exactly ``stable_argsort(keys)[:k]`` by partitioning first:
  linear in the pool, with a sort of only the ``k`` taken.
* ``longest_prefix(order, cost, capacity)`` takes households in an order while their cost
  (people, yuan) fits a capacity: a quota, a budget, places.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CAPACITY_SLACK", "first_k", "longest_prefix", "stable_argsort"]

#: How far a cost may exceed a capacity and still fit (a sum's rounding, in its units).
CAPACITY_SLACK = 1e-9


def stable_argsort(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of a 1-d array, sorted faster when no keys tie.

    Args:
        keys: The keys (integers or floats), one per candidate.

    Returns:
        Positions of the keys in ascending order, ties in position order.
    """
    order = np.argsort(keys)
    ranked = keys.take(order)  # (take: a quicker gather than indexing)
    if ranked.size < 2:
        return order
    # Keys a sort holds equal: equal values (0.0 and -0.0 among them), and NaNs (sorted last).
    same = ranked[1:] == ranked[:-1]
    if ranked.dtype.kind == "f" and np.isnan(ranked[-1]):
        nan = np.isnan(ranked)
        same |= nan[1:] & nan[:-1]
    if not same.any():
        return order  # without ties the order is unique
    # Equal keys sit in runs of the sorted order, each run's positions in whatever order the
    # unstable sort left them; the stable order has each run's ascending. So the positions are
    # sorted by (run, position), packed in one integer each (distinct: any sort gives the one
    # order), a third of the time of numpy's stable sort of the keys.
    packed = np.zeros(order.size, dtype=np.int64)
    np.cumsum(~same, out=packed[1:])
    packed <<= 32  # (positions are below 2**32)
    packed |= order
    packed.sort()
    packed &= 0xFFFF_FFFF
    return packed


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
        return stable_argsort(keys)[:k]
    threshold = np.partition(keys, k - 1)[k - 1]
    below = np.flatnonzero(keys < threshold)
    at = np.flatnonzero(keys == threshold)[: k - below.size]  # ties in position order
    taken = np.concatenate([below, at])
    return taken[stable_argsort(keys[taken])]


def longest_prefix(order: np.ndarray, cost: np.ndarray, capacity: float) -> np.ndarray:
    """The longest prefix of ``order`` (household indices) whose ``cost`` fits ``capacity``.

    ``cost`` is per household (people, yuan); more capacity never gives fewer households, since
    the prefix only grows.
    """
    if capacity <= 0 or order.size == 0:
        return order[:0]
    total = np.cumsum(cost[order])
    return order[: int(np.searchsorted(total, capacity + CAPACITY_SLACK, side="right"))]
