"""The options every experiment takes on how to run: seeds, population, executor, store, progress.

``compare``, ``run_ensemble``, ``league``, ``sweep`` and ``sensitivity`` each take their own
arguments and, keyword-only, these six options, defined here once: ``RunOptions`` holds their
names, types, defaults and documentation; ``RunOptionsKwargs`` types them for an experiment's
``**options: Unpack[RunOptionsKwargs]`` (PEP 692); ``takes_run_options`` gives the experiment
the signature and the Args text that ``help()``, ``inspect.signature`` and a notebook's tooltip
show, as if the options were written out in it (as pandas' ``@doc`` and matplotlib's docstring
interpolation do), and refuses an unknown keyword as Python would.

An experiment reads them once, and runs through them::

    @takes_run_options
    def run_ensemble(scenario, runs=10, *, parameter_uncertainty=False, **options):
        run_options = RunOptions(**options)  # a wrong executor is refused here
        config = as_scenario(scenario)
        seeds = run_options.seeds(config, runs)
        ...
        opened = run_options.open_store(definition)
        batch = run_options.run(tasks, opened, f"{config.name} runs")
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, fields
from numbers import Integral
from pathlib import Path
from typing import Any, TypedDict

from model.errors import ScenarioError
from model.experiments.common import open_store, seeds_for
from model.experiments.engine import Batch, run_tasks
from model.experiments.executors import as_executor
from model.experiments.progress import Progress
from model.experiments.runs import RunTask
from model.experiments.store import RunStore
from model.limits import HOUSEHOLDS_MAX, HOUSEHOLDS_MIN
from model.scenario import Scenario

__all__ = ["RunOptions", "RunOptionsKwargs", "takes_run_options"]

#: The width docstrings are wrapped to (the project's line length).
_WIDTH = 100


def _option(default: Any, doc: str) -> Any:
    """A field with its default and the text of its Args entry."""
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How an experiment runs, as its caller gave it; the executor is resolved on creation.

    Raises:
        ScenarioError: If ``households`` is not None or a whole number the model can build
            (``model.limits``), before anything runs.
        TypeError: If ``executor`` is neither an ``Executor``, a Dask ``Client`` nor None,
            before anything runs.
    """

    seed: int | None = _option(
        None,
        "First seed: the runs use ``seed``, ``seed + 1``, ...; None uses the scenario's "
        "``run.seed`` (with two scenarios, the baseline's).",
    )
    households: int | None = _option(
        None,
        f"Simulated households, the same in every run, {HOUSEHOLDS_MIN:,} to {HOUSEHOLDS_MAX:,}; "
        "None uses the scenario's ``run.households``, else the full county.",
    )
    executor: Executor | None = _option(
        None,
        "Any ``concurrent.futures.Executor`` or a Dask ``distributed.Client``; None runs here, "
        "one run after another. Anything else is refused before anything runs.",
    )
    store: str | Path | RunStore | None = _option(
        None,
        "A directory (or an open ``RunStore``) to keep the runs in, resumable; None keeps them "
        "in memory only.",
    )
    overwrite: bool = _option(False, "Replace whatever is in ``store`` instead of resuming.")
    progress: bool | Progress | None = _option(
        None, "Show a progress bar (True) or not (False, None), or update this ``Progress``."
    )

    def __post_init__(self) -> None:
        # A population the model cannot build is refused here, not recorded as every run's
        # failure; 0 is refused too, not read as "not set".
        households = self.households
        if households is not None:
            if (
                isinstance(households, bool)
                or not isinstance(households, Integral)
                or not HOUSEHOLDS_MIN <= households <= HOUSEHOLDS_MAX
            ):
                raise ScenarioError(
                    "experiment",
                    "households",
                    f"expected {HOUSEHOLDS_MIN:,} to {HOUSEHOLDS_MAX:,} households or None, "
                    f"got {households!r}",
                )
            # a numpy integer (from a range of sizes) is kept as a plain int: stores write JSON
            object.__setattr__(self, "households", int(households))
        # a wrong kind of executor is refused here, before a store is made or a run submitted
        object.__setattr__(self, "executor", as_executor(self.executor))

    def seeds(self, scenario: Scenario, runs: int) -> list[int]:
        """The seeds of ``runs`` runs: ``seed + i``, or ``run.seed + i`` of ``scenario``.

        Raises:
            ScenarioError: If ``runs`` or the seeds are out of range (``seeds_for``).
        """
        return seeds_for(scenario, runs, self.seed)

    def open_store(self, definition: Mapping[str, Any]) -> RunStore | None:
        """The store the experiment of ``definition`` writes to (``common.open_store``)."""
        return open_store(self.store, definition, self.overwrite)

    def run(self, tasks: Sequence[RunTask], store: RunStore | None, label: str) -> Batch:
        """Run ``tasks`` on the executor, into ``store``, with progress shown as asked."""
        return run_tasks(
            tasks, executor=self.executor, store=store, progress=self.progress, label=label
        )


