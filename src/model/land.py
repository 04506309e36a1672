"""Land: dry land made irrigated, and how much contracted land households rent out each year.

Drip irrigation under film spread over Inner Mongolia's dry farmland in the 2010s; each March a
share ``land.irrigated_conversion`` of every household's dry land becomes irrigated land.

The rental market: renting out land to neighbours, co-operatives and firms (土地流转) spread
over the decade: the share of contracted land rented out in Chifeng rose to 27-30% by the late
2010s. Each March the county's share follows its observed path (an alignment, as SimPaths and
LIAM2 align simulated totals): households without an able working-age member rent out
``rent_out_share_no_labour`` of their land; the rest of the year's total comes from whole
holdings of households drawn in a weighted random order, more likely when members work away.
Each household's place in that order is drawn once (its inclination to rent out), so the same
households keep renting out as the market grows, rather than switching back and forth.

Who farms the land rented out: ``land.rented_to_households_share`` of it goes to farming
households of the county (the rest to co-operatives, firms and others outside the household
survey). China's farm households took 69% of transferred land in 2010 and 58% in 2016 (Ministry
of Agriculture). The households renting in are those least inclined to rent out (the same
draw read from the other end) among households with an able member at home that rent nothing
out, ``land.renting_in_households`` of rural households (12.3% of Inner Mongolia's rural
households rented land in at the 2006 agricultural census); each takes a share of the year's
rented-in dry and irrigated land in proportion to its own contracted land (larger farms
expand). They farm it and pay its rent (``model.livelihoods.land_rent_month``). Each March
``rent_out_land`` runs first, then ``rent_in_land`` shares out what was rented out.
"""

from __future__ import annotations

import numpy as np

from model.households import Households
from model.order import first_k
from model.parameters import Parameters

__all__ = ["irrigate_dry_land", "rent_in_land", "rent_out_land"]


def rent_out_land(
    population: Households, params: Parameters, inclination: np.ndarray, year: int
) -> None:
    """Set ``rented_out`` for the year so the county share matches ``land.rented_out_share``.

    Args:
        population: The households (``rented_out`` changes in place).
        params: Model parameters (``land.*``).
        inclination: One uniform per household, the same every year (its place in the order).
        year: The calendar year.
    """
    rural = population.rural
    # Selections as products with the flags (a third of the time of np.where, the same values:
    # land and shares are never negative, so a product with False is 0.0)
    contracted = population.land_dry + population.land_irrigated
    contracted *= rural
    no_labour = rural & (population.n_able <= 0)
    rented = no_labour * params.at("land.rent_out_share_no_labour", year)
    wanted = params.at("land.rented_out_share", year) * contracted.sum()
    remaining = wanted - float((rented * contracted).sum())
    candidates = np.flatnonzero(rural & ~no_labour & (contracted > 0))
    if remaining > 0 and candidates.size:
        # (take: quicker than indexing)
        away_share = population.n_away.take(candidates) / np.maximum(
            population.able_members(candidates), 1
        )
        weight = 1.0 + params.at("land.away_weight", year) * away_share
        # Weighted random order (Efraimidis-Spirakis): larger keys first.
        keys = np.log(np.maximum(inclination.take(candidates), 1e-300)) / weight
        order, cumulative = _order_until(candidates, -keys, contracted, remaining)
        whole = order[cumulative <= remaining]
        rented[whole] = 1.0
        if whole.size < order.size:
            # The next household rents out the part that completes the year's total.
            edge = order[whole.size]
            left = remaining - (cumulative[whole.size - 1] if whole.size else 0.0)
            rented[edge] = left / contracted[edge]
    population.rented_out[...] = rented


def _order_until(
    candidates: np.ndarray, keys: np.ndarray, land: np.ndarray, total: float
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``candidates`` in the order of ``keys`` until their ``land`` exceeds ``total``.

    Returns the prefix of ``candidates[stable_argsort(keys)]`` whose cumulative land passes
    ``total`` (every candidate if it never does), and that cumulative land: only a share of
    the candidates rents out, so the order is worked out for a few more than the land needs
    (more again if they fall short) rather than sorted whole.
    """
    # households enough for the land at the candidates' mean, and a margin
    guess = int(total / max(float(land[candidates].mean()), 1e-12) * 1.25) + 64
    taken = min(guess, candidates.size)
    while True:
        order = candidates[first_k(keys, taken)]
        cumulative = np.cumsum(land[order])
        if cumulative[-1] > total or taken == candidates.size:
            return order, cumulative
        taken = min(2 * taken, candidates.size)


def rent_in_land(
    population: Households, params: Parameters, inclination: np.ndarray, year: int
) -> None:
    """Set ``rented_in_dry`` and ``rented_in_irrigated``: the rented-out land farm households take.

    Args:
        population: The households (``rented_in_*`` change in place; ``rented_out`` is read).
        params: Model parameters (``land.*``).
        inclination: The uniforms of ``rent_out_land``; the lowest rent in first.
        year: The calendar year.
    """
    population.rented_in_dry[...] = 0.0
    population.rented_in_irrigated[...] = 0.0
    rural = population.rural
    to_households = params.at("land.rented_to_households_share", year)
    wanted = round(params.at("land.renting_in_households", year) * int(rural.sum()))
    contracted = population.land_contracted
    at_home = population.n_able - population.n_away > 0
    candidates = np.flatnonzero(rural & at_home & (population.rented_out == 0) & (contracted > 0))
    if to_households <= 0 or wanted <= 0 or candidates.size == 0:
        return
    # the lowest, in order (take: quicker than indexing)
    renters = candidates[first_k(inclination.take(candidates), wanted)]
    weight = contracted.take(renters)
    weight /= weight.sum()  # (in place: the sum is taken before the division)
    share_out = population.rented_out * rural  # (as np.where(rural, ...): never negative)
    population.rented_in_dry[renters] = (
        to_households * float((share_out * population.land_dry).sum()) * weight
    )
    population.rented_in_irrigated[renters] = (
        to_households * float((share_out * population.land_irrigated).sum()) * weight
    )


def irrigate_dry_land(population: Households, params: Parameters, year: int) -> None:
    """Make the year's share of every household's dry land irrigated (March)."""
    share = params.at("land.irrigated_conversion", year)
    if share > 0:
        converted = population.land_dry * share
        population.land_dry -= converted
        population.land_irrigated += converted
        population.land_drip += converted  # irrigated now, and still sloping
