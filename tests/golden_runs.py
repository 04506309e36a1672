"""Golden runs: a few scenarios' result tables, kept in ``tests/golden/`` to guard the results.

``tests/test_golden.py`` runs the same scenarios again and requires the CSV files to be identical
to the byte. A change that is meant to move the results regenerates them on purpose, with

    make golden            # or: .venv/bin/python -m tests.golden_runs

and says so in its commit (re-running the calibration as docs/calibration_method.md describes).
"""

from __future__ import annotations

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
            state = "new" if old is None else ("unchanged" if old == text else "CHANGED")
            path.write_text(text)
            print(f"{state:>9}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
