"""``linxi validate FILE...``: check scenario files without running them.

Prints ``ok FILE (name, years)`` for each valid file; for each invalid one, the one-line error
naming the file, the key, the value and what was expected. Exits 2 if any file is invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.common import UsageError, add_command, add_set_flag, scenario_from_args

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    parser = add_command(commands, "validate")
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="scenario TOML files")
    add_set_flag(
        parser, "check the files with this override applied, as other commands would (repeatable)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file; return 0 if all are valid, else 2."""
    status = 0
    for path in args.files:
        try:
            scenario = scenario_from_args(path, args)
        except UsageError as exc:
            print(f"linxi: error: {exc}", file=sys.stderr)
            status = 2
            continue
        years = f"{scenario.run.start_year}-{scenario.run.end_year}"
        print(f"ok {path} ({scenario.name}, {years})")
    return status
