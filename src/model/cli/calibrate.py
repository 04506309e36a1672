"""``linxi calibrate``: fit the free parameters to the reported figures, or write the report.

Examples::

    linxi calibrate --method optuna --budget 60 --workers 2          # point estimate
    linxi calibrate --method abc --generations 4 --population 40 --resume
    linxi calibrate --method abc --point results/calibration/optuna/fit.json --write-defaults
    linxi calibrate --report                                          # docs/calibration.md

Each calibration writes ``fit.json`` (point, distances, target medians, held-out errors),
``heldout.csv`` and its database (``optuna.db`` or ``abc.db``) to ``--out``; ``--resume``
continues from that database instead of refusing an existing directory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from model import limits
from model.cli.common import CommandLineError, add_command, add_model_flags, number, parse_set
from model.errors import OutputExistsError, ScenarioError

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``calibrate`` sub-command."""
    parser = add_command(
        commands,
        "calibrate",
        "Fit the free parameters to the targets of src/model/data/targets.toml, "
        "or (--report) regenerate docs/calibration.md.",
    )
    parser.add_argument("--method", choices=("optuna", "abc"), default="optuna")
    parser.add_argument(
        "--targets",
        default=None,
        metavar="IDS|@FILE",
        help="targets to fit: comma-separated ids or prefixes, or @file with one a line "
        "(default: every target that is not a plan)",
    )
    parser.add_argument(
        "--holdout",
        default=None,
        metavar="IDS|@FILE",
        help="targets to predict instead of fitting (default: the targets file's holdout set; "
        "'' for none)",
    )
    parser.add_argument(
        "--params",
        default=None,
        metavar="NAMES|@FILE",
        help="free parameters (keys, key:scale, or glob patterns; default: the list in "
        "data/calibration.toml)",
    )
    count = number(1, limits.SAMPLES_MAX)
    parser.add_argument("--budget", type=count, default=60, help="Optuna trials in all")
    parser.add_argument(
        "--sampler",
        choices=("cmaes", "tpe"),  # optuna_fit.SAMPLERS, not imported so that --help stays fast
        default="cmaes",
        help="Optuna's sampler: cmaes, a local refit from the shipped defaults (default); "
        "tpe, a global search over the priors",
    )
    parser.add_argument(
        "--rescore",
        type=number(0, limits.SAMPLES_MAX),
        default=0,
        metavar="K",
        help="Optuna: run the K best trials and the defaults again on fresh seeds; a leader "
        "ships only if it beats the defaults there beyond the noise (a paired bootstrap), "
        "against the winner's curse of noisy distances (default 0: the study's best trial)",
    )
    parser.add_argument(
        "--rescore-runs",
        type=count,
        default=4,
        metavar="R",
        help="fresh seeds of each rescored trial (default 4)",
    )
    parser.add_argument("--generations", type=count, default=4, help="ABC generations")
    parser.add_argument("--population", type=count, default=40, help="ABC particles")
    parser.add_argument("--resume", action="store_true", help="continue from the database in --out")
    parser.add_argument(
        "--write-defaults",
        action="store_true",
        help="ship the result: write src/model/data/calibrated.toml (and posterior.csv for ABC)",
    )
    parser.add_argument(
        "--point",
        type=Path,
        default=None,
        metavar="FIT_JSON",
        help="with --write-defaults: ship the point of an earlier fit.json (e.g. Optuna's) with "
        "this run's posterior",
    )
    parser.add_argument(
        "--report", action="store_true", help="regenerate docs/calibration.md and exit"
    )
    parser.add_argument(
        "--report-out", type=Path, default=Path("docs/calibration.md"), help="report file"
    )
    add_model_flags(
        parser,
        out_help="output directory (default: results/calibration/<method>)",
        households_default="10,000 a fit run; the full county with --report",
    )
    parser.set_defaults(func=run, households=None, runs=None)


def _id_list(text: str | None) -> list[str] | None:
    from model.calibration.targets import TargetError

    if text is None:
        return None
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise TargetError(f"{path}: file not found")
        items = path.read_text("utf-8").split()
    else:
        items = text.split(",")
    return [item.strip() for item in items if item.strip() and not item.startswith("#")]


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    if args.dask:
        from model.experiments.executors import make_executor

        try:
            with make_executor(dask=args.dask, timeout=args.dask_timeout) as executor:
                yield executor
        except ValueError as exc:  # a malformed --dask
            raise CommandLineError(str(exc)) from None
    elif args.workers and args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            yield pool
    else:
        yield None


