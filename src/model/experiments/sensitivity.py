"""Global sensitivity analysis with SALib: Morris screening and Sobol indices.

SALib draws the sample of parameter values; each sample point runs at ``runs`` seeds (the same
seeds at every point, so the noise of the model is held fixed); the output of a point is the
mean across its seeds of a metric in one year (the final year by default); SALib analyses the
outputs. Parameters are default-parameter keys (``parameters.egg_farm.rent_rate``, or without
the ``parameters.`` prefix) or any numeric scenario key (``aid.funding_scale``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

import numpy as np
import pandas as pd

from model.experiments.common import (
    annual_metric_names,
    experiment_definition,
)
from model.experiments.engine import ExperimentFailedError
from model.experiments.run_options import RunOptions, RunOptionsKwargs, takes_run_options
from model.experiments.runs import RunTask, as_scenario, lever_path
from model.experiments.store import RunStore
from model.scenario import Scenario

__all__ = ["Sensitivity", "sensitivity"]

_INDEX_COLUMNS = {
    "morris": ("mu_star", "mu_star_conf", "sigma"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}


@dataclass
class Sensitivity:
    """The result of a sensitivity analysis.

    Attributes:
        method: ``"morris"`` or ``"sobol"``.
        year: The year the outputs were read in.
        samples: One row per sample point: point and each parameter's value.
        outputs: One row per sample point: point and each output (mean across seeds).
        indices: method, output, parameter and the method's indices (Morris: mu_star,
            mu_star_conf, sigma; Sobol: S1, S1_conf, ST, ST_conf; NaN for an output that
            does not vary at all, whose variance cannot be apportioned).
        results: point, seed, year and every annual metric of every run.
        failures: Runs that failed.
        store: The store the runs were written to, if any.
    """

    method: str
    year: int
    samples: pd.DataFrame
    outputs: pd.DataFrame
    indices: pd.DataFrame
    results: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    store: RunStore | None = None


def _sample(method: str, problem: dict, n: int, seed: int, num_levels: int) -> np.ndarray:
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=num_levels, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, n, calc_second_order=False, seed=seed)
    raise ValueError(f"sensitivity: method must be 'morris' or 'sobol', got {method!r}")


def _analyze(
    method: str, problem: dict, x: np.ndarray, y: np.ndarray, seed: int, num_levels: int
) -> dict:
    if method == "morris":
        from SALib.analyze import morris

        return morris.analyze(problem, x, y, num_levels=num_levels, seed=seed)
    from SALib.analyze import sobol

    return sobol.analyze(problem, y, calc_second_order=False, seed=seed)


@takes_run_options
def sensitivity(
    scenario: str | Path | Scenario | dict | None,
    parameters: Mapping[str, tuple[float, float]],
    outputs: Sequence[str],
    *,
    method: str = "morris",
    n: int = 8,
    runs: int = 1,
    year: int | None = None,
    num_levels: int = 4,
    **options: Unpack[RunOptionsKwargs],
) -> Sensitivity:
    """Screen (Morris) or apportion (Sobol) the variance of outputs among parameters.

    Args:
        scenario: The scenario the parameters are varied in.
        parameters: ``{key: (low, high)}``; keys are default-parameter keys
            (``parameters.egg_farm.rent_rate``) or numeric scenario keys.
        outputs: Annual metrics to analyse, e.g. ``["poverty_rate", "jobs"]``.
        method: ``"morris"`` (n trajectories, n * (k + 1) points) or ``"sobol"`` (Saltelli
            sample of base size n, a power of two, n * (k + 2) points). The first seed also
            seeds SALib's sampler and its bootstrap.
        n: Trajectories (Morris) or base sample size (Sobol).
        runs: Seeds per point.
        year: Year the outputs are read in; None is the final year.
        num_levels: Morris grid levels.
        **options: How to run (``RunOptions``): seed, households, executor, store, overwrite,
            progress.

    Returns:
        The analysis; ``.indices`` is the tidy table of indices.

    Raises:
        ScenarioError: If a parameter key or bound is not valid.
        ValueError: If an output is not an annual metric, or bounds are not low < high.
        ExperimentFailedError: If runs failed (the indices need every point; with a store, rerun to
            retry the failed runs).
    """
    run_options = RunOptions(**options)
    config = as_scenario(scenario)
    seeds = run_options.seeds(config, runs)
    households = run_options.households
    if year is not None and not config.run.start_year <= year <= config.run.end_year:
        raise ValueError(
            f"sensitivity: year {year} is not simulated (the scenario runs "
            f"{config.run.start_year}-{config.run.end_year})"
        )
    paths = {key: lever_path(key) for key in parameters}
    for key, (low, high) in parameters.items():
        if not low < high:
            raise ValueError(f"sensitivity: {key}: expected low < high, got ({low}, {high})")
        config.with_overrides({paths[key]: low}, source="sensitivity parameter")
        config.with_overrides({paths[key]: high}, source="sensitivity parameter")
    available = annual_metric_names(config)
    unknown = [name for name in outputs if name not in available]
    if unknown or not outputs:
        raise ValueError(
            f"sensitivity: unknown output(s) {', '.join(unknown) or '(none given)'}; "
            f"annual metrics are: {', '.join(c for c in available if c != 'year')}"
        )
    names = list(parameters)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(low), float(high)] for low, high in parameters.values()],
    }
    x = _sample(method, problem, n, seeds[0], num_levels)
    points = [dict(zip(names, map(float, row), strict=True)) for row in x]
    definition = experiment_definition(
        "sensitivity",
        scenario=config.model_dump(mode="json"),
        households=households,
        method=method,
        points=[
            {"point": i, "scenario": config.name, "parameters": p} for i, p in enumerate(points)
        ],
    )
    opened = run_options.open_store(definition)
    data = config.model_dump()
    tasks = [
        RunTask(i, s, data, households, overrides={paths[k]: v for k, v in point.items()})
        for i, point in enumerate(points)
        for s in seeds
    ]
    batch = run_options.run(tasks, opened, f"{method} runs")
    if len(batch.failures):
        first = batch.failures.iloc[0]
        raise ExperimentFailedError(
            f"sensitivity: {len(batch.failures)} of {len(tasks)} runs failed (first: point "
            f"{first.point}, seed {first.seed}: {first.error}); every point is needed"
        )
    results = batch.frame("annual")
    year = int(results["year"].max()) if year is None else year
    per_point = results[results["year"] == year].groupby("point")[list(outputs)].mean()
    rows = []
    for output in outputs:
        y = per_point[output].to_numpy(dtype=float)
        if method == "sobol" and np.ptp(y) == 0:
            # no variance to apportion: Sobol indices are undefined (SALib would divide by 0)
            analysed = {col: [float("nan")] * len(names) for col in _INDEX_COLUMNS[method]}
        else:
            analysed = _analyze(method, problem, x, y, seeds[0], num_levels)
        for i, name in enumerate(names):
            row = {"method": method, "output": output, "parameter": name}
            row.update({col: float(analysed[col][i]) for col in _INDEX_COLUMNS[method]})
            rows.append(row)
    samples = pd.DataFrame([{"point": i, **p} for i, p in enumerate(points)])
    return Sensitivity(
        method=method,
        year=year,
        samples=samples,
        outputs=per_point.reset_index(),
        indices=pd.DataFrame(rows),
        results=results,
        failures=batch.failures,
        store=opened,
    )
