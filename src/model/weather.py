"""Weather: each year's drought, as recorded (historical replay) or drawn at random.

Drought is frequent here: "drought nine years in ten, spring drought every year"
(seed:county.drought). A year's county severity is the share of dry-land yield lost; each village
deviates from it. Two modes (``[shocks] weather`` in a scenario):

* ``"historical"`` (the baseline): the severity of each year from the record, ``loss_per_index``
  times the year's drought index (2011-2020, from the disaster reports of Chifeng and Inner
  Mongolia; see docs/sources.md). Village deviations come from a stream with a fixed seed, so the
  weather is the same in every run, whatever its seed; after the record ends, years are drawn at
  random from the run's stream.
* ``"random"``: every year drawn from a normal distribution with the record's mean and spread,
  from the run's own stream (ensembles over weather, what-ifs).

A scenario can force a year's severity (``[shocks] drought_severity``), in either mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from model.parameters import Parameters
from model.rng import Streams

__all__ = ["WEATHER_MODES", "WeatherMode", "draw_drought", "HISTORICAL_WEATHER_SEED"]

WeatherMode = Literal["historical", "random"]
WEATHER_MODES: tuple[str, ...] = ("historical", "random")
#: Seed of the village deviations of recorded years: the same in every run.
HISTORICAL_WEATHER_SEED = 20110501
#: Highest severity (share of dry-land yield lost) a village can have.
MAX_SEVERITY = 0.95


def _recorded(params: Parameters, year: int) -> float | None:
    record = params.value("weather.drought_index")
    if year not in record:
        return None
    return params.value("weather.loss_per_index") * record[year]


def draw_drought(
    params: Parameters,
    streams: Streams,
    step: int,
    year: int,
    n_villages: int,
    mode: WeatherMode,
    forced: Mapping[int, float],
) -> tuple[float, np.ndarray]:
    """Return the year's county drought severity and each village's severity.

    Args:
        params: Model parameters (``weather.*``).
        streams: The run's streams (``"drought"``).
        step: The model step (January of ``year``).
        year: The calendar year.
        n_villages: Number of villages.
        mode: ``"historical"`` or ``"random"``.
        forced: Severities fixed by the scenario, by year.

    Returns:
        The county severity and an array of village severities, each in [0, 0.95].
    """
    # The run's stream is drawn the same way in both modes, to keep streams aligned.
    rng = streams.get("drought", step)
    county = rng.normal(
        params.at("weather.severity_mean", year), params.at("weather.severity_sd", year)
    )
    deviations = rng.normal(0.0, params.at("weather.village_sd", year), n_villages)
    recorded = _recorded(params, year) if mode == "historical" else None
    if recorded is not None:
        county = recorded
        fixed = Streams(HISTORICAL_WEATHER_SEED).get("weather", year)
        deviations = fixed.normal(0.0, params.at("weather.village_sd", year), n_villages)
    county = float(np.clip(forced.get(year, county), 0.0, MAX_SEVERITY))
    return county, np.clip(county + deviations, 0.0, MAX_SEVERITY)
