"""Tap water (seed:infra.water: 1.2 M yuan, 465 poor people in 3 poor villages).

Money to capacity (``model.aid.facility``): aid ``A`` connects ``A / tap_water.cost_per_person``
people, ``tap_water.build_months`` after it is spent.

Who is connected: registered households (exited ones too) of the most remote villages first
(villages ordered by remoteness, then index; within a village by household index), whole
households while their people fit. Connections are permanent. Diminishing returns: the
program reaches only registered households, so money beyond them connects nobody (it is
already spent on pipes, a conservative reading).

Effect (modest): a connected household with an able member no longer fetches water and gains
``tap_water.work_days_gained / 12 * local_day_wage`` yuan of local wages a month. Health gains
from safe water are not modelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.facility import PublicBuilding
from model.aid.program import ProgramSpec
from model.aid.selection import poor_households, take_people
from model.aid.settings import ProgramSettings
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.aid.funding import Ledger
    from model.context import County

__all__ = ["TAP_WATER", "TapWaterProgram"]


class TapWaterProgram(PublicBuilding):
    """Connects poor households of remote villages to tap water; they gain working days."""

    channel = "served"

    item, unit = "drinking-water works", "people connected"
    unit_cost_key = "tap_water.cost_per_person"

    def __init__(
        self, model: County, spec: ProgramSpec, settings: ProgramSettings, ledger: Ledger
    ) -> None:
        super().__init__(model, spec, settings, ledger)
        self.days_gained = model.params.value("tap_water.work_days_gained")
        self.connected = np.zeros(len(model.households), dtype=bool)
        self._people_connected = 0.0

    def serve(self, capacity: float) -> None:
        """Connect households as capacity opens; pay connected households their saved days."""
        model = self.model
        population = model.households
        if capacity - self._people_connected >= 1.0:
            self._connect(capacity - self._people_connected)
        working = np.flatnonzero(self.connected & (population.n_able > 0))
        if working.size:
            wage = model.conditions.local_day_wage
            self.deliver(working, self.days_gained / 12.0 * wage, SOURCE_INDEX["wages_local"])
        self.reach(self.connected)

    def _connect(self, people: float) -> None:
        population = self.model.households
        candidates = np.flatnonzero(
            poor_households(self.model, keep_exited=True) & population.rural & ~self.connected
        )
        village = population.village[candidates]
        order = candidates[np.lexsort((candidates, village, -population.remoteness[candidates]))]
        new = take_people(order, population.size, people)
        self.connected[new] = True
        self._people_connected += float(population.size[new].sum())

    @property
    def people_connected(self) -> int:
        """People in connected households."""
        return int(self.model.households.size[self.connected].sum())


TAP_WATER = ProgramSpec(
    "tap_water",
    "services",
    TapWaterProgram,
    summary="Tap water for poor households of remote villages saves working days.",
)
