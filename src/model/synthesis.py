"""Synthesis of the county's households in January 2011: members, land, herds and housing.

The population depends only on the seed and its size, never on the scenario, so that scenarios
compared at the same seed start from the same county. Each household draws an age type (young
family, middle-aged, elderly), a size, its members' ages and chronic illness, schooling, land
(contracted in the 1980s per person, so holdings grow with household size), herds, and whether
its house is safe.
"""

from __future__ import annotations

import functools

import numpy as np

from model.demography import gompertz_level
from model.households import (
    ELDERLY,
    ELDERLY_AGE,
    INCOME_SOURCES,
    MAX_MEMBERS,
    Households,
    count_members,
    of_working_age,
)
from model.parameters import Parameters
from model.rng import Streams

__all__ = ["synthesize"]

#: The oldest age a synthetic member is given.
_OLDEST = 100


def _categorical(
    u: np.ndarray, probabilities: np.ndarray, rows: np.ndarray | None = None
) -> np.ndarray:
    """Map uniforms to categories 0..k-1 with the given probabilities.

    ``probabilities`` is one row for every uniform, or a table of rows with ``rows`` naming
    each uniform's row (cumulated once per row of the table, not once per uniform).
    """
    cumulative = np.cumsum(probabilities, axis=-1)
    cumulative = cumulative / cumulative[..., -1:]
    # The category is the number of cumulative bounds below the uniform, counted one bound
    # at a time (a look-up of each uniform's bound when rows differ), without a (n, k) array.
    # (counted in bytes, then widened: at most 255 categories; take: quicker than indexing)
    category = np.zeros(u.shape, dtype=np.uint8)
    for bound in np.moveaxis(cumulative, -1, 0):
        category += (u > (bound if rows is None else bound.take(rows))).view(np.uint8)
    return category.astype(np.int_)


def _elderly_ages(u: np.ndarray, params: Parameters) -> np.ndarray:
    """Ages of members aged 60+ (60-100) from uniforms ``u``.

    The age distribution of the elderly is what the mortality of 2010 leaves of cohorts that
    grow by ``g`` a year, ``w(a) = S(a) exp(-g (a - 60))`` with ``S`` the Gompertz survival of
    ``model.demography`` in 2010; ``g`` is set so that the share aged 65+
    of those aged 60+ is ``households.share_65_plus_of_60_plus`` (the census's).
    """
    cumulative = _elderly_cumulative(
        params.value("demography.gompertz_slope"),
        gompertz_level(params, 2010),
        params.value("households.share_65_plus_of_60_plus"),
    )
    return ELDERLY_AGE + np.minimum(np.searchsorted(cumulative, u), cumulative.size - 1)


@functools.lru_cache(maxsize=16)
def _elderly_cumulative(slope: float, level: float, target: float) -> np.ndarray:
    """The cumulative distribution of the elderly's ages 60-100 (``_elderly_ages``).

    Kept by its three numbers (a bisection of 60 steps: a millisecond a county); read-only.
    """
    years = np.arange(_OLDEST - ELDERLY_AGE + 1, dtype=float)
    survival = np.exp(-level / slope * np.expm1(slope * years) * np.exp(slope * ELDERLY_AGE))

    def share_65(growth: float) -> float:
        weight = survival * np.exp(-growth * years)
        return float(weight[5:].sum() / weight.sum())

    low, high = -0.2, 0.5  # cohort growth a year: the share of 65+ falls as it rises
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if share_65(middle) > target else (low, middle)
    weight = survival * np.exp(-low * years)
    cumulative = np.cumsum(weight) / weight.sum()
    cumulative.flags.writeable = False
    return cumulative


def _member_ages(
    rng: np.random.Generator,
    params: Parameters,
    age_type: np.ndarray,
    n_working: np.ndarray,
    n_elderly: np.ndarray,
    n_children: np.ndarray,
) -> np.ndarray:
    """Ages of every member slot: working-age members first, then the elderly, then children."""
    n = age_type.size
    value = params.value
    u_age, u_old = rng.random((2, MAX_MEMBERS, n))
    age = np.full((MAX_MEMBERS, n), -1, dtype=np.int8)
    # Each household's working-age range, looked up once (take: quicker than indexing).
    lows = np.asarray(value("households.working_age_low"), dtype=float).take(age_type)
    spans = np.asarray(value("households.working_age_high"), dtype=float).take(age_type)
    spans -= lows
    spans += 1
    elderly_end = n_working + n_elderly
    children_end = elderly_end + n_children
    # Slot by slot, each kind of member's ages are worked out for its own households alone
    # (the same values as over the whole county, without its (slots, households) index arrays).
    elderly_slots, elderly_u = [], []
    for slot in range(MAX_MEMBERS):
        working = np.flatnonzero(n_working > slot)
        ages = np.floor(u_age[slot].take(working) * spans.take(working))
        age[slot, working] = lows.take(working) + ages
        elderly = np.flatnonzero((n_working <= slot) & (elderly_end > slot))
        elderly_slots.append(elderly + slot * n)
        elderly_u.append(u_old[slot].take(elderly))
        children = np.flatnonzero((elderly_end <= slot) & (children_end > slot))
        age[slot, children] = np.floor(u_age[slot].take(children) * 16)
    # the elderly of every slot at once: their age table is looked up once
    age.ravel()[np.concatenate(elderly_slots)] = _elderly_ages(np.concatenate(elderly_u), params)
    return age


