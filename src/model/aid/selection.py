"""Choosing households: the poor first, take-up with diminishing returns, land, capacity in people.

* ``poor_households``: who counts as poor for a program targeting the registered poor;
  ``KeptHouseholds``: households found once and kept while what they were found from is unchanged.
* ``in_order``: candidates in the order of one uniform draw each (a program's random order);
  ``first_reaching``: the first of them whose values add up to a target.
* ``take_up``: diminishing returns where the real limit is the households able to take part.
  When ``D`` places are offered to a pool of ``N`` eligible households, ``N (1 - exp(-D/N))``
  take one: about ``D`` while places are few, never more than ``N``, and always rising in ``D``.
* ``refill``: who takes part. Last year's participants who are still eligible stay; new places
  go first to registered-poor households up to a minimum share, then to anyone eligible, in a
  random order drawn from the program's own stream.
* ``fill_in_order`` and ``fill_poor_first``: an amount (head upgraded, mu planted) given to
  households in turn, each up to its own room; poor first up to a minimum share of it.
* ``paired_village_order``: villages by their share of registered households, highest first;
  ``households_per_village``: the households of a mask counted by village.
* ``take_people`` (``longest_prefix``): the first households of a priority order whose people
  (or costs) fit a capacity.
* ``take_dry_land`` / ``return_land``: land rented for a facility is taken from households'
  dry land (they stop farming it and receive rent instead) and returned if the facility closes.
* ``LazyUniforms``: a month's household draws, made only if that month needs them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from model.households import Households
from model.order import first_k, longest_prefix, stable_argsort

if TYPE_CHECKING:
    from model.aid.funding import Ledger
    from model.context import County

__all__ = [
    "KeptHouseholds",
    "LazyUniforms",
    "fill_in_order",
    "fill_poor_first",
    "first_reaching",
    "households_per_village",
    "in_order",
    "longest_prefix",
    "paired_village_order",
    "pay_per_person",
    "poor_households",
    "refill",
    "return_land",
    "take_dry_land",
    "take_people",
    "take_up",
]


class LazyUniforms:
    """Rows of household uniforms from one month's generator, drawn on first use.

    A month's stream belongs to that month alone, so drawing only in the months that need the
    draws (hiring, signing up households) leaves every other month's draws unchanged.

    Args:
        generator: This month's generator of the firm or program.
        rows: How many rows of uniforms (e.g. 2: accepting an offer, order of offers).
        n: Households.
    """

    def __init__(self, generator: np.random.Generator, rows: int, n: int) -> None:
        self._generator = generator
        self._shape = (rows, n)
        self._values: np.ndarray | None = None

    def __getitem__(self, row: int) -> np.ndarray:
        if self._values is None:
            self._values = self._generator.random(self._shape)
        return self._values[row]


def poor_households(model: County, *, keep_exited: bool) -> np.ndarray:
    """Mask of the households a poverty program reaches.

    After registration (December 2014): registered households, and exited ones too when
    ``keep_exited`` (policies stayed with households after exit, 脱贫不脱政策). Before
    registration nobody is registered, so the program falls back to rural households whose
    last complete year's income per person without transfers was below this year's poverty
    line (transfers left out so that a program's own payments do not decide who gets them).
    """
    population = model.households
    if population.registered.any():
        registered = population.registered if keep_exited else population.registered_poor
        return registered & (population.size > 0)  # a dissolved household receives nothing
    if model.conditions is None:
        return np.zeros(len(population), dtype=bool)
    market_pc = population.market_income_pc(last_year=True)
    return population.rural & (market_pc < model.conditions.poverty_line)


class KeptHouseholds:
    """Households found from a few values, kept while those values are unchanged.

    A program looks for the households it serves (the registered, say) every month, and these
    change a few times a year: a copy of the values they were found from (arrays, or numbers
    such as the year) is compared with the values (a pass over each array, a fraction of the
    search) and the households are found again only when one differs.
    """

    def __init__(self) -> None:
        """Nothing kept yet."""
        self._key: tuple[np.ndarray, ...] = ()
        self._found: tuple[np.ndarray, ...] = ()

    def get(
        self, values: tuple[Any, ...], find: Callable[[], tuple[np.ndarray, ...]]
    ) -> tuple[np.ndarray, ...]:
        """``find()``, found again only if ``values`` differ from those of the last call.

        Args:
            values: Everything ``find`` depends on: arrays (compared by content, so a change
                written in place is seen) or numbers.
            find: Finds the households (and any arrays of theirs) from ``values``.

        Returns:
            What ``find`` returned, made read-only: it is shared from call to call.
        """
        kept = self._key
        if len(kept) != len(values) or not all(map(np.array_equal, kept, values)):
            self._found = find()
            for found in self._found:
                found.flags.writeable = False
            self._key = tuple(np.array(value) for value in values)  # (copies)
        return self._found


def take_people(order: np.ndarray, size: np.ndarray, capacity_people: float) -> np.ndarray:
    """The longest prefix of ``order`` (household indices) whose people fit the capacity.

    A capacity is often small beside the order's people (a month's new connections): the
    prefix is looked for in a head of the order, four times longer while all of it fits. The
    running total over a head is the whole order's over it, so a prefix shorter than the head
    is the whole order's.
    """
    # a first guess: households of two people (only the search's cost depends on it)
    head = int(min(max(capacity_people, 0.0), order.size)) // 2 + 256
    while head < order.size:
        taken = longest_prefix(order[:head], size, capacity_people)
        if taken.size < head:
            return taken
        head *= 4
    return longest_prefix(order, size, capacity_people)


def pay_per_person(
    ledger: Ledger,
    order: np.ndarray,
    size: np.ndarray,
    cost_per_person: float,
    when: tuple[int, int],
    what: str,
) -> np.ndarray:
    """Take whole households of ``order`` while the year's money pays for their people.

    Spends ``cost_per_person`` for each person taken, booked as ``what`` in ``when`` (year,
    month); the rest of the money waits.

    Returns:
        The households taken.
    """
    year, month = when
    taken = take_people(order, size, ledger.available(year) / cost_per_person)
    if taken.size:
        people = float(size[taken].sum())
        ledger.spend(year, month, people * cost_per_person, what, people, "people")
    return taken


def households_per_village(model: County, mask: np.ndarray) -> np.ndarray:
    """The households of ``mask`` (one flag per household) counted by village."""
    # (compress: several times quicker than a boolean index over the county)
    villages = model.households.village.compress(mask)
    return np.bincount(villages, minlength=model.n_villages)


def paired_village_order(model: County) -> np.ndarray:
    """Villages by share of registered households, highest first (then by index)."""
    population = model.households
    poor = poor_households(model, keep_exited=True)
    households = np.bincount(population.village, minlength=model.n_villages)
    poor_count = households_per_village(model, poor)
    share = np.divide(poor_count, households, out=np.zeros(model.n_villages), where=households > 0)
    villages = np.arange(model.n_villages)
    return villages[np.lexsort((villages, -share))]


def in_order(candidates: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``candidates`` (indices) sorted by their draws ``u`` (ties keep index order)."""
    return candidates[stable_argsort(u[candidates])]


