"""Agent-based model of Beijing's paired poverty-alleviation aid to Linxi County, 2011-2020.

The public API:

* ``LinxiModel``: the Mesa model; ``LinxiModel("scenarios/baseline.toml").run()``.
* ``load_scenario`` and ``Scenario``: scenario files and their schema.
* ``run_scenario``: run one scenario and get its tidy results.
* ``default_parameters``: the shipped parameters with units and sources.
* ``run_ensemble``, ``compare``, ``sweep``, ``sensitivity``: experiments over many runs, on any
  ``concurrent.futures.Executor`` (see ``model.experiments`` and docs/experiments.md).
"""

from importlib.metadata import PackageNotFoundError, version

from model.county import LinxiModel
from model.experiments import compare, run_ensemble, sensitivity, sweep
from model.parameters import default_parameters
from model.results import RunResult, run_scenario
from model.scenario import Scenario, ScenarioError, load_scenario

try:
    __version__ = version("linxi-model")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = [
    "LinxiModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "default_parameters",
    "load_scenario",
    "run_scenario",
    "compare",
    "run_ensemble",
    "sensitivity",
    "sweep",
    "__version__",
]