def _irrigated_holdings(relative: np.ndarray, land_dry: np.ndarray, share: float) -> np.ndarray:
    """Irrigated mu of each household: ``relative`` holdings scaled to the county's share.

    The seed bounds irrigated land by the county's farmland, not by the household ("90%以上为
    坡耕地"), so the holdings drawn (``relative``, zero for households without irrigated land)
    are scaled until irrigated land is ``share`` of all contracted farmland, whatever the dry
    holdings (a calibrated parameter) are.

    Args:
        relative: Each household's irrigated holding up to one factor (0: none).
        land_dry: Each household's dry land, mu (0 for town households).
        share: Irrigated land's share of the county's farmland (0 to below 1).
    """
    drawn = relative.sum()
    if drawn <= 0:
        return np.zeros_like(relative)
    return relative * (share / (1.0 - share) * land_dry.sum() / drawn)


def synthesize(n_households: int, params: Parameters, streams: Streams) -> Households:
    """Create a synthetic county of ``n_households`` households.

    Args:
        n_households: Number of households to create.
        params: Model parameters (the ``county.*``, ``households.*`` and ``targeting.*`` entries
            are used).
        streams: The run's random streams (the ``"synthesis"`` stream is used).

    Returns:
        The population, with zero income.
    """
    rng = streams.get("synthesis")
    n = int(n_households)
    value = params.value

    urban = rng.random(n) >= value("county.rural_share")
    n_townships = int(value("county.townships"))
    villages_per_township = int(value("county.villages_per_township"))
    township = rng.integers(0, n_townships, size=n).astype(np.int16)
    township *= ~urban  # town households in township 0 (quicker than a masked assignment)
    village = (township * villages_per_township + rng.integers(0, villages_per_township, n)).astype(
        np.int16
    )
    village_remoteness = rng.random(n_townships * villages_per_township)
    remoteness = np.where(urban, 0.0, village_remoteness.take(village)).astype(np.float32)

    age_type = _categorical(rng.random(n), np.asarray(value("households.age_type_probabilities")))
    size_table = np.array(
        [
            value("households.size_probabilities_young"),
            value("households.size_probabilities_middle"),
            value("households.size_probabilities_elderly"),
        ]
    )
    size = 1 + _categorical(rng.random(n), size_table, age_type)
    p_elderly = np.asarray(value("households.elderly_member_probability")).take(age_type)
    p_child = np.asarray(value("households.child_member_probability")).take(age_type)
    n_elderly = rng.binomial(size, p_elderly)
    n_children = rng.binomial(size - n_elderly, p_child)
    n_working = size - n_elderly - n_children
    # Every household has at least one adult: a lone child becomes a working-age member.
    no_adult = (n_working + n_elderly) == 0
    n_children -= no_adult  # (quicker than masked assignments)
    n_working += no_adult
    age = _member_ages(rng, params, age_type, n_working, n_elderly, n_children)

    # A household frailty term makes illness cluster in some households, as it does.
    p_ill = np.asarray(value("households.ill_probability_by_age"))
    shape = value("households.frailty_shape")
    frailty = rng.gamma(shape, 1.0 / shape, size=n)[None, :]
    group = (age >= 16).view(np.uint8) + (age >= 60).view(np.uint8)  # 0 child, 1 working, 2 old
    # (no clip of the probability to [0, 1]: a uniform in [0, 1) compares alike with either;
    # take: quicker than indexing)
    ill = rng.random((MAX_MEMBERS, n)) < p_ill.take(group) * frailty
    ill &= age >= 0

    schooling = rng.normal(value("households.schooling_mean"), value("households.schooling_sd"), n)
    gap = value("households.elderly_schooling_gap")
    schooling = np.clip(schooling - gap * (age_type == ELDERLY), 0, 16).astype(np.float32)

    rural = ~urban
    # Members work (and keep herds) to the working age's end, past the first old age.
    working_age_end = int(value("labour.working_age_end"))
    able = count_members(of_working_age(age, working_age_end) & ~ill) > 0
    # Land was contracted per person in the 1980s, so holdings grow with household size.
    land_scale = size / 2.4
    # (town households hold no farmland: their draws are made, so that all others keep theirs)
    land_dry = rural * (
        value("households.dry_land_mu_median")
        * land_scale
        * rng.lognormal(0.0, value("households.land_sigma"), n)
    )
    has_irrigated = rural & (rng.random(n) < value("households.irrigated_share_of_households"))
    land_irrigated = _irrigated_holdings(
        has_irrigated * rng.lognormal(0.0, value("households.land_sigma"), n),
        land_dry,
        value("households.irrigated_share_of_farmland"),
    )
    no_labour = np.where(able, 1.0, value("households.livestock_factor_no_labour"))
    keeps_cattle = rng.random(n) < value("households.cattle_share_of_households") * no_labour
    cattle = keeps_cattle * (1 + rng.poisson(value("households.cattle_head_mean") - 1, n))
    keeps_sheep = rng.random(n) < value("households.sheep_share_of_households") * no_labour
    sheep = keeps_sheep * (1 + rng.poisson(value("households.sheep_head_mean") - 1, n))
    # Unsafe houses are likelier in remote villages; mean remoteness is 0.5, so the county
    # share stays at targeting.unsafe_housing_share.
    safe_housing = rng.random(n) >= value("targeting.unsafe_housing_share") * (0.5 + remoteness)
    # The guarantees' other states, drawn the same way (remote villages worse off).
    u_water, u_insured, u_school = rng.random((3, n))
    safe_water = u_water >= value("targeting.unsafe_water_share") * (0.5 + remoteness)
    insured = u_insured < value("health.insurance_enrolment")
    school_age = count_members((age >= 7) & (age <= 15)) > 0
    school_dropout = school_age & (u_school < value("targeting.dropout_share") * (0.5 + remoteness))
    # Whose members away the old survey counted as members (their income mainly came home):
    # drawn last, so the draws above are the same with or without it.
    away_counted = rural & (rng.random(n) < value("households.away_counted_share"))

    zeros_int = np.zeros(n, dtype=np.int16)
    return Households(
        township=township,
        village=village,
        urban=urban,
        remoteness=remoteness,
        age_type=age_type.astype(np.int8),
        age=age,
        ill=ill,
        # a stream of its own, so that adding it left every other draw of the county unchanged
        work_draws=streams.get("work_draws").random((2, MAX_MEMBERS, n)),
        schooling=schooling,
        land_dry=land_dry,
        land_irrigated=land_irrigated,
        land_drip=np.zeros(n),
        land_retired=value("households.retired_land_per_dry_mu") * land_dry,
        rented_out=np.zeros(n),
        rented_in_dry=np.zeros(n),
        rented_in_irrigated=np.zeros(n),
        harvest_net=np.zeros(n),
        harvest_corn_kg=np.zeros(n),
        cattle=np.where(rural, cattle, 0.0),  # (float64 at once: the same head counts)
        sheep=np.where(rural, sheep, 0.0),
        safe_housing=safe_housing | urban,
        safe_water=safe_water | urban,
        insured=insured,
        school_dropout=school_dropout & rural,
        public_post=zeros_int.copy(),
        registered=np.zeros(n, dtype=bool),
        registered_year=zeros_int.copy(),
        registered_income_pc=np.zeros(n, dtype=np.float64),
        registered_recorded_pc=np.zeros(n, dtype=np.float64),
        exited=np.zeros(n, dtype=bool),
        exit_year=zeros_int.copy(),
        removed=np.zeros(n, dtype=bool),
        returned=np.zeros(n, dtype=bool),
        dibao=np.zeros(n, dtype=bool),
        n_away=zeros_int.copy(),
        away_counted=away_counted,
        n_local_jobs=zeros_int.copy(),
        employer=np.full(n, -1, dtype=np.int16),
        contract_firm=np.full(n, -1, dtype=np.int16),
        programs_touched=np.zeros(n, dtype=np.uint64),
        trained=np.zeros(n, dtype=bool),
        medical_bill=np.zeros(n),
        medical_paid=np.zeros(n),
        income=np.zeros((len(INCOME_SOURCES), n)),
        last_income=np.zeros((len(INCOME_SOURCES), n)),
        last_residents=np.zeros(n, dtype=np.int16),
        working_age_end=working_age_end,
    )
