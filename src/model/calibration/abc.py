"""ABC-SMC with pyabc: a posterior over the free parameters, resumable from its SQLite database.

The pyabc model is ``_AbcModel``: it runs every seed of the problem at a particle and returns the
distance to the targets (``model.calibration.simulate.distance``) with the target medians; the
pyabc distance simply reads that number, so ABC and Optuna minimise the same thing. Priors are
uniform over the free parameters' ranges, and the perturbation kernel is a Gaussian reflected at
their bounds (``model.calibration.kernel``). Generations are run one ``ABCSMC.run`` call at a
time, each appended to the database, so an interrupted calibration continues from its last
complete generation (``ABCSMC.load``). Any ``concurrent.futures.Executor`` (local processes,
Dask's ``Client.get_executor()``) runs the particles through pyabc's
``ConcurrentFutureSampler``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.calibration.simulate import Problem, distance, simulate_point, summarize

__all__ = ["AbcResult", "TRANSITION_SCALING", "effective_sample_size", "fit_abc"]

#: Variance multiplier of the perturbation kernel (``ReflectedNormalTransition``) over
#: Silverman's rule. With 18 free parameters and 500 particles, the rule's own bandwidth lets a
#: few particles take most of the weight (on a stand-in problem with 18 uniform priors, 6 of them
#: informed: an effective sample size of 13 and 20 of 500 in the third generation, seeds 1 and
#: 2); twice the variance kept 251-296 (seeds 1-4), three times 407-409 with up to a third more
#: simulations (``benchmarks/bench_abc_kernel.py``; ``docs/calibration_method.md``, stop 39).
TRANSITION_SCALING = 2.0


@dataclass
class AbcResult:
    """The outcome of an ABC-SMC calibration.

    Attributes:
        posterior: Weighted particles of the last generation, one column per free parameter,
            plus ``weight`` and ``distance``.
        best: The particle of the last generation closest to the targets.
        best_distance: Its distance.
        generations: Generations in the database.
        simulations: Model evaluations (particles tried, each running every seed).
        epsilons: The acceptance threshold of each generation.
        ess: Effective sample size of each generation's weights (population size at most).
        run_id: The pyabc run id in the database.
    """

    posterior: pd.DataFrame
    best: dict[str, float]
    best_distance: float
    generations: int
    simulations: int
    epsilons: list[float]
    ess: list[float]
    run_id: int


class _AbcModel:
    """Picklable pyabc model: a particle (safe names p0, p1, ...) to distance and medians."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.names = [p.name for p in problem.free]

    def point(self, particle: dict[str, float]) -> dict[str, float]:
        return {name: float(particle[f"p{i}"]) for i, name in enumerate(self.names)}

    def __call__(self, particle: dict[str, float]) -> dict[str, Any]:
        point = self.point(particle)
        per_seed = [simulate_point(self.problem, point, seed) for seed in self.problem.seeds]
        summary = summarize(per_seed)
        out: dict[str, Any] = {"distance": distance(self.problem.fitted, summary)}
        out.update({f"t{i}": v for i, v in enumerate(summary.values())})
        return out


def _read_distance(x: dict[str, Any], x_0: dict[str, Any]) -> float:
    return float(x["distance"])


def _sampler(executor: Executor | None, max_jobs: int):
    from pyabc.sampler import ConcurrentFutureSampler, SingleCoreSampler

    if executor is None:
        return SingleCoreSampler()
    return ConcurrentFutureSampler(cfuture_executor=executor, client_max_jobs=max_jobs)


def _db_url(db: str | Path) -> str:
    text = str(db)
    return text if text.startswith("sqlite:") else f"sqlite:///{Path(text).resolve()}"


