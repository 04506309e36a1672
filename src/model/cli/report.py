"""``linxi report SCENARIO [--vs BASELINE]``: one self-contained HTML page of a scenario.

Runs the scenario at ``--runs`` seeds (with ``--vs``, the baseline too, at the same seeds) and
writes the headline table, the standard figures, the settings and the manifest to one HTML file
(``--out``, default ``results/<name>[_vs_<baseline>].html``) that needs nothing else to open.
``--league`` adds what each program did (``linxi league``, run at the same seeds).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from model.cli.common import (
    CommandLineError,
    add_command,
    add_model_flags,
    add_scenario_argument,
    parse_set,
    scenario_from_args,
)
from model.errors import ScenarioError, StoreMismatchError

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``report`` sub-command."""
    parser = add_command(
        commands,
        "report",
        "Run SCENARIO (and --vs BASELINE at the same seeds) and write one HTML file "
        "with the headline table, the standard figures, the scenario's settings and a manifest.",
    )
    add_scenario_argument(parser)
    parser.add_argument(
        "--vs", type=Path, default=None, metavar="BASELINE", help="compare with this scenario"
    )
    parser.add_argument(
        "--league",
        action="store_true",
        help="add what each program did: every program removed from SCENARIO and alone, at the "
        "same seeds (2 x programs + 2 runs per seed; see linxi league)",
    )
    add_model_flags(
        parser,
        out_help="HTML file to write (default: results/<scenario>[_vs_<baseline>].html)",
        runs_default=5,
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the report; return the exit status."""
    # Load both first, so that a bad file or --set value is reported before anything runs.
    scenario_from_args(args.scenario, args)
    if args.vs is not None:
        scenario_from_args(args.vs, args)
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window from the command line
    from model.cli.experiment_io import executor_from_args
    from model.report import write_report  # imports pyplot: only when a report is made

    with executor_from_args(args) as executor:
        try:
            path = write_report(
                args.scenario,
                args.vs,
                runs=args.runs,
                households=args.households,
                seed=args.seed,
                overrides=parse_set(args.overrides),
                executor=executor,
                out=args.out,
                overwrite=args.overwrite,
                progress=not args.quiet,
                league=args.league,
            )
        except (ScenarioError, StoreMismatchError):
            raise
        except ValueError as exc:  # e.g. the two scenarios end in different years
            raise CommandLineError(str(exc)) from None
    print(f"Report written to {path}")
    return 0