def first_reaching(
    candidates: np.ndarray, u: np.ndarray, values: np.ndarray, target: float
) -> np.ndarray:
    """The first ``candidates`` in the order of ``u`` whose ``values`` add up to ``target``.

    ``in_order(candidates, u)`` up to and with the candidate at which the running total of
    ``values`` (non-negative) first reaches ``target``; all of them if it never does; none if
    ``target`` is not positive. Only the candidates early in the order are sorted: those with
    draws below a threshold, raised until their values reach the target. They come first in the
    whole order, in the same order, and the running total over them is the whole order's, so
    the cut is the same.
    """
    if target <= 0 or candidates.size == 0:
        return candidates[:0]
    keys = u.take(candidates)
    total = float(values.take(candidates).sum())
    # a first guess: twice the share of the candidates' values the target is (only the
    # search's cost depends on it, never who is taken), at least one candidate's share of the
    # draws, so that doubling reaches 1 in a few steps (a tiny target's share would underflow
    # to 0, which doubling never raises)
    share = 2.0 * target / total if total > 0 else 1.0
    threshold = max(share, 1.0 / candidates.size)
    while True:
        early = candidates if threshold >= 1.0 else candidates.compress(keys < threshold)
        order = early[stable_argsort(u.take(early))]  # in_order(early, u)
        cumulative = np.cumsum(values.take(order))
        if threshold >= 1.0 or (cumulative.size and cumulative[-1] >= target):
            n = int(np.searchsorted(cumulative, target, side="left")) + 1
            return order[: min(n, order.size)]
        threshold *= 2.0


