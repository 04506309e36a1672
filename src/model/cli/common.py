"""Flags and helpers shared by every ``linxi`` command, so that each flag means one thing.

``add_command`` adds a command's sub-parser (its help from ``model.cli.COMMANDS``);
``add_scenario_argument``, ``add_households_flag``, ``add_set_flag`` and ``add_repeatable`` the
arguments several commands share. ``add_model_flags`` adds the flags of commands that run the
model; a command passes only the groups that make sense for it (``runs=False`` for a single
run, say).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model import limits
from model.cli import command_help
from model.errors import USAGE_ERRORS, CommandLineError, ScenarioError

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = [
    "CommandLineError",
    "UsageError",
    "add_command",
    "add_households_flag",
    "add_model_flags",
    "add_repeatable",
    "add_scenario_argument",
    "add_set_flag",
    "number",
    "parse_set",
    "parse_value",
    "scenario_from_args",
    "positive_int",
    "non_negative_int",
]

#: Errors that mean "the user asked for something that cannot be done": exit 2, nothing written.
UsageError = USAGE_ERRORS


def number(
    low: float, high: float, *, whole: bool = True, low_open: bool = False
) -> Callable[[str], Any]:
    """An argparse type: a finite number (a whole one if ``whole``) inside ``[low, high]``.

    ``inf``, ``nan`` and values that overflow are refused, with the range in the message.
    """
    bounds = limits.Limits(low, high, low_open=low_open, whole=whole)

    def parse(text: str) -> int | float:
        try:
            value: int | float = int(text) if whole else float(text)
        except ValueError:
            try:  # a whole number written as 1e5 or 5.0
                value = float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(
                    f"expected {bounds.text()}, got {text!r}"
                ) from None
        problem = bounds.problem(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return int(value) if whole and math.isfinite(value) else value

    parse.__name__ = "number"  # argparse names the type in some messages
    return parse


#: Argparse types: an integer above zero, and one of zero or more (both below 2**63).
positive_int = number(1, limits.SEED_MAX)
non_negative_int = number(0, limits.SEED_MAX)


def add_command(
    commands: argparse._SubParsersAction, name: str, description: str | None = None
) -> argparse.ArgumentParser:
    """Add the sub-parser of command ``name``, with its one-line help from ``COMMANDS``.

    Args:
        commands: The ``linxi`` sub-parsers.
        name: The command.
        description: What ``linxi NAME --help`` says of it (none: the usage and flags only).

    Returns:
        The command's parser.
    """
    return commands.add_parser(name, help=command_help(name), description=description)


def add_scenario_argument(
    parser: argparse.ArgumentParser, help: str = "scenario TOML file"
) -> None:
    """Add the positional ``scenario``: the path of a scenario file."""
    parser.add_argument("scenario", type=Path, help=help)


def add_repeatable(
    parser: argparse.ArgumentParser,
    flag: str,
    *,
    dest: str,
    help: str,
    metavar: str | None = None,
    default: list[str] | None = None,
    required: bool = False,
) -> None:
    """Add an option that may be given many times; its values gather in a list.

    Args:
        parser: The command's parser.
        flag: The option, e.g. ``"--set"``.
        dest: The attribute that holds the list.
        help: Its help text.
        metavar: How the help names a value (none: ``dest`` in capitals).
        default: The list when the option is not given (None: the command's default applies).
        required: Whether it must be given at least once.
    """
    parser.add_argument(
        flag,
        dest=dest,
        action="append",
        default=default,
        required=required,
        metavar=metavar,
        help=help,
    )


def add_households_flag(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--households``: the number of households simulated, within the model's limits."""
    parser.add_argument(
        "--households",
        type=number(limits.HOUSEHOLDS_MIN, limits.HOUSEHOLDS_MAX),
        default=None,
        help=help,
    )


def add_model_flags(
    parser: argparse.ArgumentParser,
    *,
    runs: bool = True,
    executor: bool = True,
    out_help: str = "output directory",
    runs_default: int = 1,
    households_default: str = "the scenario's, else the full county",
) -> None:
    """Add the shared flags of commands that run the model.

    Args:
        parser: The command's sub-parser.
        runs: Add ``--runs`` (commands that run ensembles).
        executor: Add ``--workers`` and ``--dask`` (commands that can run in parallel).
        out_help: Help text of ``--out`` for this command.
        runs_default: Default of ``--runs``.
        households_default: What ``--households`` defaults to, as its help says it.
    """
    parser.add_argument(
        "--seed",
        type=number(0, limits.SEED_MAX),
        default=None,
        help="seed of the run, or of the first run of an ensemble, 0 to 2**63-1 "
        "(default: the scenario's run.seed)",
    )
    add_households_flag(
        parser,
        help=f"simulate this many households, {limits.HOUSEHOLDS_MIN} to "
        f"{limits.HOUSEHOLDS_MAX:,} if they fit in memory (default: {households_default})",
    )
    parser.add_argument("--out", type=Path, default=None, help=out_help)
    parser.add_argument(
        "--overwrite", action="store_true", help="replace results already in the output location"
    )
    add_set_flag(
        parser,
        "override a scenario value by dotted key, e.g. programs.egg_farm.funding_scale=2 "
        "(repeatable; VALUE is read as TOML)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only errors and the final summary"
    )
    if runs:
        parser.add_argument(
            "--runs",
            type=number(1, limits.RUNS_MAX),
            default=runs_default,
            help=f"runs (seeds) per scenario, 1 to {limits.RUNS_MAX:,} (default: {runs_default})",
        )
    if executor:
        parser.add_argument(
            "--workers",
            type=number(1, limits.WORKERS_MAX),
            default=None,
            help=f"run in this many local processes, 1 to {limits.WORKERS_MAX} "
            "(default: in this process)",
        )
        parser.add_argument(
            "--dask",
            default=None,
            metavar="ADDRESS",
            help="run on Dask: local:N for a local cluster of N workers, or tcp://host:8786",
        )
        parser.add_argument(
            "--dask-timeout",
            type=number(0, limits.DASK_TIMEOUT_MAX, whole=False, low_open=True),
            default=10.0,
            metavar="SECONDS",
            help="how long to wait for the --dask scheduler to answer (default: %(default)s)",
        )


def add_set_flag(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--set KEY=VALUE`` (repeatable): overrides of the scenario (``parse_set``)."""
    add_repeatable(parser, "--set", dest="overrides", metavar="KEY=VALUE", default=[], help=help)


def parse_set(items: list[str]) -> dict[str, Any]:
    """Parse ``--set KEY=VALUE`` items; each VALUE is read as a TOML value (bare words as text).

    Raises:
        ScenarioError: If an item has no ``=``.
    """
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError("--set", item, "expected KEY=VALUE, e.g. aid.funding_scale=0.5")
        overrides[key] = parse_value(text)
    return overrides


def parse_value(text: str) -> Any:
    """Read a command-line value as TOML (``2``, ``0.5``, ``true``, ``[1, 2]``), else as text."""
    import tomllib

    try:
        return tomllib.loads(f"v = {text.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def scenario_from_args(path: Path, args: argparse.Namespace) -> Scenario:
    """Load a scenario file and apply the command line's ``--set`` overrides."""
    from model.scenario import load_scenario

    overrides = parse_set(getattr(args, "overrides", []) or [])
    scenario = load_scenario(path)
    # errors in an override name the flag, not the file the scenario came from
    return scenario.with_overrides(overrides, source="--set") if overrides else scenario
