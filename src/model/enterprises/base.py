"""Enterprises: firms that employ people, buy from households, pay rent and can fail.

An ``Enterprise`` is a ``mesa.Agent`` with an index used in the households' ``employer`` and
``contract_firm`` arrays. When it fails, its jobs and contracts end at once and it stops paying
rent: the households that depended on it lose that income from that month on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from model.labour import release_workers

if TYPE_CHECKING:
    from model.county import LinxiModel

__all__ = ["Enterprise"]


class Enterprise(mesa.Agent):
    """A firm operating in the county.

    Args:
        model: The county model.
        name: Short name used in outputs.
    """

    def __init__(self, model: LinxiModel, name: str) -> None:
        super().__init__(model)
        self.name = name
        self.firm_index = model.register_firm_index()
        self.failed = False
        self.failed_on: tuple[int, int] | None = None
        self.failure_reason = ""
        self.accounts: list[dict[str, Any]] = []

    @property
    def operating(self) -> bool:
        """Whether the firm is running (subclasses add start conditions)."""
        return not self.failed

    def staff(self) -> np.ndarray:
        """Boolean mask of households with a member working here."""
        return self.model.households.employer == self.firm_index

    def jobs(self) -> tuple[int, int]:
        """Workers employed, and how many come from registered-poor households."""
        staff = self.staff()
        return int(staff.sum()), int((staff & self.model.households.registered).sum())

    def fail(self, reason: str) -> None:
        """Close the firm: jobs and contracts end, rent stops."""
        if self.failed:
            return
        population = self.model.households
        self.failed = True
        self.failed_on = (self.model.year, self.model.month)
        self.failure_reason = reason
        release_workers(population, self.firm_index)
        population.contract_firm[population.contract_firm == self.firm_index] = -1

    def accounts_frame(self) -> pd.DataFrame:
        """Monthly accounts (production, sales, costs, profit) as a DataFrame."""
        return pd.DataFrame(self.accounts)
