"""Herds: cattle and sheep, their yearly net income, and how herds grow or shrink.

Each head earns its output (calves, lambs, meat and wool sold or eaten, at that year's prices) less
its feed, every month. The parameters state the net income per head in the reference year (2014)
and the share of that year's output that feed costs (``herds.feed_share``): output per head then
moves with a price index by year, feed half with the corn price relative to the reference year
(roughage is own forage and straw, concentrate is bought corn). Feed is the part of the margin
that does not move with livestock prices, so its share sets how far margins fall when prices do.
Each December, after the year's income, keepers grow or shrink their herds::

    g = elasticity * (net_t / net_ref - 1) - destocking * (drought_t - mean drought)

(clipped to ``[-max_change, max_change]``), so herds grow when keeping pays better than in the
reference year and are sold down in years drier than usual, when forage is short (and rebuilt in
wetter ones). Households without an
able working-age member sell ``no_labour_sell_rate`` of their herd each year (herding needs
labour), and able households without a herd start one with a probability that rises with the
margin. Income counts what is sold, as the survey does: animals sold off a shrinking herd add
their value (at the year's price) to the year's livestock income, and young animals kept to grow
a herd are not sold, so their value is missing from it; a new keeper's purchase is an investment,
not a cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.households import SOURCE_INDEX, Households
from model.parameters import Parameters

__all__ = ["HERDS", "HerdYear", "adjust_herds", "herd_year", "livestock_month"]

#: Species kept, each an attribute of ``Households`` and a ``herds.<species>.*`` parameter set.
HERDS: tuple[str, ...] = ("cattle", "sheep")


@dataclass(frozen=True)
class HerdYear:
    """Net income per head of each species in one year, and in the reference year (yuan)."""

    net_per_head: dict[str, float]
    reference_net_per_head: dict[str, float]


def _net_per_head(params: Parameters, species: str, year: int) -> float:
    at = params.at
    reference_year = params.value("herds.reference_year")
    # Output and feed per head at the reference year's prices, from its net and the feed share
    # (a share of that year's output, so read there).
    feed_share = at("herds.feed_share", reference_year)
    reference_output = at(f"herds.{species}.net_per_head", reference_year) / (1.0 - feed_share)
    output = reference_output * at(f"herds.{species}.price_index", year)
    reference_corn = at("crops.corn.price", reference_year)
    feed = (
        feed_share * reference_output * (0.5 + 0.5 * at("crops.corn.price", year) / reference_corn)
    )
    return output - feed


def herd_year(params: Parameters, year: int) -> HerdYear:
    """Return the net income per head of each species in ``year`` and in the reference year."""
    reference_year = int(params.value("herds.reference_year"))
    return HerdYear(
        net_per_head={s: _net_per_head(params, s, year) for s in HERDS},
        reference_net_per_head={s: _net_per_head(params, s, reference_year) for s in HERDS},
    )


def livestock_month(population: Households, herds: HerdYear) -> None:
    """Add one month of net livestock income."""
    # One species after the other, in place. The built-in sum this replaces also added a
    # leading 0, which can only turn a -0.0 into 0.0: the same once added to the income row
    # (a running total from +0.0, never -0.0).
    monthly = population.cattle * (herds.net_per_head["cattle"] / 12.0)
    monthly += population.sheep * (herds.net_per_head["sheep"] / 12.0)
    population.income[SOURCE_INDEX["livestock"]] += monthly


def adjust_herds(
    population: Households,
    params: Parameters,
    herds: HerdYear,
    drought: float,
    rng: np.random.Generator,
    year: int,
) -> None:
    """Grow or shrink every herd for next year (December).

    Args:
        population: The households (``cattle`` and ``sheep`` change in place).
        params: Model parameters (``herds.*``).
        herds: This year's net income per head.
        drought: This year's county drought severity.
        rng: This year's ``"herds"`` stream; one draw per household and species.
        year: The calendar year.
    """
    at = params.at
    able = population.rural & (population.n_able > 0)
    # (as look-up indices, widened once for both species rather than by each look-up)
    can_herd = able.view(np.uint8).astype(np.intp)
    u = rng.random((len(HERDS), len(population)))
    for row, species in enumerate(HERDS):
        key = f"herds.{species}"
        ratio = herds.net_per_head[species] / herds.reference_net_per_head[species]
        limit = at("herds.max_change", year)
        growth = np.clip(
            at("herds.elasticity", year) * (ratio - 1.0)
            - at("herds.destocking", year) * (drought - at("weather.severity_mean", year)),
            -limit,
            limit,
        )
        head = getattr(population, species)
        keeps = head > 0
        before = head.copy()
        # the factor looked up by whether the household can herd (a selection is slower; take
        # is quicker than indexing with the flags)
        factor = np.array([1.0 - at("herds.no_labour_sell_rate", year), 1.0 + growth])
        head *= factor.take(can_herd)
        value = at(f"{key}.sale_value_per_head", year) * at(f"{key}.price_index", year)
        before -= head  # (before - head) * value, in place
        before *= value
        population.income[SOURCE_INDEX["livestock"]] += before
        starts = (
            able
            & ~keeps
            & (u[row] < at(f"{key}.start_probability", year) * float(np.clip(ratio, 0.0, 2.0)))
        )
        head[starts] = at(f"{key}.start_head", year)
        head *= population.rural  # none in town: the same as setting 0 (herds are never negative)
