"""Helpers of the experiment commands: executors from flags, output folders, interval tables."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.cli.common import (
    CommandLineError,
    add_command,
    add_model_flags,
    add_scenario_argument,
)
from model.cli.tables import interval
from model.limits import DASK_TIMEOUT
from model.metric_dictionary import find

if TYPE_CHECKING:
    import pandas as pd

    from model.experiments.run_options import RunOptionsKwargs

__all__ = [
    "executor_from_args",
    "output_dir",
    "interval",
    "report_failures",
    "experiment_options",
    "add_experiment_command",
    "add_plots_flag",
    "format_headline",
    "headline_rows",
    "render_plots",
]


@contextmanager
def executor_from_args(args: argparse.Namespace) -> Iterator[Executor]:
    """The executor the ``--workers`` / ``--dask`` flags ask for (in-process by default)."""
    from model.experiments.executors import make_executor, parse_dask_address

    workers, dask = getattr(args, "workers", None), getattr(args, "dask", None)
    if workers is not None and dask is not None:
        raise CommandLineError("--workers and --dask: give one or the other")
    if dask is not None:
        try:
            parse_dask_address(dask)
        except ValueError as exc:
            raise CommandLineError(str(exc)) from None
    timeout = getattr(args, "dask_timeout", None) or DASK_TIMEOUT
    with make_executor(workers=workers, dask=dask, timeout=timeout) as executor:
        yield executor


@contextmanager
def experiment_options(args: argparse.Namespace, out: Path) -> Iterator[RunOptionsKwargs]:
    """The keyword arguments every experiment takes from its flags, with the executor open.

    Yields ``seed``, ``households``, ``executor``, ``store``, ``overwrite`` and ``progress``
    (``model.experiments.run_options``) for ``compare``, ``league``, ``run_ensemble``,
    ``sensitivity`` and ``sweep``. A ``ValueError`` the experiment raises about its arguments
    becomes a one-line usage error; a ``ScenarioError`` keeps its own message (file and key).
    """
    from model.errors import ScenarioError

    with executor_from_args(args) as executor:
        try:
            yield {
                "seed": args.seed,
                "households": args.households,
                "executor": executor,
                "store": out,
                "overwrite": args.overwrite,
                "progress": not args.quiet,
            }
        except ScenarioError:
            raise
        except ValueError as exc:
            raise CommandLineError(str(exc)) from None


def add_experiment_command(
    commands: argparse._SubParsersAction,
    name: str,
    run: Callable[[argparse.Namespace], int],
    add_own_flags: Callable[[argparse.ArgumentParser], None],
    *,
    out_help: str,
    plots: str,
    description: str | None = None,
    scenario_help: str = "scenario TOML file",
    runs_default: int = 1,
) -> None:
    """Add an experiment on one scenario: ``scenario``, its own flags, the model flags, ``--plots``.

    Args:
        commands: The ``linxi`` sub-parsers.
        name: The command.
        run: What the command does with the parsed arguments; returns the exit status.
        add_own_flags: Adds the flags only this experiment has.
        out_help: Help text of ``--out``.
        plots: The figures ``--plots`` saves (``add_plots_flag``).
        description: What ``linxi NAME --help`` says of it.
        scenario_help: Help text of ``scenario``.
        runs_default: Default of ``--runs``.
    """
    parser = add_command(commands, name, description)
    add_scenario_argument(parser, scenario_help)
    add_own_flags(parser)
    add_model_flags(parser, out_help=out_help, runs_default=runs_default)
    add_plots_flag(parser, plots)
    parser.set_defaults(func=run)


def add_plots_flag(parser: argparse.ArgumentParser, files: str) -> None:
    """Add ``--plots``: save the experiment's figures as PNG files beside its tables."""
    parser.add_argument("--plots", action="store_true", help=f"also save {files} beside the data")


def render_plots(render: Callable[..., dict[str, bytes]], *args: Any) -> dict[str, bytes]:
    """Draw an experiment's figures to PNG bytes (``model.plots.render_*``), off screen.

    Matplotlib is imported here, so that commands without ``--plots`` do not load it; the
    figures are drawn before anything is written, so a failing figure leaves no partial output.
    """
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window from the command line
    return render(*args)


def output_dir(args: argparse.Namespace, default_name: str) -> Path:
    """``--out``, or ``results/<default_name>``."""
    return args.out or Path("results") / default_name


def headline_rows(headline: pd.DataFrame) -> list[dict[str, str]]:
    """A comparison's headline table in display units: measure, unit, interval text, note.

    Each measure is shown in the display unit the metric dictionary gives it (money in million
    yuan, shares of the line in percentage points), with that unit, so that the command line
    and the HTML report print the same figures.
    """
    rows = []
    for row in headline.itertuples(index=False):
        entry = find(getattr(row, "metric", ""), "measures")
        unit = entry.shown_unit if entry else row.unit
        scale, digits = (entry.display_scale, entry.digits) if entry else (1.0, 2)
        rows.append(
            {
                "measure": row.measure,
                "unit": unit,
                "median [10th, 90th percentile]": interval(
                    row.median * scale, row.p10 * scale, row.p90 * scale, digits
                ),
                "note": row.note if isinstance(row.note, str) else "",
            }
        )
    return rows


def format_headline(headline: pd.DataFrame) -> str:
    """The headline table of a comparison as plain text: measure, unit, median [10th, 90th]."""
    rows = headline_rows(headline)
    columns = ["measure", "unit", "median [10th, 90th percentile]", "note"]
    if not any(row["note"] for row in rows):
        columns.remove("note")
    return _left_aligned(rows, columns)


def _left_aligned(rows: list[dict[str, str]], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(str(row[c]).ljust(widths[c]) for c in columns).rstrip() for row in rows]
    return "\n".join(lines)


def report_failures(failures: pd.DataFrame, where: Path | None) -> int:
    """Print failed runs to standard error; return the exit status (1 if any failed)."""
    if failures is None or failures.empty:
        return 0
    first = failures.iloc[0]
    stored = f"; each is recorded in {where / 'index.sqlite'}" if where else ""
    print(
        f"linxi: {len(failures)} run(s) failed (first: point {first.point}, seed {first.seed}: "
        f"{first.error}){stored}; rerun the same command to retry them",
        file=sys.stderr,
    )
    return 1
