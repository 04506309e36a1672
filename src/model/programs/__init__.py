"""Aid programs, one module per program family."""

from model.programs.base import AidProgram, BudgetExceeded, Ledger, LedgerEntry
from model.programs.egg_farm import EggFarmProgram

__all__ = ["AidProgram", "BudgetExceeded", "EggFarmProgram", "Ledger", "LedgerEntry"]
