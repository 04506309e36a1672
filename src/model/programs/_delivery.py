"""Helpers shared by the services, society and cash programs.

* ``month_allowance``: spread what a ledger may spend over the months left in the year.
* ``poor_households``: who counts as poor for a program targeting the registered poor.
* ``take_people``: the first households of a priority order that fit a capacity in people.
* ``Construction``: money spent on a building becomes capacity some months later.
* ``BuildingProgram``: a program that builds, then serves households every month.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from model.programs.base import AidProgram

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.base import Ledger

__all__ = [
    "BuildingProgram",
    "Construction",
    "month_allowance",
    "poor_households",
    "simple_builder",
    "take_people",
    "unfunded",
]


def unfunded(ledger: Ledger) -> bool:
    """Whether a program was given no money at all (an empty budget, or zeros only).

    Such a program must act on nothing: it returns at once from every step.
    """
    return not any(amount > 0 for amount in ledger.budget.values())


def month_allowance(ledger: Ledger, year: int, month: int, first_month: int = 1) -> float:
    """Money to spend this month so that the year's money lasts evenly to December.

    ``available / (12 - month + 1)`` from ``first_month`` on, zero before it. Unspent money
    carries over, so a program that cannot spend (nobody eligible) spends it later.
    """
    if month < first_month:
        return 0.0
    return ledger.available(year) / (12 - month + 1)


def poor_households(model: LinxiModel, *, keep_exited: bool) -> np.ndarray:
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
        return registered & (population.size > 0)
    if model.year_state is None:
        return np.zeros(len(population), dtype=bool)
    market_pc = population.market_income_pc(last_year=True)
    return population.rural & (market_pc < model.conditions.poverty_line)


def take_people(order: np.ndarray, size: np.ndarray, capacity_people: float) -> np.ndarray:
    """The longest prefix of ``order`` (household indices) whose people fit the capacity.

    More capacity never gives fewer households, since the prefix only grows.
    """
    if capacity_people <= 0 or order.size == 0:
        return order[:0]
    people = np.cumsum(size[order])
    return order[: int(np.searchsorted(people, capacity_people + 1e-9, side="right"))]


@dataclass
class Construction:
    """Building money turned into capacity after a delay.

    Each month's spending buys ``yuan / unit_cost`` units of capacity (places, people served)
    that open ``build_months`` later. Buildings last: opened capacity stays for the run.

    Attributes:
        unit_cost: Yuan of aid per unit of capacity.
        build_months: Months from spending to opening.
        pending: ``[step it opens, units]`` not open yet.
        capacity: Units open now.
    """

    unit_cost: float
    build_months: int
    pending: list[tuple[int, float]] = field(default_factory=list)
    capacity: float = 0.0

    def build(self, step: int, yuan: float) -> float:
        """Record ``yuan`` spent at ``step``; return the units it buys."""
        units = yuan / self.unit_cost
        self.pending.append((step + self.build_months, units))
        return units

    def open_ready(self, step: int) -> float:
        """Open the capacity whose building is finished at ``step``; return capacity open."""
        ready = [units for opens, units in self.pending if opens <= step]
        self.pending = [(opens, units) for opens, units in self.pending if opens > step]
        self.capacity += sum(ready)
        return self.capacity


class BuildingProgram(AidProgram):
    """A program that builds something with its money, then serves households with it.

    Each month of a budget year from ``services.construction_start_month``, it spends
    ``month_allowance`` on construction (``Construction`` turns yuan into capacity). Every
    month, once some capacity is open, ``serve`` acts on households. With no budget the program
    spends nothing, opens nothing, and ``serve`` is never called.

    Args:
        model: The county model.
        name: Program name.
        family: Program family.
        budget: Aid by year.
        unit_cost: Yuan of aid per unit of capacity.
        build_months: Months from spending to opening.
        item: Ledger item of the construction spending.
        unit: Unit of the capacity, for the ledger.
    """

    def __init__(
        self,
        model: LinxiModel,
        name: str,
        family: str,
        budget: Mapping[int, float],
        *,
        unit_cost: float,
        build_months: int,
        item: str,
        unit: str,
    ) -> None:
        super().__init__(model, name, family, budget)
        self.construction = Construction(unit_cost, build_months)
        self.first_month = int(model.params.value("services.construction_start_month"))
        self.item, self.unit = item, unit

    def step(self) -> None:
        """Spend this month's construction money, open finished capacity, serve households."""
        if unfunded(self.ledger):
            return
        model = self.model
        year, month, step = model.year, model.month, model.step_index
        amount = month_allowance(self.ledger, year, month, self.first_month)
        if amount > 0 and self.active(year):
            units = self.construction.build(step, amount)
            self.ledger.spend(year, month, amount, self.item, units, self.unit)
        if self.construction.open_ready(step) > 0:
            self.serve(self.construction.capacity)

    def serve(self, capacity: float) -> None:
        """Act on households with ``capacity`` units open (called every month)."""
        raise NotImplementedError


def simple_builder(cls: type[AidProgram]) -> Callable[..., AidProgram]:
    """A ``ProgramSpec.build`` for program classes constructed as ``cls(model, budget)``."""

    def build(
        model: LinxiModel, spec: object, settings: object, budget: Mapping[int, float]
    ) -> AidProgram:
        return cls(model, dict(budget))

    return build
