"""Money into capacity: one facility concept for building, co-funding, opening, rent and dividends.

Aid builds something the county owns: a farm, a plant, a park, a store, a school, a hospital, a
water works, a job centre. ``Facility`` is that thing's money and capacity:

* Building: each month a ``FacilityProgram`` spends ``Ledger.month_allowance`` of a funded year
  from its ``first_month`` on, but no more than the site can still take (``Facility.room``).
  Aid draws in ``cofunding`` yuan of other money per yuan, so the investment is
  ``aid * (1 + cofunding)``.
* Opening: building opens as capacity by the project's opening rule (``OpensAfter``: each month's
  building ``months`` later; ``OpensNextJanuary``: a year's building the January after;
  ``OpensAfterFirstSpending``: ``months`` after building starts, money given later extending it
  at once). Open capacity lasts for the run::

      capacity = min(investment_open / unit_cost, max_units)

* Lease (``Lease``): a firm that runs the facility pays ``rent_rate`` a year of what the county
  owns in it (the aid, and the co-funding too when that is public money), monthly while it
  operates; each December ``share_to_poor`` of the year's rent is paid to registered-poor rural
  households (asset income, 资产收益), about ``dividend_per_household`` each, those without able
  labour or with illness first, then the lowest incomes; the rest goes to the village collective
  fund (public goods, not household income). Both are flows in the program's ledger.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from model.aid.program import AidProgram
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.aid.firm import Firm

__all__ = [
    "Facility",
    "FacilityProgram",
    "Lease",
    "OpensAfter",
    "OpensAfterFirstSpending",
    "OpensNextJanuary",
    "PublicBuilding",
]

_MONTHS = 12


class Opening(Protocol):
    """When building paid for at a step opens."""

    def opens(self, step: int) -> int:
        """The step at which money spent at ``step`` opens as capacity."""
        ...


@dataclass
class OpensAfter:
    """Each month's building opens ``months`` later (a building a month's money pays for)."""

    months: int

    def opens(self, step: int) -> int:
        """``step + months``."""
        return step + self.months


@dataclass
class OpensNextJanuary:
    """A year's building opens in the January after it (runs start in a January)."""

    def opens(self, step: int) -> int:
        """The first step of the next calendar year."""
        return (step // _MONTHS + 1) * _MONTHS


@dataclass
class OpensAfterFirstSpending:
    """A facility opens ``months`` after building starts; money given later extends it at once.

    Attributes:
        months: Months from the first spending to the opening.
        phase_each_year: Each funding year's money is a new phase of building, opening
            ``months`` after that year's first spending (the egg farm's tranches); otherwise
            one building opens ``months`` after the very first spending (the hub, the centre).
    """

    months: int
    phase_each_year: bool = False
    _started: dict[int, int] = field(default_factory=dict)

    def opens(self, step: int) -> int:
        """``max(start + months, step)``, ``start`` the step the building (phase) started."""
        phase = step // _MONTHS if self.phase_each_year else 0
        start = self._started.setdefault(phase, step)
        return max(start + self.months, step)


def _added(amounts: Iterable[float]) -> float:
    """The amounts added one after the other, as spending accrues month by month.

    Not ``sum``: Python's ``sum`` of floats compensates rounding, and the facility's totals are
    the month-by-month running totals (this keeps results identical to the last digit).
    """
    total = 0.0
    for amount in amounts:
        total += amount
    return total


class Facility:
    """What aid builds: money spent, money open as capacity, and the site's limit.

    Args:
        opening: When building opens (``OpensAfter``, ``OpensNextJanuary``, ...).
        cofunding: Other money drawn in per yuan of aid.
        unit_cost: Investment (aid and co-funding) per unit of capacity, yuan.
        max_units: Units the site can hold (already scaled to the simulated county).
    """

    def __init__(
        self,
        opening: Opening,
        *,
        cofunding: float = 0.0,
        unit_cost: float = 1.0,
        max_units: float = math.inf,
    ) -> None:
        self.opening = opening
        self.cofunding = cofunding
        self.unit_cost = unit_cost
        self.max_units = max_units
        self.max_investment = max_units * unit_cost
        #: Aid in the parts that have opened, yuan.
        self.aid_open = 0.0
        self._building: list[tuple[int, float]] = []  # (opening step, aid)

    @property
    def aid_building(self) -> float:
        """Aid spent on parts not open yet, yuan."""
        return _added(aid for _, aid in self._building)

    @property
    def investment_open(self) -> float:
        """Money (aid and co-funding) in the parts that have opened, yuan."""
        return self.aid_open * (1.0 + self.cofunding)

    @property
    def capacity(self) -> float:
        """Units of capacity open now."""
        return min(self.investment_open / self.unit_cost, self.max_units)

    def room(self) -> float:
        """Aid the site can still take before it is full, yuan (``inf`` without a limit)."""
        room = max(self.max_investment - self.investment_open, 0.0)
        room -= self.aid_building * (1.0 + self.cofunding)
        return max(room, 0.0) / (1.0 + self.cofunding)

    def build(self, step: int, aid: float) -> None:
        """Record ``aid`` spent on building at ``step``; it opens by the opening rule."""
        self._building.append((self.opening.opens(step), aid))

    def open_ready(self, step: int) -> None:
        """Open the building whose time has come at ``step``."""
        ready = [aid for opens, aid in self._building if opens <= step]
        if ready:
            self._building = [(opens, aid) for opens, aid in self._building if opens > step]
            self.aid_open += _added(ready)


@dataclass(frozen=True)
class Lease:
    """The county leases the facility to a firm: rent in monthly, dividends out in December.

    Attributes:
        rent_rate: Yearly rent as a share of what the county owns in the facility.
        share_to_poor: Share of the year's rent paid to registered-poor households.
        dividend_per_household: About this much a year to each household receiving dividends.
        on_cofunding: Whether the co-funding is public money the county owns too (rent is then
            charged on aid and co-funding), or the firm's own (rent on the aid only).
    """

    rent_rate: float
    share_to_poor: float
    dividend_per_household: float
    on_cofunding: bool


class FacilityProgram(AidProgram):
    """A program whose money builds a facility; it serves households with what is open.

    Subclasses set up their facility in ``setup`` with ``build_facility`` (or set
    ``self.facility`` and ``self.first_month``, the calendar month in which each year's building
    starts), and may set ``self.lease`` (``lease_facility``) and ``self.firm`` for a facility a
    firm runs. ``step`` builds, then calls ``serve`` with the capacity open, if any.
    """

    facility: Facility
    first_month: int = 1
    lease: Lease | None = None
    firm: Firm | None = None
    #: Ledger item of the building money, and the unit of what it buys (none: not recorded).
    item: str = "construction"
    unit: str = ""

    def setup(self) -> None:
        """Start the rent book."""
        super().setup()
        #: Rent received from the firm, yuan by year.
        self.rent_received: dict[int, float] = {}

    def build_facility(
        self,
        opening: Opening,
        unit_cost: str | None = None,
        site: str | None = None,
        *,
        max_units: float = math.inf,
    ) -> None:
        """Set up the facility from the project's parameters ``<name>.*``.

        Building starts each funded year in ``<name>.first_spending_month``, and each yuan of
        aid draws in ``<name>.cofunding_per_aid_yuan`` of other money.

        Args:
            opening: When building opens.
            unit_cost: The parameter (under ``<name>.``) giving the investment per unit of
                capacity; none: capacity is in yuan invested.
            site: The parameter (under ``<name>.``) giving the units the full county's site
                holds; it is scaled to the simulated county.
            max_units: The units the site holds, when not given by ``site``.
        """
        self.first_month = int(self.parameter("first_spending_month"))
        self.facility = Facility(
            opening,
            cofunding=self.parameter("cofunding_per_aid_yuan"),
            unit_cost=self.parameter(unit_cost) if unit_cost else 1.0,
            max_units=self.parameter(site) * self.model.scale if site else max_units,
        )

    def lease_facility(self, *, on_cofunding: bool) -> None:
        """Lease the facility to its firm on the project's terms ``<name>.*``.

        Args:
            on_cofunding: Whether the rent is on the co-funding too (public money), or on the
                aid alone.
        """
        self.lease = Lease(
            rent_rate=self.parameter("rent_rate"),
            share_to_poor=self.parameter("share_rent_to_poor"),
            dividend_per_household=self.parameter("dividend_per_household"),
            on_cofunding=on_cofunding,
        )

    def bought(self, aid: float) -> tuple[float, str]:
        """What ``aid`` buys, for the ledger: units of capacity and their unit."""
        if not self.unit:
            return 0.0, ""
        return aid * (1.0 + self.facility.cofunding) / self.facility.unit_cost, self.unit

    def step(self) -> None:
        """Build with this month's money; serve households with the capacity open."""
        self.build_month()
        capacity = self.facility.capacity
        if capacity > 0:
            self.serve(capacity)

    def build_month(self) -> None:
        """Spend this month's building money (as far as the site has room); open what is ready."""
        model = self.model
        year, month, step = model.year, model.month, model.step_index
        if self.ledger.funds(year):
            allowance = self.ledger.month_allowance(year, month, self.first_month)
            amount = min(allowance, self.facility.room())
            if amount > 0:
                self.ledger.spend(year, month, amount, self.item, *self.bought(amount))
                self.facility.build(step, amount)
        self.facility.open_ready(step)

    def serve(self, capacity: float) -> None:
        """Act on households with ``capacity`` units open (every month once open)."""

    # -- a leased facility: rent and dividends -----------------------------------------------
    def monthly_rent(self) -> float:
        """Rent the operating firm owes this month, yuan."""
        lease = self.lease
        owned = self.facility.investment_open if lease.on_cofunding else self.facility.aid_open
        return lease.rent_rate * owned / 12.0

    def receive_rent(self, yuan: float) -> None:
        """Record rent paid by the firm."""
        model = self.model
        self.rent_received[model.year] = self.rent_received.get(model.year, 0.0) + yuan
        self.ledger.flow(model.year, model.month, yuan, "rent received")

    def rent_share_to_poor(self, year: int) -> float:
        """Share of the year's rent paid to registered-poor households."""
        pool = self.rent_received.get(year, 0.0)
        paid = self.ledger.flow_in(year, "dividends to registered-poor households")
        return paid / pool if pool > 0 else float("nan")

    def close_year(self) -> None:
        """Pay the year's rent out: the poor share as dividends, the rest to villages."""
        if self.lease is not None:
            self._pay_dividends(self.rent_received.get(self.model.year, 0.0))

    def _pay_dividends(self, pool: float) -> None:
        model = self.model
        year = model.year
        if pool <= 0:
            return
        population = model.households
        eligible = np.flatnonzero(population.registered & population.rural)
        if eligible.size == 0:
            self.ledger.flow(year, 12, pool, "rent undistributed (no registered households)")
            return
        to_poor = self.lease.share_to_poor * pool
        per_household = self.lease.dividend_per_household
        n_recipients = min(eligible.size, max(1, math.floor(to_poor / per_household)))
        income_pc = population.net_income_pc(households=eligible)
        priority = (population.able_members(eligible) == 0) | (population.ill_members(eligible) > 0)
        recipients = eligible[np.lexsort((income_pc, ~priority))[:n_recipients]]
        self.deliver(recipients, to_poor / n_recipients, SOURCE_INDEX["dividends"], "dividends")
        self.ledger.flow(
            year, 12, to_poor, "dividends to registered-poor households", n_recipients, "households"
        )
        self.ledger.flow(year, 12, pool - to_poor, "village collective fund")

    def jobs(self) -> tuple[int, int]:
        """Jobs at the firm running the facility (none without one)."""
        return self.firm.jobs() if self.firm is not None else (0, 0)


class PublicBuilding(FacilityProgram):
    """A public building of the services family: a school, a hospital, a water works.

    Each funded year's building starts in ``services.construction_start_month``; each month's
    building opens ``<name>.build_months`` later, at ``unit_cost_key`` yuan of aid per unit of
    capacity (one yuan when there is no such parameter: capacity in yuan of buildings; a key
    without a dot is the program's own).
    """

    unit_cost_key: str | None = None
    parameters = {"first_month": ("services.construction_start_month", int)}

    def setup(self) -> None:
        """Set up the building: it opens ``<name>.build_months`` after each month's money."""
        super().setup()
        self.facility = Facility(
            OpensAfter(int(self.parameter("build_months"))),
            unit_cost=self.parameter(self.unit_cost_key) if self.unit_cost_key else 1.0,
        )
