"""``linxi sensitivity SCENARIO --param KEY=low,high ... --output METRIC``: Morris or Sobol.

Samples the parameters with SALib, runs each sample point, and prints the indices: Morris
mu* (mean absolute elementary effect) and sigma, or Sobol first-order and total indices, each
with its bootstrap confidence interval. Writes indices.csv, samples.csv and outputs.csv.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from model import limits
from model.cli.common import (
    add_repeatable,
    number,
    parse_value,
    scenario_from_args,
)
from model.cli.experiment_io import add_experiment_command, output_dir
from model.errors import ScenarioError

if TYPE_CHECKING:
    from model.experiments import Sensitivity

__all__ = ["add_parser", "parse_params"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` sub-command."""
    add_experiment_command(
        commands,
        "sensitivity",
        run,
        _add_flags,
        out_help="output directory (default: results/<method>-<scenario name>)",
        plots="sensitivity_<output>.png (the indices of each output)",
    )


def _add_flags(parser: argparse.ArgumentParser) -> None:
    """``--param``, ``--output``, ``--method``, ``--n`` and ``--year``."""
    add_repeatable(
        parser,
        "--param",
        dest="params",
        metavar="KEY=LOW,HIGH",
        default=[],
        required=True,
        help="a parameter (e.g. egg_farm.rent_rate or parameters.egg_farm.rent_rate) and its "
        "range; repeatable",
    )
    add_repeatable(
        parser,
        "--output",
        dest="outputs",
        metavar="METRIC",
        help="annual metric to analyse, repeatable (default: poverty_rate)",
    )
    parser.add_argument("--method", choices=("morris", "sobol"), default="morris")
    parser.add_argument(
        "--n",
        type=number(1, limits.SAMPLES_MAX),
        default=8,
        help="Morris trajectories or Sobol base sample (a power of two) (default: 8)",
    )
    parser.add_argument(
        "--year",
        type=number(limits.YEAR_MIN, limits.YEAR_MAX),
        default=None,
        help="year of the outputs (default: last)",
    )


def parse_params(items: list[str]) -> dict[str, tuple[float, float]]:
    """Parse ``--param KEY=low,high`` items."""
    params: dict[str, tuple[float, float]] = {}
    for item in items:
        key, sep, text = item.partition("=")
        values = [parse_value(part) for part in text.split(",")]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        if not sep or not key.strip() or len(values) != 2 or not numeric:
            raise ScenarioError(
                "--param", item, "expected KEY=LOW,HIGH, e.g. egg_farm.rent_rate=0.02,0.1"
            )
        params[key.strip()] = (float(values[0]), float(values[1]))
    return params


def run(args: argparse.Namespace) -> int:
    """Run the analysis, print its indices and write them; return the exit status."""
    from model.cli.experiment_io import experiment_options
    from model.experiments import sensitivity

    scenario = scenario_from_args(args.scenario, args)
    params = parse_params(args.params)
    outputs = args.outputs or ["poverty_rate"]
    out = output_dir(args, f"{args.method}-{scenario.name}")
    with experiment_options(args, out) as options:
        result = sensitivity(
            scenario,
            params,
            outputs,
            method=args.method,
            n=args.n,
            runs=args.runs,
            year=args.year,
            **options,
        )
    store = result.store
    images = _images(result) if args.plots else {}  # drawn before anything is written
    store.write_table("indices.csv", result.indices)
    store.write_table("samples.csv", result.samples)
    store.write_table("outputs.csv", result.outputs)
    print(
        f"{args.method.capitalize()} analysis of {scenario.name}: {len(result.samples)} points x "
        f"{args.runs} run(s), outputs in {result.year}"
    )
    if args.method == "morris":
        print("mu_star: mean absolute effect of moving the parameter across its range; sigma:")
        print("spread of that effect (interactions or non-linearity); conf: 95% bootstrap.")
    else:
        print("S1: share of the output's variance due to the parameter alone; ST: including its")
        print("interactions; conf: 95% bootstrap half-width.")
    print(result.indices.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    for name, data in images.items():
        store.write_bytes(name, data)
    figures = f", {', '.join(images)}" if images else ""
    print(
        f"Results written to {out}/ (indices.csv, samples.csv, outputs.csv, annual/, programs/, "
        f"index.sqlite{figures})"
    )
    return 0


def _images(result: Sensitivity) -> dict[str, bytes]:
    from model.cli.experiment_io import render_plots
    from model.plots.save import render_sensitivity_plots

    return render_plots(render_sensitivity_plots, result)
