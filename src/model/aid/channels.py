"""Selling Linxi produce through better channels: who sells, and the margin that reaches them.

Shared by the consumption projects (``model.programs.beijing_sales`` and ``.produce_hub``). A
channel (Beijing stalls and supermarkets, the produce hub) can take ``V`` yuan a year of household
produce. Sales are not income: households gain the price premium on the part of their crop and
cattle sales that goes through the channel, paid as crops and livestock income.

* Produce a household can sell in a year (expected, no drought): corn
  ``expected_corn_kg * corn_price`` plus cattle ``livestock * consumption.cattle_sales_per_head``.
* Each channel takes a share ``s`` of a participating household's produce; ``P = s * sum(value)``
  over rural households is what all of them could bring. Diminishing returns: the channel fills
  ``V_eff = P * (1 - exp(-V / P))`` (sellers already in the channel cannot bring more).
* Participants, chosen each January: registered households (exited or not) fill at least
  ``poor_share`` of ``V_eff`` (as far as they can), others the rest, each group in random order.
* Premium: at harvest, ``premium * s * kg_sold * corn_price`` to crops; each month,
  ``premium * s * livestock * cattle_sales_per_head / 12`` to livestock.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from model.aid.selection import first_reaching, in_order
from model.crops import expected_corn_kg
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.aid.program import AidProgram
    from model.context import County

__all__ = ["Channel", "choose_sellers", "filled_value"]


def filled_value(capacity: float, potential: float) -> float:
    """Produce value a channel of ``capacity`` fills from a ``potential`` (both yuan a year)."""
    if capacity <= 0 or potential <= 0:
        return 0.0
    return float(potential * -math.expm1(-capacity / potential))


def _take(candidates: np.ndarray, values: np.ndarray, target: float) -> np.ndarray:
    """The first candidates (in the given order) whose values add up to ``target``."""
    if target <= 0 or candidates.size == 0:
        return candidates[:0]
    cumulative = np.cumsum(values[candidates])
    n = int(np.searchsorted(cumulative, target, side="left")) + 1
    return candidates[: min(n, candidates.size)]


def choose_sellers(
    values: np.ndarray,
    registered: np.ndarray,
    target: float,
    poor_share: float,
    u_order: np.ndarray,
) -> np.ndarray:
    """Indices of households selling ``target`` yuan through a channel, poor first to a quota.

    Args:
        values: Channel value each household can bring (zero for those who cannot take part).
        registered: Whether each household is registered poor.
        target: Produce value the channel takes this year.
        poor_share: Minimum share of ``target`` from registered households, if they have it.
        u_order: One uniform per household: the order in which households join.
    """
    able = values > 0
    poor = in_order(np.flatnonzero(able & registered), u_order)
    poor_target = min(poor_share * target, float(values[poor].sum()))
    first = _take(poor, values, poor_target)
    # only the first of the others are needed, in order: not all of them sorted
    other = np.flatnonzero(able & ~registered)
    rest = first_reaching(other, u_order, values, target - float(values[first].sum()))
    short = target - float(values[first].sum() + values[rest].sum())
    more = _take(poor[first.size :], values, short)
    return np.concatenate([first, rest, more])


class Channel:
    """One channel's sellers for the year and the premium they earn.

    Args:
        model: The county.
        program: The program paying the premium (its ``deliver`` counts the income).
        prefix: Parameter prefix: ``<prefix>.channel_share``, ``.price_premium``, ``.poor_share``.
    """

    def __init__(self, model: County, program: AidProgram, prefix: str) -> None:
        p = model.params
        self.model = model
        self.program = program
        self.share = p.value(f"{prefix}.channel_share")
        self.premium = p.value(f"{prefix}.price_premium")
        self.poor_share = p.value(f"{prefix}.poor_share")
        self.per_head = p.value("consumption.cattle_sales_per_head")
        self.sellers = np.zeros(0, dtype=np.int64)
        self.filled: dict[int, float] = {}

    def potential_values(self) -> np.ndarray:
        """Channel value each rural household could bring this year, yuan."""
        model = self.model
        population = model.households
        corn = expected_corn_kg(population, model.conditions.crops) * model.conditions.corn_price
        cattle = population.cattle * self.per_head
        return self.share * (corn + cattle) * population.rural

    def choose(self, capacity: float, u_order: np.ndarray) -> None:
        """Choose this year's sellers for a channel that can take ``capacity`` yuan."""
        values = self.potential_values()
        target = filled_value(capacity, float(values.sum()))
        registered = self.model.households.registered
        self.sellers = choose_sellers(values, registered, target, self.poor_share, u_order)
        self.filled[self.model.year] = float(values[self.sellers].sum())

    def pay_month(self) -> float:
        """Pay this month's premium to the sellers; return the total, yuan."""
        if self.sellers.size == 0:
            return 0.0
        model = self.model
        population = model.households
        sellers = self.sellers
        cattle = self.premium * self.share * population.cattle[sellers] * self.per_head / 12.0
        has_cattle = cattle > 0
        if has_cattle.any():
            # (compress: quicker than a boolean index on a mixed mask)
            self.program.deliver(
                np.compress(has_cattle, sellers),
                np.compress(has_cattle, cattle),
                SOURCE_INDEX["livestock"],
                "sellers",
            )
        total = float(cattle.sum())
        harvest = model.harvest_this_month
        if harvest is not None:
            kg, share_of_year = harvest
            crops = (
                self.premium
                * self.share
                * kg[sellers]
                * share_of_year
                * model.conditions.corn_price
            )
            sold = crops > 0
            if sold.any():
                self.program.deliver(
                    np.compress(sold, sellers),
                    np.compress(sold, crops),
                    SOURCE_INDEX["crops"],
                    "sellers",
                )
            total += float(crops.sum())
        # Sellers who brought nothing this month still took part in the channel this year.
        self.program.reach(sellers, "sellers")
        return total
