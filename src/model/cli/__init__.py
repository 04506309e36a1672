"""The ``linxi`` command: one sub-command per module in this package.

Each command module defines ``add_parser(commands)``, which adds its sub-parser and sets
``func`` (a callable taking the parsed arguments and returning an exit status). Flags shared by
every command that runs the model (``--seed``, ``--households``, ``--out``, ``--runs``,
``--workers``, ``--dask``, ``--set``, ``--quiet``, ``--overwrite``) are defined once, in
``model.cli.common``, with the same meaning everywhere.

A bad scenario, a bad ``--set`` value or an output directory that already holds results gives a
one-line error naming the file and the key, exits with status 2, and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from model.cli import (
    calibrate,
    compare,
    dashboard,
    parameters,
    report,
    run,
    sensitivity,
    sweep,
    validate,
)
from model.cli.common import UsageError
from model.experiments import ExperimentFailedError

__all__ = ["main"]

#: Command modules, in the order ``linxi --help`` lists them.
COMMANDS = (run, compare, sweep, sensitivity, report, validate, parameters, dashboard, calibrate)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linxi",
        description="Agent-based model of Beijing's aid to Linxi County, 2011-2020.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``linxi`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"linxi: error: {exc}", file=sys.stderr)
        return 2
    except ExperimentFailedError as exc:  # runs failed; finished ones are kept in the store
        print(f"linxi: error: {exc}; rerun the same command to retry them", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
