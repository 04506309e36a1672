"""Scenario experiments: ensembles, paired comparisons, the program league, sweeps, sensitivity.

Each experiment is a list of runs (a scenario variant at a seed) handed to any
``concurrent.futures.Executor`` and, optionally, kept in a resumable store of Parquet files::

    from model.experiments import compare, make_executor

    with make_executor(workers=2) as executor:
        result = compare("scenarios/no_beijing_aid.toml", "scenarios/baseline.toml", runs=20,
                         households=10_000, executor=executor, store="results/aid_vs_none")
    result.headline

Modules: ``runs`` (one run as a picklable task), ``engine`` (running a batch), ``executors``,
``store``, ``progress``, ``run_options`` (the options every experiment takes on how to run:
``seed``, ``households``, ``executor``, ``store``, ``overwrite``, ``progress``), and one module
per experiment (``ensemble``, ``compare`` with ``impact``, ``league`` with ``program_effects``,
``sweep``, ``sensitivity``).
"""

from model.experiments.compare import Comparison, compare
from model.experiments.engine import ExperimentFailedError
from model.experiments.ensemble import Ensemble, run_ensemble
from model.experiments.executors import InProcessExecutor, make_executor
from model.experiments.league import League, league
from model.experiments.progress import Progress
from model.experiments.runs import RunOutput, RunTask, execute, run_one
from model.experiments.sensitivity import Sensitivity, sensitivity
from model.experiments.store import RunStore, StoreBusyError, StoreMismatchError
from model.experiments.sweep import Sweep, design_points, sweep

__all__ = [
    "Comparison",
    "Ensemble",
    "ExperimentFailedError",
    "InProcessExecutor",
    "League",
    "Progress",
    "RunOutput",
    "RunStore",
    "RunTask",
    "Sensitivity",
    "StoreBusyError",
    "StoreMismatchError",
    "Sweep",
    "compare",
    "design_points",
    "execute",
    "league",
    "make_executor",
    "run_ensemble",
    "run_one",
    "sensitivity",
    "sweep",
]