def take_up(pool: int, demand: float) -> int:
    """Households taking part when ``demand`` places are offered to ``pool`` eligible ones.

    ``round(pool * (1 - exp(-demand / pool)))``: monotone in ``demand``, at most ``pool``.
    """
    if pool <= 0 or demand <= 0:
        return 0
    return min(pool, round(pool * -math.expm1(-demand / pool)))


def _first_in_order(candidates: np.ndarray, u: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` candidates (indices) with the smallest draws ``u``."""
    if n <= 0 or candidates.size == 0:
        return candidates[:0]
    return candidates[first_k(u[candidates], n)]  # in_order(candidates, u)[:n], sorting only n


def refill(
    current: np.ndarray,
    eligible: np.ndarray,
    n: int,
    min_poor_share: float,
    registered: np.ndarray,
    u: np.ndarray,
) -> np.ndarray:
    """Return the new participant mask: eligible stayers, then new places poor first.

    Args:
        current: Boolean mask of last period's participants.
        eligible: Boolean mask of households who may take part now.
        n: Participants wanted.
        min_poor_share: Minimum share of the new places given to registered-poor households
            (as far as there are eligible ones).
        registered: Boolean mask of registered-poor households.
        u: One uniform per household: the order in which places are offered.
    """
    chosen = current & eligible
    stay = np.flatnonzero(chosen)
    if stay.size > n:
        # Fewer places than before: those with the largest draws leave.
        leave = in_order(stay, u)[n:]
        chosen[leave] = False
        return chosen
    new = n - stay.size
    free = eligible & ~chosen
    poor = _first_in_order(np.flatnonzero(free & registered), u, math.ceil(min_poor_share * new))
    chosen[poor] = True
    rest = _first_in_order(np.flatnonzero(free & ~chosen), u, new - poor.size)
    chosen[rest] = True
    return chosen


def fill_in_order(room: np.ndarray, order: np.ndarray, amount: float) -> np.ndarray:
    """Give ``amount`` to households ``order`` (indices) in turn, each up to its ``room``.

    Returns what each household got (zero outside ``order``); the total is
    ``min(amount, room[order].sum())``.
    """
    given = np.zeros_like(room, dtype=float)
    if amount <= 0 or order.size == 0:
        return given
    space = room[order]
    before = np.cumsum(space) - space
    given[order] = np.clip(amount - before, 0.0, space)
    return given


def fill_poor_first(
    room: np.ndarray, registered: np.ndarray, amount: float, min_poor_share: float, u: np.ndarray
) -> np.ndarray:
    """Give ``amount`` to households with room, registered poor first, each up to its room.

    Registered-poor households with room get up to ``min_poor_share * amount`` first, in the
    order of ``u``; the rest of ``amount`` goes to everyone left with room, in the same order.
    Returns what each household got.
    """
    rest = in_order(np.flatnonzero(room > 0), u)
    # the registered of the same order: a stable sort of a subset keeps the superset's order
    poor = rest[registered.take(rest)]
    given = fill_in_order(room, poor, min_poor_share * amount)
    given += fill_in_order(room - given, rest, amount - float(given.sum()))
    return given


def take_dry_land(
    population: Households, candidates: np.ndarray, mu: float, u: np.ndarray
) -> np.ndarray:
    """Rent ``mu`` of dry land from ``candidates`` (mask), whole holdings in random order.

    The households' ``land_dry`` falls by what is taken. Returns the mu taken per household.
    """
    taken = np.zeros(len(population))
    if mu <= 0:
        return taken
    order = in_order(np.flatnonzero(candidates & (population.land_dry > 0)), u)
    holdings = population.land_dry[order]
    before = np.cumsum(holdings) - holdings
    # Each household gives its whole holding until the last one, which gives the remainder.
    taken[order] = np.clip(mu - before, 0.0, holdings)
    population.land_dry -= taken
    return taken


def return_land(population: Households, taken: np.ndarray) -> None:
    """Give rented land back to its households (the facility renting it closed)."""
    population.land_dry += taken
    taken[...] = 0.0
