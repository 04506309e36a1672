"""Aid programs: budgets by year and ledgers of what the money bought and whom it reached.

An ``AidProgram`` is a ``mesa.Agent``. It receives a budget by year (yuan). Unspent money
carries over to later years; spending beyond what has been given raises ``BudgetExceeded``, so no
program can spend more than it was given. Its ledger also records money that passes through it
without being aid spending (rent collected from a firm, dividends paid out), and its yearly
summary gives spending, beneficiaries and jobs for ``programs.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from model.county import LinxiModel

__all__ = ["AidProgram", "BudgetExceeded", "Ledger", "LedgerEntry"]


class BudgetExceeded(RuntimeError):
    """Raised when a program tries to spend more than its budget allows."""


@dataclass(frozen=True)
class LedgerEntry:
    """One line of a program ledger.

    Attributes:
        year: Calendar year.
        month: Calendar month (1-12).
        kind: ``"spend"`` for aid spending against the budget, ``"flow"`` for money passing
            through (rent in, dividends out).
        item: What the money was for.
        yuan: Amount, yuan (positive).
        quantity: What it bought or reached, in ``unit``.
        unit: Unit of ``quantity``.
    """

    year: int
    month: int
    kind: str
    item: str
    yuan: float
    quantity: float = 0.0
    unit: str = ""


class Ledger:
    """A program's budget by year and the record of its spending and flows.

    Args:
        budget: Yuan given to the program, by year.
        closes_after: Last year in which the program may spend; unspent money is not carried
            past it (the aid was stopped or the program ended). None: no end.
    """

    def __init__(self, budget: Mapping[int, float], closes_after: int | None = None) -> None:
        if any(amount < 0 for amount in budget.values()):
            raise ValueError("a budget cannot be negative")
        self.budget = {int(year): float(amount) for year, amount in budget.items()}
        self.closes_after = closes_after
        self.entries: list[LedgerEntry] = []
        self._spent = 0.0

    def given_through(self, year: int) -> float:
        """Total budget given up to and including ``year``."""
        return sum(amount for y, amount in self.budget.items() if y <= year)

    def available(self, year: int) -> float:
        """Money the program may still spend in ``year`` (this year's and unspent earlier)."""
        if self.closes_after is not None and year > self.closes_after:
            return 0.0
        return max(self.given_through(year) - self._spent, 0.0)

    def spend(
        self, year: int, month: int, yuan: float, item: str, quantity: float = 0.0, unit: str = ""
    ) -> None:
        """Record aid spending; raise ``BudgetExceeded`` if it is more than is available.

        Spending that exceeds what is available only by floating-point rounding (a budget
        split into monthly parts) is recorded as exactly what is available, so the total spent
        never exceeds the total given.
        """
        if yuan < 0:
            raise ValueError("spending must be positive")
        available = self.available(year)
        if yuan > available * (1 + 1e-12) + 1e-6:
            raise BudgetExceeded(
                f"{item}: spending {yuan:,.0f} yuan in {year} exceeds the "
                f"{available:,.0f} yuan available"
            )
        yuan = min(yuan, available)
        self._spent += yuan
        self.entries.append(LedgerEntry(year, month, "spend", item, yuan, quantity, unit))

    def flow(
        self, year: int, month: int, yuan: float, item: str, quantity: float = 0.0, unit: str = ""
    ) -> None:
        """Record money passing through the program (not aid spending)."""
        self.entries.append(LedgerEntry(year, month, "flow", item, yuan, quantity, unit))

    @property
    def spent(self) -> float:
        """Total aid spent so far."""
        return self._spent

    def spent_in(self, year: int) -> float:
        """Aid spent in ``year``."""
        return sum(e.yuan for e in self.entries if e.kind == "spend" and e.year == year)

    def flow_in(self, year: int, item: str) -> float:
        """Money recorded as flow ``item`` in ``year``."""
        return sum(
            e.yuan for e in self.entries if e.kind == "flow" and e.year == year and e.item == item
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the ledger as a DataFrame, one row per entry."""
        columns = ["year", "month", "kind", "item", "yuan", "quantity", "unit"]
        return pd.DataFrame([asdict(e) for e in self.entries], columns=columns)


class AidProgram(mesa.Agent):
    """An aid program: money in, capacity or services out, households reached.

    Subclasses implement ``step`` (called once a month) and may implement ``close_year``
    (called in December before the year's metrics are taken).

    Args:
        model: The county model.
        name: Short name used in outputs, e.g. ``"egg_farm"``.
        family: Program family, e.g. ``"industry"``.
        budget: Yuan given to the program, by year.
        start_year: First year the program can act; None means the first year its budget gives
            money (or the model's first year if it gives none).
        end_year: Last year the program can act (None: no end).
    """

    def __init__(
        self,
        model: LinxiModel,
        name: str,
        family: str,
        budget: Mapping[int, float],
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.family = family
        if start_year is None:
            funded = [year for year, amount in budget.items() if amount > 0]
            start_year = min(funded, default=model.start_year)
        self.start_year = start_year
        self.end_year = end_year
        self.ledger = Ledger(budget)
        self.program_bit = np.uint32(1 << model.register_program_bit())
        self.income_delivered: dict[int, float] = {}

    def active(self, year: int) -> bool:
        """Whether the program acts in ``year``."""
        return year >= self.start_year and (self.end_year is None or year <= self.end_year)

    def reach(self, households: np.ndarray) -> None:
        """Mark households (a boolean mask or indices) as reached by the program this year."""
        self.model.households.programs_touched[households] |= self.program_bit

    def deliver(self, households: np.ndarray, amount: np.ndarray | float, source_row: int) -> None:
        """Add income from the program to households (indices) and mark them reached."""
        population = self.model.households
        population.income[source_row, households] += amount
        total = float(np.sum(np.broadcast_to(amount, np.shape(households))))
        year = self.model.year
        self.income_delivered[year] = self.income_delivered.get(year, 0.0) + total
        self.reach(households)

    def jobs(self) -> tuple[int, int]:
        """Jobs this program created and how many went to registered-poor households."""
        return 0, 0

    def close_year(self) -> None:
        """December work before the year's metrics (dividends, reports)."""

    def year_summary(self, year: int) -> dict[str, Any]:
        """Return this program's row of ``programs.csv`` for ``year``."""
        population = self.model.households
        reached = (population.programs_touched & self.program_bit) > 0
        size = population.size
        jobs, jobs_poor = self.jobs()
        return {
            "program": self.name,
            "family": self.family,
            "year": year,
            "budget_yuan": self.ledger.budget.get(year, 0.0),
            "spent_yuan": self.ledger.spent_in(year),
            "beneficiaries": int(size[reached].sum()),
            "beneficiaries_registered_poor": int(size[reached & population.registered].sum()),
            "beneficiary_households": int(reached.sum()),
            "jobs": jobs,
            "jobs_registered_poor": jobs_poor,
            "income_delivered_yuan": self.income_delivered.get(year, 0.0),
        }
