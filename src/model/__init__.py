"""Agent-based model of Beijing's paired poverty-alleviation aid to Linxi County, 2011-2020.

The public API:

* ``LinxiModel``: the Mesa model; ``LinxiModel("scenarios/baseline.toml").run()``.
* ``load_scenario`` and ``Scenario``: scenario files and their schema.
* ``run_scenario``: run one scenario and get its tidy results.
* ``default_parameters``: the shipped parameters with units and sources.
* ``metric_dictionary``: every output column with its unit, definition and source.
* ``poverty_profile``: who is poor at the end of a run, by registration, dibao, labour, illness
  and age.
* ``run_ensemble``, ``compare``, ``league``, ``sweep``, ``sensitivity``: experiments over many
  runs, on any ``concurrent.futures.Executor`` (see ``model.experiments`` and
  docs/experiments.md).

Names are imported when first used (PEP 562), so that ``import model`` and the ``linxi``
command start quickly and load Mesa, pandas or Dask only when something needs them. The one
exception is ``metric_dictionary``, which shares its module's name: bound on first use, it would be
shadowed by its module as soon as anything imported that (the import system sets a package's
attribute to each submodule it loads), so it is bound now; its module reads only the standard
library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from model.metric_dictionary import metric_dictionary

__all__ = [
    "LinxiModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "default_parameters",
    "load_scenario",
    "metric_dictionary",
    "poverty_profile",
    "run_scenario",
    "compare",
    "league",
    "run_ensemble",
    "sensitivity",
    "sweep",
    "__version__",
]

#: Where each public name lives.
_HOMES = {
    "LinxiModel": "model.county",
    "RunResult": "model.results",
    "run_scenario": "model.results",
    "Scenario": "model.scenario",
    "load_scenario": "model.scenario",
    "ScenarioError": "model.errors",
    "default_parameters": "model.parameters",
    "poverty_profile": "model.who_is_poor",
    "compare": "model.experiments",
    "league": "model.experiments",
    "run_ensemble": "model.experiments",
    "sensitivity": "model.experiments",
    "sweep": "model.experiments",
}

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from model.county import LinxiModel
    from model.errors import ScenarioError
    from model.experiments import compare, league, run_ensemble, sensitivity, sweep
    from model.parameters import default_parameters
    from model.results import RunResult, run_scenario
    from model.scenario import Scenario, load_scenario
    from model.who_is_poor import poverty_profile


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("linxi-model")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
