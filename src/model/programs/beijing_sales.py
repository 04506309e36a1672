"""Beijing sales channels (program ``beijing_sales``, consumption family).

Beijing opened its markets to Linxi produce: free stalls in the Yuegezhuang and Xinfadi markets,
fairs, the "six-into" campaign into supermarkets, restaurants, offices, firms, canteens and homes
(seed:market.booths), a 2 M yuan QR-code traceability platform and packaging and logistics
subsidies for small firms (seed:market.traceability). In 2019 Linxi produce worth over 200 M
yuan sold in Beijing and 2,577 poor people gained income (seed:market.sales_2019).

Sales are not income: participating households sell a share of their corn and cattle through the
channel (``model.aid.channels.Channel``) and gain a price premium on it.

Each January the year's money ``B_t`` is spent and adds to a channel stock
``K_t = (1 - beijing_sales.channel_decay) * K_{t-1} + B_t`` (stalls, buyers and the platform
outlast the year, but fade without support). The channel takes
``V_t = beijing_sales.sales_per_aid_yuan * K_t`` yuan of household produce, registered-poor
households first up to ``beijing_sales.poor_share`` of it.

Calibration: ``beijing_sales.sales_per_aid_yuan`` was set by hand in the first round so that
the 2019 Beijing channel reached about 2,577 registered-poor people (seed:market.sales_2019) at
full county, and is not refitted (the figure is held out; docs/ODD.md says why its prediction is
not wholly out of sample); the rest of the 200 M yuan of 2019 sales is firms' produce (eggs,
sugar, drinks, noodles), not household sales.
"""

from __future__ import annotations

from model.aid.channels import Channel
from model.aid.program import AidProgram, ProgramSpec

__all__ = ["BEIJING_SALES", "BeijingSalesProgram"]


class BeijingSalesProgram(AidProgram):
    """Stalls, campaigns, traceability and logistics subsidies: a Beijing sales channel."""

    parameters = {"decay": "channel_decay", "sales_per_aid": "sales_per_aid_yuan"}

    def setup(self) -> None:
        """Open the sales channel; nothing in stock yet."""
        super().setup()
        self.channel = Channel(self.model, self, "beijing_sales")
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


BEIJING_SALES = ProgramSpec(
    "beijing_sales",
    "consumption",
    BeijingSalesProgram,
    summary="Stalls, six-into campaign, traceability, logistics: a price premium on produce.",
)
