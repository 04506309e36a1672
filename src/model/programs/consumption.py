"""The consumption-aid family: Beijing sales channels and the Yuegezhuang produce hub.

Beijing opened its markets to Linxi produce: free stalls in the Yuegezhuang and Xinfadi markets,
fairs, the "six-into" campaign into supermarkets, restaurants, offices, firms, canteens and homes
(seed:market.booths), a 2 M yuan QR-code traceability platform and packaging and logistics
subsidies for small firms (seed:market.traceability), and a produce hub in Linxi town (200 M
yuan, 8.54 M of it aid; seed:market.yuegezhuang_hub). In 2019 Linxi produce worth over 200 M
yuan sold in Beijing and 2,577 poor people gained income (seed:market.sales_2019).

Sales are not income. Both programs act through ``channels.Channel``: participating households
sell a share of their corn and cattle through the channel and gain a price premium on it.

* ``beijing_sales`` (``BeijingSalesProgram``): each January the year's money ``B_t`` is spent
  and adds to a channel stock ``K_t = (1 - beijing_sales.channel_decay) * K_{t-1} + B_t`` (stalls,
  buyers and the platform outlast the year, but fade without support). The channel takes
  ``V_t = beijing_sales.sales_per_aid_yuan * K_t`` yuan of household produce, registered-poor
  households first up to ``beijing_sales.poor_share`` of it.
* ``produce_hub`` (``ProduceHubProgram`` + the firm ``enterprises.produce_hub.ProduceHub``):
  aid is spent on construction from ``first_spending_month``, evenly over the rest of the year;
  with the other money it draws in the investment is ``I = aid * (1 + cofunding)``; the hub
  opens ``build_months`` after the first spending and takes
  ``V = I * household_produce_per_invested_yuan`` a year, paying ``produce_hub.price_premium``.

Calibration: ``beijing_sales.sales_per_aid_yuan`` is set so that the 2019 Beijing channel reaches
about 2,577 registered-poor people (seed:market.sales_2019) at full county; the rest of the
200 M yuan of 2019 sales is firms' produce (eggs, sugar, drinks, noodles), not household sales.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.enterprises.produce_hub import ProduceHub
from model.programs.base import AidProgram
from model.programs.catalog import ProgramSpec
from model.programs.channels import Channel
from model.programs.no_firm import NoFirmSettings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel
    from model.programs.settings import ProgramSettings

__all__ = ["BeijingSalesProgram", "PROGRAMS", "ProduceHubProgram"]


class BeijingSalesProgram(AidProgram):
    """Stalls, campaigns, traceability and logistics subsidies: a Beijing sales channel."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "beijing_sales", "consumption", budget)
        p = model.params
        self.decay = p.value("beijing_sales.channel_decay")
        self.sales_per_aid = p.value("beijing_sales.sales_per_aid_yuan")
        self.channel = Channel(model, self, "beijing_sales")
        self.stock = 0.0

    def capacity(self) -> float:
        """Household produce the channel can take this year, yuan."""
        return self.sales_per_aid * self.stock

    def step(self) -> None:
        """In January spend the year's money and choose sellers; every month pay premiums."""
        model = self.model
        year = model.year
        if model.month == 1:
            money = self.ledger.available(year) if self.active(year) else 0.0
            self.stock *= 1.0 - self.decay
            if money > 0:
                self.ledger.spend(
                    year, 1, money, "stalls, campaigns, traceability, logistics subsidies"
                )
                self.stock += money
            if self.stock > 0:
                rng = model.streams.get(f"program:{self.name}", model.step_index)
                self.channel.choose(self.capacity(), rng.random(len(model.households)))
        self.channel.pay_month()


class ProduceHubProgram(AidProgram):
    """Aid for building the produce hub; the firm ``ProduceHub`` runs it."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "produce_hub", "consumption", budget)
        p = model.params
        self.cofunding = p.value("produce_hub.cofunding_per_aid_yuan")
        self.build_months = int(p.value("produce_hub.build_months"))
        self.first_month = int(p.value("produce_hub.first_spending_month"))
        self.channel = Channel(model, self, "produce_hub")
        self.investment = 0.0
        self.first_spend_step: int | None = None
        self.pending: list[tuple[int, float]] = []
        self.firm: ProduceHub | None = None

    def step(self) -> None:
        """Spend this month's construction money; open finished parts."""
        model = self.model
        year, month, t = model.year, model.month, model.step_index
        if self.ledger.budget.get(year, 0.0) > 0 and month >= self.first_month:
            amount = self.ledger.available(year) / (12 - month + 1)
            if amount > 0:
                self.ledger.spend(year, month, amount, "construction", amount, "yuan of aid")
                if self.first_spend_step is None:
                    self.first_spend_step = t
                opening = max(self.first_spend_step + self.build_months, t)
                self.pending.append((opening, amount * (1 + self.cofunding)))
        self.investment += sum(inv for step, inv in self.pending if step <= t)
        self.pending = [(step, inv) for step, inv in self.pending if step > t]

    def jobs(self) -> tuple[int, int]:
        """Jobs at the hub."""
        return self.firm.jobs() if self.firm is not None else (0, 0)


def _build_sales(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return BeijingSalesProgram(model, dict(budget))


def _build_hub(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    program = ProduceHubProgram(model, dict(budget))
    model.enterprises.append(ProduceHub(model, program, fail_year=settings.fail_year))
    return program


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "beijing_sales",
        "consumption",
        _build_sales,
        NoFirmSettings,
        summary="Stalls, six-into campaign, traceability, logistics: a price premium on produce.",
    ),
    ProgramSpec(
        "produce_hub",
        "consumption",
        _build_hub,
        summary="Aid towards the Yuegezhuang produce hub: better prices for sellers, hub jobs.",
    ),
)
