"""``calibrate``: fit the free parameters to the targets, by Optuna or ABC-SMC.

The fit and the held-out evaluation use the same problem: the targets are split into the fitted
set and the held-out set, the free parameters get uniform priors over their ranges, and every
point is run with the same seeds. The result holds the point estimate, the ABC posterior (for
``method="abc"``), the distance before and after, and the target medians at the point, fitted
and held out.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.calibration.free_parameters import FreeParameter, free_parameters
from model.calibration.optuna_fit import SAMPLERS
from model.calibration.simulate import (
    Problem,
    available_targets,
    distance,
    run_points,
    summarize,
)
from model.calibration.targets import TargetError, TargetSet, load_targets
from model.scenario import Scenario

__all__ = ["CalibrationResult", "calibrate", "build_problem", "Progress"]


@dataclass
class CalibrationResult:
    """What a calibration found.

    Attributes:
        method: ``"optuna"`` or ``"abc"``.
        point: The point estimate, ``{free name: value}``.
        distance: Distance of the point to the fitted targets.
        default_distance: Distance of the shipped defaults.
        free: The free parameters and their priors.
        fitted: Ids of the fitted targets that had a value.
        unavailable: Ids of fitted targets without a value (programs not in the model).
        held_out: Ids of the held-out targets.
        summary: Target medians at the point (fitted and held out).
        default_summary: Target medians at the shipped defaults.
        posterior: ABC particles with weights (None for Optuna).
        evaluations: Parameter points evaluated.
        runs: Model runs (evaluations times seeds, the two summaries' and the rescoring runs).
        seconds: Wall time.
        settings: Households, runs per evaluation, budget, seeds, database.
    """

    method: str
    point: dict[str, float]
    distance: float
    default_distance: float
    free: list[FreeParameter]
    fitted: list[str]
    unavailable: list[str]
    held_out: list[str]
    summary: dict[str, float]
    default_summary: dict[str, float]
    posterior: pd.DataFrame | None = None
    evaluations: int = 0
    runs: int = 0
    seconds: float = 0.0
    settings: dict = field(default_factory=dict)

    def held_out_errors(self, targets: TargetSet | None = None) -> pd.DataFrame:
        """Held-out targets: reported, predicted at the point and at the defaults, errors."""
        targets = targets or load_targets()
        rows = []
        for target_id in self.held_out:
            target = targets.get(target_id)
            predicted = self.summary.get(target_id, math.nan)
            before = self.default_summary.get(target_id, math.nan)
            rows.append(
                {
                    "id": target_id,
                    "reported": target.value,
                    "tolerance": target.tolerance_text(),
                    "predicted": predicted,
                    "error": target.error(predicted),
                    "passed": target.passes(predicted),
                    "at_defaults": before,
                    "error_at_defaults": target.error(before),
                }
            )
        return pd.DataFrame(rows)


class Progress:
    """A progress bar with ETA on a terminal (tqdm), plain lines otherwise, or nothing.

    Args:
        total: Units of work expected.
        label: What is counted.
        enabled: False for no output at all.
    """

    def __init__(self, total: int, label: str, enabled: bool = True) -> None:
        self.total, self.label, self.enabled = max(total, 1), label, enabled
        self.done = 0
        self.started = time.perf_counter()
        self._bar = None
        self._next_line = 0.0
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=label, dynamic_ncols=True)

    def update(self, n: int = 1, note: str = "") -> None:
        """Count ``n`` units done; ``note`` is shown beside the bar or the line."""
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            if note:
                self._bar.set_postfix_str(note)
            return
        share = self.done / self.total
        if share >= self._next_line or self.done == self.total:
            elapsed = time.perf_counter() - self.started
            eta = elapsed / share * (1 - share) if share > 0 else math.inf
            print(
                f"  {self.done}/{self.total} {self.label} ({share:.0%}), "
                f"{elapsed:.0f} s elapsed, ETA {eta:.0f} s {note}".rstrip(),
                file=sys.stderr,
                flush=True,
            )
            self._next_line = share + 0.1

    def close(self) -> None:
        """Close the bar."""
        if self._bar is not None:
            self._bar.close()


def build_problem(
    targets: Sequence[str] | None = None,
    params: Sequence[str] | None = None,
    *,
    holdout: Sequence[str] | None = None,
    households: int = 10_000,
    runs_per_eval: int = 2,
    scenario: Scenario | None = None,
    target_set: TargetSet | None = None,
) -> Problem:
    """The calibration problem for a target selection and free-parameter list.

    Raises:
        TargetError: If a target id is unknown or nothing is left to fit.
    """
    target_set = target_set or load_targets()
    fitted, held = target_set.fit_targets(targets, holdout)
    if not fitted:
        raise TargetError("no target left to fit (all held out or plans)")
    return Problem.build(
        target_set,
        fitted,
        held,
        free_parameters(params),
        scenario=scenario,
        households=households,
        runs_per_eval=runs_per_eval,
    )


def calibrate(
    method: str = "optuna",
    targets: Sequence[str] | None = None,
    params: Sequence[str] | None = None,
    *,
    holdout: Sequence[str] | None = None,
    households: int = 10_000,
    runs_per_eval: int = 2,
    budget: int = 60,
    generations: int = 4,
    population: int = 40,
    executor: Executor | None = None,
    db: str | Path | None = None,
    progress: bool = True,
    scenario: Scenario | None = None,
    seed: int = 0,
    sampler: str = "cmaes",
    rescore: int = 0,
    rescore_runs: int = 4,
) -> CalibrationResult:
    """Fit the free parameters to the targets.

    Args:
        method: ``"optuna"`` (point estimate) or ``"abc"`` (ABC-SMC posterior and point).
        targets: Target ids or prefixes to fit (None: every target that is not a plan).
        params: Free parameter names or patterns (None: the default list).
        holdout: Targets to predict instead of fitting (None: the targets file's holdout set;
            ``[]`` for none).
        households: Simulated households per run.
        runs_per_eval: Seeds per parameter point (their median is compared).
        budget: Optuna trials in total (a resumed study counts its earlier trials).
        generations: ABC generations in total (a resumed run counts its earlier ones).
        population: ABC particles per generation.
        executor: Any ``concurrent.futures.Executor`` (None: in this process).
        db: Database file; a calibration finding one continues from it.
        progress: Show a progress bar (plain lines when not on a terminal).
        scenario: Scenario to calibrate (None: the baseline defaults).
        seed: Seed of the optimiser's or sampler's own randomness.
        sampler: Optuna's sampler, ``"cmaes"`` (a local refit from the shipped defaults) or
            ``"tpe"`` (a global search); see ``model.calibration.optuna_fit``.
        rescore: Optuna: leading trials run again with the defaults on ``rescore_runs`` fresh
            seeds; one ships only if it beats the defaults beyond the noise there (see
            ``model.calibration.optuna_fit``; 0: the study's best trial ships).
        rescore_runs: Fresh seeds of each rescored trial.

    Returns:
        The point estimate, distances, target medians and (ABC) the posterior.
    """
    if method not in ("optuna", "abc"):
        raise ValueError(f"method: expected 'optuna' or 'abc', got {method!r}")
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler: expected one of {SAMPLERS}, got {sampler!r}")
    started = time.perf_counter()
    target_set = load_targets()
    problem = build_problem(
        targets,
        params,
        holdout=holdout,
        households=households,
        runs_per_eval=runs_per_eval,
        scenario=scenario,
        target_set=target_set,
    )
    if not problem.free:
        raise ValueError("no free parameter to fit")
    defaults = {p.name: p.clip(p.default) for p in problem.free}
    default_summary = summarize(run_points(problem, [defaults], executor)[0])
    usable = available_targets(problem.fitted, default_summary)
    unavailable = [t.id for t in problem.fitted if t not in usable]
    settings = {
        "households": households,
        "runs_per_eval": runs_per_eval,
        "seeds": list(problem.seeds),
        "db": str(db) if db else None,
    }
    if method == "optuna":
        from model.calibration.optuna_fit import fit_optuna

        extra = (rescore + 1) * rescore_runs if rescore > 0 else 0
        bar = Progress(budget * runs_per_eval + extra, "runs", progress)
        fit = fit_optuna(
            problem,
            budget=budget,
            db=db,
            executor=executor,
            batch=_batch_size(executor),
            seed=seed,
            sampler=sampler,
            on_run=bar.update,
            rescore=rescore,
            rescore_runs=rescore_runs,
        )
        bar.close()
        point, posterior, evaluations = fit.best, None, fit.trials
        rescoring_runs = len(fit.rescored) * rescore_runs
        settings.update(budget=budget, sampler=sampler)
        if fit.rescored:
            settings.update(
                rescore=rescore,
                rescore_runs=rescore_runs,
                rescored=[
                    {
                        "trial": n,
                        "distance": round(d, 6),
                        "rescored_distance": round(r, 6),
                        "beats_defaults": None if math.isnan(share) else round(share, 4),
                    }
                    for n, d, r, share in fit.rescored
                ],
            )
    else:
        from model.calibration.abc import fit_abc

        if db is None:
            raise ValueError("ABC needs a database file (db=...) to store its generations")
        bar = Progress(generations, "generations", progress)

        def on_generation(t: int, eps: float, sims: int) -> None:
            bar.update(1, f"eps={eps:.3g} sims={sims}")

        fit = fit_abc(
            problem,
            db=db,
            population=population,
            generations=generations,
            executor=executor,
            max_jobs=2 * _batch_size(executor),
            seed=seed,
            on_generation=on_generation,
        )
        bar.close()
        point, posterior, evaluations = fit.best, fit.posterior, fit.simulations
        rescoring_runs = 0
        settings.update(
            generations=fit.generations,
            population=population,
            epsilons=fit.epsilons,
            effective_sample_sizes=[round(e, 1) for e in fit.ess],
        )
    summary = summarize(run_points(problem, [point], executor)[0])
    return CalibrationResult(
        method=method,
        point=point,
        distance=distance(problem.fitted, summary),
        default_distance=distance(problem.fitted, default_summary),
        free=list(problem.free),
        fitted=[t.id for t in usable],
        unavailable=unavailable,
        held_out=[t.id for t in problem.held_out],
        summary=summary,
        default_summary=default_summary,
        posterior=posterior,
        evaluations=evaluations,
        runs=(evaluations + 2) * runs_per_eval + rescoring_runs,
        seconds=time.perf_counter() - started,
        settings=settings,
    )


def _batch_size(executor: Executor | None) -> int:
    if executor is None:
        return 1
    workers = getattr(executor, "_max_workers", None)
    return max(int(workers or 4), 1)
