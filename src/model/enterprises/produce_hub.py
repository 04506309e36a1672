"""The Yuegezhuang produce hub in Linxi town: the firm that runs it (consumption family).

A Beijing wholesale-market company built and runs a hub for trading, cold storage, processing
and online sales of produce (seed:market.yuegezhuang_hub). While it operates, each month:

* Staff: ``produce_hub.workers_per_million_yuan`` per million yuan invested, at least
  ``share_poor_staff`` from registered-poor households (through ``labour.hire``), paid
  ``produce_hub.monthly_wage`` (delivered through the program).
* Purchases: the hub buys a share of its sellers' produce (``channels.Channel``), chosen each
  January (and in its opening month); the shorter chain pays them ``produce_hub.price_premium``
  more.
* Accounts: revenue ``fee_rate`` on its throughput (household produce is
  ``household_share_of_throughput`` of it); costs wages and ``other_cost_share`` of revenue.
* Failure: at random (``failure_hazard`` a year, scaled by capacity building), after
  ``loss_months_to_fail`` loss-making months, or when a scenario forces it: wages and purchases
  stop from that month on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.enterprises.base import Enterprise
from model.households import SOURCE_INDEX
from model.labour import hire

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.consumption import ProduceHubProgram

__all__ = ["ProduceHub"]


class ProduceHub(Enterprise):
    """The firm running the produce hub.

    Args:
        model: The county model.
        program: The program that funded the hub (pays wages and premiums through it).
        fail_year: A year in which the scenario forces the hub to close (January), or None.
    """

    def __init__(
        self, model: LinxiModel, program: ProduceHubProgram, fail_year: int | None = None
    ) -> None:
        p = model.params
        super().__init__(
            model,
            "yuegezhuang_produce_hub",
            fail_year=fail_year,
            failure_hazard=p.value("produce_hub.failure_hazard"),
            loss_months_to_fail=int(p.value("produce_hub.loss_months_to_fail")),
        )
        self.program = program
        program.firm = self
        self.p = {
            key: p.value(f"produce_hub.{key}")
            for key in (
                "workers_per_million_yuan",
                "share_poor_staff",
                "fee_rate",
                "household_share_of_throughput",
                "other_cost_share",
                "household_produce_per_invested_yuan",
            )
        }
        self.opened_step: int | None = None

    @property
    def operating(self) -> bool:
        """Whether the hub is open and has not failed."""
        return not self.failed and self.program.investment > 0

    def capacity(self) -> float:
        """Household produce the hub can take a year, yuan."""
        return self.program.investment * self.p["household_produce_per_invested_yuan"]

    def step(self) -> None:
        """One month: failure check, staff, wages, purchases, accounts."""
        model = self.model
        if not self.operating:
            return
        # Streams are keyed by month, so drawing only while operating keeps them aligned.
        draws = model.streams.get(f"firm:{self.name}", model.step_index)
        u_fail = draws.random()
        u_accept, u_order = draws.random((2, len(model.households)))
        if self.check_failure(u_fail):
            return
        population = model.households
        p = self.p
        if self.opened_step is None or model.month == 1:
            # Sellers join in the opening month, then each January.
            if self.opened_step is None:
                self.opened_step = model.step_index
            self.program.channel.choose(self.capacity(), u_order)
        target = round(self.program.investment / 1e6 * p["workers_per_million_yuan"])
        staff_now = int(self.staff().sum())
        hire(
            population,
            self.firm_index,
            target - staff_now,
            p["share_poor_staff"],
            model.params,
            u_accept,
            u_order,
        )
        workers = np.flatnonzero(self.staff())
        wage = model.params.at("produce_hub.monthly_wage", model.year)
        if workers.size:
            self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"])
        premium = self.program.channel.pay_month()
        filled = self.program.channel.filled.get(model.year, 0.0)
        revenue = p["fee_rate"] * filled / p["household_share_of_throughput"] / 12.0
        wages = workers.size * wage
        costs = wages + p["other_cost_share"] * revenue
        self.book_month(
            revenue - costs,
            revenue=revenue,
            wages=wages,
            staff=workers.size,
            premium_to_sellers=premium,
            sellers=self.program.channel.sellers.size,
        )
