"""Benchmark: how fast the ``linxi`` command starts and how much a run pays for being a process.

Prints, each the best of ``--repeat`` tries (the machine is shared: the best is the least
disturbed):

1. ``python -c "import numpy"``, a new interpreter that imports numpy, and ``linxi --help``,
   the command's start-up; goal: ``linxi --help`` within 3 times the numpy import.
2. A full-county ``linxi run scenarios/baseline.toml`` as a process (wall time from start to
   exit, results written) and the same run in this process (``run_scenario``, after a first
   run has loaded every module); goal: the process within 1.5 times the in-process run.
3. Which heavy libraries ``linxi --help`` and ``linxi run`` import (none of solara, altair,
   dask, pyabc or optuna should be).

Run with ``make bench-cli`` or ``python benchmarks/bench_cli.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINXI = Path(sys.executable).with_name("linxi")
BASELINE = ROOT / "scenarios" / "baseline.toml"
HEAVY = ("solara", "altair", "dask", "distributed", "pyabc", "optuna", "matplotlib")


def best_wall(command: list[str], repeat: int) -> float:
    """Best wall time of a command, seconds (it must succeed)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def in_process_run(repeat: int) -> float:
    """Best time of the full-county baseline run in this process, seconds."""
    from model.results import run_scenario
    from model.scenario import load_scenario

    scenario = load_scenario(BASELINE)
    run_scenario(scenario, households=2000)  # load every module first
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run_scenario(scenario)
        best = min(best, time.perf_counter() - started)
    return best


def heavy_imports(argv: list[str]) -> list[str]:
    """Heavy libraries the command imports."""
    code = (
        "import sys\nfrom model.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own printed list


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="tries of each (best is kept)")
    args = parser.parse_args()

    numpy = best_wall([sys.executable, "-c", "import numpy"], args.repeat)
    help_ = best_wall([str(LINXI), "--help"], args.repeat)
    print(f"python -c 'import numpy': {numpy:.3f} s")
    print(
        f"linxi --help:              {help_:.3f} s = {help_ / numpy:.2f}x the numpy import "
        f"(goal: within 3x: {'met' if help_ <= 3 * numpy else 'NOT met'})"
    )

    with tempfile.TemporaryDirectory() as folder:
        command = [str(LINXI), "run", str(BASELINE), "--out", folder, "--overwrite", "--quiet"]
        process = best_wall(command, max(2, args.repeat // 2))
    inside = in_process_run(max(2, args.repeat // 2))
    print(f"full-county run in this process (run_scenario): {inside:.2f} s")
    print(
        f"full-county `linxi run` as a process:          {process:.2f} s = "
        f"{process / inside:.2f}x (goal: within 1.5x: "
        f"{'met' if process <= 1.5 * inside else 'NOT met'})"
    )
    with tempfile.TemporaryDirectory() as folder:
        run_argv = ["run", str(BASELINE), "--households", "300", "--out", folder, "--quiet"]
        for name, argv in (("linxi --help", ["--help"]), ("linxi run", run_argv)):
            found = heavy_imports(argv)
            print(f"{name} imports: {', '.join(found) if found else 'none of ' + ', '.join(HEAVY)}")


if __name__ == "__main__":
    main()
