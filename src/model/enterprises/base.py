"""Enterprises: firms that employ people, buy from households, pay rent and can fail.

An ``Enterprise`` is a ``mesa.Agent`` with an index used in the households' ``employer`` and
``contract_firm`` arrays. When it fails, its jobs and contracts end at once and it stops paying
rent: the households that depended on it lose that income from that month on.

Every firm fails the same three ways, checked by ``check_failure`` at the start of each operating
month and by ``book_month`` at its end:

* forced: in January of the scenario's ``programs.<name>.fail_year``;
* at random: with a yearly hazard (``<firm>.failure_hazard``), scaled by the model's
  ``firm_hazard_multiplier`` (which capacity building lowers);
* when unprofitable: after ``loss_months_to_fail`` loss-making months in a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from model.labour import release_workers
from model.shocks import per_month

if TYPE_CHECKING:
    from model.county import LinxiModel

__all__ = ["Enterprise"]


class Enterprise(mesa.Agent):
    """A firm operating in the county.

    Args:
        model: The county model.
        name: Short name used in outputs.
        fail_year: A year in which the scenario forces the firm to fail, or None.
        failure_hazard: Yearly probability of failing at random (before the capacity
            multiplier).
        loss_months_to_fail: Loss-making months in a row after which the firm closes; None
            means it never closes for losses.
    """

    def __init__(
        self,
        model: LinxiModel,
        name: str,
        *,
        fail_year: int | None = None,
        failure_hazard: float = 0.0,
        loss_months_to_fail: int | None = None,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.firm_index = model.register_firm_index()
        self.fail_year = fail_year
        self.failure_hazard = failure_hazard
        self.loss_months_to_fail = loss_months_to_fail
        self.loss_streak = 0
        self.failed = False
        self.failed_on: tuple[int, int] | None = None
        self.failure_reason = ""
        self.accounts: list[dict[str, Any]] = []

    def check_failure(self, u: float) -> bool:
        """Fail now if the scenario forces it or the month's random draw says so.

        Args:
            u: A uniform draw from the firm's own monthly stream.

        Returns:
            Whether the firm has failed (and so must not operate this month).
        """
        if self.failed:
            return True
        if self.fail_year is not None and self.model.year >= self.fail_year:
            self.fail(f"forced by the scenario in {self.fail_year}")
        elif u < per_month(self.failure_hazard * self.model.firm_hazard_multiplier):
            self.fail("random failure")
        return self.failed

    def book_month(self, profit: float, **accounts: float) -> None:
        """Record the month's accounts and close the firm after too many losses in a row."""
        self.accounts.append(
            {"year": self.model.year, "month": self.model.month, **accounts, "profit": profit}
        )
        self.loss_streak = self.loss_streak + 1 if profit < 0 else 0
        if self.loss_months_to_fail is not None and self.loss_streak >= self.loss_months_to_fail:
            self.fail(f"{self.loss_streak} loss-making months in a row")

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
