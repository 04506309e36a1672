"""Tap water (seed:infra.water) and the domestic drinking-water projects: one mechanism.

Beijing's tap water cost 1.2 M yuan for 465 poor people in 3 poor villages; the domestic
drinking-water projects close the county's other gaps.

Money to capacity (``model.aid.facility``): aid ``A`` connects ``A / tap_water.cost_per_person``
people, ``tap_water.build_months`` after it is spent.

Who is connected: registered households (exited ones too) of the most remote villages first
(villages ordered by remoteness, then index; within a village by household index), whole
households while their people fit. Connections are permanent. Diminishing returns: the
program reaches only registered households, so money beyond them connects nobody (it is
already spent on pipes, a conservative reading).

Effect (modest): a connected household has safe drinking water (a condition of the exit
standard); with an able member it no longer fetches water and gains
``<name>.work_days_gained / 12 * local_day_wage`` yuan of local wages a month. Health gains
from safe water are not modelled.

The domestic projects (``drinking_water``, Inner Mongolia's drinking-water safety programme,
which closed the registered households' remaining gaps by October 2019) connect every household
without safe water, registered households first.
"""

from __future__ import annotations

import numpy as np

from model.aid.facility import PublicBuilding
from model.aid.program import ProgramSpec
from model.aid.selection import poor_households, take_people
from model.households import SOURCE_INDEX

__all__ = ["DRINKING_WATER", "TAP_WATER", "DrinkingWaterProgram", "TapWaterProgram"]


class TapWaterProgram(PublicBuilding):
    """Connects poor households of remote villages to tap water; they gain working days.

    Its parameters are ``<name>.*``, so one mechanism serves Beijing's tap water and the
    domestic drinking-water projects (``DrinkingWaterProgram``).
    """

    channel = "served"

    item, unit = "drinking-water works", "people connected"

    unit_cost_key = "cost_per_person"
    parameters = {"days_gained": "work_days_gained"}

    def setup(self) -> None:
        """Nobody connected yet."""
        super().setup()
        self.connected = np.zeros(len(self.model.households), dtype=bool)
        #: The connected households (indices, in order), kept with ``connected``: the
        #: monthly payment looks at them alone, not at the county.
        self._connected_households = np.zeros(0, dtype=np.intp)
        self._people_connected = 0.0

    def serve(self, capacity: float) -> None:
        """Connect households as capacity opens; pay connected households their saved days."""
        model = self.model
        population = model.households
        new = self._connect(capacity - self._people_connected)
        connected = self._connected_households
        working = connected.compress(population.able_members(connected) > 0)
        if working.size:
            wage = model.conditions.local_day_wage
            self.deliver(working, self.days_gained / 12.0 * wage, SOURCE_INDEX["wages_local"])
        self.reach_standing(self.connected, new)  # (connections are permanent)

    def _candidates(self) -> np.ndarray:
        """Households to connect, in order: registered ones of the most remote villages first."""
        population = self.model.households
        candidates = np.flatnonzero(
            poor_households(self.model, keep_exited=True) & population.rural & ~self.connected
        )
        village = population.village[candidates]
        # (lexsort is stable: ties keep the candidates' index order, with no key for it)
        return candidates[np.lexsort((village, -population.remoteness[candidates]))]

    def _connect(self, people: float) -> np.ndarray:
        """Connect the next households whose people fit ``people``; return them (indices)."""
        if people < 1.0:
            return np.zeros(0, dtype=np.intp)
        population = self.model.households
        new = take_people(self._candidates(), population.size, people)
        self.connected[new] = True
        # (connections are permanent: the new ones merged into the sorted indices)
        self._connected_households = np.sort(np.concatenate((self._connected_households, new)))
        population.safe_water[new] = True
        self._people_connected += float(population.size[new].sum())
        return new

    @property
    def people_connected(self) -> int:
        """People in connected households."""
        return int(self.model.households.size[self.connected].sum())


class DrinkingWaterProgram(TapWaterProgram):
    """Domestic drinking-water projects (农村饮水安全巩固提升).

    Every household without safe water, registered households first, the most remote villages
    first within each group.
    """

    def setup(self) -> None:
        """Nobody connected yet; the candidates' order not worked out yet."""
        super().setup()
        #: The candidates in order when last worked out or narrowed, with the sort keys
        #: (registered, remoteness) they were sorted on, and the ``rural`` array it was of.
        self._order: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def _candidates(self) -> np.ndarray:
        # Households only leave the candidates (connected, or given safe water by a move)
        # while ``rural`` stays the same array (it is replaced when members change): the
        # candidates left of the last order, while their sort keys are unchanged, are in the
        # order a new sort would give (stable, ties in index order), without the sort.
        population = self.model.households
        if self._order is not None:
            order, rural, registered, remoteness = self._order
            if (
                rural is population.rural
                and np.array_equal(population.registered.take(order), registered)
                and np.array_equal(population.remoteness.take(order), remoteness)
            ):
                left = ~population.safe_water.take(order) & ~self.connected.take(order)
                order = order.compress(left)
                self._order = (order, rural, registered.compress(left), remoteness.compress(left))
                return order
        candidates = np.flatnonzero(population.rural & ~population.safe_water & ~self.connected)
        registered = population.registered.take(candidates)
        remoteness = population.remoteness.take(candidates)
        # (lexsort is stable: ties keep the candidates' index order, with no key for it)
        sort = np.lexsort((population.village.take(candidates), -remoteness, ~registered))
        order = candidates[sort]
        self._order = (order, population.rural, registered[sort], remoteness[sort])
        return order


TAP_WATER = ProgramSpec(
    "tap_water",
    "services",
    TapWaterProgram,
    summary="Tap water for poor households of remote villages saves working days.",
)

DRINKING_WATER = ProgramSpec(
    "drinking_water",
    "social_protection",
    DrinkingWaterProgram,
    summary="Domestic drinking-water projects give safe water to every household lacking it.",
    funder="central",
)
