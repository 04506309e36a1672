"""Ensembles: one scenario run at N seeds, with medians and 10th-90th percentile intervals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

import pandas as pd

from model.experiments.common import (
    experiment_definition,
    interval_summary,
)
from model.experiments.run_options import RunOptions, RunOptionsKwargs, takes_run_options
from model.experiments.runs import RunTask, as_scenario
from model.experiments.store import RunStore
from model.scenario import Scenario

__all__ = ["Ensemble", "run_ensemble"]


@dataclass
class Ensemble:
    """The runs of one scenario at several seeds.

    Attributes:
        scenario: The scenario's name.
        annual: One row per seed and year: scenario, seed, year and every annual metric.
        programs: The programs frame of every run, with scenario and seed.
        failures: Runs that failed: point, seed, error (empty if none did).
        store: The store the runs were written to, if any.
    """

    scenario: str
    annual: pd.DataFrame
    programs: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    store: RunStore | None = None

    @property
    def seeds(self) -> list[int]:
        """The seeds of the finished runs."""
        return sorted(self.annual["seed"].unique().tolist())

    def summary(self) -> pd.DataFrame:
        """Median and 10th-90th percentiles across seeds of every metric by year.

        Returns:
            Long frame: scenario, year, metric, median, p10, p90.
        """
        return interval_summary(self.annual, by=["scenario", "year"])


@takes_run_options
def run_ensemble(
    scenario: str | Path | Scenario | dict | None,
    runs: int = 10,
    *,
    parameter_uncertainty: bool = False,
    **options: Unpack[RunOptionsKwargs],
) -> Ensemble:
    """Run a scenario at ``runs`` seeds (``seed0 + i``) and collect the tidy results.

    Args:
        scenario: A scenario file, ``Scenario``, dict, or None for the baseline defaults.
        runs: Number of runs (seeds).
        parameter_uncertainty: Give run ``i`` the ``i``-th of ``runs`` parameter sets drawn
            from the shipped calibration posterior (``model.calibration.posterior_sample``,
            drawn with the first seed), so the intervals carry parameter uncertainty as well
            as chance. The posterior is looser than the shipped point (its runs' incomes are
            higher: docs/calibration.md, posterior predictive intervals). The scenario's own
            ``parameters`` overrides still win.
        **options: How to run (``RunOptions``): seed, households, executor, store, overwrite,
            progress.

    Returns:
        The ensemble; ``.summary()`` gives medians and intervals.

    Example:
        >>> ens = run_ensemble("scenarios/baseline.toml", runs=4, households=1000)
        >>> ens.summary().query("metric == 'poverty_rate'")
    """
    run_options = RunOptions(**options)
    config = as_scenario(scenario)
    seeds = run_options.seeds(config, runs)
    households = run_options.households
    definition = experiment_definition(
        "ensemble",
        scenario=config.model_dump(mode="json"),
        households=households,
        **({"parameter_uncertainty": True} if parameter_uncertainty else {}),
        points=[{"point": 0, "scenario": config.name}],
    )
    opened = run_options.open_store(definition)
    data = config.model_dump()
    overrides = [{} for _ in seeds]
    if parameter_uncertainty:
        from model.calibration import posterior_sample

        draws = posterior_sample(len(seeds), seed=seeds[0])
        overrides = [
            {f"parameters.{k}": v for k, v in draw.items() if k not in config.parameters}
            for draw in draws
        ]
    tasks = [RunTask(0, s, data, households, o) for s, o in zip(seeds, overrides, strict=True)]
    batch = run_options.run(tasks, opened, f"{config.name} runs")
    name = {0: config.name}
    annual = batch.frame("annual", scenario=name).drop(columns="point", errors="ignore")
    programs = batch.frame("programs", scenario=name).drop(columns="point", errors="ignore")
    return Ensemble(config.name, annual, programs, batch.failures, opened)
