"""Firms: the companies an aid program builds for or pays, which employ people and can fail.

A ``Firm`` is a ``mesa.Agent`` run by one program (the program that built its facility or pays
its wages): it lives in that program's module, delivers wages and premiums to households through
the program (so that the program counts the income it brought about), and joins the county's
monthly step through the ``register_firm`` hook, which gives it its index in the households'
``employer`` and ``contract_firm`` arrays. When it fails, its jobs and contracts end at once and
it stops paying rent: the households that depended on it lose that income from that month on.

Every firm fails the same three ways, checked by ``check_failure`` at the start of each operating
month and by ``book_month`` at its end:

* forced: in January of the scenario's ``programs.<name>.fail_year``;
* at random: with a yearly hazard (``<firm>.failure_hazard``), scaled by the county's
  ``firm_hazard_multiplier`` (which capacity building lowers);
* when unprofitable: after ``loss_months_to_fail`` loss-making months in a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from model.aid.selection import LazyUniforms
from model.households import SOURCE_INDEX
from model.labour import hire, release_workers
from model.shocks import per_month

if TYPE_CHECKING:
    from model.aid.program import AidProgram
    from model.context import County

__all__ = ["Firm"]


class Firm(mesa.Agent):
    """A firm operating in the county, run by an aid program.

    Args:
        model: The county.
        program: The program that built its facility or pays it (income is delivered through
            it); its settings' ``fail_year`` is the year the scenario forces the firm to fail.
        name: Short name used in outputs and in the name of its random stream.
        group: The firm's parameter group (e.g. ``"egg_farm"``): its values are ``self.p``, its
            ``failure_hazard`` (yearly probability of failing at random, before the capacity
            multiplier) and ``loss_months_to_fail`` (loss-making months in a row after which
            the firm closes; none: it never closes for losses) are the firm's.
        failure_hazard: The yearly hazard, for a firm without a parameter group.
    """

    def __init__(
        self,
        model: County,
        program: AidProgram,
        name: str,
        group: str | None = None,
        *,
        failure_hazard: float | None = None,
    ) -> None:
        super().__init__(model)
        self.program = program
        self.name = name
        self.firm_index = model.register_firm(self)
        #: The values of the firm's parameter group, by short name.
        self.p: dict[str, Any] = model.params.group(group) if group else {}
        self.fail_year = program.settings.fail_year
        self.failure_hazard = self.p["failure_hazard"] if failure_hazard is None else failure_hazard
        loss_months = self.p.get("loss_months_to_fail")
        self.loss_months_to_fail = None if loss_months is None else int(loss_months)
        self.loss_streak = 0
        self.failed = False
        self.failed_on: tuple[int, int] | None = None
        self.failure_reason = ""
        self.accounts: list[dict[str, Any]] = []

    def operating_month(self) -> LazyUniforms | None:
        """Start a month: the month's household draws if the firm operates, else None.

        None when the firm is not operating (not open yet, or failed) or fails now. The firm's
        stream is keyed by month, so drawing only while operating keeps every other month's
        draws unchanged: one uniform for the failure check, then two rows of household
        uniforms (accepting an offer, the order of offers), drawn on first use.
        """
        if not self.operating:
            return None
        draws = self.model.streams.get(f"firm:{self.name}", self.model.step_index)
        if self.check_failure(draws.random()):
            return None
        return LazyUniforms(draws, 2, len(self.model.households))

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
        registered = self.model.households.registered
        return int(np.count_nonzero(staff)), int(np.count_nonzero(staff & registered))

    def staff_to(self, target: int, share_poor: float, u: LazyUniforms) -> None:
        """Hire up to ``target`` workers (poor first to ``share_poor``), or let the excess go.

        Excess workers (a season ended) leave non-poor first, in random order, so the
        registered-poor share does not fall.
        """
        population = self.model.households
        staff = np.flatnonzero(self.staff())
        if staff.size == target:
            return
        if staff.size > target:
            keep_order = np.lexsort((u[1][staff], ~population.registered[staff]))
            population.employer[staff[keep_order][target:]] = -1
            return
        hire(
            population,
            self.firm_index,
            target - staff.size,
            share_poor,
            self.model.params,
            u[0],
            u[1],
        )

    def pay_wages(self, wage: float) -> np.ndarray:
        """Pay each worker's monthly wage (as local wages, through the program); return them."""
        workers = np.flatnonzero(self.staff())
        self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"], "workers")
        return workers

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
