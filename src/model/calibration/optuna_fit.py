"""Optuna quick fit: a point estimate of the free parameters, resumable from its database.

Two samplers:

* ``"cmaes"`` (the default): CMA-ES started at the shipped defaults with a step of
  ``CMAES_SIGMA0`` of each prior range, a local refit. After a change to the model the
  shipped point is the best knowledge there is, and the distance surface is flat across
  compromises between targets, so a global search spends its trials jumping between basins
  (the measured comparison is in docs/calibration_method.md).
* ``"tpe"``: TPE over the whole prior box, a global search for a first fit; its "constant
  liar" keeps the trials of a batch apart.

Trials are asked in batches and their runs (every seed of every trial in the batch) go to the
executor at once, so a batch keeps all workers busy. The study lives in an RDB storage (SQLite
file) opened with ``load_if_exists``, so a second call continues the study: trials left RUNNING
by a killed process are marked failed and their parameters queued again. The first trial of a
new study is the shipped default point, so the fit never reports a point worse than the
defaults.

Rescoring (``rescore`` leaders at ``rescore_runs`` seeds): each trial's distance is measured on
a few seeds, and across compromises the surface is flat to within that noise, so the study's
best trial is partly the luckiest draw (the winner's curse). The leading trials and the first
(the defaults) are run again on fresh seeds (``RESCORE_FIRST_SEED`` on), kept apart from the
fit's. A leader ships only if it beats the defaults in at least ``RESCORE_CONFIDENCE`` of paired
bootstrap resamples of those seeds, and then the one with the lowest distance there; otherwise
the defaults stay, so a refit does not move the shipped point on noise. The rescoring runs are
stored in the study, so a resumed study does not run them again.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.calibration.simulate import Problem, distance, run_points, summarize

__all__ = [
    "CMAES_SIGMA0",
    "OptunaResult",
    "RESCORE_CONFIDENCE",
    "RESCORE_FIRST_SEED",
    "RESCORE_RESAMPLES",
    "SAMPLERS",
    "STUDY_NAME",
    "fit_optuna",
]

STUDY_NAME = "linxi-calibration"
#: The samplers ``fit_optuna`` knows.
SAMPLERS = ("cmaes", "tpe")
#: CMA-ES's first step, a share of each prior range (Optuna scales every parameter to [0, 1]).
CMAES_SIGMA0 = 0.1
#: Seeds of the rescoring runs, run k using RESCORE_FIRST_SEED + k: apart from the fit's
#: (``simulate.FIRST_SEED`` on), so that a rescored distance is not the noise a trial won on.
RESCORE_FIRST_SEED = 20201231
#: Paired bootstrap resamples of the rescoring seeds, and the share of them in which a leader
#: must beat the defaults to ship.
RESCORE_RESAMPLES = 400
RESCORE_CONFIDENCE = 0.9


@dataclass
class OptunaResult:
    """The outcome of an Optuna fit.

    Attributes:
        best: The best point found, ``{free name: value}``.
        best_distance: Its distance to the targets.
        default_distance: The distance of the shipped defaults (the first trial).
        trials: Completed trials in the study.
        history: ``(trial number, distance)`` of every completed trial.
        best_summary: Target medians at the best point.
        rescored: ``(trial number, distance, distance on the rescoring seeds, share of the
            seeds' bootstrap resamples in which it beats the defaults)`` of the trials rescored,
            the one that ships first (empty without rescoring).
    """

    best: dict[str, float]
    best_distance: float
    default_distance: float
    trials: int
    history: list[tuple[int, float]]
    best_summary: dict[str, float]
    rescored: list[tuple[int, float, float, float]] = dataclasses.field(default_factory=list)


def _storage(db: str | Path | None):
    import optuna

    if db is None:
        return None
    text = str(db)
    url = text if "://" in text else f"sqlite:///{Path(text).resolve()}"
    return optuna.storages.RDBStorage(url)


def _requeue_stale(study) -> None:
    """Fail trials a killed process left RUNNING and ask for their parameters again."""
    import optuna

    for trial in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        study.enqueue_trial(trial.params, skip_if_exists=False)
        study.tell(trial.number, state=optuna.trial.TrialState.FAIL)


def _suggest(trial, problem: Problem) -> dict[str, float]:
    point = {}
    for p in problem.free:
        if p.integer:
            point[p.name] = float(trial.suggest_int(p.name, int(p.low), int(p.high)))
        else:
            point[p.name] = trial.suggest_float(p.name, p.low, p.high)
    return point


def _sampler(name: str, problem: Problem, seed: int, budget: int):
    import optuna

    if name == "tpe":
        return optuna.samplers.TPESampler(
            seed=seed,
            multivariate=True,
            constant_liar=True,
            n_startup_trials=max(3, min(10, budget // 4)),  # small budgets still reach TPE
        )
    if name != "cmaes":
        raise ValueError(f"sampler: expected one of {SAMPLERS}, got {name!r}")
    with warnings.catch_warnings():
        # Optuna 4.9 deprecated x0 and sigma0 for OptunaHub's sampler; they remain until 6.0
        # (pyproject pins optuna below 6) and are the documented way to start at a point.
        warnings.simplefilter("ignore", FutureWarning)
        return optuna.samplers.CmaEsSampler(
            x0={p.name: p.clip(p.default) for p in problem.free},
            sigma0=CMAES_SIGMA0,
            seed=seed,
            n_startup_trials=0,
            # the first batch is asked before the enqueued defaults complete, so its other
            # trials are drawn at random: expected, not a fault to warn about
            warn_independent_sampling=False,
        )


def fit_optuna(
    problem: Problem,
    *,
    budget: int = 40,
    db: str | Path | None = None,
    executor: Executor | None = None,
    batch: int = 1,
    seed: int = 0,
    sampler: str = "cmaes",
    study_name: str = STUDY_NAME,
    on_run: Callable[[], None] | None = None,
    on_trial: Callable[[int, float, float], None] | None = None,
    rescore: int = 0,
    rescore_runs: int = 4,
) -> OptunaResult:
    """Run (or continue) the study until it has ``budget`` completed trials.

    Args:
        problem: The calibration problem.
        budget: Completed trials wanted in total (counting those already in ``db``).
        db: SQLite file or RDB URL of the study (None: in memory, not resumable).
        executor: Runs the seeds of each batch in parallel (None: in this process).
        batch: Trials evaluated at once.
        seed: Seed of the sampler.
        sampler: ``"cmaes"`` (a local refit from the shipped defaults) or ``"tpe"`` (a global
            search); see the module docstring.
        study_name: Name of the study in the storage.
        on_run: Called after each model run (progress bars).
        on_trial: Called after each trial with ``(trial number, distance, best so far)``.
        rescore: Leading trials to run again on fresh seeds before choosing (0: the study's
            best trial ships, as it is).
        rescore_runs: Fresh seeds each rescored trial runs.
    """
    import optuna

    optuna.logging.set_verbosity(logging.WARNING)
    study = optuna.create_study(
        study_name=study_name,
        storage=_storage(db),
        direction="minimize",
        sampler=_sampler(sampler, problem, seed, budget),
        load_if_exists=True,
    )
    _requeue_stale(study)
    if not study.trials:
        study.enqueue_trial({p.name: p.clip(p.default) for p in problem.free})
    complete = optuna.trial.TrialState.COMPLETE

    def n_complete() -> int:
        return len(study.get_trials(deepcopy=False, states=(complete,)))

    while (left := budget - n_complete()) > 0:
        trials = [study.ask() for _ in range(min(batch, left))]
        points = [_suggest(trial, problem) for trial in trials]
        for trial, per_seed in zip(
            trials, run_points(problem, points, executor, on_run), strict=True
        ):
            summary = summarize(per_seed)
            value = distance(problem.fitted, summary)
            clean = {k: (None if math.isnan(v) else v) for k, v in summary.items()}
            trial.set_user_attr("summary", json.dumps(clean))
            study.tell(trial, value if math.isfinite(value) else 1e9)
            if on_trial:
                on_trial(trial.number, value, study.best_value)
    done = study.get_trials(deepcopy=False, states=(complete,))
    best = study.best_trial
    first = min(done, key=lambda t: t.number)
    rescored = []
    if rescore > 0 and rescore_runs > 0:
        rescored = _rescore(study, done, problem, rescore, rescore_runs, executor, on_run)
        best = next(t for t in done if t.number == rescored[0][0])
    summary = json.loads(best.user_attrs.get("summary", "{}"))
    return OptunaResult(
        best={p.name: p.clip(best.params[p.name]) for p in problem.free},
        best_distance=float(best.value),
        default_distance=float(first.value),
        trials=len(done),
        history=[(t.number, float(t.value)) for t in done],
        best_summary={k: (math.nan if v is None else v) for k, v in summary.items()},
        rescored=rescored,
    )


def _rescore(
    study,
    done: list,
    problem: Problem,
    leaders: int,
    runs: int,
    executor: Executor | None,
    on_run: Callable[[], None] | None,
) -> list[tuple[int, float, float, float]]:
    """Run the first trial and the ``leaders`` best (distinct points) again on fresh seeds.

    A leader may ship only if it beats the first trial (the defaults) in at least
    ``RESCORE_CONFIDENCE`` of ``RESCORE_RESAMPLES`` paired bootstrap resamples of the fresh
    seeds: a difference within the noise keeps the defaults.

    Returns:
        ``(trial number, distance, rescored distance, share of resamples it beats the defaults
        in)`` (NaN for the defaults), the trial that ships first, then the others that may
        ship and those that may not, each by rescored distance.
    """
    ranked = sorted(done, key=lambda t: (t.value, t.number))
    first = min(done, key=lambda t: t.number)
    chosen, seen = [], set()
    for trial in [first, *ranked]:
        key = tuple(sorted(trial.params.items()))
        if key not in seen:
            seen.add(key)
            chosen.append(trial)
        if len(chosen) == leaders + 1:
            break
    seeds = [RESCORE_FIRST_SEED + k for k in range(runs)]
    stored = study.user_attrs.get("rescored", {})
    known = stored.get("runs", {}) if stored.get("seeds") == seeds else {}
    todo = [t for t in chosen if str(t.number) not in known]
    if todo:
        fresh = dataclasses.replace(problem, seeds=tuple(seeds))
        points = [{p.name: p.clip(t.params[p.name]) for p in problem.free} for t in todo]
        for trial, per_seed in zip(todo, run_points(fresh, points, executor, on_run), strict=True):
            known[str(trial.number)] = [
                {k: (None if math.isnan(v) else v) for k, v in run.items()} for run in per_seed
            ]
        study.set_user_attr("rescored", {"seeds": seeds, "runs": known})
    per_seed = {
        t.number: [
            {k: (math.nan if v is None else v) for k, v in run.items()}
            for run in known[str(t.number)]
        ]
        for t in chosen
    }

    def rescored_distance(runs_of_point: list[dict[str, float]]) -> float:
        value = distance(problem.fitted, summarize(runs_of_point))
        return value if math.isfinite(value) else 1e9

    # the same resamples for every point: paired, as the seeds are common
    picks = np.random.default_rng(RESCORE_FIRST_SEED).integers(
        0, runs, size=(RESCORE_RESAMPLES, runs)
    )
    defaults = [rescored_distance([per_seed[first.number][i] for i in pick]) for pick in picks]
    table = []
    for trial in chosen:
        rows = per_seed[trial.number]
        share = math.nan
        if trial.number != first.number:
            wins = sum(
                rescored_distance([rows[i] for i in pick]) < base
                for pick, base in zip(picks, defaults, strict=True)
            )
            share = wins / RESCORE_RESAMPLES
        table.append((trial.number, float(trial.value), rescored_distance(rows), share))

    def may_ship(row: tuple[int, float, float, float]) -> bool:
        return row[0] == first.number or row[3] >= RESCORE_CONFIDENCE

    return sorted(table, key=lambda row: (not may_ship(row), row[2], row[1], row[0]))
