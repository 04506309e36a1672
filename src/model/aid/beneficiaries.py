"""Beneficiaries counted the way the account counts them: by channel, each person once.

A program reaches households through channels (``CHANNELS``): it pays a dividend, hires a
worker, buys a seller's corn, trains a member, moves a household. Each channel counts people by
one of two rules:

* ``"household"``: every member of a household reached counts. Money or a service given to the
  household as a whole: dividends, transfers, grants, a move, a renovated house, tap water.
* ``"person"``: only the members reached count. What one member does or receives in person: a
  job, a contract to sell produce, a farm the member runs, training, treatment, schooling, a
  public post.

A program's beneficiaries in a year are the people its channels counted, each person once
(``Reach.counted``): a household reached through a household channel counts all its members;
otherwise it counts the most people any one person channel reached in it (the worker and the
seller of one household may be the same member, so they are not added), never more than its
members. The egg farm thus counts the people in households paid a dividend, plus its workers,
plus its contract sellers, as the account does ("带动3650人受益", seed:egg.379.beneficiaries).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

__all__ = ["CHANNELS", "Channel", "Reach", "sorted_union"]


@dataclass(frozen=True)
class Channel:
    """One way a program reaches households, and whom it counts.

    Attributes:
        name: Short name (the ``channel`` column of ``beneficiaries.csv``).
        counts: ``"household"`` (every member counts) or ``"person"`` (the members reached).
        rule: Whom the channel counts, in words.
    """

    name: str
    counts: Literal["household", "person"]
    rule: str


CHANNELS: dict[str, Channel] = {
    channel.name: channel
    for channel in (
        Channel("households", "household", "members of the households reached"),
        Channel("dividends", "household", "members of households paid a dividend"),
        Channel("recipients", "household", "members of households paid a transfer or grant"),
        Channel("moved", "household", "members of households moved into a new house"),
        Channel("renovated", "household", "members of households whose house was renovated"),
        Channel("served", "household", "members of households served (water, clinic)"),
        Channel("landlords", "household", "members of households renting land to the project"),
        Channel("workers", "person", "workers hired or paid a wage"),
        Channel(
            "hires",
            "person",
            "members hired at a fair, with those who would have found work anyway",
        ),
        Channel("sellers", "person", "the member selling produce under contract or a channel"),
        Channel("producers", "person", "the member running the farming the project supports"),
        Channel("trainees", "person", "members trained"),
        Channel("patients", "person", "ill members whose costs were paid"),
        Channel("students", "person", "children and students given a place, aid or schooling"),
        Channel("post_holders", "person", "members holding a public-welfare or ranger post"),
    )
}


class Reach:
    """Who a program reached this year, by channel: people counted per household.

    Args:
        n: Households in the county.
    """

    def __init__(self, n: int) -> None:
        self._n = n
        #: People counted per household, by channel used this year (zero: not reached).
        self.by_channel: dict[str, np.ndarray] = {}
        #: The households each channel had reached (indices, in order) when last asked, and the
        #: households ``add`` has written since (arrays; some may repeat or count 0): merged
        #: when next asked, with no pass over the county while they are few.
        self._reached: dict[str, np.ndarray] = {}
        self._written: dict[str, list[np.ndarray]] = {}

    def add(
        self, channel: str, households: np.ndarray, size: np.ndarray, people: np.ndarray | None
    ) -> np.ndarray:
        """Record households (mask or indices) reached through ``channel``.

        Args:
            channel: A name in ``CHANNELS``.
            households: A boolean mask or indices of the households reached (each once).
            size: Members of every household (a household channel counts them all).
            people: For a person channel, the members reached in each of ``households`` (one
                each when None); ignored for a household channel.

        Returns:
            The households (indices) newly counted or counted more; the others had been
            counted at least as many this year and are left as they were.
        """
        rule = CHANNELS[channel].counts  # KeyError names an unknown channel
        counts = self.by_channel.get(channel)
        if counts is None:
            counts = self.by_channel[channel] = np.zeros(self._n, dtype=np.int16)
        if isinstance(households, np.ndarray) and households.dtype == bool:
            households = np.flatnonzero(households)
        households = np.asarray(households, dtype=np.intp)
        one_each = rule == "person" and people is None
        if rule == "household":
            counted = size.take(households)
        elif not one_each:
            counted = np.asarray(people, dtype=np.int16)
            if counted.ndim == 0:  # as many each
                counted = np.full(households.shape, counted)
        # Each household counts the most people any call reached in it (a maximum). Most calls
        # reach households already counted as many (the same patients, recipients or workers
        # month after month): only the others are written, with the larger count (a household
        # still counted 0, one without members, is returned again, so it is marked reached).
        before = counts.take(households)  # (take: a quicker gather than indexing)
        if one_each:  # the same test in one comparison (counts are never negative)
            more = before < 1
            counted = 1
        else:
            more = (before == 0) | (before < counted)
        n_more = np.count_nonzero(more)
        if n_more == 0:  # all counted already (a call repeated month after month): no writes
            return households[:0]
        if n_more < more.size:
            # (compress: several times quicker than a boolean index when the mask is mixed)
            households = np.compress(more, households)
            if not one_each:
                counted = np.compress(more, counted)
        else:  # every one written: a copy (the caller's array may be the one given)
            households = households.copy()
        counts[households] = counted
        self._written.setdefault(channel, []).append(households)
        return households

    def not_counted(self, channel: str, households: np.ndarray) -> np.ndarray:
        """Indices of the households of a mask that ``channel`` has not counted this year."""
        counts = self.by_channel.get(channel)
        return np.flatnonzero(households if counts is None else households & (counts == 0))

    def reached(self, channel: str) -> np.ndarray:
        """The households (indices, in order) that ``channel`` has reached this year."""
        written = self._written.pop(channel, [])
        found = self._reached.get(channel)
        if found is not None:
            if not written:
                return found
            written.append(found)
        counts = self.by_channel[channel]
        merged = _sorted_union(written, self._n) if written else np.zeros(0, dtype=np.intp)
        if merged is None:  # too many to sort: nonzero of a mask (quicker than of the counts)
            found = np.flatnonzero(counts != 0)
        else:  # (counts never fall: only a household written with 0, no members, is left out)
            counting = counts.take(merged) != 0
            found = merged if counting.all() else merged.compress(counting)
        self._reached[channel] = found
        return found

    def counted(self, size: np.ndarray, households: np.ndarray | None = None) -> np.ndarray:
        """People counted per household over every channel, each person once.

        Args:
            size: Members of every household.
            households: Only these households (indices); None: every household.
        """

        def at(values: np.ndarray) -> np.ndarray:
            # (take: a quicker gather than indexing; a copy, which may be written)
            return values if households is None else values.take(households)

        size = at(size)
        whole = None
        persons = None
        for channel, counts in self.by_channel.items():
            if CHANNELS[channel].counts == "household":
                reached = at(counts) > 0
                whole = reached if whole is None else np.logical_or(whole, reached, out=whole)
            elif persons is None:
                persons = counts.copy() if households is None else at(counts)
            else:
                np.maximum(persons, at(counts), out=persons)
        # the same counts as np.where(whole, size, np.minimum(persons, size)), with no
        # selection (a slow operation): counts are never negative and persons are capped at
        # size, so the larger of persons and the whole households' size is the one wanted
        if persons is None:
            return size * (np.zeros(size.shape, dtype=bool) if whole is None else whole)
        persons = np.minimum(persons, size)
        return persons if whole is None else np.maximum(persons, whole * size, out=persons)

    def totals(self, size: np.ndarray, registered: np.ndarray) -> tuple[int, int, int]:
        """This year's people counted (each once), households reached, registered people counted.

        Args:
            size: Members of every household.
            registered: Whether each household is registered poor (a mask of every household).
        """
        if not self.by_channel:  # most programs reach nobody in most years
            return 0, 0, 0
        if len(self.by_channel) == 1:
            households = self.reached(next(iter(self.by_channel)))
        else:  # the households any channel reached
            reached = [self.reached(channel) for channel in self.by_channel]
            households = _sorted_union(reached, self._n)
            if households is None:
                anyone = np.zeros(self._n, dtype=bool)
                for found in reached:
                    anyone[found] = True
                households = np.flatnonzero(anyone)
        # counted only where some channel reached (elsewhere nobody is counted); integer sums,
        # exact in any order
        counted = self.counted(size, households)
        registered = registered.take(households)
        return int(counted.sum()), int(np.count_nonzero(counted)), int((counted * registered).sum())

    def rows(self, size: np.ndarray, registered: np.ndarray) -> list[dict[str, object]]:
        """One row per channel that reached someone this year: households, people, counted."""
        rows = []
        for channel, counts in self.by_channel.items():
            reached = self.reached(channel)
            if reached.size == 0:  # a call that reached nobody
                continue
            # integer sums over the households reached: exact in any order
            members = size.take(reached)  # (take: a quicker gather than indexing)
            counted = np.minimum(counts.take(reached), members)
            rows.append(
                {
                    "channel": channel,
                    "counts": CHANNELS[channel].counts,
                    "households": int(reached.size),
                    "people": int(members.sum()),
                    "counted": int(counted.sum()),
                    "counted_registered": int((counted * registered.take(reached)).sum()),
                }
            )
        return rows

    def clear(self) -> None:
        """Start a new year: nobody reached."""
        self.by_channel.clear()
        self._reached.clear()
        self._written.clear()


def sorted_union(parts: list[np.ndarray]) -> np.ndarray:
    """The indices in any of ``parts`` (arrays of indices), in order, each once.

    One part already in order, each once (often so: one call's households), is returned as
    it is.
    """
    if len(parts) == 1 and (parts[0][1:] > parts[0][:-1]).all():
        return parts[0]
    merged = np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
    merged.sort()
    # each index once: the first of each run of equal ones (np.unique is slower on this)
    first = np.empty(merged.size, dtype=bool)
    first[:1] = True
    np.not_equal(merged[1:], merged[:-1], out=first[1:])
    return merged.compress(first)


def _sorted_union(parts: list[np.ndarray], n: int) -> np.ndarray | None:
    """``sorted_union`` of ``parts`` if they hold under an eighth of ``n`` indices, else None.

    Up to about that many a sort is quicker than a pass over ``n`` households (a nonzero).
    """
    if sum(part.size for part in parts) >= n // 8:
        return None
    return sorted_union(parts)
