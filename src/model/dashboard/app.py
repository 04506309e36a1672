"""The dashboard page served by ``linxi dashboard`` (``solara run model.dashboard.app:page``).

Each Step advances the model one year (``DashboardModel.step`` runs 12 monthly steps: the model
collects its metrics each December, so drawing more often would show nothing new).

The scenario picker sits above Mesa's controls: choosing a scenario builds its model and sets
every funding slider and 379 share to that scenario's own values (Mesa's own inputs keep the
values they started with, so the page is built anew for each scenario).
"""

from __future__ import annotations

import os
from typing import Any

import solara
from mesa.visualization import Slider, SolaraViz

from model.dashboard.components import CHART_METRICS, chart, status
from model.dashboard.params import (
    DEFAULT_HOUSEHOLDS,
    ENV_HOUSEHOLDS,
    DashboardModel,
    model_params,
)

__all__ = ["Dashboard", "make_page", "page", "STEPS_PER_RENDER"]

#: Dashboard steps (years) per Step click and per redraw while playing.
STEPS_PER_RENDER = 1


@solara.component
def Dashboard(households: int) -> None:
    """The SolaraViz page; each browser session builds its own model (so tabs do not share)."""
    scenario_file, set_scenario_file = solara.use_state("baseline.toml")
    params = solara.use_memo(
        lambda: model_params(households, scenario_file), [households, scenario_file]
    )
    picker = params["scenario_file"]
    inputs = {**params, "scenario_file": scenario_file}  # chosen above, not among Mesa's inputs
    model = solara.use_memo(
        lambda: DashboardModel(**{key: _initial(option) for key, option in inputs.items()}),
        [households, scenario_file],
    )
    components = solara.use_memo(lambda: [status, *(chart(m) for m in CHART_METRICS)], [])
    with solara.Sidebar():
        with solara.Card("Scenario"):
            solara.Select(
                picker["label"],
                value=scenario_file,
                values=picker["values"],
                on_value=set_scenario_file,
            )
    SolaraViz(
        model,
        components=components,
        model_params=inputs,
        name="Linxi County: aid, jobs and poverty",
        render_interval=STEPS_PER_RENDER,
        play_interval=300,
    ).key(f"viz-{scenario_file}")


def make_page(households: int | None = None):
    """The dashboard page for a county of ``households`` households.

    Args:
        households: Simulated households; None reads ``$LINXI_DASHBOARD_HOUSEHOLDS`` (set by
            ``linxi dashboard``), else 3000.
    """
    households = households or int(os.environ.get(ENV_HOUSEHOLDS, DEFAULT_HOUSEHOLDS))
    return Dashboard(households)


def _initial(option: Any) -> Any:
    """The starting value of one ``model_params`` entry (a Slider, an input dict or a constant)."""
    if isinstance(option, Slider):
        return option.value
    if isinstance(option, dict):
        return option["value"]
    return option


page = make_page()
