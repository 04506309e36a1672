from pathlib import Path

import pytest

from model import LinxiModel

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SMALL = 3000  # households in a quick run: a 3% copy of the county


@pytest.fixture(scope="session")
def baseline_small() -> LinxiModel:
    """The baseline scenario run once at reduced scale, shared by read-only tests."""
    return LinxiModel(SCENARIOS / "baseline.toml", households=SMALL, rng=7).run()