class RunOptionsKwargs(TypedDict, total=False):
    """``RunOptions`` as keyword arguments, for ``**options: Unpack[RunOptionsKwargs]``.

    Type checkers read names and types here; defaults and documentation are ``RunOptions``'s
    (``tests/test_run_options.py`` checks that the two agree).
    """

    seed: int | None
    households: int | None
    executor: Executor | None
    store: str | Path | RunStore | None
    overwrite: bool
    progress: bool | Progress | None


def _entries(indent: str) -> list[str]:
    """The Args entries of the options, wrapped, each starting at ``indent``."""
    lines = []
    for option in fields(RunOptions):
        lines += textwrap.wrap(
            f"{option.name}: {option.metadata['doc']}",
            width=_WIDTH,
            initial_indent=indent,
            subsequent_indent=indent + "    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def _with_options_documented(doc: str | None, name: str) -> str:
    """``doc`` with its ``**options:`` entry of Args replaced by one entry per option."""
    lines = (doc or "").splitlines()
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("**options:")]
    if len(starts) != 1:
        raise TypeError(f"{name}: its docstring's Args must describe **options once")
    start = starts[0]
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    end = start + 1
    while end < len(lines) and lines[end].strip() and lines[end].startswith(indent + " "):
        end += 1  # the entry's continuation lines
    return "\n".join([*lines[:start], *_entries(indent), *lines[end:]])


def takes_run_options[**P, R](experiment: Callable[P, R]) -> Callable[P, R]:
    """Show an experiment's ``**options`` as the keyword-only options of ``RunOptions``.

    The experiment's last parameter is ``**options: Unpack[RunOptionsKwargs]`` and its Args
    describe ``**options`` in one entry. The returned function has the experiment's signature
    with ``**options`` replaced by the options and their defaults, and its docstring with that
    entry replaced by theirs; a keyword that is neither the experiment's nor an option raises
    ``TypeError`` naming it, before the experiment starts.

    Raises:
        TypeError: If the experiment does not take ``**options`` last, names an option itself,
            or does not document ``**options``.
    """
    name = experiment.__name__
    signature = inspect.signature(experiment)
    *own, last = signature.parameters.values()
    if last.kind is not inspect.Parameter.VAR_KEYWORD or last.name != "options":
        raise TypeError(f"{name}: the run options need a last parameter **options")
    shared = [
        inspect.Parameter(
            option.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=option.default,
            annotation=option.type,
        )
        for option in fields(RunOptions)
    ]
    clash = {p.name for p in own} & {p.name for p in shared}
    if clash:
        raise TypeError(f"{name}: {', '.join(sorted(clash))} is a run option already")
    full = signature.replace(parameters=[*own, *shared])
    keywords = {
        p.name
        for p in full.parameters.values()
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    }

    @functools.wraps(experiment)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        for keyword in kwargs:
            if keyword not in keywords:  # what Python says of a function that lacks it
                raise TypeError(f"{name}() got an unexpected keyword argument {keyword!r}")
        return experiment(*args, **kwargs)

    call.__signature__ = full  # type: ignore[attr-defined]
    call.__doc__ = _with_options_documented(experiment.__doc__, name)
    return call


# help(RunOptions) documents the fields from the same text as the experiments' Args
RunOptions.__doc__ = f"{RunOptions.__doc__}\n    Attributes:\n" + "\n".join(_entries(" " * 8))
