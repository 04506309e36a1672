"""Ensembles: one scenario run at N seeds, with medians and 10th-90th percentile intervals."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.experiments.common import (
    experiment_definition,
    interval_summary,
    open_store,
    seeds_for,
)
from model.experiments.engine import run_tasks
from model.experiments.executors import as_executor
from model.experiments.progress import Progress
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


def run_ensemble(
    scenario: str | Path | Scenario | dict | None,
    runs: int = 10,
    *,
    seed: int | None = None,
    households: int | None = None,
    executor: Executor | None = None,
    store: str | Path | RunStore | None = None,
    overwrite: bool = False,
    progress: bool | Progress | None = None,
    parameter_uncertainty: bool = False,
) -> Ensemble:
    """Run a scenario at ``runs`` seeds (``seed0 + i``) and collect the tidy results.

    Args:
        scenario: A scenario file, ``Scenario``, dict, or None for the baseline defaults.
        runs: Number of runs (seeds).
        seed: First seed; None uses the scenario's ``run.seed``.
        households: Simulated households; None uses the scenario's setting or the full county.
        executor: Any ``concurrent.futures.Executor`` or a Dask ``distributed.Client``; None
            runs here, one run after another.
        store: A directory to keep every run in (resumable), or None to keep them in memory.
        overwrite: Replace whatever is in ``store`` instead of resuming.
        progress: Show a progress bar (True) or not.
        parameter_uncertainty: Give run ``i`` the ``i``-th of ``runs`` parameter sets drawn
            from the shipped calibration posterior (``model.calibration.posterior_sample``,
            drawn with the first seed), so the intervals carry parameter uncertainty as well
            as chance. The scenario's own ``parameters`` overrides still win.

    Returns:
        The ensemble; ``.summary()`` gives medians and intervals.

    Example:
        >>> ens = run_ensemble("scenarios/baseline.toml", runs=4, households=1000)
        >>> ens.summary().query("metric == 'poverty_rate'")
    """
    executor = as_executor(executor)  # a wrong kind is refused before anything runs
    config = as_scenario(scenario)
    seeds = seeds_for(config, runs, seed)
    definition = experiment_definition(
        "ensemble",
        scenario=config.model_dump(mode="json"),
        households=households,
        **({"parameter_uncertainty": True} if parameter_uncertainty else {}),
        points=[{"point": 0, "scenario": config.name}],
    )
    opened = open_store(store, definition, overwrite)
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
    batch = run_tasks(
        tasks, executor=executor, store=opened, progress=progress, label=f"{config.name} runs"
    )
    name = {0: config.name}
    annual = batch.frame("annual", scenario=name).drop(columns="point", errors="ignore")
    programs = batch.frame("programs", scenario=name).drop(columns="point", errors="ignore")
    return Ensemble(config.name, annual, programs, batch.failures, opened)
