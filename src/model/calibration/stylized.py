"""Stylized facts from the literature and the account, measured on the model.

Each fact is a function returning a ``Fact``: the measured value, whether it holds, and the
numbers behind it. ``tests/test_stylized_facts.py`` asserts them (with each source in its
docstring) and ``docs/calibration.md`` reports them; a fact that does not hold with the shipped
defaults is a known miss, listed with its measured value in
``docs/calibration_known_misses.json``. All facts use the same small ensemble (``HOUSEHOLDS``,
``SEEDS``) so the tests and the report measure the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from model.parameters import default_parameters
from model.programs.catalog import program_specs
from model.results import RunResult, run_scenario
from model.scenario import Scenario

__all__ = [
    "Fact",
    "HOUSEHOLDS",
    "SEEDS",
    "FACTS",
    "funded_programs",
    "diminishing_returns",
    "measure_all",
]

HOUSEHOLDS = 3_000
SEEDS = (1, 2, 3)
MULTIPLIER_RANGE = (1.1, 2.5)


@dataclass(frozen=True)
class Fact:
    """A stylized fact measured on the model.

    Attributes:
        name: Short name.
        claim: What should hold.
        value: The headline number.
        holds: Whether it holds.
        details: The numbers behind it.
    """

    name: str
    claim: str
    value: float
    holds: bool
    details: dict = field(default_factory=dict)


def _baseline() -> Scenario:
    return Scenario(name="baseline")


@cache
def _run(overrides: tuple[tuple[str, object], ...], seed: int) -> RunResult:
    scenario = _baseline()
    if overrides:  # hashable for the cache: a table by year is given as pairs
        values = {k: dict(v) if isinstance(v, tuple) else v for k, v in overrides}
        scenario = scenario.with_overrides(values, source="stylized fact")
    return run_scenario(scenario, seed=seed, households=HOUSEHOLDS)


def _rural_income(result: RunResult) -> float:
    annual = result.annual
    return float((annual["income_pc_mean"] * annual["rural_people"]).sum()) / result.model.scale


NO_AID = (("aid.enabled", False),)


def local_income_multiplier() -> Fact:
    """Extra county rural income over 2011-2020 (baseline minus no_aid) per yuan of aid."""
    gains, aid = [], []
    for seed in SEEDS:
        base, none = _run((), seed), _run(NO_AID, seed)
        gains.append(_rural_income(base) - _rural_income(none))
        aid.append(float(base.annual["aid_spent_yuan"].sum()) / base.model.scale)
    multiplier = float(np.sum(gains) / np.sum(aid)) if np.sum(aid) > 0 else float("nan")
    low, high = MULTIPLIER_RANGE
    return Fact(
        "local_income_multiplier",
        f"extra rural income per yuan of aid lies in [{low}, {high}]",
        multiplier,
        bool(low <= multiplier <= high),
        {"income_gain_yuan": float(np.mean(gains)), "aid_yuan": float(np.mean(aid))},
    )


def benefits_leak_to_non_poor() -> Fact:
    """Share of program beneficiaries (person-years) outside registered-poor households."""
    reached = poor = 0.0
    registered_share = []
    for seed in SEEDS:
        result = _run((), seed)
        programs = result.programs
        reached += float(programs["beneficiaries"].sum())
        poor += float(programs["beneficiaries_registered_poor"].sum())
        h = result.model.households
        rural = h.rural
        registered_share.append(float(h.size[rural & h.registered].sum() / h.size[rural].sum()))
    leak = 1.0 - poor / reached if reached else float("nan")
    population_share = float(np.mean(registered_share))
    return Fact(
        "benefits_leak_to_non_poor",
        "at least 5% of beneficiaries are not registered poor, yet the registered poor get more "
        "than their population share",
        leak,
        bool(leak >= 0.05 and (1 - leak) > population_share),
        {
            "registered_share_of_beneficiaries": 1 - leak,
            "registered_share_of_rural_people": (population_share),
        },
    )


def _egg_dividends(result: RunResult, first_year: int) -> float:
    ledger = result.ledger
    paid = ledger[
        (ledger["program"] == "egg_farm")
        & (ledger["item"] == "dividends to registered-poor households")
        & (ledger["year"] >= first_year)
    ]
    return float(paid["yuan"].sum()) / result.model.scale


def dividends_stop_when_firm_fails(fail_year: int = 2019) -> Fact:
    """The egg farm's dividends (yuan, county scale) from the failure year on, forced failure.

    Other firms built with aid pay dividends too, so the egg farm's own ledger is read.
    """
    after, before = [], []
    for seed in SEEDS[:1]:
        after.append(
            _egg_dividends(_run((("programs.egg_farm.fail_year", fail_year),), seed), fail_year)
        )
        before.append(_egg_dividends(_run((), seed), fail_year))
    return Fact(
        "dividends_stop_when_firm_fails",
        f"no dividends from {fail_year} when the egg farm fails in January {fail_year}, "
        "while the baseline pays some",
        float(np.sum(after)),
        bool(np.sum(after) == 0 and np.sum(before) > 0),
        {
            "dividends_after_failure_yuan": float(np.sum(after)),
            "baseline_yuan": float(np.sum(before)),
        },
    )


def drought_lowers_income_raises_poverty(year: int = 2017, severity: float = 0.6) -> Fact:
    """Crop income and poverty in a forced drought year against the same seed without it."""
    crops, poverty = [], []
    for seed in SEEDS[:2]:
        dry = _run((("shocks.drought_severity", ((year, severity),)),), seed).annual
        base = _run((), seed).annual
        row_dry, row_base = dry[dry["year"] == year].iloc[0], base[base["year"] == year].iloc[0]
        crops.append(float(row_dry["income_pc_crops"] - row_base["income_pc_crops"]))
        poverty.append(float(row_dry["poverty_rate"] - row_base["poverty_rate"]))
    return Fact(
        "drought_lowers_income_raises_poverty",
        f"a {severity:.0%} drought in {year} lowers crop income and raises the poverty rate",
        float(np.mean(poverty)),
        bool(max(crops) < 0 and min(poverty) > 0),
        {
            "crop_income_change_pc": float(np.mean(crops)),
            "poverty_rate_change": (float(np.mean(poverty))),
        },
    )


def _poverty(overrides: tuple, year: int) -> float:
    rates = []
    for seed in SEEDS:
        annual = _run(overrides, seed).annual
        rates.append(float(annual.loc[annual["year"] == year, "poverty_rate"].iloc[0]))
    return float(np.mean(rates))


def poverty_below_3_percent_2018() -> Fact:
    """Baseline rural poverty rate at the end of 2018."""
    rate = _poverty((), 2018)
    return Fact(
        "poverty_below_3_percent_2018", "baseline poverty rate < 3% in 2018", rate, rate < 0.03
    )


def poverty_near_zero_2020() -> Fact:
    """Baseline rural poverty rate at the end of 2020."""
    rate = _poverty((), 2020)
    return Fact("poverty_near_zero_2020", "baseline poverty rate < 1% in 2020", rate, rate < 0.01)


def no_aid_poverty_clearly_higher() -> Fact:
    """no_aid's 2020 poverty rate minus the baseline's."""
    base, none = _poverty((), 2020), _poverty(NO_AID, 2020)
    return Fact(
        "no_aid_poverty_clearly_higher",
        "no_aid's 2020 poverty rate is at least 1 percentage point above the baseline's",
        none - base,
        none - base >= 0.01,
        {"baseline": base, "no_aid": none},
    )


def funded_programs() -> list[str]:
    """Programs of the catalogue with a non-zero default budget that reach households.

    Programs that act only through the county (capacity building: firms' failure hazard, the
    registration's income test) reach no household, so returns per yuan cannot be counted.
    """
    params = default_parameters()
    names = []
    for spec in program_specs():
        if not getattr(spec, "reaches_households", True):
            continue
        budget = params.value(f"{spec.name}.aid_funding_yuan")
        if sum(budget.values()) > 0:
            names.append(spec.name)
    return names


#: Diminishing returns are measured to 2025, so that facilities built late (the slaughter plant
#: produces from 2021) are seen working.
RETURNS_END_YEAR = 2025


def diminishing_returns(program: str, scale: float = 3.0) -> Fact:
    """Beneficiaries and income per yuan of funding at ``scale`` times against 1 times."""
    ratios = {}
    for label, factor in (("base", 1.0), ("scaled", scale)):
        overrides: tuple = (("run.end_year", RETURNS_END_YEAR),)
        if factor != 1.0:
            overrides += ((f"programs.{program}.funding_scale", factor),)
        rows = _run(overrides, SEEDS[0]).programs
        rows = rows[rows["program"] == program]
        budget = float(rows["budget_yuan"].sum())
        ratios[label] = (
            float(rows["beneficiaries"].sum()) / budget,
            float(rows["income_delivered_yuan"].sum()) / budget,
        )
    people = ratios["scaled"][0] / ratios["base"][0] if ratios["base"][0] else float("nan")
    income = ratios["scaled"][1] / ratios["base"][1] if ratios["base"][1] else float("nan")
    holds = bool(people < 0.99 or income < 0.99)
    known = [r for r in (people, income) if not np.isnan(r)]
    return Fact(
        f"diminishing_returns[{program}]",
        f"at {scale:g} times the funding, beneficiaries or income per yuan fall (runs to "
        f"{RETURNS_END_YEAR})",
        float(min(known)) if known else float("nan"),
        holds,
        {"beneficiaries_per_yuan_ratio": people, "income_per_yuan_ratio": income},
    )


def _mean_annual(column: str) -> np.ndarray:
    """A column of the baseline's annual table, year by year, averaged over the seeds."""
    return np.mean([_run((), seed).annual[column].to_numpy() for seed in SEEDS], axis=0)


def income_never_falls_more_than_5_percent() -> Fact:
    """Largest yearly fall of the baseline's mean rural income per person (historical weather)."""
    income = _mean_annual("income_pc_mean")
    change = income[1:] / income[:-1] - 1.0
    worst = float(change.min())
    return Fact(
        "income_never_falls_more_than_5_percent",
        "mean rural income per person never falls more than 5% in a year",
        worst,
        worst >= -0.05,
        {"yearly_change": [round(float(c), 4) for c in change]},
    )


def old_age_share_rises() -> Fact:
    """Share of rural people aged 60+, 2020 less 2011."""
    share = _mean_annual("share_aged_60_plus")
    rise = float(share[-1] - share[0])
    return Fact(
        "old_age_share_rises",
        "the share of rural people aged 60+ rises from 2011 to 2020",
        rise,
        rise > 0,
        {"first": float(share[0]), "last": float(share[-1])},
    )


#: The county-level facts, by name (diminishing returns is per program).
FACTS: dict[str, Callable[[], Fact]] = {
    "local_income_multiplier": local_income_multiplier,
    "benefits_leak_to_non_poor": benefits_leak_to_non_poor,
    "dividends_stop_when_firm_fails": dividends_stop_when_firm_fails,
    "drought_lowers_income_raises_poverty": drought_lowers_income_raises_poverty,
    "poverty_below_3_percent_2018": poverty_below_3_percent_2018,
    "poverty_near_zero_2020": poverty_near_zero_2020,
    "no_aid_poverty_clearly_higher": no_aid_poverty_clearly_higher,
    "income_never_falls_more_than_5_percent": income_never_falls_more_than_5_percent,
    "old_age_share_rises": old_age_share_rises,
}


def measure_all() -> list[Fact]:
    """Every fact: the county-level ones, then diminishing returns for each funded program."""
    return [fact() for fact in FACTS.values()] + [diminishing_returns(p) for p in funded_programs()]
