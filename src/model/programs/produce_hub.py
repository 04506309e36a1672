"""The Yuegezhuang produce hub in Linxi town (program ``produce_hub``, consumption family).

A Beijing wholesale-market company built and runs a hub for trading, cold storage, processing
and online sales of produce in Linxi town (200 M yuan, 8.54 M of it aid;
seed:market.yuegezhuang_hub). Sales are not income: sellers gain the price premium on the share
of their corn and cattle the hub buys (``model.aid.channels.Channel``).

Money to capacity (``model.aid.facility``): aid is spent on construction from
``first_spending_month``, evenly over the rest of the year; with the other money it draws in the
investment is ``I = aid * (1 + cofunding)``; the hub opens ``build_months`` after the first
spending and takes ``V = I * household_produce_per_invested_yuan`` a year of household produce,
paying ``produce_hub.price_premium``.

The firm (``ProduceHub``), each month while it operates:

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

from model.aid.channels import Channel
from model.aid.facility import FacilityProgram, OpensAfterFirstSpending
from model.aid.firm import Firm
from model.aid.program import ProgramSpec
from model.aid.settings import FirmProgramSettings

if TYPE_CHECKING:
    from model.context import County

__all__ = ["PRODUCE_HUB", "ProduceHub", "ProduceHubProgram"]


class ProduceHubProgram(FacilityProgram):
    """Aid for building the produce hub; the firm ``ProduceHub`` runs it."""

    item, unit = "construction", "yuan of aid"
    firm: ProduceHub

    def setup(self) -> None:
        """Set up the hub, its sales channel and the firm that runs it."""
        super().setup()
        self.build_facility(OpensAfterFirstSpending(int(self.parameter("build_months"))))
        self.channel = Channel(self.model, self, "produce_hub")
        self.firm = ProduceHub(self.model, self)

    @property
    def investment(self) -> float:
        """Money (aid and co-funding) in the open hub, yuan."""
        return self.facility.investment_open

    def bought(self, aid: float) -> tuple[float, str]:
        """The ledger records the aid itself."""
        return aid, self.unit


class ProduceHub(Firm):
    """The firm running the hub the program funded (it pays wages and premiums through it)."""

    program: ProduceHubProgram

    def __init__(self, model: County, program: ProduceHubProgram) -> None:
        super().__init__(model, program, "yuegezhuang_produce_hub", "produce_hub")
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
        u = self.operating_month()  # accepting an offer, the order of offers
        if u is None:
            return
        p = self.p
        if self.opened_step is None or model.month == 1:
            # Sellers join in the opening month, then each January.
            if self.opened_step is None:
                self.opened_step = model.step_index
            self.program.channel.choose(self.capacity(), u[1])
        target = round(self.program.investment / 1e6 * p["workers_per_million_yuan"])
        self.staff_to(target, p["share_poor_staff"], u)
        wage = model.params.at("produce_hub.monthly_wage", model.year)
        workers = self.pay_wages(wage)
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


PRODUCE_HUB = ProgramSpec(
    "produce_hub",
    "consumption",
    ProduceHubProgram,
    FirmProgramSettings,
    "Aid towards the Yuegezhuang produce hub: better prices for sellers, hub jobs.",
)
