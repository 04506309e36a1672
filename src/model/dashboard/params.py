"""The model the dashboard runs and its user inputs (sliders, scenario picker, seed).

Sliders are built from ``model.scenario.KEYWORD_LEVERS``: one per lever ending in
``_funding_scale`` (each program family's money, plus ``aid_funding_scale`` for all aid) and one
per 379 share, so new program families appear on the dashboard without changes here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mesa.visualization import Slider

from model.county import LinxiModel
from model.scenario import KEYWORD_LEVERS

__all__ = [
    "DEFAULT_HOUSEHOLDS",
    "SHARE_LEVERS",
    "DashboardModel",
    "funding_levers",
    "model_params",
    "scenario_dir",
    "scenario_files",
]

#: Households simulated by default: a 3% copy of the county runs a year in well under a second.
DEFAULT_HOUSEHOLDS = 3000
#: The 379 rules' shares (poor staff, poor contract farmers, rent to the poor).
SHARE_LEVERS = ("share_poor_staff", "share_poor_linked", "share_rent_to_poor")
_SHARE_DEFAULTS = {"share_poor_staff": 0.3, "share_poor_linked": 0.7, "share_rent_to_poor": 0.9}
#: Environment variables set by ``linxi dashboard`` for the server process.
ENV_HOUSEHOLDS = "LINXI_DASHBOARD_HOUSEHOLDS"
ENV_SCENARIOS = "LINXI_DASHBOARD_SCENARIOS"


def scenario_dir() -> Path:
    """The directory the scenario picker lists.

    ``$LINXI_DASHBOARD_SCENARIOS`` when set, else ``./scenarios``, else the source tree's.
    """
    if os.environ.get(ENV_SCENARIOS):
        return Path(os.environ[ENV_SCENARIOS])
    here = Path.cwd() / "scenarios"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "scenarios"


def scenario_files() -> list[str]:
    """Scenario file names offered by the picker, ``baseline.toml`` first."""
    names = sorted(p.name for p in scenario_dir().glob("*.toml"))
    return sorted(names, key=lambda name: name != "baseline.toml")


def funding_levers() -> list[str]:
    """The keyword levers that scale a program family's (or all aid's) money."""
    return [name for name in KEYWORD_LEVERS if name.endswith("_funding_scale")]


def _label(lever: str) -> str:
    if lever == "aid_funding_scale":
        return "All aid funding (x scenario)"
    if lever.endswith("_funding_scale"):
        family = lever.removesuffix("_funding_scale").replace("_", " ")
        return f"{family.capitalize()} funding (x scenario)"
    return "379: " + lever.removeprefix("share_").replace("_", " ") + " (share)"


def model_params(households: int = DEFAULT_HOUSEHOLDS) -> dict[str, Any]:
    """SolaraViz ``model_params``: scenario picker, seed, funding sliders and 379 shares.

    Args:
        households: Fixed number of simulated households (not a slider: changing it rebuilds a
            different county).
    """
    params: dict[str, Any] = {
        "scenario_file": {
            "type": "Select",
            "value": "baseline.toml",
            "values": scenario_files(),
            "label": "Scenario",
        },
        "rng": Slider("Seed", value=1, min=1, max=100, step=1),
        "households": households,
    }
    for lever in funding_levers():
        params[lever] = Slider(_label(lever), value=1.0, min=0.0, max=3.0, step=0.1)
    for lever in SHARE_LEVERS:
        if lever in KEYWORD_LEVERS:
            value = _SHARE_DEFAULTS.get(lever, 0.5)
            params[lever] = Slider(_label(lever), value=value, min=0.0, max=1.0, step=0.05)
    return params


class DashboardModel(LinxiModel):
    """``LinxiModel`` built from a scenario file name, stepping a year at a time.

    The sliders' values are keyword levers applied on top of the chosen scenario (so they
    replace the scenario's own value of the same lever).

    Args:
        scenario_file: File name in ``scenario_dir()``.
        households: Simulated households.
        rng: Seed of the run.
        scenario: Ignored: on reset SolaraViz passes Mesa's own (empty) scenario object here;
            the Linxi scenario comes from ``scenario_file``.
        **levers: Keyword levers (see ``model.scenario.KEYWORD_LEVERS``).
    """

    def __init__(
        self,
        scenario_file: str = "baseline.toml",
        households: int = DEFAULT_HOUSEHOLDS,
        rng: int | None = 1,
        scenario: Any = None,
        **levers: Any,
    ) -> None:
        self.scenario_file = scenario_file
        super().__init__(
            scenario_dir() / scenario_file,
            households=int(households),
            rng=None if rng is None else int(rng),
            **levers,
        )

    def step(self) -> None:
        """Advance one year: twelve monthly steps (the model collects its metrics in December).

        One dashboard step is a year, so Mesa's Step button and render interval count years.
        """
        for _ in range(12):
            if not self.running:
                break
            super().step()
