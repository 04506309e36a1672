"""The cattle chain: Angus breeding and the Shounong slaughter plant (two programs).

They are two programs, not one, because the account funds and describes them separately
(seed:industry.key_projects names Xiangda Ruilin's Angus breeding; seed:market.slaughter gives
the plant's own money, jobs and beneficiaries) and a user may want to fund one and not the other.

``cattle_breeding`` (Xiangda Ruilin Angus breeding). Aid pays ``cost_per_improved_head`` for each
head of a household's herd upgraded to an Angus cross (a bred heifer or a course of artificial
insemination from the breeding farm). In ``first_spending_month`` the money available upgrades::

    new_head = min(spend / cost_per_improved_head, room),  room = sum(livestock - improved)

over rural cattle keepers, registered poor first (up to ``min_poor_share`` of the head), then
in random order, each up to its own herd. Spending stops when every keeper's herd is improved
(diminishing returns: the limit is the households with cattle; the money left carries over).
Each improved head adds ``premium_per_improved_head`` a year to livestock income (paid monthly);
improved head wear out at ``1 / improved_head_life_years`` a year (each January).

``slaughter_plant`` (phase 1, seed:market.slaughter). Aid spent in a year (from
``first_spending_month``) with the co-funding it draws in (110 M in all for 27.9 M of aid) opens
the January after as slaughter capacity::

    capacity_head = min(aid_open * (1 + cofunding) / cost_per_head_capacity, max_head * scale)

The plant (``model.enterprises.SlaughterPlant``) leases it: jobs, premiums to cattle keepers,
rent. The program pays ``share_rent_to_poor`` of the year's rent to registered-poor households
in December (``dividend_per_household`` each; the asset-income channel "扶贫资金收益分配").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.households import SOURCE_INDEX
from model.programs.base import AidProgram
from model.programs.industry_tools import FacilityProgram, fill_in_order, pay_dividends

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel
    from model.enterprises.slaughter_plant import SlaughterPlant

__all__ = ["CattleBreeding", "SlaughterPlantProgram"]


class CattleBreeding(AidProgram):
    """Angus breeding: aid upgrades households' cattle; improved head earn a premium.

    Args:
        model: The county model.
        budget: Aid by year, yuan (already scaled).
    """

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "cattle_breeding", "industry", budget)
        p = model.params
        self.cost_per_head = p.value("cattle_breeding.cost_per_improved_head")
        self.premium = p.value("cattle_breeding.premium_per_improved_head")
        self.life_years = p.value("cattle_breeding.improved_head_life_years")
        self.min_poor_share = p.value("cattle_breeding.min_poor_share")
        self.first_month = int(p.value("cattle_breeding.first_spending_month"))
        self.improved = np.zeros(len(model.households))

    def step(self) -> None:
        """Upgrade herds with the year's money (in spring); pay the premium on improved head."""
        model = self.model
        year, month = model.year, model.month
        population = model.households
        if month == 1 and self.improved.any():
            self.improved *= 1.0 - 1.0 / self.life_years
        if month == self.first_month and self.ledger.budget.get(year, 0.0) > 0:
            u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
            self._upgrade(self.ledger.available(year), u)
        owners = np.flatnonzero(self.improved > 0)
        if owners.size:
            # A household that no longer keeps that many cattle earns on what it keeps.
            head = np.minimum(self.improved[owners], population.cattle[owners])
            self.deliver(owners, head * self.premium / 12.0, SOURCE_INDEX["livestock"])

    def _upgrade(self, money: float, u: np.ndarray) -> None:
        population = self.model.households
        room = np.where(population.rural, np.maximum(population.cattle - self.improved, 0.0), 0.0)
        head = min(money / self.cost_per_head, float(room.sum()))
        if head <= 0:
            return
        poor = np.flatnonzero((room > 0) & population.registered)
        poor = poor[np.argsort(u[poor], kind="stable")]
        given = fill_in_order(room, poor, min(self.min_poor_share * head, head))
        rest = np.flatnonzero(room > 0)
        rest = rest[np.argsort(u[rest], kind="stable")]
        given += fill_in_order(room - given, rest, head - float(given.sum()))
        self.improved += given
        spend = float(given.sum()) * self.cost_per_head
        self.ledger.spend(
            self.model.year, self.model.month, spend, "improved breeding stock", given.sum(), "head"
        )


class SlaughterPlantProgram(FacilityProgram):
    """Builds and owns the slaughter plant; collects its rent; pays dividends to the poor.

    Args:
        model: The county model.
        budget: Aid by year, yuan (already scaled).
    """

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        p = model.params
        super().__init__(model, "slaughter_plant", budget)
        self.cost_per_head = p.value("slaughter_plant.cost_per_head_capacity")
        self.max_head = p.value("slaughter_plant.max_head") * model.scale
        self.rent_rate = p.value("slaughter_plant.rent_rate")
        self.share_rent_to_poor = p.value("slaughter_plant.share_rent_to_poor")
        self.dividend_target = p.value("slaughter_plant.dividend_per_household")
        self.rent_received: dict[int, float] = {}
        self.firm: SlaughterPlant | None = None

    @property
    def capacity_head(self) -> float:
        """Cattle a year the open plant can slaughter."""
        return min(self.investment_open / self.cost_per_head, self.max_head)

    def room_for_investment(self) -> float:
        """Investment the site can still take, yuan."""
        return max(self.max_head * self.cost_per_head - self.investment_open, 0.0)

    def step(self) -> None:
        """Spend this month's construction money; open last year's construction in January."""
        self.build_month()

    def monthly_rent(self) -> float:
        """Rent the operating firm owes this month, yuan (on the aid in the facility)."""
        return self.rent_rate * self.aid_open / 12.0

    def receive_rent(self, yuan: float) -> None:
        """Record rent paid by the firm."""
        year = self.model.year
        self.rent_received[year] = self.rent_received.get(year, 0.0) + yuan
        self.ledger.flow(year, self.model.month, yuan, "rent received")

    def close_year(self) -> None:
        """Pay the year's rent out as dividends to registered-poor households."""
        pool = self.rent_received.get(self.model.year, 0.0)
        pay_dividends(self, pool, self.share_rent_to_poor, self.dividend_target)

    def jobs(self) -> tuple[int, int]:
        """Jobs at the plant."""
        return self.firm.jobs() if self.firm is not None else (0, 0)
