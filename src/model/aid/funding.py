"""Budgets and ledgers: money given by year, what was spent, and the one rule for spending it.

A program receives a budget by year (yuan). Unspent money carries over to later years, up to the
year the ledger closes (the aid was stopped or the program ended); spending beyond what has been
given raises ``BudgetExceeded``, so no program can spend more than it was given. The ledger also
records money that passes through a program without being aid spending (rent collected from a
firm, dividends paid out).

Spending over the year (``Ledger.month_allowance``): a program that spends a year's money as it
goes spends ``available / months left in the year`` each month, so the money lasts evenly to
December, and what it cannot spend (nobody eligible, a full site) waits for later.

Funders (``FUNDERS``): every program is paid by one funder, Beijing and Fengtai (the paired aid
the account reports) or a level of China's own government (central, provincial, i.e. the Inner
Mongolia region, or county); each funder belongs to a funder group, ``"beijing"`` or
``"domestic"``, which the scenario switches and scales as a whole (``[aid]``, ``[domestic]``).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "FUNDERS",
    "FUNDER_GROUPS",
    "LEDGER_COLUMNS",
    "LEDGER_TYPES",
    "BudgetExceeded",
    "Ledger",
    "LedgerEntry",
    "funder_group",
    "stack_ledgers",
]

#: Who pays for a program, each with its funder group.
FUNDERS: dict[str, str] = {
    "beijing_fengtai": "beijing",
    "central": "domestic",
    "provincial": "domestic",
    "county": "domestic",
}
#: Funder groups: Beijing-Fengtai aid, and China's own (domestic) programmes.
FUNDER_GROUPS: tuple[str, ...] = ("beijing", "domestic")


def funder_group(funder: str) -> str:
    """The group (``"beijing"`` or ``"domestic"``) of a funder; ``KeyError`` for an unknown one."""
    try:
        return FUNDERS[funder]
    except KeyError:
        raise KeyError(f"unknown funder {funder!r}; expected one of {', '.join(FUNDERS)}") from None


#: Columns of a ledger's table, one row per entry (``Ledger.to_frame``).
LEDGER_COLUMNS: tuple[str, ...] = ("year", "month", "kind", "item", "yuan", "quantity", "unit")
#: Column types of a ledger table: the same whether a table holds entries or not (an empty
#: table's columns would otherwise be untyped, and would untype a table stacked with it).
LEDGER_TYPES: dict[str, str] = {
    "year": "int64",
    "month": "int64",
    "kind": "str",
    "item": "str",
    "yuan": "float64",
    "quantity": "float64",
    "unit": "str",
}
_entry_values = operator.attrgetter(*LEDGER_COLUMNS)


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
        budget: Yuan given to the program, by year (fixed once the ledger is made).
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
        # asked by every program every month: worked out once
        self._funded = any(amount > 0 for amount in self.budget.values())
        self._given_through: dict[int, float] = {}
        #: The amounts of aid spent, by year, in the order of the entries (``spend`` adds them):
        #: summed by ``spent_in`` with no scan of every entry, to the same bits.
        self._spent_by_year: dict[int, list[float]] = {}

    @property
    def funded(self) -> bool:
        """Whether the program was given any money at all (a budget of zeros gives none).

        An unfunded program must act on nothing: the county does not step it.
        """
        return self._funded

    def funds(self, year: int) -> bool:
        """Whether ``year`` itself brings money (a budget year of more than zero)."""
        return self.budget.get(year, 0.0) > 0

    def month_allowance(self, year: int, month: int, first_month: int = 1) -> float:
        """Money to spend this month so that what is available lasts evenly to December.

        ``available / (12 - month + 1)`` from ``first_month`` on, zero before it.
        """
        if month < first_month:
            return 0.0
        return self.available(year) / (12 - month + 1)

    def given_through(self, year: int) -> float:
        """Total budget given up to and including ``year``."""
        given = self._given_through.get(year)
        if given is None:
            given = sum(amount for y, amount in self.budget.items() if y <= year)
            self._given_through[year] = given
        return given

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
        self._spent_by_year.setdefault(year, []).append(yuan)
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
        # sum() of the amounts (compensated, not a running total: the scan's value)
        return sum(self._spent_by_year.get(year, ()))

    def flow_in(self, year: int, item: str) -> float:
        """Money recorded as flow ``item`` in ``year``."""
        return sum(
            e.yuan for e in self.entries if e.kind == "flow" and e.year == year and e.item == item
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the ledger as a DataFrame, one row per entry, typed as ``LEDGER_TYPES``."""
        return _ledger_table([_entry_values(e) for e in self.entries])


def stack_ledgers(ledgers: Sequence[tuple[Ledger, Mapping[str, str]]]) -> pd.DataFrame:
    """Stack ledgers into one table, each entry with its ledger's labels (program, funder...).

    Every entry's row, in order, with the columns typed as ``LEDGER_TYPES`` whatever the
    ledgers hold (an empty one included), and the label columns added once to the whole table
    (a calibration builds one per run).

    Args:
        ledgers: Each ledger with its labels; every ledger has the same label names.
    """
    if not ledgers:
        return pd.concat([])  # raises as concatenating no tables does
    rows = [_entry_values(entry) for ledger, _ in ledgers for entry in ledger.entries]
    labels = {
        name: [value for ledger, named in ledgers for value in [named[name]] * len(ledger.entries)]
        for name in ledgers[0][1]
    }
    return _ledger_table(rows, labels)


def _ledger_table(
    rows: list[tuple[Any, ...]], labels: Mapping[str, list[str]] | None = None
) -> pd.DataFrame:
    """A ledger table of ``rows`` (values in ``LEDGER_COLUMNS`` order), typed.

    Args:
        rows: The entries' values.
        labels: Columns added after the ledger's, a label (a string) per row.
    """
    # built column by column, each typed from a list (several times quicker than a table of
    # rows, whose values pass through object columns, then typed)
    columns = zip(*rows, strict=True) if rows else ([] for _ in LEDGER_COLUMNS)
    table = {
        name: pd.Series(list(values), dtype=LEDGER_TYPES[name])
        for name, values in zip(LEDGER_COLUMNS, columns, strict=True)
    }
    table.update((name, pd.Series(values, dtype="str")) for name, values in (labels or {}).items())
    return pd.DataFrame(table)
