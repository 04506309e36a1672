"""The ``linxi`` command: one sub-command per module in this package.

Each command module defines ``add_parser(commands)``, which adds its sub-parser and sets
``func`` (a callable taking the parsed arguments and returning an exit status). Flags shared by
every command that runs the model (``--seed``, ``--households``, ``--out``, ``--runs``,
``--workers``, ``--dask``, ``--set``, ``--quiet``, ``--overwrite``) are defined once, in
``model.cli.common``, with the same meaning everywhere.

Only the module of the command asked for is imported: ``linxi --help`` lists the commands from
``COMMANDS`` without importing any of them, and ``linxi validate`` never loads Dask, matplotlib
or the dashboard. Command modules import their heavy dependencies inside the function that runs
the command.

A bad scenario, a bad flag or ``--set`` value, an output location that already holds results
or is a file, an unreachable Dask scheduler or a population too large for this machine gives a
one-line error naming what is wrong, exits with status 2, and writes nothing. Runs that fail
inside an experiment are kept in its store and give status 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from model.errors import USAGE_ERRORS, ExperimentFailedError

__all__ = ["COMMANDS", "OneLineParser", "main"]

#: Every command: its module and its one-line help, in the order ``linxi --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("model.cli.run", "run a scenario and write its results"),
    "compare": (
        "model.cli.compare",
        "compare a scenario with a baseline, run by run at the same seeds",
    ),
    "league": (
        "model.cli.league",
        "what each program did: removed from a scenario and alone, ranked by cost",
    ),
    "sweep": (
        "model.cli.sweep",
        "run a scenario over a grid or Latin hypercube of funding levers",
    ),
    "sensitivity": (
        "model.cli.sensitivity",
        "Morris screening or Sobol indices of parameters on outputs (SALib)",
    ),
    "report": (
        "model.cli.report",
        "write one self-contained HTML report of a scenario (optionally against a baseline)",
    ),
    "validate": ("model.cli.validate", "check scenario files without running them"),
    "parameters": (
        "model.cli.parameters",
        "list the default parameters with their units, sources and ranges",
    ),
    "metrics": (
        "model.cli.metrics",
        "list the output metrics with their units, definitions and sources",
    ),
    "dashboard": (
        "model.cli.dashboard",
        "serve the browser dashboard: funding sliders and live charts",
    ),
    "calibrate": (
        "model.cli.calibrate",
        "fit the free parameters to the reported figures (Optuna or ABC-SMC)",
    ),
}


def command_help(name: str) -> str:
    """The one-line help of a command (what ``linxi --help`` lists)."""
    return COMMANDS[name][1]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other ``linxi`` error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print ``<prog>: error: <message>`` on one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """``--version``: reads the installed version only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from model import __version__

        parser.exit(0, f"linxi {__version__}\n")


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``linxi`` parser with ``command``'s own sub-parser; the others are listed only."""
    parser = OneLineParser(
        prog="linxi",
        description="Agent-based model of Beijing's aid to Linxi County, 2011-2020.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if name == command:
            importlib.import_module(module).add_parser(commands)
        else:
            commands.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``linxi`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser(_chosen(argv)).parse_args(argv)
    try:
        return int(args.func(args))
    except USAGE_ERRORS as exc:
        print(f"linxi: error: {exc}", file=sys.stderr)
        return 2
    except ExperimentFailedError as exc:  # runs failed; finished ones are kept in the store
        print(f"linxi: error: {exc}; rerun the same command to retry them", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("linxi: interrupted; finished runs stay in their store", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`linxi run ... | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail
        return 1


if __name__ == "__main__":
    sys.exit(main())
