"""The Xinchengzi controlled-atmosphere store (program ``ca_store``, seed:industry.key_projects).

The account names "a 30,000 m³ controlled-atmosphere fruit and vegetable store in Xinchengzi
town" among the key industry projects but gives no money for it: the aid, the co-funding and the
unit cost are assumed (data/programs/industry.toml), set so that the default money builds the
reported 30,000 m³.

Money to capacity (``model.aid.facility``): aid spent in a year opens the January after::

    volume_m3 = min(aid_open * (1 + cofunding) / cost_per_m3, max_m3 * scale)
    tonnes    = volume_m3 * tonnes_per_m3

Service: growers store produce after the harvest and sell it off-season. Each January
``users = take_up(N, tonnes / tonnes_per_user)`` of the ``N`` rural households with irrigated land
(the fruit and vegetable growers) in ``site_townships`` use the store (poor first up to
``min_poor_share``). In ``sale_month`` each user gains::

    gain = tonnes_per_user * 1000 * (offseason_premium_per_kg - storage_fee_per_kg)

as crop income. The store is run by the town's co-operative, not modelled as a firm that can fail;
it outlasts the aid.
"""

from __future__ import annotations

import numpy as np

from model.aid.facility import FacilityProgram, OpensNextJanuary
from model.aid.program import ProgramSpec
from model.aid.selection import refill, take_up
from model.households import SOURCE_INDEX

__all__ = ["CA_STORE", "ControlledAtmosphereStore"]

_KG_PER_TONNE = 1000.0


class ControlledAtmosphereStore(FacilityProgram):
    """A cold store that lets growers sell off-season."""

    channel = "producers"

    parameters = {
        "tonnes_per_m3": "tonnes_per_m3",
        "tonnes_per_user": "tonnes_per_user",
        "min_poor_share": "min_poor_share",
        "sale_month": ("sale_month", int),
    }

    def setup(self) -> None:
        """Set up the store and find the growers near its sites; no user yet."""
        super().setup()
        self.build_facility(OpensNextJanuary(), unit_cost="cost_per_m3", site="max_m3")
        self.net_gain_per_kg = self.parameter("offseason_premium_per_kg") - self.parameter(
            "storage_fee_per_kg"
        )
        population = self.model.households
        sites = np.asarray(self.parameter("site_townships"))
        self.growers = (
            population.rural & (population.land_irrigated > 0) & np.isin(population.township, sites)
        )
        self.users = np.zeros(len(population), dtype=bool)

    @property
    def volume_m3(self) -> float:
        """Storage volume open, m³."""
        return self.facility.capacity

    def serve(self, volume_m3: float) -> None:
        """Choose the year's users in January; pay the off-season gain."""
        model = self.model
        tonnes = volume_m3 * self.tonnes_per_m3
        if tonnes <= 0:
            return
        population = model.households
        if model.month == 1:
            u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
            n_users = take_up(int(np.count_nonzero(self.growers)), tonnes / self.tonnes_per_user)
            self.users = refill(
                self.users, self.growers, n_users, self.min_poor_share, population.registered, u
            )
        if model.month == self.sale_month:
            gain = self.tonnes_per_user * _KG_PER_TONNE * max(self.net_gain_per_kg, 0.0)
            self.deliver(np.flatnonzero(self.users), gain, SOURCE_INDEX["crops"])


CA_STORE = ProgramSpec(
    "ca_store",
    "industry",
    ControlledAtmosphereStore,
    summary="Aid builds a controlled-atmosphere store: growers sell off-season at better prices.",
)
