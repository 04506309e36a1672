"""Herb growing in one village (program ``herbs``, seed:social.herbs).

"In 2019 [two Fengtai district housing firms] put in 1.2 M yuan of aid to help Shangsheng
village, Xinlin town, grow astragalus, scutellaria and saposhnikovia." The account lists it under
society ("ten thousand firms help ten thousand villages"), but it is an industry project: money
buys a crop that raises farm income. It is in the industry family here.

Money to capacity: in ``planting_month`` of a funding year, the money available plants::

    mu = min(available / cost_per_mu, room),
    room = sum over village households with able labour of
           max_share_of_dry_land * land_dry - mu already planted

so spending stops when the village's convertible land is used (the limit is the village; the
rest of the money carries over unspent). Plots go to households poor first (up to
``min_poor_share`` of the mu), then in random order, each up to its own room.

Income: herbs replace corn on the plot; from the year after planting, for ``crop_years`` years,
each planted mu adds ``gain_per_mu`` a year (herb income less the corn forgone) in
``harvest_month``, as crop income. Nothing continues after the last crop year unless new money
replants.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import fill_poor_first
from model.households import SOURCE_INDEX

__all__ = ["HERBS", "Herbs"]


class Herbs(AidProgram):
    """Herb plots for the households of one village."""

    channel = "producers"

    parameters = {
        "cost_per_mu": "cost_per_mu",
        "gain_per_mu": "gain_per_mu",
        "crop_years": ("crop_years", int),
        "max_share": "max_share_of_dry_land",
        "min_poor_share": "min_poor_share",
        "planting_month": ("planting_month", int),
        "harvest_month": ("harvest_month", int),
    }

    def setup(self) -> None:
        """Find the site village's households; nothing planted yet."""
        super().setup()
        township = int(self.parameter("site_township"))
        village = township * int(self.parameter("county.villages_per_township")) + int(
            self.parameter("site_village_in_township")
        )
        population = self.model.households
        self.in_village = population.rural & (population.village == village)
        #: Mu planted per household, by planting year.
        self.plots: dict[int, np.ndarray] = {}

    def planted(self) -> np.ndarray:
        """Mu under herbs per household (all planting years)."""
        total = np.zeros(len(self.model.households))
        for mu in self.plots.values():
            total += mu
        return total

    def step(self) -> None:
        """Plant in the planting month; pay the harvest gain in the harvest month."""
        model = self.model
        year, month = model.year, model.month
        population = model.households
        if month == self.planting_month and self.ledger.funds(year):
            u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
            able = self.in_village & (population.n_able > 0)
            room = np.where(
                able, np.maximum(self.max_share * population.land_dry - self.planted(), 0.0), 0.0
            )
            mu = min(self.ledger.available(year) / self.cost_per_mu, float(room.sum()))
            if mu > 0:
                given = fill_poor_first(room, population.registered, mu, self.min_poor_share, u)
                self.plots[year] = self.plots.get(year, 0.0) + given
                self.ledger.spend(
                    year,
                    month,
                    float(given.sum()) * self.cost_per_mu,
                    "herb planting",
                    float(given.sum()),
                    "mu",
                )
        if month == self.harvest_month:
            bearing = sum(
                (mu for planted, mu in self.plots.items() if 0 < year - planted <= self.crop_years),
                np.zeros(len(population)),
            )
            growers = np.flatnonzero(bearing > 0)
            self.deliver(growers, bearing[growers] * self.gain_per_mu, SOURCE_INDEX["crops"])


HERBS = ProgramSpec(
    "herbs",
    "industry",
    Herbs,
    summary="Aid plants herbs on village households' dry land, poor first: a gain over corn "
    "per mu.",
)
