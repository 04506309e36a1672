"""Crops: what each household grows on its dry and irrigated land, and what the harvest earns.

Each year the land a household farms (its contracted land less what it rents out, plus what it
rents in) is split among
seven crops in the county's shares for that year and land type: corn, other grains (millet,
buckwheat, oats, sorghum, sunflower), potatoes, beans, vegetables (irrigated land and greenhouse
crops outside the aid park), fruit and forage. Each crop has a yield per mu on dry and on
irrigated land in a year without drought, rising with a yearly trend; a price by year; and a
material-and-service cost per mu (seed, fertiliser, machinery, irrigation) by year, stated for
irrigated land and scaled by the yield ratio on dry land (dry slope land is farmed with less
input). Drought takes ``severity * sensitivity`` of the dry-land yield of a village and
``(1 - irrigation_protects)`` of that on irrigated land.

Net crop income of a household (yuan, paid in the harvest months)::

    sum over land type l and crop c of
        farmed_l * share_{c,l} * (yield_{c,l} * trend * (1 - loss_{c,l,v}) * price_c - cost_{c,l})

The net return per mu depends only on the village, so it is computed per village and indexed by
household: the step costs one gather per household. The harvest (October) is kept and sold over
the autumn and the next spring; income is counted as it is sold, as the survey counts it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.households import SOURCE_INDEX, Households
from model.parameters import Parameters

__all__ = [
    "CROPS",
    "CropYear",
    "corn_mu",
    "crop_year",
    "expected_corn_kg",
    "farmed_land",
    "harvest",
    "sell_crops",
]

#: Crops, in the order of the arrays of ``CropYear``.
CROPS: tuple[str, ...] = (
    "corn",
    "grains",
    "potatoes",
    "beans",
    "vegetables",
    "fruit",
    "forage",
)
CORN = 0
#: Highest share of a crop's yield that drought can take.
_MAX_LOSS = 0.95


@dataclass(frozen=True)
class CropYear:
    """Shares, yields, prices and costs of every crop in one year (arrays over ``CROPS``).

    Attributes:
        share_dry: Share of farmed dry land in each crop (sums to 1).
        share_irrigated: Share of farmed irrigated land in each crop (sums to 1).
        yield_dry: kg per mu on dry land in a year without drought.
        yield_irrigated: kg per mu on irrigated land in a year without drought.
        price: yuan per kg.
        cost_dry: yuan per mu of dry land.
        cost_irrigated: yuan per mu of irrigated land.
        sensitivity: Drought loss of the crop relative to the county severity.
        irrigation_protects: Share of the drought loss that irrigation avoids.
    """

    share_dry: np.ndarray
    share_irrigated: np.ndarray
    yield_dry: np.ndarray
    yield_irrigated: np.ndarray
    price: np.ndarray
    cost_dry: np.ndarray
    cost_irrigated: np.ndarray
    sensitivity: np.ndarray
    irrigation_protects: float

    def yield_losses(self, severity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Share of each crop's yield lost on dry and on irrigated land, for each severity.

        Args:
            severity: Drought severities (e.g. one per village).

        Returns:
            (dry, irrigated), each of shape ``(len(severity), len(CROPS))``.
        """
        loss_dry = np.minimum(severity[:, None] * self.sensitivity, _MAX_LOSS)
        return loss_dry, loss_dry * (1.0 - self.irrigation_protects)

    def net_per_mu(self, severity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Net crop income per farmed mu of dry and of irrigated land, for each severity.

        Args:
            severity: Drought severities (e.g. one per village).

        Returns:
            (dry, irrigated), each shaped like ``severity``, yuan per mu.
        """
        loss_dry, loss_irrigated = self.yield_losses(severity)
        dry = (self.yield_dry * (1.0 - loss_dry) * self.price - self.cost_dry) @ self.share_dry
        irrigated = (
            self.yield_irrigated * (1.0 - loss_irrigated) * self.price - self.cost_irrigated
        ) @ self.share_irrigated
        return dry, irrigated

    def land_loss_rates(self, severity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Share of the yield of a farmed mu of dry and of irrigated land lost, per severity.

        Each crop's loss weighted by its share of the land (what a crop insurer assesses).
        """
        loss_dry, loss_irrigated = self.yield_losses(severity)
        return loss_dry @ self.share_dry, loss_irrigated @ self.share_irrigated

    def material_cost_per_mu(self) -> tuple[float, float]:
        """Material and service cost of a farmed mu of dry and of irrigated land (yuan)."""
        return float(self.cost_dry @ self.share_dry), float(
            self.cost_irrigated @ self.share_irrigated
        )

    def corn_kg_per_mu(self, severity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Corn harvested per farmed mu of dry and of irrigated land (kg), for each severity."""
        loss_dry = np.minimum(severity * self.sensitivity[CORN], _MAX_LOSS)
        loss_irrigated = loss_dry * (1.0 - self.irrigation_protects)
        dry = self.share_dry[CORN] * self.yield_dry[CORN] * (1.0 - loss_dry)
        irrigated = self.share_irrigated[CORN] * self.yield_irrigated[CORN] * (1.0 - loss_irrigated)
        return dry, irrigated


def _shares(params: Parameters, land: str, year: int) -> np.ndarray:
    shares = np.array([params.at(f"crops.{crop}.share_{land}", year) for crop in CROPS])
    return shares / shares.sum()


def crop_year(params: Parameters, year: int) -> CropYear:
    """Return the crop table of ``year`` from the (scenario-resolved) parameters."""
    at = params.at
    trend = (1.0 + params.value("crops.yield_trend")) ** (
        year - params.value("crops.trend_base_year")
    )
    yield_dry = trend * np.array([at(f"crops.{c}.yield_dry", year) for c in CROPS])
    yield_irrigated = trend * np.array([at(f"crops.{c}.yield_irrigated", year) for c in CROPS])
    cost_irrigated = np.array([at(f"crops.{c}.cost_irrigated", year) for c in CROPS])
    # Other grains have no price series of their own: they sell at a ratio to corn.
    price = np.array(
        [
            at("crops.corn.price", year) * at("crops.grains.price_relative_to_corn", year)
            if c == "grains"
            else at(f"crops.{c}.price", year)
            for c in CROPS
        ]
    )
    return CropYear(
        share_dry=_shares(params, "dry", year),
        share_irrigated=_shares(params, "irrigated", year),
        yield_dry=yield_dry,
        yield_irrigated=yield_irrigated,
        price=price,
        cost_dry=cost_irrigated * yield_dry / yield_irrigated,
        cost_irrigated=cost_irrigated,
        sensitivity=np.array([at(f"crops.{c}.drought_sensitivity", year) for c in CROPS]),
        irrigation_protects=at("crops.irrigation_protects", year),
    )


def farmed_land(population: Households) -> tuple[np.ndarray, np.ndarray]:
    """Mu of dry and of irrigated land each household farms (a pair of arrays).

    Its own land not rented out, and land rented in; the share kept is worked out once for both.
    """
    kept = 1.0 - population.rented_out
    dry = population.land_dry * kept
    dry += population.rented_in_dry
    kept *= population.land_irrigated  # (the same product, land times share: commutative)
    kept += population.rented_in_irrigated
    return dry, kept


def corn_mu(population: Households, crops: CropYear) -> np.ndarray:
    """Mu each household plants in corn this year."""
    dry, irrigated = farmed_land(population)
    dry *= crops.share_dry[CORN]
    irrigated *= crops.share_irrigated[CORN]
    dry += irrigated
    return dry


def expected_corn_kg(population: Households, crops: CropYear) -> np.ndarray:
    """Corn a household expects to harvest in a year without drought, kg."""
    dry_kg, irrigated_kg = crops.corn_kg_per_mu(np.zeros(1))
    dry, irrigated = farmed_land(population)
    dry *= dry_kg[0]
    irrigated *= irrigated_kg[0]
    dry += irrigated
    return dry


def harvest(
    population: Households,
    crops: CropYear,
    village_drought: np.ndarray,
) -> None:
    """Take in the year's harvest: the crop year's net income and corn, kept until sold (October).

    Sets ``harvest_net`` (yuan) and ``harvest_corn_kg`` of every household; ``sell_crops`` then
    pays the net income out as the crop is sold, this autumn and next spring.
    """
    # (widened once for the four look-ups, which would each widen the int16 numbers)
    village = population.village.astype(np.intp)
    dry_land, irrigated_land = farmed_land(population)
    # each household's values of its village (``take``: half the time of indexing with the
    # village numbers), the products summed in place
    dry_net, irrigated_net = (net.take(village) for net in crops.net_per_mu(village_drought))
    np.multiply(dry_land, dry_net, out=population.harvest_net)
    population.harvest_net += np.multiply(irrigated_land, irrigated_net, out=irrigated_net)
    dry_kg, irrigated_kg = (kg.take(village) for kg in crops.corn_kg_per_mu(village_drought))
    np.multiply(dry_land, dry_kg, out=population.harvest_corn_kg)
    population.harvest_corn_kg += np.multiply(irrigated_land, irrigated_kg, out=irrigated_kg)


def sell_crops(
    population: Households, params: Parameters, month: int
) -> tuple[np.ndarray, float] | None:
    """Sell this month's share of the last harvest; return the corn sold, if any.

    Income is counted when the crop is sold, as the household survey records it: part in the
    autumn of the harvest, the rest before the next sowing (``crops.sales_share_by_month``,
    January to April being the previous harvest).

    Returns:
        In a month with sales, the last harvest's corn per household (kg) and the share of it
        sold this month; otherwise None.
    """
    share = params.value("crops.sales_share_by_month")[month - 1]
    if share == 0:
        return None
    population.income[SOURCE_INDEX["crops"]] += share * population.harvest_net
    return population.harvest_corn_kg, share
