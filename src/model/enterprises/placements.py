"""Local employers that take on workers placed by a jobs program (centre, fairs).

Placed workers fill fixed-term jobs with many small local employers (shops, care homes,
construction, cooperatives). The model groups them as one ``Enterprise`` per program so that the
jobs carry an employer index (the worker leaves casual work, quits at the labour market's rate and
counts in the county's ``jobs``), the wage is paid monthly through the program, and a scenario can
force the jobs to end (``programs.<name>.fail_year``). A job ends after ``jobs.local_job_months``
months; the worker then seeks work again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.enterprises.base import Enterprise
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.base import AidProgram

__all__ = ["PlacementEmployers"]


class PlacementEmployers(Enterprise):
    """The local employers reached through one jobs program.

    Args:
        model: The county model.
        program: The program that places workers here (wages are delivered through it).
        fail_year: A year in which the scenario ends every placed job (January), or None.
    """

    def __init__(
        self, model: LinxiModel, program: AidProgram, fail_year: int | None = None
    ) -> None:
        super().__init__(
            model,
            f"{program.name}_employers",
            fail_year=fail_year,
            failure_hazard=model.params.value("jobs.local_employers_failure_hazard"),
            loss_months_to_fail=None,
        )
        self.program = program
        self.contract_months = int(model.params.value("jobs.local_job_months"))
        self.contract_end = np.full(len(model.households), -1, dtype=np.int32)

    @property
    def closed(self) -> bool:
        """Whether the jobs have ended (failed, or the scenario's forced year has come)."""
        return self.failed or (self.fail_year is not None and self.model.year >= self.fail_year)

    def take_on(self, households: np.ndarray) -> None:
        """Employ one member of each of ``households`` (indices) from this month."""
        if self.closed or households.size == 0:
            return
        self.model.households.employer[households] = self.firm_index
        self.contract_end[households] = self.model.step_index + self.contract_months

    def step(self) -> None:
        """Pay the month's wages; end finished contracts; fail at random or when forced."""
        model = self.model
        u_fail = model.streams.get(f"firm:{self.name}", model.step_index).random()
        staff = self.staff()
        if not staff.any() and self.fail_year is None:
            return
        if self.check_failure(u_fail):
            return
        workers = np.flatnonzero(staff)
        wage = model.params.at("jobs.local_job_monthly_wage", model.year)
        self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"])
        self.book_month(0.0, staff=workers.size, wages=workers.size * wage)
        finished = workers[self.contract_end[workers] <= model.step_index]
        model.households.employer[finished] = -1
