"""What the county records as it runs, and the tables of a run.

A mixin of ``model.county.LinxiModel``: each month a row of the monthly series (jobs, the money
spent to date, the firms' outputs); each December the year's metrics, which Mesa's
DataCollector collects (one collection is one year); and the tables a run gives
(``annual_frame``, ``programs_frame``, ``monthly_frame``, ``beneficiaries_frame``,
``ledger_frame``). Recording draws nothing: it never moves a random stream.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from model import budgets
from model.aid.funding import stack_ledgers
from model.metric_dictionary import table_metrics
from model.metrics import annual_metrics

if TYPE_CHECKING:
    from model.aid import AidProgram, Ledger
    from model.economy import YearState
    from model.governance import CountyStatus, RegisterYear
    from model.households import Households
    from model.markets import YearConditions

__all__ = ["ANNUAL_REPORTERS", "MONTHLY_OUTPUTS", "CountyRecords"]

#: Every annual metric, in column order: Mesa's DataCollector collects each of them once a
#: year, in December (one collection is one year), and ``annual_frame()`` is its table. Their
#: units and definitions are in the metric dictionary (``data/metrics.toml``).
ANNUAL_REPORTERS: tuple[str, ...] = tuple(table_metrics("annual"))


#: Output series of the monthly table that firms report through ``record_output``.
MONTHLY_OUTPUTS: tuple[str, ...] = ("eggs",)


def _annual_value(model: CountyRecords, key: str) -> Any:
    """DataCollector reporter: the year's value of ``key`` (picklable, unlike a lambda)."""
    return model.year_metrics[key]


def _seed(model: CountyRecords) -> int:
    """DataCollector reporter: the run's seed, so that batch_run rows say which run they are."""
    return model.seed


class CountyRecords:
    """The monthly rows, the year's metrics and the tables of a run.

    A mixin: the attributes below are ``LinxiModel``'s (see it for their meaning).
    """

    seed: int
    year: int
    month: int
    households: Households
    programs: list[AidProgram]
    county_status: CountyStatus
    year_state: YearState | None
    conditions: YearConditions | None
    county_drought: float
    _outputs: dict[str, float]
    _ledgers: dict[str, list[Ledger]]

    def _start_records(self) -> None:
        """No row yet; the DataCollector that collects the annual metrics."""
        #: People who left their households since the start: they keep their registration (户籍).
        self._departed = 0
        #: The annual metrics of the year being closed, which the DataCollector collects.
        self.year_metrics: dict[str, Any] = {}
        self.program_rows: list[dict[str, Any]] = []
        self.beneficiary_rows: list[dict[str, Any]] = []
        self.monthly_rows: list[dict[str, Any]] = []
        reporters = {key: functools.partial(_annual_value, key=key) for key in ANNUAL_REPORTERS}
        self.datacollector = mesa.DataCollector(model_reporters={**reporters, "seed": _seed})

    def _record_month(self) -> None:
        jobs, jobs_registered_poor = self._jobs()
        self.monthly_rows.append(
            {
                "year": self.year,
                "month": self.month,
                "jobs": jobs,
                "jobs_registered_poor": jobs_registered_poor,
                "aid_spent_to_date_yuan": sum(ledger.spent for ledger in self._ledgers["beijing"]),
                "domestic_spent_to_date_yuan": sum(
                    ledger.spent for ledger in self._ledgers["domestic"]
                ),
                **self._outputs,
            }
        )

    def _jobs(self) -> tuple[int, int]:
        """Firm jobs held, and those held by registered households."""
        population = self.households
        if population.employer.max() < 0:
            return 0, 0  # no firm job (most months): no masks of the county
        employed = population.employer >= 0
        return int(np.count_nonzero(employed)), int(
            np.count_nonzero(employed & population.registered)
        )

    def _year_metrics(
        self,
        year: int,
        line: float,
        income_pc: np.ndarray,
        income_total: np.ndarray,
        register: RegisterYear,
        program_rows: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """The year's annual metrics, in December after the register's work.

        Args:
            year: The year closed.
            line: The year's poverty line, yuan per person.
            income_pc: The year's income per person of each household (the statistics').
            income_total: Its household totals (the metrics' second measure).
            register: What the register's December work did this year.
            program_rows: The programs' rows of the year (``year_summary``), in their order.
        """
        population = self.households
        spent = budgets.spending_by_funder(
            self.programs, year, [row["spent_yuan"] for row in program_rows]
        )
        row = annual_metrics(
            population, year, line, spent["aid_spent_yuan"], income_pc, income_total
        )
        row.update(spent)
        row.update(
            registered_this_year=register.registered,
            removed_this_year=register.removed,
            exited_this_year=register.exited,
            returned_this_year=register.returned,
            county_exit_applied=self.county_status.applied_year is not None,
            county_exited=self.county_status.exited_by(year),
        )
        row["drought_severity"] = self.county_drought
        events = self.year_state.demography
        self._departed += events.departures
        row.update(
            deaths=events.deaths,
            departures=events.departures,
            births=events.births,
            registered_population=row["people"] + self._departed,
        )
        row["corn_price"] = self.conditions.corn_price
        return row

    # -- the tables of a run ---------------------------------------------------------------
    def annual_frame(self) -> pd.DataFrame:
        """County metrics, one row per completed year: the DataCollector's table.

        Columns in the order of ``ANNUAL_REPORTERS`` (the seed, which the DataCollector also
        collects, is ``model.seed``).
        """
        columns = list(ANNUAL_REPORTERS)
        collected = self.datacollector.model_vars
        # built from the years' rows, twice as quick as from the columns' lists (the same table)
        years = list(zip(*(collected[key] for key in columns), strict=True))
        if not years:  # before the first December: Mesa's empty table, typed as it types it
            return self.datacollector.get_model_vars_dataframe()[columns]
        return pd.DataFrame(years, columns=columns)

    def programs_frame(self) -> pd.DataFrame:
        """Per-program spending, beneficiaries and jobs, one row per program per year."""
        return pd.DataFrame(self.program_rows)

    def monthly_frame(self) -> pd.DataFrame:
        """Monthly series: jobs, registered-poor jobs, eggs, Beijing and domestic money spent."""
        return pd.DataFrame(self.monthly_rows)

    def beneficiaries_frame(self) -> pd.DataFrame:
        """Beneficiaries by program, year and channel, counted as the account counts them.

        Columns: program, funder, year, channel, counts (``household`` or ``person``),
        households reached, people in them, people counted and those registered (see
        ``model.aid.beneficiaries``). ``programs_frame().beneficiaries`` is each program's
        count over all its channels, each person once.
        """
        columns = ["program", "funder", "year", "channel", "counts", "households", "people"]
        columns += ["counted", "counted_registered"]
        return pd.DataFrame(self.beneficiary_rows, columns=columns)

    def ledger_frame(self) -> pd.DataFrame:
        """Every program's ledger, stacked, with ``program`` and ``funder`` columns."""
        return stack_ledgers(
            [(p.ledger, {"program": p.name, "funder": p.funder}) for p in self.programs]
        )
