"""Shared mechanics of the industry programs: facilities built with aid, take-up, selection.

* ``FacilityProgram``: aid (plus the co-funding it draws in) is spent evenly over the months
  of its funding year from ``first_month``; money spent in year ``y`` opens as capacity in
  January of ``y + 1``::

      investment_open(y) = sum over years < y of aid spent * (1 + cofunding)

  Subclasses turn the open investment into units of capacity (mu of greenhouses, head of
  slaughter capacity, ...) with their own unit cost, and cap it at what the site can hold,
  so spending stops once the cap is reached (the unspent money carries over, unused).
* ``take_up``: diminishing returns where the real limit is the households able to take part.
  When ``D`` places are offered to a pool of ``N`` eligible households, ``N (1 - exp(-D/N))``
  take one: about ``D`` while places are few, never more than ``N``, and always rising in ``D``.
* ``refill``: who takes part. Last year's participants who are still eligible stay; new places
  go first to registered-poor households up to a minimum share, then to anyone eligible, in a
  random order drawn from the program's own stream.
* ``take_dry_land`` / ``return_land``: land rented for a facility is taken from households'
  dry land (they stop farming it and receive rent instead) and returned if the facility closes.
* ``pay_dividends``: the asset-income rule shared with the egg farm: a share of the rent a firm
  pays on the aid-built facility goes to registered-poor households, those without labour or
  with illness first, then the lowest incomes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from model.households import SOURCE_INDEX, Households
from model.programs.base import AidProgram

if TYPE_CHECKING:
    from model.county import LinxiModel

__all__ = [
    "FacilityProgram",
    "LazyUniforms",
    "fill_in_order",
    "pay_dividends",
    "refill",
    "return_land",
    "take_dry_land",
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
    return candidates[np.argsort(u[candidates], kind="stable")][:n]


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
        leave = stay[np.argsort(u[stay], kind="stable")][n:]
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


def take_dry_land(
    population: Households, candidates: np.ndarray, mu: float, u: np.ndarray
) -> np.ndarray:
    """Rent ``mu`` of dry land from ``candidates`` (mask), whole holdings in random order.

    The households' ``land_dry`` falls by what is taken. Returns the mu taken per household.
    """
    taken = np.zeros(len(population))
    if mu <= 0:
        return taken
    order = np.flatnonzero(candidates & (population.land_dry > 0))
    order = order[np.argsort(u[order], kind="stable")]
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


def pay_dividends(
    program: AidProgram, pool: float, share_to_poor: float, per_household: float
) -> None:
    """Pay ``share_to_poor`` of ``pool`` (yuan) to registered-poor rural households.

    About ``per_household`` yuan each; households without able labour or with illness first,
    then the lowest incomes. The rest goes to the village collective fund (not household
    income). Both are recorded as flows in the program's ledger.
    """
    model = program.model
    year = model.year
    if pool <= 0:
        return
    population = model.households
    eligible = np.flatnonzero(population.registered & population.rural)
    if eligible.size == 0:
        program.ledger.flow(year, 12, pool, "rent undistributed (no registered households)")
        return
    to_poor = share_to_poor * pool
    n_recipients = min(eligible.size, max(1, math.floor(to_poor / per_household)))
    income_pc = population.net_income_pc()[eligible]
    priority = (population.n_able[eligible] == 0) | (population.n_ill[eligible] > 0)
    recipients = eligible[np.lexsort((income_pc, ~priority))[:n_recipients]]
    program.deliver(recipients, to_poor / n_recipients, SOURCE_INDEX["dividends"])
    program.ledger.flow(
        year, 12, to_poor, "dividends to registered-poor households", n_recipients, "households"
    )
    program.ledger.flow(year, 12, pool - to_poor, "village collective fund")


class FacilityProgram(AidProgram):
    """A program whose aid builds a facility that opens the January after the money is spent.

    Its parameters ``<name>.cofunding_per_aid_yuan`` (other money drawn in per yuan of aid) and
    ``<name>.first_spending_month`` (calendar month in which each year's construction spending
    starts) are read here.

    Args:
        model: The county model.
        name: Program name (also the prefix of its parameters).
        budget: Aid by year, yuan.
    """

    def __init__(self, model: LinxiModel, name: str, budget: Mapping[int, float]) -> None:
        super().__init__(model, name, "industry", budget)
        self.cofunding = model.params.value(f"{name}.cofunding_per_aid_yuan")
        self.first_month = int(model.params.value(f"{name}.first_spending_month"))
        self.aid_open = 0.0
        self._aid_building = 0.0

    @property
    def investment_open(self) -> float:
        """Money (aid and co-funding) in facilities that have opened, yuan."""
        return self.aid_open * (1.0 + self.cofunding)

    def room_for_investment(self) -> float:
        """More investment (yuan) the site can take; subclasses cap it. Default: no cap."""
        return math.inf

    def build_month(self) -> bool:
        """Open last year's construction in January; spend this month's construction money.

        Returns:
            Whether new capacity opened this month.
        """
        model = self.model
        year, month = model.year, model.month
        opened = False
        if month == 1 and self._aid_building > 0:
            self.aid_open += self._aid_building
            self._aid_building = 0.0
            opened = True
        if month < self.first_month or self.ledger.budget.get(year, 0.0) <= 0:
            return opened
        available = self.ledger.available(year)
        room = self.room_for_investment() - (self._aid_building * (1.0 + self.cofunding))
        amount = min(available / (13 - month), max(room, 0.0) / (1.0 + self.cofunding))
        if amount > 0:
            self.ledger.spend(year, month, amount, "construction")
            self._aid_building += amount
        return opened
