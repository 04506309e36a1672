"""``linxi sweep SCENARIO --lever KEY=v1,v2,...``: a funding sweep with a dose-response table.

A full factorial over the given values, or with ``--design lhs --samples K`` a Latin hypercube
of K points between each lever's ``low,high``. Every point runs at the same seeds. Writes every
run to a resumable store, ``results.csv``, ``dose_response.csv`` and, for one or two levers,
``dose_response.png``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from model import limits
from model.cli.common import (
    CommandLineError,
    add_repeatable,
    number,
    parse_value,
    scenario_from_args,
)
from model.cli.experiment_io import add_experiment_command, output_dir
from model.errors import ScenarioError

if TYPE_CHECKING:
    from model.experiments import Sweep

__all__ = ["add_parser", "parse_levers"]

DEFAULT_METRICS = ("poverty_rate", "poor_people", "jobs", "income_pc_mean_registered")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` sub-command."""
    add_experiment_command(
        commands,
        "sweep",
        run,
        _add_flags,
        description="Sweep levers (dotted scenario keys such as programs.egg_farm.funding_scale, "
        "or keyword levers such as egg_farm_funding_scale) and tabulate dose-response.",
        out_help="output directory (default: results/sweep-<scenario name>)",
        plots="dose_response_<lever>_<metric>.png for every lever and metric",
    )


def _add_flags(parser: argparse.ArgumentParser) -> None:
    """``--lever``, ``--design``, ``--samples`` and ``--metric``."""
    add_repeatable(
        parser,
        "--lever",
        dest="levers",
        metavar="KEY=V1,V2,...",
        default=[],
        required=True,
        help="a lever and its values (factorial) or low,high (lhs); repeatable",
    )
    parser.add_argument("--design", choices=("factorial", "lhs"), default="factorial")
    parser.add_argument(
        "--samples",
        type=number(1, limits.SAMPLES_MAX),
        default=None,
        help=f"points of a Latin hypercube, 1 to {limits.SAMPLES_MAX:,}",
    )
    add_repeatable(
        parser,
        "--metric",
        dest="metrics",
        help="metric of the dose-response table, repeatable "
        f"(default: {', '.join(DEFAULT_METRICS)})",
    )


def parse_levers(items: list[str]) -> dict[str, list]:
    """Parse ``--lever KEY=v1,v2,...`` items (each value read as TOML)."""
    levers: dict[str, list] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        values = [parse_value(part) for part in text.split(",") if part.strip()]
        if not sep or not key or not values:
            raise ScenarioError(
                "--lever", item, "expected KEY=V1,V2,..., e.g. aid.funding_scale=0.5,1,2"
            )
        levers[key] = values
    return levers


def run(args: argparse.Namespace) -> int:
    """Run the sweep, print its dose-response table and write it; return the exit status."""
    import pandas as pd

    from model.cli.experiment_io import experiment_options, report_failures
    from model.experiments import sweep
    from model.experiments.common import annual_metric_names

    scenario = scenario_from_args(args.scenario, args)
    levers = parse_levers(args.levers)
    if args.design == "lhs" and not args.samples:
        raise CommandLineError("--design lhs: give --samples K, the number of points")
    metrics = list(args.metrics or DEFAULT_METRICS)
    known = annual_metric_names(scenario)
    unknown = [m for m in metrics if m not in known]
    if unknown:
        raise CommandLineError(
            f"--metric {', '.join(unknown)}: not an annual metric; expected one of: "
            + ", ".join(known)
        )
    out = output_dir(args, f"sweep-{scenario.name}")
    with experiment_options(args, out) as options:
        result = sweep(
            scenario, levers, design=args.design, samples=args.samples, runs=args.runs, **options
        )
    store = result.store
    if result.results.empty:
        return report_failures(result.failures, out)
    table = pd.concat([result.dose_response(m) for m in metrics], ignore_index=True)
    images = _images(result, metrics) if args.plots else {}  # drawn before anything is written
    store.write_table("results.csv", result.results)
    store.write_table("dose_response.csv", table)
    year = int(result.results["year"].max())
    print(
        f"Sweep of {scenario.name}: {len(result.points)} points x {args.runs} run(s), {year}; "
        "median [10th, 90th percentile] across runs"
    )
    print(_dose_response_text(table, result.levers, metrics))
    if len(result.levers) <= 2:
        _plot(result, metrics[0], out / "dose_response.png")
    for name, data in images.items():
        store.write_bytes(name, data)
    figures = f", {len(images)} PNG figures" if images else ""
    print(
        f"Results written to {out}/ (dose_response.csv, results.csv, annual/, programs/, "
        f"index.sqlite{figures})"
    )
    return report_failures(result.failures, out)


def _dose_response_text(table, levers: list[str], metrics: list[str]) -> str:
    """The dose-response table: a row per point, each metric in its display unit, headed by it."""
    from model.cli.tables import heading, metric_interval, text_table

    cells: dict[tuple, dict[str, str]] = {}
    for _, row in table.iterrows():
        point = tuple(row[lever] for lever in levers)
        text = metric_interval(row["median"], row["p10"], row["p90"], row["metric"])
        cells.setdefault(point, {})[row["metric"]] = text
    rows = [[*map(str, point), *(by.get(m, "") for m in metrics)] for point, by in cells.items()]
    return text_table(rows, [*((lever, "") for lever in levers), *map(heading, metrics)])


def _plot(result, metric: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = result.plot(metric)
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=120)
    plt.close(ax.figure)


def _images(result: Sweep, metrics: list[str]) -> dict[str, bytes]:
    from model.cli.experiment_io import render_plots
    from model.plots.save import render_sweep_plots

    return render_plots(render_sweep_plots, result, metrics)
