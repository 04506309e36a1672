"""Township health buildings (program ``health_buildings``, seed:infra.health_buildings).

3.45 M yuan of aid upgraded township hospitals, a welfare centre and a home for the disabled.
Illness and disability cause a large share of poverty in Linxi.

Money to capacity (``model.aid.facility``): aid ``A`` builds capacity to serve
``A / cost_per_person_served`` people, opening ``build_months`` later: the rural households of
the townships in index order (township 0, the county seat with the county hospital, last),
whole households, up to that many people. The chronically ill of served households recover with
an extra monthly probability ``per_month(recovery_rate * recovery_gain)`` (a modest gain from a
better township hospital). The welfare centre and the home for the disabled improve care, not
income: not modelled.
"""

from __future__ import annotations

import numpy as np

from model.aid.facility import PublicBuilding
from model.aid.program import ProgramSpec
from model.aid.selection import take_people
from model.shocks import per_month

__all__ = ["HEALTH_BUILDINGS", "HealthBuildingsProgram"]


class HealthBuildingsProgram(PublicBuilding):
    """Upgrades township hospitals; the ill in served townships recover a little faster."""

    channel = "served"

    item, unit = "township hospital and welfare buildings", "people served"
    unit_cost_key = "cost_per_person_served"
    parameters = {"recovery_gain": "recovery_gain"}

    def setup(self) -> None:
        """Nobody served yet."""
        super().setup()
        self.served = np.zeros(len(self.model.households), dtype=bool)
        self._served_capacity = -1.0
        #: The rural households in the order they are served, and the ``rural`` mask it was
        #: found for (a read-only array that ``Households`` replaces when members change).
        self._order = np.zeros(0, dtype=np.intp)
        self._order_of: np.ndarray | None = None
        self.recoveries = 0

    def serve(self, capacity: float) -> None:
        """Extra recoveries among the chronically ill of the served townships."""
        model = self.model
        population = model.households
        u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
        if capacity != self._served_capacity:
            self.served[...] = False
            self.served[take_people(self._serving_order(), population.size, capacity)] = True
            self._served_capacity = capacity
            self.recount_standing()  # (other households served now)
        extra = per_month(model.params.at("health.recovery_rate", model.year) * self.recovery_gain)
        # the few households whose draw is under the odds first, then those served with ill
        # workers among them (the same households, in order; take: a quicker gather)
        lucky = np.flatnonzero(u < extra)
        recover = lucky[self.served.take(lucky) & (population.n_ill_working.take(lucky) > 0)]
        population.set_working_ill(recover, ill=False)
        self.recoveries += recover.size
        self.reach_standing(self.served)

    def _serving_order(self) -> np.ndarray:
        """Rural households by township, the county seat last (found anew when members change)."""
        population = self.model.households
        if population.rural is not self._order_of:  # (townships never change)
            rural = np.flatnonzero(population.rural)
            township = population.township[rural]
            # Townships in order, the county seat (0) last, ties in the index order of rural:
            # township - 1 in bytes wraps 0 to the largest key (the county has its 9 townships,
            # model.limits), and a stable sort of bytes (a radix sort) is ~2.5x quicker than
            # lexsort's two keys.
            key = township.astype(np.uint8) - np.uint8(1)
            self._order = rural[np.argsort(key, kind="stable")]
            self._order_of = population.rural
        return self._order


HEALTH_BUILDINGS = ProgramSpec(
    "health_buildings",
    "services",
    HealthBuildingsProgram,
    summary="Upgraded township hospitals: the chronically ill recover a little faster.",
)
