"""Poverty workshops in the fields (program ``field_workshops``, seed:industry.workshops).

"A 1,000 t/yr dehydrated-vegetable plant in Liangkeshu village, Guandi town, and the smart-
greenhouse seedling factory of the Shuangying co-operative, Tongbu town ... raise the incomes of
the poor through jobs, seasonal work, land rental and linked industries." The account gives no
money for them; the budget is assumed (data/programs/industry.toml).

Money to capacity (``FacilityProgram``): each year's aid is split between the two workshops by
``field_workshops.<kind>.share_of_funding`` and, with the co-funding it draws in, opens the
January after::

    capacity[kind] = min(aid_open * share[kind] * (1 + cofunding) / cost_per_unit[kind],
                         max_units[kind] * scale)

Each workshop is a firm (``model.enterprises.FieldWorkshop``) that can fail: jobs, land rent and
linked income for the households of its township; see that module for the equations. With no
money no workshop opens and nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.enterprises.field_workshop import FieldWorkshop
from model.programs.industry_tools import FacilityProgram

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel

__all__ = ["KINDS", "FieldWorkshops"]

#: The workshops, by the name of their parameter group.
KINDS: tuple[str, ...] = ("dehydration", "seedlings")


class FieldWorkshops(FacilityProgram):
    """Builds the workshops; their firms employ, rent land and buy from linked households.

    Args:
        model: The county model.
        budget: Aid by year, yuan (already scaled).
    """

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        p = model.params
        super().__init__(model, "field_workshops", budget)
        self.share = {k: p.value(f"field_workshops.{k}.share_of_funding") for k in KINDS}
        total = sum(self.share.values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"field_workshops.*.share_of_funding: the shares must add up to 1, got {total}"
            )
        self.cost = {k: p.value(f"field_workshops.{k}.cost_per_unit") for k in KINDS}
        self.max_units = {k: p.value(f"field_workshops.{k}.max_units") * model.scale for k in KINDS}
        self.firms: list[FieldWorkshop] = []

    def capacity(self, kind: str) -> float:
        """Yearly capacity of workshop ``kind`` in its unit."""
        return min(self.investment_open * self.share[kind] / self.cost[kind], self.max_units[kind])

    def room_for_investment(self) -> float:
        """Investment the sites can still take: spending stops once either is full."""
        return min(
            max(self.max_units[k] * self.cost[k] / self.share[k] - self.investment_open, 0.0)
            for k in KINDS
            if self.share[k] > 0
        )

    def step(self) -> None:
        """Spend this month's construction money; open last year's construction in January."""
        self.build_month()

    def jobs(self) -> tuple[int, int]:
        """Jobs at both workshops."""
        counts = [firm.jobs() for firm in self.firms]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
