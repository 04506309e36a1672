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


@pytest.fixture
def params():
    """The shipped default parameters."""
    from model.parameters import default_parameters

    return default_parameters()


@pytest.fixture
def population(params):
    """A fresh synthetic county of 600 households, for the household rules' own tests."""
    from model.rng import Streams
    from model.synthesis import synthesize

    return synthesize(600, params, Streams(11))
