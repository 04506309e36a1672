"""The model the dashboard runs and its user inputs (sliders, scenario picker, seed).

Sliders are built from ``model.scenario.KEYWORD_LEVERS``: one per lever ending in
``_funding_scale`` (each program family's money, plus ``aid_funding_scale`` for all of Beijing's
aid and ``domestic_funding_scale`` for all of China's own programmes) and one
per 379 share, so new program families appear on the dashboard without changes here. Each slider
starts at the chosen scenario's own value (``scenario_levers``), and a run uses the scenario's
settings except for the sliders the user moved (``DashboardModel``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mesa.visualization import Slider

from model.county import LinxiModel
from model.scenario import KEYWORD_LEVERS, Scenario, load_scenario, resolve_parameters

__all__ = [
    "DEFAULT_HOUSEHOLDS",
    "SHARE_LEVERS",
    "DashboardModel",
    "funding_levers",
    "model_params",
    "scenario_dir",
    "scenario_files",
    "scenario_levers",
]

#: Households simulated by default: a 5% copy of the county. Measured with
#: benchmarks/bench_dashboard_noise.py (20 seeds): halving Beijing's aid moves the 2020 poor by a
#: median of 14 people at 5,000 households, 2.3 times half its 10-90% interval across seeds, and
#: every seed shows it; at 2,000 the ratio is 1.2 and one seed in ten does not. Larger copies do
#: not improve the ratio (2.4 at 10,000, 1.9 at 20,000) but cost more (about 0.4 s a decade at
#: 5,000, 1 s at 10,000, 1.8 s at 20,000). docs/visualisation.md has the table.
DEFAULT_HOUSEHOLDS = 5000
#: The 379 rules' shares (poor staff, poor contract farmers, rent to the poor).
SHARE_LEVERS = ("share_poor_staff", "share_poor_linked", "share_rent_to_poor")
#: The funding sliders' range (a scenario's own scale beyond it widens it).
FUNDING_MAX = 3.0
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
    """The keyword levers that scale a program family's (or a funder group's) money."""
    return [name for name in KEYWORD_LEVERS if name.endswith("_funding_scale")]


def _label(lever: str) -> str:
    if lever == "aid_funding_scale":
        return "Beijing aid funding (scale)"
    if lever == "domestic_funding_scale":
        return "Domestic programmes funding (scale)"
    if lever.endswith("_funding_scale"):
        family = lever.removesuffix("_funding_scale").replace("_", " ")
        return f"{family.capitalize()} funding (scale)"
    return "379: " + lever.removeprefix("share_").replace("_", " ") + " (share)"


def _sliders() -> list[str]:
    return [*funding_levers(), *(lever for lever in SHARE_LEVERS if lever in KEYWORD_LEVERS)]


def scenario_levers(scenario: str | Scenario) -> dict[str, float]:
    """The scenario's own value of every slider's lever.

    A funding lever's value is the scenario's scale; a 379 share the scenario sets is its value,
    one it leaves unset is the default parameter (``egg_farm.<share>``) it then runs with.

    Args:
        scenario: A file name in ``scenario_dir()``, or a scenario.
    """
    config = (
        scenario if isinstance(scenario, Scenario) else load_scenario(scenario_dir() / scenario)
    )
    data = config.model_dump()
    params = resolve_parameters(config)
    values = {}
    for lever in _sliders():
        node: Any = data
        for part in KEYWORD_LEVERS[lever].split("."):
            node = node[part]
        values[lever] = float(params.value(f"egg_farm.{lever}") if node is None else node)
    return values


def model_params(
    households: int = DEFAULT_HOUSEHOLDS, scenario_file: str = "baseline.toml"
) -> dict[str, Any]:
    """SolaraViz ``model_params``: scenario picker, seed, funding sliders and 379 shares.

    Args:
        households: Fixed number of simulated households (not a slider: changing it rebuilds a
            different county).
        scenario_file: The chosen scenario (a file name in ``scenario_dir()``): every funding
            slider and 379 share starts at its value.
    """
    params: dict[str, Any] = {
        "scenario_file": {
            "type": "Select",
            "value": scenario_file,
            "values": scenario_files(),
            "label": "Scenario",
        },
        "rng": Slider("Seed", value=1, min=1, max=100, step=1),
        "households": households,
    }
    for lever, value in scenario_levers(scenario_file).items():
        if lever in SHARE_LEVERS:
            params[lever] = Slider(_label(lever), value=value, min=0.0, max=1.0, step=0.05)
        else:
            top = max(FUNDING_MAX, value)
            params[lever] = Slider(_label(lever), value=value, min=0.0, max=top, step=0.1)
    return params


class DashboardModel(LinxiModel):
    """``LinxiModel`` built from a scenario file name, stepping a year at a time.

    The sliders' values are keyword levers applied on top of the chosen scenario: a lever at
    the scenario's own value (a slider the user did not move) changes nothing, so the run is
    the scenario's; a moved one replaces the scenario's value.

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
        config = load_scenario(scenario_dir() / scenario_file)
        own = scenario_levers(config)
        moved = {lever: value for lever, value in levers.items() if value != own.get(lever)}
        super().__init__(
            config,
            households=int(households),
            rng=None if rng is None else int(rng),
            **moved,
        )

    def step(self) -> None:
        """Advance one year: twelve monthly steps (the model collects its metrics in December).

        One dashboard step is a year, so Mesa's Step button and render interval count years.
        """
        for _ in range(12):
            if not self.running:
                break
            super().step()
