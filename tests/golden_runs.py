"""Golden runs: a few scenarios' result tables, kept in ``tests/golden/`` to guard the results.

``tests/test_golden.py`` runs the same scenarios again and requires the same tables: every count,
label and flag identical, every real number equal to ``REL_TOL`` (sums of floating-point
numbers differ in their last bits between CPUs, as numpy's vectorized loops do; a change to the
model moves them by far more). A change that is meant to move the results regenerates them on
purpose, with

    make golden            # or: .venv/bin/python -m tests.golden_runs

and says so in its commit (re-running the calibration as docs/calibration_method.md describes).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from model import LinxiModel

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIOS = ("baseline", "no_aid", "strict_379", "egg_farm_fails_2019")
SEEDS = (1, 2)
HOUSEHOLDS = 5000
#: The tables compared, as ``linxi run`` writes them (``results.write_results``).
TABLES = ("annual", "programs", "monthly")
CASES = tuple((scenario, seed) for scenario in SCENARIOS for seed in SEEDS)
#: Tolerances on real numbers: thousands of times the error of a sum's last bits, and an
#: absolute one for what is zero on one CPU and a sum's rounding error (1e-17) on another.
REL_TOL = 1e-12
ABS_TOL = 1e-9


def _same_cell(golden: str, fresh: str) -> bool:
    if golden == fresh:
        return True
    if not any(mark in golden + fresh for mark in ".eE"):  # counts and labels: exactly
        return False
    try:
        a, b = float(golden), float(fresh)
    except ValueError:
        return False
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def first_difference(golden: str, fresh: str) -> int | None:
    """The index of the first line where two CSV tables differ, or None if they are the same.

    Cells are compared as text, except real numbers, which are the same within ``REL_TOL``
    (or ``ABS_TOL``).
    """
    old, new = golden.splitlines(), fresh.splitlines()
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a == b:
            continue
        row_a, row_b = next(csv.reader([a])), next(csv.reader([b]))
        if len(row_a) != len(row_b) or not all(map(_same_cell, row_a, row_b)):
            return i
    return None if len(old) == len(new) else min(len(old), len(new))


def case_dir(scenario: str, seed: int) -> Path:
    """Where the golden tables of one case are kept."""
    return GOLDEN / f"{scenario}_seed{seed}"


def tables(scenario: str, seed: int) -> dict[str, str]:
    """Run one case and return its tables as CSV text, by table name."""
    model = LinxiModel(ROOT / "scenarios" / f"{scenario}.toml", households=HOUSEHOLDS, rng=seed)
    model.run()
    frames = {
        "annual": model.annual_frame(),
        "programs": model.programs_frame(),
        "monthly": model.monthly_frame(),
    }
    return {name: frames[name].to_csv(index=False) for name in TABLES}


def main() -> None:
    """Regenerate every golden table and say which ones changed."""
    for scenario, seed in CASES:
        folder = case_dir(scenario, seed)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in tables(scenario, seed).items():
            path = folder / f"{name}.csv"
            old = path.read_text() if path.exists() else None
            if old is not None and first_difference(old, text) is None:
                state = "unchanged"  # kept as it is: this CPU's last bits are not a change
            else:
                state = "new" if old is None else "CHANGED"
                path.write_text(text)
            print(f"{state:>9}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
