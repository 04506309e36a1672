"""Flags and helpers shared by every ``linxi`` command, so that each flag means one thing.

``add_model_flags`` adds the flags of commands that run the model; a command passes only the
groups that make sense for it (``runs=False`` for a single run, say).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from model.experiments.store import StoreMismatchError
from model.results import OutputExistsError
from model.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "CommandLineError",
    "UsageError",
    "add_model_flags",
    "parse_set",
    "parse_value",
    "scenario_from_args",
    "positive_int",
    "non_negative_int",
]


class CommandLineError(ValueError):
    """A flag value that cannot be used (e.g. ``--dask nowhere``), named in the message."""


#: Errors that mean "the user asked for something that cannot be done": exit 2, nothing written.
UsageError = (ScenarioError, OutputExistsError, StoreMismatchError, CommandLineError)


def positive_int(text: str) -> int:
    """Argparse type: an integer above zero."""
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def non_negative_int(text: str) -> int:
    """Argparse type: an integer of zero or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text}")
    return value


def add_model_flags(
    parser: argparse.ArgumentParser,
    *,
    runs: bool = True,
    executor: bool = True,
    out_help: str = "output directory",
    runs_default: int = 1,
) -> None:
    """Add the shared flags of commands that run the model.

    Args:
        parser: The command's sub-parser.
        runs: Add ``--runs`` (commands that run ensembles).
        executor: Add ``--workers`` and ``--dask`` (commands that can run in parallel).
        out_help: Help text of ``--out`` for this command.
        runs_default: Default of ``--runs``.
    """
    parser.add_argument(
        "--seed",
        type=non_negative_int,
        default=None,
        help="seed of the run, or of the first run of an ensemble (default: run.seed)",
    )
    parser.add_argument(
        "--households",
        type=positive_int,
        default=None,
        help="simulate this many households (default: the scenario's, else the full county)",
    )
    parser.add_argument("--out", type=Path, default=None, help=out_help)
    parser.add_argument(
        "--overwrite", action="store_true", help="replace results already in the output location"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario value by dotted key, e.g. programs.egg_farm.funding_scale=2 "
        "(repeatable; VALUE is read as TOML)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only errors and the final summary"
    )
    if runs:
        parser.add_argument(
            "--runs",
            type=positive_int,
            default=runs_default,
            help=f"runs (seeds) per scenario (default: {runs_default})",
        )
    if executor:
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=None,
            help="run in this many local processes (default: in this process)",
        )
        parser.add_argument(
            "--dask",
            default=None,
            metavar="ADDRESS",
            help="run on Dask: local:N for a local cluster of N workers, or tcp://host:8786",
        )


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
    overrides = parse_set(getattr(args, "overrides", []) or [])
    scenario = load_scenario(path)
    # errors in an override name the flag, not the file the scenario came from
    return scenario.with_overrides(overrides, source="--set") if overrides else scenario