def _scenario(args: argparse.Namespace) -> Scenario:
    from model.scenario import Scenario

    overrides = parse_set(args.overrides)
    scenario = Scenario(name="baseline")
    return scenario.with_overrides(overrides, source="--set") if overrides else scenario


def run(args: argparse.Namespace) -> int:
    """Run the calibration (or the report); return the exit status."""
    from model.calibration.free_parameters import FreeParameterError
    from model.calibration.targets import TargetError

    try:
        return _run(args)
    except (TargetError, FreeParameterError, ScenarioError, OutputExistsError, ValueError) as exc:
        print(f"linxi: error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.report:
        from model.calibration.report import write_report
        from model.calibration.report_figures import full_county_households
        from model.results import check_writable_dir

        check_writable_dir(args.report_out.parent)
        if args.report_out.is_dir():
            raise OutputExistsError(f"{args.report_out}: is a folder; expected a Markdown file")

        households = args.households or full_county_households()
        runs = args.runs or 20
        if not args.quiet:
            print(
                f"Report: baseline with the shipped defaults, {runs} seeds x {households:,} "
                f"households -> {args.report_out}"
            )
        with _executor(args) as executor:
            path = write_report(
                args.report_out,
                households=households,
                runs=runs,
                executor=executor,
                progress=not args.quiet,
            )
        print(f"Report written to {path} (figures in {path.parent / 'img'}/)")
        return 0
    from model.calibration.api import calibrate
    from model.calibration.targets import TargetError
    from model.results import check_output_dir, check_writable_dir

    targets, holdout = _id_list(args.targets), _id_list(args.holdout)
    params = _id_list(args.params)
    out = args.out or Path("results") / "calibration" / args.method
    check_writable_dir(out)  # not a file, nor under one: before anything is removed or run
    db = out / f"{args.method}.db"
    if args.resume and db.is_file():
        pass  # continue the study or run in the database
    elif args.overwrite and out.exists():
        shutil.rmtree(out)
    else:
        check_output_dir(out, args.overwrite)
    from model.calibration.api import build_problem

    build_problem(targets, params, holdout=holdout)  # bad ids or keys: error, nothing written
    point_file = None
    if args.point is not None:
        if not args.point.is_file():
            raise TargetError(f"{args.point}: file not found (expected a fit.json)")
        point_file = json.loads(args.point.read_text("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    households = args.households or 10_000
    runs = args.runs or 2
    if not args.quiet:
        size = (
            f"{args.budget} trials"
            if args.method == "optuna"
            else f"{args.generations} generations of {args.population} particles"
        )
        print(
            f"Calibrating by {args.method}: {size}, {runs} seeds x {households:,} households "
            f"per point; database {db}{' (resumed)' if args.resume and db.is_file() else ''}"
        )
    with _executor(args) as executor:
        result = calibrate(
            args.method,
            targets,
            params,
            holdout=holdout,
            households=households,
            runs_per_eval=runs,
            budget=args.budget,
            generations=args.generations,
            population=args.population,
            executor=executor,
            db=db,
            progress=not args.quiet,
            scenario=_scenario(args),
            seed=args.seed or 0,
            sampler=args.sampler,
            rescore=args.rescore,
            rescore_runs=args.rescore_runs,
        )
    held = result.held_out_errors()
    held.to_csv(out / "heldout.csv", index=False)
    fit = _fit_json(result)
    (out / "fit.json").write_text(json.dumps(fit, indent=2) + "\n", "utf-8")
    _print_summary(result, held, out)
    if args.write_defaults:
        _write_defaults(result, point_file, args)
    return 0


def _clean(mapping: dict) -> dict:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in mapping.items()}


def _fit_json(result) -> dict:
    return {
        "method": result.method,
        "point": result.point,
        "distance": result.distance,
        "distance_at_defaults": result.default_distance,
        "free": [
            {"name": p.name, "low": p.low, "high": p.high, "default": p.default}
            for p in result.free
        ],
        "fitted": result.fitted,
        "unavailable": result.unavailable,
        "held_out": result.held_out,
        "summary": _clean(result.summary),
        "summary_at_defaults": _clean(result.default_summary),
        "evaluations": result.evaluations,
        "runs": result.runs,
        "seconds": round(result.seconds, 1),
        "settings": result.settings,
        "base": _base_values(result.free),
    }


def _base_values(free) -> dict:
    """The defaults the point was fitted against (multipliers are relative to them)."""
    from model.parameters import default_parameters

    params = default_parameters()
    return json.loads(json.dumps({p.key: params.value(p.key) for p in free}))


def _print_summary(result, held, out: Path) -> None:
    print(
        f"Done in {result.seconds:.0f} s: {result.evaluations} points, about {result.runs} runs. "
        f"Distance {result.default_distance:.4f} at the defaults -> {result.distance:.4f}."
    )
    if "effective_sample_sizes" in result.settings:
        print(
            f"ABC: thresholds {[round(e, 3) for e in result.settings['epsilons']]}, effective "
            f"sample sizes {result.settings['effective_sample_sizes']}"
        )
    if "rescored" in result.settings:
        rows = result.settings["rescored"]

        def beats(row: dict) -> str:
            share = row["beats_defaults"]
            return "defaults" if share is None else f"beats them in {share:.0%}"

        print(
            f"Rescored on {result.settings['rescore_runs']} fresh seeds (trial: fit distance -> "
            "rescored, share of bootstrap resamples beating the defaults): "
            + ", ".join(
                f"{r['trial']}: {r['distance']:.4f} -> {r['rescored_distance']:.4f} ({beats(r)})"
                for r in rows
            )
            + f"; trial {rows[0]['trial']} ships."
        )
    if result.unavailable:
        print(f"Not available (left out of the distance): {', '.join(result.unavailable)}")
    print("Point estimate:")
    for p in result.free:
        print(
            f"  {p.name} = {result.point[p.name]:.4g}  (default {p.default:.4g}, "
            f"prior [{p.low:.4g}, {p.high:.4g}])"
        )
    if len(held):
        print("Held-out targets (predicted, not fitted):")
        for _, row in held.iterrows():
            if math.isnan(row["predicted"]):
                print(f"  {row['id']}: reported {row['reported']:,.4g}, not available")
                continue
            print(
                f"  {row['id']}: reported {row['reported']:,.4g}, predicted "
                f"{row['predicted']:,.4g}, error {row['error']:.1%} "
                f"({'pass' if row['passed'] else 'miss'})"
            )
    print(f"Results in {out}/ (fit.json, heldout.csv, {result.method}.db)")


def _write_defaults(result, point_file: dict | None, args: argparse.Namespace) -> None:
    from model.calibration.defaults import write_calibrated_defaults
    from model.calibration.targets import TargetError

    point, distance, method = result.point, result.distance, result.method
    if point_file is not None:
        missing = [p.name for p in result.free if p.name not in point_file["point"]]
        if missing:
            raise TargetError(f"{args.point}: point lacks {', '.join(missing)}")
        if point_file.get("base") != _base_values(result.free):
            raise TargetError(
                f"{args.point}: fitted against other defaults than the current ones (a "
                "calibration was shipped since); fit the point again"
            )
        point = {p.name: point_file["point"][p.name] for p in result.free}
        distance, method = (
            point_file["distance"],
            f"{point_file['method']} point, {method} posterior",
        )
    info = {
        "method": method,
        "distance": round(float(distance), 5),
        "distance_at_defaults": round(float(result.default_distance), 5),
        "targets": result.fitted,
        "holdout": result.held_out,
        "free": [p.name for p in result.free],
        "households": result.settings["households"],
        "runs_per_eval": result.settings["runs_per_eval"],
    }
    if "effective_sample_sizes" in result.settings:
        info["posterior_generations"] = result.settings["generations"]
        info["posterior_population"] = result.settings["population"]
        info["posterior_effective_sample_size"] = result.settings["effective_sample_sizes"][-1]
    toml_path, csv_path = write_calibrated_defaults(
        point, result.posterior, free=result.free, info=info
    )
    print(f"Shipped defaults written: {toml_path}" + (f" and {csv_path}" if csv_path else ""))
    print("Next: `make docs` (docs/parameters.md) and `linxi calibrate --report`.")
