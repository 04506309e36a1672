"""Check that a change leaves every result bit-identical: hashes of a few runs' tables.

A speed change must not move any result. ``tests/test_golden.py`` guards the results at 5,000
households within a tolerance of a sum's last bits (so that the golden files hold across CPUs);
this script is the stricter check for work on one machine: it hashes, exactly, every table
(annual, programs, monthly, beneficiaries, ledger) of the full county and of three
5,000-household runs of other scenarios.

    python benchmarks/results_hash.py write before.json   # on the code before the change
    python benchmarks/results_hash.py check before.json   # after it: exit 1 if any table differs

Run from the repository's root (the scenarios are read from ``scenarios/``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

from model import LinxiModel

#: (scenario, households or None for the full county, seed)
CASES = (
    ("baseline", None, 1),
    ("baseline", 5000, 2),
    ("no_aid", 5000, 1),
    ("strict_379", 5000, 3),
)
TABLES = ("annual_frame", "programs_frame", "monthly_frame", "beneficiaries_frame", "ledger_frame")


def table_hash(frame: pd.DataFrame) -> str:
    """A hash of a table's values, exact to the last bit (the index left out)."""
    values = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False).to_numpy()
    return hashlib.sha256(values.tobytes()).hexdigest()[:16]


def results_hashes() -> dict[str, str]:
    """Run every case and hash each of its tables, keyed ``scenario/households/seed/table``."""
    hashes = {}
    for scenario, households, seed in CASES:
        model = LinxiModel(f"scenarios/{scenario}.toml", households=households, rng=seed).run()
        for table in TABLES:
            hashes[f"{scenario}/{households}/{seed}/{table}"] = table_hash(getattr(model, table)())
    return hashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("write", "check"))
    parser.add_argument("path", type=Path, help="the JSON file of hashes")
    args = parser.parse_args()
    hashes = results_hashes()
    if args.mode == "write":
        if args.path.exists():
            sys.exit(f"{args.path} exists: not overwritten (remove it first)")
        args.path.write_text(json.dumps(hashes, indent=1) + "\n")
        print(f"wrote {len(hashes)} table hashes to {args.path}")
        return
    expected = json.loads(args.path.read_text())
    different = [key for key, value in expected.items() if hashes.get(key) != value]
    if different:
        print("DIFFERENT: " + ", ".join(different))
        sys.exit(1)
    print(f"IDENTICAL: {len(expected)} tables")


if __name__ == "__main__":
    main()
