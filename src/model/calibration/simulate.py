"""Simulating a calibration problem: parameter points to target values, on any executor.

A ``Problem`` holds everything a worker needs (scenario, targets, free parameters, population
size, seeds) and is picklable, so that evaluations run in this process, in local processes or on
Dask through any ``concurrent.futures.Executor``. Every point is run with the same seeds (common
random numbers), so differences between points are not seed noise, and the same point gives the
same numbers whatever the executor.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.calibration.free_parameters import FreeParameter, to_overrides
from model.calibration.targets import Target, TargetSet, measure_values
from model.results import collect_after_run, run_scenario
from model.scenario import Scenario

__all__ = ["Problem", "simulate_point", "run_points", "summarize", "distance"]

#: Seeds of the calibration ensemble: run k of a point uses FIRST_SEED + k.
FIRST_SEED = 20110501


@dataclass(frozen=True)
class Problem:
    """A calibration problem.

    Attributes:
        scenario: The scenario calibrated (the baseline by default).
        fitted: Targets in the distance.
        held_out: Targets predicted but not fitted (evaluated at every point, for the report).
        programs: The program-name table of the targets file.
        free: The free parameters.
        households: Simulated households per run.
        seeds: Seeds run at every point.
    """

    scenario: Scenario
    fitted: tuple[Target, ...]
    held_out: tuple[Target, ...]
    programs: Mapping[str, str]
    free: tuple[FreeParameter, ...]
    households: int
    seeds: tuple[int, ...]

    @classmethod
    def build(
        cls,
        targets: TargetSet,
        fitted: Sequence[Target],
        held_out: Sequence[Target],
        free: Sequence[FreeParameter],
        *,
        scenario: Scenario | None = None,
        households: int = 10_000,
        runs_per_eval: int = 2,
        first_seed: int = FIRST_SEED,
    ) -> Problem:
        """Assemble a problem (see the attributes)."""
        return cls(
            scenario=scenario or Scenario(name="baseline"),
            fitted=tuple(fitted),
            held_out=tuple(held_out),
            programs=dict(targets.programs),
            free=tuple(free),
            households=int(households),
            seeds=tuple(first_seed + k for k in range(runs_per_eval)),
        )

    @property
    def all_targets(self) -> tuple[Target, ...]:
        """Fitted and held-out targets."""
        return self.fitted + self.held_out

    def scenario_at(self, point: Mapping[str, float]) -> Scenario:
        """The scenario with the free parameters set to ``point``."""
        overrides = to_overrides(self.free, point)
        if not overrides:
            return self.scenario
        return self.scenario.with_overrides(
            {f"parameters.{key}": value for key, value in overrides.items()},
            source="calibration point",
        )


def simulate_point(problem: Problem, point: Mapping[str, float], seed: int) -> dict[str, float]:
    """Run one seed at one point; return ``{target id: value}`` (NaN when not available)."""
    result = run_scenario(problem.scenario_at(point), seed=seed, households=problem.households)
    found = measure_values(result, problem.all_targets, problem.programs)
    households = len(result.model.households)
    del result
    collect_after_run(households)  # the model, a web of cycles, is freed now
    return {target_id: float(value) for target_id, (value, _status) in found.items()}


def _call(args: tuple[Problem, dict[str, float], int]) -> dict[str, float]:
    return simulate_point(*args)


def run_points(
    problem: Problem,
    points: Sequence[Mapping[str, float]],
    executor: Executor | None = None,
    on_run: Callable[[], None] | None = None,
) -> list[list[dict[str, float]]]:
    """Run every seed at every point, in parallel when an executor is given.

    Args:
        problem: The problem.
        points: Parameter points ``{free name: value}``.
        executor: Any ``concurrent.futures.Executor`` (None: in this process).
        on_run: Called once after each finished run (progress bars).

    Returns:
        For each point, the list of per-seed target values, in seed order.
    """
    tasks = [(problem, dict(point), seed) for point in points for seed in problem.seeds]
    if executor is None:
        values = []
        for task in tasks:
            values.append(_call(task))
            if on_run:
                on_run()
    else:
        futures = [executor.submit(_call, task) for task in tasks]
        values = []
        for future in futures:
            values.append(future.result())
            if on_run:
                on_run()
    n = len(problem.seeds)
    return [values[i * n : (i + 1) * n] for i in range(len(points))]


def summarize(per_seed: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Median over seeds of each target value (NaN when no seed gave a value)."""
    summary = {}
    for target_id in per_seed[0]:
        values = np.array([run[target_id] for run in per_seed], dtype=float)
        known = values[~np.isnan(values)]
        summary[target_id] = float(np.median(known)) if known.size else math.nan
    return summary


def distance(targets: Sequence[Target], summary: Mapping[str, float]) -> float:
    """Root mean square of the normalized errors of the targets that have a value.

    The error of a target is its distance to the tolerance interval over its scale, so a value
    inside the tolerance costs nothing; targets without a value (a program not in the model)
    are left out. Returns ``inf`` when no target has a value.
    """
    errors = [
        target.error(summary[target.id])
        for target in targets
        if not math.isnan(summary.get(target.id, math.nan))
    ]
    return float(np.sqrt(np.mean(np.square(errors)))) if errors else math.inf


def available_targets(targets: Sequence[Target], summary: Mapping[str, Any]) -> list[Target]:
    """The targets that have a value in ``summary``."""
    return [t for t in targets if not math.isnan(summary.get(t.id, math.nan))]
