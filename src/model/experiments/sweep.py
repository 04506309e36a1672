"""Funding sweeps: a full factorial or a Latin hypercube over levers, with dose-response tables.

A lever is a dotted scenario key (``programs.egg_farm.funding_scale``, ``aid.funding_scale``,
``parameters.egg_farm.rent_rate``, or a default parameter without its prefix,
``egg_farm.rent_rate``) or a keyword lever of ``LinxiModel`` (``egg_farm_funding_scale``; see
``model.scenario.KEYWORD_LEVERS``), so levers added to the model are sweepable without
changing this module. Every point runs at the same seeds (common
random numbers), so differences between points are effects of the levers, not noise.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from model.experiments.common import experiment_definition
from model.experiments.run_options import RunOptions, RunOptionsKwargs, takes_run_options
from model.experiments.runs import RunTask, as_scenario, lever_path
from model.experiments.store import RunStore
from model.scenario import Scenario, ScenarioError

__all__ = ["Sweep", "sweep", "design_points"]


@dataclass
class Sweep:
    """The runs of a sweep.

    Attributes:
        levers: The lever names, as given.
        points: One row per point: point and each lever's value.
        results: point, seed, each lever, year, and every annual metric.
        failures: Runs that failed: point, seed, error.
        store: The store the runs were written to, if any.
    """

    levers: list[str]
    points: pd.DataFrame
    results: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    store: RunStore | None = None

    def dose_response(self, metric: str, year: int | None = None) -> pd.DataFrame:
        """Median and 10th-90th percentiles across seeds of ``metric`` at each point.

        Args:
            metric: An annual metric column, e.g. ``"poverty_rate"``.
            year: The year to read; None is the final year.

        Returns:
            Lever columns..., metric, median, p10, p90 (one row per point).
        """
        if metric not in self.results.columns:
            raise KeyError(f"dose_response: no metric {metric!r} in the sweep's results")
        year = int(self.results["year"].max()) if year is None else year
        rows = self.results[self.results["year"] == year]
        grouped = rows.groupby("point")[metric]
        table = self.points.set_index("point").join(
            grouped.agg(
                median="median",
                p10=lambda v: v.quantile(0.1),
                p90=lambda v: v.quantile(0.9),
            ),
            how="inner",
        )
        table.insert(len(self.levers), "metric", metric)
        return table.reset_index(drop=True)

    def plot(self, metric: str, year: int | None = None, ax: Any = None) -> Any:
        """Dose-response curve of the first lever (a line per value of a second lever).

        Returns:
            The matplotlib axes.
        """
        import matplotlib.pyplot as plt

        table = self.dose_response(metric, year)
        ax = ax or plt.subplots(figsize=(6, 4))[1]
        first = self.levers[0]
        # one line per value of a second lever with few values (a factorial); otherwise
        # (a Latin hypercube) the points are plotted against the first lever alone
        second = self.levers[1] if len(self.levers) == 2 else None
        if second is not None and table[second].nunique() <= 6:
            groups = table.groupby(second)
        else:
            second, groups = None, [(None, table)]
        for value, part in groups:
            part = part.sort_values(first)
            label = f"{second} = {value}" if second is not None else "median"
            ax.plot(part[first], part["median"], marker="o", label=label)
            ax.fill_between(part[first], part["p10"], part["p90"], alpha=0.2)
        ax.set_xlabel(first)
        ax.set_ylabel(f"{metric} (median, 10th-90th percentile)")
        ax.legend()
        return ax


def _lhs_points(
    levers: Mapping[str, Sequence[Any]], samples: int, seed: int, integer: set[str]
) -> list[dict]:
    from scipy.stats import qmc

    for key, values in levers.items():
        if len(values) != 2 or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in values
        ):
            raise ValueError(f"lever {key}: a Latin hypercube needs two numbers (low, high)")
    unit = qmc.LatinHypercube(d=len(levers), seed=seed).random(samples)
    lows = np.array([low for low, _ in levers.values()], dtype=float)
    highs = np.array([high for _, high in levers.values()], dtype=float)
    scaled = lows + unit * (highs - lows)
    return [
        {
            key: round(value) if key in integer else float(value)
            for key, value in zip(levers, row, strict=True)
        }
        for row in scaled
    ]


def design_points(
    levers: Mapping[str, Sequence[Any]],
    design: str = "factorial",
    samples: int | None = None,
    seed: int = 0,
    integer: set[str] | None = None,
) -> list[dict[str, Any]]:
    """The points of a design, each a dict of lever values.

    Args:
        levers: ``{lever: [values]}`` for a factorial; ``{lever: [low, high]}`` for LHS.
        design: ``"factorial"`` (every combination) or ``"lhs"`` (Latin hypercube).
        samples: Points of a Latin hypercube.
        seed: Seed of the Latin hypercube's sampler.
        integer: Levers that take whole numbers (years); their LHS values are rounded.
    """
    if not levers:
        raise ValueError("sweep: give at least one lever")
    if design == "factorial":
        keys = list(levers)
        return [
            dict(zip(keys, combo, strict=True)) for combo in itertools.product(*levers.values())
        ]
    if design == "lhs":
        if not samples or samples < 1:
            raise ValueError("sweep: a Latin hypercube needs samples >= 1")
        return _lhs_points(levers, samples, seed, integer or set())
    raise ValueError(f"sweep: design must be 'factorial' or 'lhs', got {design!r}")


def _integer_levers(config: Scenario, levers: Mapping[str, Sequence[Any]]) -> set[str]:
    """Levers whose scenario key takes only whole numbers (the schema refuses a fraction)."""
    integer = set()
    for key, values in levers.items():
        low = values[0] if values else None
        if isinstance(low, bool) or not isinstance(low, int | float):
            continue
        try:
            config.with_overrides({lever_path(key): low + 0.5})
        except ScenarioError:
            integer.add(key)
    return integer


@takes_run_options
def sweep(
    scenario: str | Path | Scenario | dict | None,
    levers: Mapping[str, Sequence[Any]],
    *,
    design: str = "factorial",
    samples: int | None = None,
    runs: int = 1,
    **options: Unpack[RunOptionsKwargs],
) -> Sweep:
    """Run a scenario at every point of a design over levers, each point at ``runs`` seeds.

    Args:
        scenario: The scenario the levers change.
        levers: ``{"aid.funding_scale": [0.5, 1, 2]}`` (factorial) or ``{key: [low, high]}``
            (``design="lhs"``); keys are dotted scenario keys or keyword levers.
        design: ``"factorial"`` or ``"lhs"``.
        samples: Points of a Latin hypercube, drawn with the first seed.
        runs: Seeds per point (the same seeds at every point).
        **options: How to run (``RunOptions``): seed, households, executor, store, overwrite,
            progress.

    Returns:
        The sweep; ``.dose_response(metric)`` gives the table.

    Raises:
        ScenarioError: If a lever key or value does not fit the scenario schema.
    """
    run_options = RunOptions(**options)
    config = as_scenario(scenario)
    seeds = run_options.seeds(config, runs)
    households = run_options.households
    points = design_points(levers, design, samples, seeds[0], _integer_levers(config, levers))
    overrides = [{lever_path(key): value for key, value in point.items()} for point in points]
    for point in overrides:
        config.with_overrides(point, source="sweep lever")  # bad keys fail now, not in a worker
    definition = experiment_definition(
        "sweep",
        scenario=config.model_dump(mode="json"),
        households=households,
        design=design,
        points=[{"point": i, "scenario": config.name, "levers": p} for i, p in enumerate(points)],
    )
    opened = run_options.open_store(definition)
    data = config.model_dump()
    tasks = [
        RunTask(i, s, data, households, overrides=overrides[i])
        for i in range(len(points))
        for s in seeds
    ]
    batch = run_options.run(tasks, opened, f"sweep of {config.name}")
    names = list(levers)
    lever_values = {key: {i: point[key] for i, point in enumerate(points)} for key in names}
    results = batch.frame("annual", **lever_values)
    if not results.empty:
        results = results[
            [
                "point",
                "seed",
                *names,
                *(c for c in results.columns if c not in ("point", "seed", *names)),
            ]
        ]
    point_frame = pd.DataFrame([{"point": i, **point} for i, point in enumerate(points)])
    return Sweep(names, point_frame, results, batch.failures, opened)