def fit_abc(
    problem: Problem,
    *,
    db: str | Path,
    population: int = 40,
    generations: int = 4,
    executor: Executor | None = None,
    max_jobs: int = 8,
    resume: bool = True,
    minimum_epsilon: float = 0.0,
    seed: int = 0,
    on_generation: Callable[[int, float, int], None] | None = None,
) -> AbcResult:
    """Run (or continue) ABC-SMC until ``generations`` generations are in the database.

    Args:
        problem: The calibration problem.
        db: SQLite file (or ``sqlite:///`` URL) holding the run; resumed when it has one.
        population: Particles per generation.
        generations: Total generations wanted (counting those already in the database).
        executor: Runs particles in parallel (None: in this process).
        max_jobs: Particles in flight at once on the executor.
        resume: Continue the last run in ``db`` if there is one (else start a new run).
        minimum_epsilon: Stop early when the threshold falls below this distance.
        seed: Seed of numpy's global generator, which pyabc samples from.
        on_generation: Called after each generation with ``(generation, epsilon, sims)``.

    Returns:
        The posterior of the last generation and the best particle.
    """
    import pyabc

    from model.calibration.kernel import ReflectedNormalTransition  # imports pyabc

    logging.getLogger("ABC").setLevel(logging.WARNING)
    np.random.seed(seed)  # noqa: NPY002 - pyabc draws from numpy's global generator
    model = _AbcModel(problem)
    priors = pyabc.Distribution(
        **{f"p{i}": pyabc.RV("uniform", p.low, p.high - p.low) for i, p in enumerate(problem.free)}
    )
    sampler = _sampler(executor, max_jobs)

    def fresh() -> Any:
        return pyabc.ABCSMC(
            model,
            priors,
            _read_distance,
            population_size=population,
            transitions=ReflectedNormalTransition(
                [(p.low, p.high) for p in problem.free],
                [f"p{i}" for i in range(len(problem.free))],
                scaling=TRANSITION_SCALING,
            ),
            sampler=sampler,
        )

    # One ABCSMC object per generation, loaded from the database: pyabc caches the population it
    # calibrates epsilon on, so a second ``run`` on the same object would keep the first
    # generation's threshold. Loading also makes every generation the resume path.
    url = _db_url(db)
    run_id = _last_run_id(url) if resume and _has_runs(db) else None
    if run_id is None:
        history = fresh().new(url, {"distance": 0.0})
        run_id = history.id
    else:
        history = pyabc.History(url, _id=run_id)
    while history.max_t + 1 < generations:
        if history.max_t >= 0 and _last_epsilon(history) <= minimum_epsilon:
            break
        abc = fresh()
        if history.max_t >= 0:
            abc.load(url, run_id)
        else:
            abc = _reuse_new(abc, url, run_id)
        history = abc.run(max_nr_populations=1, minimum_epsilon=minimum_epsilon)
        if on_generation:
            on_generation(history.max_t, _last_epsilon(history), history.total_nr_simulations)
    return _result(history, model, run_id)


def _last_run_id(url: str) -> int | None:
    import pyabc

    runs = pyabc.History(url, create=False).all_runs()
    return int(runs[-1].id) if runs else None


def _reuse_new(abc: Any, url: str, run_id: int) -> Any:
    """Attach ``abc`` to a run created by ``new`` that has no generation yet."""
    abc.load(url, run_id)
    return abc


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights: (sum w)^2 / sum w^2."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.square(w).sum())


def _has_runs(db: str | Path) -> bool:
    text = str(db)
    path = Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite:") else Path(text)
    return path.is_file() and path.stat().st_size > 0


def _last_epsilon(history: Any) -> float:
    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0]
    return float(pops["epsilon"].iloc[-1]) if len(pops) else math.inf


def _result(history: Any, model: _AbcModel, run_id: int) -> AbcResult:
    t = history.max_t
    frame, weights = history.get_distribution(m=0, t=t)
    posterior = frame.rename(columns={f"p{i}": n for i, n in enumerate(model.names)})
    posterior = posterior[model.names].reset_index(drop=True)
    posterior["weight"] = np.asarray(weights, dtype=float)
    population = history.get_population(t=t)
    particles = population.particles
    best = min(particles, key=lambda particle: particle.distance)
    pops = history.get_all_populations()
    return AbcResult(
        posterior=posterior,
        best=model.point(dict(best.parameter)),
        best_distance=float(best.distance),
        generations=t + 1,
        simulations=int(history.total_nr_simulations),
        epsilons=[float(e) for e in pops[pops["t"] >= 0]["epsilon"]],
        ess=[effective_sample_size(history.get_distribution(m=0, t=g)[1]) for g in range(t + 1)],
        run_id=run_id,
    )
