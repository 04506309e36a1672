"""The stated range of every number a scenario, a ``--set`` value, a flag or a keyword takes.

A number outside its range, or not finite (``inf``, ``-inf``, ``nan``, or a value that overflows
to one of them), is refused with a one-line error naming the key before anything runs. The
ranges are wide: they exclude what cannot mean anything (a negative population, a share above
one, a funding scale of 1e308), not what is merely implausible (a parameter's plausible range,
in ``docs/parameters.md``, is the calibration's prior and may be left for an experiment).

Default parameters are checked by rules read from their unit and their plausible range (see
``parameter_limits``); ``linxi parameters`` and docs/parameters.md list the range of each.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FUNDING_SCALE_MAX",
    "HOUSEHOLDS_MAX",
    "HOUSEHOLDS_MIN",
    "Limits",
    "RUNS_MAX",
    "SEED_MAX",
    "YUAN_MAX",
    "check_number",
    "parameter_limits",
]

#: Seeds are stored as 64-bit integers (Parquet, pandas), so the largest is 2**63 - 1.
SEED_MAX = 2**63 - 1
#: Fewest households a run simulates (fewer leave villages empty).
HOUSEHOLDS_MIN = 50
#: Most households a run may ask for: a thousand counties. Whether they fit in this machine's
#: memory is estimated before they are built (``model.memory``).
HOUSEHOLDS_MAX = 100_000_000
#: Largest funding scale (aid, a family or a program): a hundred times the real money.
FUNDING_SCALE_MAX = 100.0
#: Largest amount of money in yuan (a budget by year or for the whole run): a trillion yuan,
#: about a thousand times what Beijing gave Linxi.
YUAN_MAX = 1e12
#: Most runs (seeds) of one experiment, and most worker processes.
RUNS_MAX = 1_000_000
WORKERS_MAX = 1024
#: Largest count of sample points asked for (Latin hypercube samples, Morris trajectories,
#: Sobol base sample, calibration budgets and particles).
SAMPLES_MAX = 1_000_000
#: Largest threshold of a winner or loser, yuan per person per year.
THRESHOLD_MAX = 1e6
#: Wait for a Dask scheduler to answer (``--dask-timeout``), and the longest allowed, seconds.
DASK_TIMEOUT = 10.0
DASK_TIMEOUT_MAX = 3600.0
#: Calendar years a scenario may name (runs go to 2025; money and dates up to 2035).
YEAR_MIN, YEAR_MAX = 2011, 2035


@dataclass(frozen=True)
class Limits:
    """The range a number must fall in.

    Attributes:
        low: Smallest value.
        high: Largest value.
        low_open: The low end itself is excluded (a quantity that must stay above zero).
        whole: Only whole numbers (counts, months, years, indices).
        why: What the range comes from, for the error message and the docs.
    """

    low: float
    high: float
    low_open: bool = False
    whole: bool = False
    why: str = ""
    choices: tuple[float, ...] = ()

    def text(self) -> str:
        """The range as the docs and error messages print it, e.g. ``a number > 0 and <= 50``."""
        kind = "a whole number" if self.whole else "a number"
        if self.choices:
            *first, last = (_fmt(c) for c in self.choices)
            return f"one of {', '.join(first)} or {last}"
        if self.low == self.high and not self.low_open:
            return f"{kind} = {_fmt(self.low)}"
        low = f"> {_fmt(self.low)}" if self.low_open else f">= {_fmt(self.low)}"
        return f"{kind} {low} and <= {_fmt(self.high)}"

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` (None if it is a number inside the range)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {value!r}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"expected a finite number, got {value!r}"
        if self.whole and not isinstance(value, int) and value != math.floor(value):
            return f"expected a whole number, got {value!r}"
        if self.choices and value not in self.choices:
            return f"expected {self.text()}, got {value!r}"
        too_low = value <= self.low if self.low_open else value < self.low
        if too_low or value > self.high:
            return f"expected {self.text()}, got {value!r}"
        return None


def _fmt(number: float) -> str:
    if isinstance(number, int) or (float(number).is_integer() and abs(number) < 1e7):
        return str(int(number))
    return f"{number:g}"


def check_number(value: Any, limits: Limits) -> Any:
    """Return ``value`` if it is inside ``limits``.

    Raises:
        ValueError: One line saying what was expected and what was given.
    """
    problem = limits.problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


_SHARE = re.compile(r"^(minimum |mean |extra price |largest relative )?(share|probability|cut)\b")

#: Parameters the model divides by, or draws with as a rate or a shape: a run with one of them at
#: zero stops with a division by zero or a sampling error (found by running every parameter at
#: zero), so they stay above zero, at least a thousandth of their plausible low. The poverty line
#: divides every poverty measure.
POSITIVE = frozenset(
    {
        "ca_store.cost_per_m3",
        "ca_store.tonnes_per_user",
        "capacity_exchange.cost_per_trainee",
        "care_training.cost_per_place",
        "cash_transfers.payments_per_year",
        "cattle_breeding.cost_per_improved_head",
        "cattle_breeding.improved_head_life_years",
        "county.household_size_mean",
        "county.people",
        "county.rural_share",
        "county.villages_per_township",
        "crops.corn.price",
        "demography.gompertz_slope",
        "drinking_water.cost_per_person",
        "forest_rangers.post_pay",
        "herds.cattle.net_per_head",
        "herds.cattle.price_index",
        "herds.cattle.sale_value_per_head",
        "herds.sheep.net_per_head",
        "herds.sheep.price_index",
        "herds.sheep.sale_value_per_head",
        "housing_renovation.subsidy_per_household",
        "industry_grants.grant_per_household",
        "public_welfare_posts.post_pay",
        "relocation_domestic.cost_per_person",
        "donations.household_share",
        "egg_farm.cost_per_bird_place",
        "egg_farm.dividend_per_household",
        "egg_farm.ramp_months",
        "epidemic_relief.supplies_per_person",
        "field_workshops.dehydration.cost_per_unit",
        "field_workshops.seedlings.cost_per_unit",
        "greenhouses.cost_per_mu",
        "greenhouses.mu_per_operator",
        "greenhouses.seasonal_days_per_worker",
        "health.cost_per_staff_training_place",
        "health_buildings.cost_per_person_served",
        "herbs.cost_per_mu",
        "households.frailty_shape",
        "job_fairs.cost_per_opening",
        "produce_hub.household_share_of_throughput",
        "relocation.cost_per_person",
        "schools.cost_per_child_place",
        "slaughter_plant.cost_per_head_capacity",
        "tap_water.cost_per_person",
        "work_away_help.cost_per_migrant",
        "poverty.line",
    }
)

#: Parameters with a range of their own: (low, high, what bounds them).
OWN_RANGES: dict[str, tuple[float, float, str]] = {
    # a keeping household keeps at least one head (the synthesis draws 1 + Poisson(mean - 1))
    "households.cattle_head_mean": (1.0, 8000.0, "head a keeping household has, at least one"),
    "households.sheep_head_mean": (1.0, 8000.0, "head a keeping household has, at least one"),
    # the worst recorded year (index 1) loses this share of dry-land yield; at most all of it
    "weather.loss_per_index": (0.0, 1.0, "a share of dry-land yield lost at the worst drought"),
    # output per head is the 2014 net over (1 - the share): all of the output on feed has no net
    "herds.feed_share": (0.0, 0.95, "a share of output per head spent on feed, below all of it"),
    # irrigated land is scaled against the dry: all farmland irrigated leaves no dry land to scale
    "households.irrigated_share_of_farmland": (
        0.0,
        0.95,
        "a share of farmland irrigated, below all of it",
    ),
    # it moves the census's death hazard: below 40 years a small county dies out within the run
    "demography.life_expectancy": (40.0, 90.0, "years of life expected at birth"),
    # the hazard moves by exp(-slope x the gap to it): a gap of centuries overflows
    "demography.census_life_expectancy": (40.0, 90.0, "years of life expected at birth"),
    # households are rural at random: below one half, a small run could draw no rural household
    "county.rural_share": (0.5, 1.0, "a rural county's share of rural people"),
    # villages are numbered in 16 bits: 9 townships of at most 3,000 villages
    "county.villages_per_township": (1, 3000, "villages per township, numbered in 16 bits"),
}

#: Parameters that take one of a few values (payments must divide the year into equal periods).
CHOICES: dict[str, tuple[float, ...]] = {"cash_transfers.payments_per_year": (1, 2, 3, 4, 6, 12)}

#: Parameters whose values must add up to one (shares of one program's money).
SUM_TO_ONE: tuple[tuple[str, ...], ...] = (
    ("field_workshops.dehydration.share_of_funding", "field_workshops.seedlings.share_of_funding"),
)

#: How far above its plausible high a quantity may go: an experiment may look far beyond the
#: plausible, but not at numbers that overflow what the model computes from them.
BEYOND_PLAUSIBLE = 1000.0


def parameter_limits(key: str, value: Any, unit: str, plausible: tuple[float, float]) -> Limits:
    """The range a default parameter's override must fall in, by rules on its unit and range.

    * Calendar months: whole numbers 1-12. Calendar years: whole numbers 2011-2035; a year the
      model is built around (the start, the registration) keeps its value. Township and village
      indices, and sizes the county is built with whose plausible range is one value
      (``county.townships``): the plausible range, since the synthetic county has those labels.
    * Shares and probabilities: 0-1.
    * Other quantities: at least zero if their plausible range starts at zero or above (at
      least a ``BEYOND_PLAUSIBLE``-th of their plausible low for the ``POSITIVE`` ones the model
      divides by), at most ``BEYOND_PLAUSIBLE`` times the plausible high (or the default, if
      larger); signed ones as far below zero.
    * Whole-number defaults (counts of months, people, places) take whole numbers.

    Args:
        key: The dotted key.
        value: The default value (a number, a list, or a series by year).
        unit: The parameter's unit.
        plausible: Its plausible ``(low, high)`` range.
    """
    low, high = plausible
    text = unit.lower()
    numbers = list(value.values()) if isinstance(value, dict) else value
    numbers = numbers if isinstance(numbers, list) else [numbers]
    whole = bool(numbers) and all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
    positive = key in POSITIVE
    if key in OWN_RANGES:
        least, most, why = OWN_RANGES[key]
        return Limits(least, most, whole=whole, why=why)
    if key in CHOICES:
        values = CHOICES[key]
        return Limits(min(values), max(values), whole=whole, why="a choice", choices=values)
    if "calendar month" in text:
        return Limits(1, 12, whole=True, why="a calendar month")
    if text in ("year", "years") and low == high:
        return Limits(low, high, whole=True, why="a year the model is built around")
    if text == "year":
        return Limits(YEAR_MIN, YEAR_MAX, whole=True, why="a calendar year")
    if "index" in text or "indices" in text or (whole and low == high):
        return Limits(low, high, whole=True, why="a label or size the county is built with")
    # a divisor stays within a thousandth of its plausible low: nearer zero, what is divided
    # by it overflows (240,000 people over 5e-324 people a household)
    floor = low / BEYOND_PLAUSIBLE if positive else 0.0
    if _SHARE.match(text):
        why = "a share the model divides by" if positive else "a share or probability"
        return Limits(floor, 1.0, why=why)
    span = max(abs(low), abs(high), *(abs(n) for n in numbers)) or 1.0
    top = BEYOND_PLAUSIBLE * span
    if low >= 0:
        why = "a quantity the model divides by" if positive else "a non-negative quantity"
        if whole and positive:
            floor = max(1.0, float(math.ceil(floor)))
        return Limits(floor, top, whole=whole, why=why)
    return Limits(-top, top, whole=whole, why="a signed quantity")
