"""Benchmark: instructions of one full-county run, counted by valgrind's callgrind.

Wall times on a shared machine swing with the host (the same code has run the full county in
0.86 s and in 1.5 s on different days), so a speed change is measured here by the CPU
instructions it executes, which do not. Callgrind runs this script's child twice, each a new
interpreter that imports the model and runs a 200-household baseline: once alone, once followed
by the full county (seed 20110501). The difference is the full-county run's instructions,
imports and warm-up left out.

Instructions are not time: a change that saves memory traffic (fewer passes over large arrays)
saves more time than its instructions show. Compare two commits with this figure and with
``bench_county.py`` measured alternately.

Needs ``valgrind`` on the PATH (a system package, not a Python one); a callgrind run takes
about a minute. Run with ``make bench-instructions`` or ``python
benchmarks/bench_instructions.py``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What the child runs: a small run always, the full county when asked.
CHILD = """
import sys
from model.results import run_scenario
from model.scenario import Scenario
scenario = Scenario(name="baseline")
run_scenario(scenario, seed=1, households=200)
if sys.argv[1] == "full":
    run_scenario(scenario, seed=20110501)
"""


def instructions(mode: str, workdir: Path) -> int:
    """Instructions callgrind counts for the child in ``mode`` ("small" or "full")."""
    out = workdir / f"callgrind.{mode}"
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            CHILD,
            mode,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if match is None:
        raise RuntimeError(f"callgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> int:
    """Print the full-county run's instructions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction count", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        small = instructions("small", Path(tmp))
        full = instructions("full", Path(tmp))
    print("Full county baseline, one run (seed 20110501), imports and a small run left out:")
    print(f"  instructions (callgrind): {(full - small) / 1e9:.3f} billion")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
