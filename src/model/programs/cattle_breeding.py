"""Angus breeding for cattle keepers (program ``cattle_breeding``, Xiangda Ruilin).

The cattle chain is two programs, not one: the account funds and describes them separately
(seed:industry.key_projects names Xiangda Ruilin's Angus breeding; seed:market.slaughter gives
the slaughter plant's own money, jobs and beneficiaries, ``model.programs.slaughter_plant``) and
a user may want to fund one and not the other.

Aid pays ``cost_per_improved_head`` for each head of a household's herd upgraded to an Angus
cross (a bred heifer or a course of artificial insemination from the breeding farm). In
``first_spending_month`` the money available upgrades::

    new_head = min(spend / cost_per_improved_head, room),  room = sum(livestock - improved)

over rural cattle keepers, registered poor first (up to ``min_poor_share`` of the head), then
in random order, each up to its own herd. Spending stops when every keeper's herd is improved
(diminishing returns: the limit is the households with cattle; the money left carries over).
Each improved head adds ``premium_per_improved_head`` a year to livestock income (paid monthly);
improved head wear out at ``1 / improved_head_life_years`` a year (each January).
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import fill_poor_first
from model.households import SOURCE_INDEX

__all__ = ["CATTLE_BREEDING", "CattleBreeding"]


class CattleBreeding(AidProgram):
    """Angus breeding: aid upgrades households' cattle; improved head earn a premium."""

    channel = "producers"

    parameters = {
        "cost_per_head": "cost_per_improved_head",
        "premium": "premium_per_improved_head",
        "life_years": "improved_head_life_years",
        "min_poor_share": "min_poor_share",
        "first_month": ("first_spending_month", int),
    }

    def setup(self) -> None:
        """No head improved yet."""
        super().setup()
        #: Improved head per household.
        self.improved = np.zeros(len(self.model.households))
        #: The households with improved head (indices), found again whenever ``improved``
        #: changes (in January and at an upgrade), not every month.
        self._owners = np.zeros(0, dtype=np.intp)

    def step(self) -> None:
        """Upgrade herds with the year's money (in spring); pay the premium on improved head."""
        model = self.model
        year, month = model.year, model.month
        population = model.households
        changed = False
        if month == 1 and self.improved.any():
            self.improved *= 1.0 - 1.0 / self.life_years
            changed = True
        if month == self.first_month and self.ledger.funds(year):
            u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
            self._upgrade(self.ledger.available(year), u)
            changed = True
        if changed:
            self._owners = np.flatnonzero(self.improved > 0)
        owners = self._owners
        if owners.size:
            # A household that no longer keeps that many cattle earns on what it keeps.
            # (take: a quicker gather than indexing)
            head = np.minimum(self.improved.take(owners), population.cattle.take(owners))
            self.deliver(owners, head * self.premium / 12.0, SOURCE_INDEX["livestock"])

    def _upgrade(self, money: float, u: np.ndarray) -> None:
        population = self.model.households
        room = np.where(population.rural, np.maximum(population.cattle - self.improved, 0.0), 0.0)
        head = min(money / self.cost_per_head, float(room.sum()))
        if head <= 0:
            return
        given = fill_poor_first(room, population.registered, head, self.min_poor_share, u)
        self.improved += given
        spend = float(given.sum()) * self.cost_per_head
        self.ledger.spend(
            self.model.year, self.model.month, spend, "improved breeding stock", given.sum(), "head"
        )


CATTLE_BREEDING = ProgramSpec(
    "cattle_breeding",
    "industry",
    CattleBreeding,
    summary="Aid upgrades cattle keepers' herds to Angus crosses, poor first: a premium per head.",
)
