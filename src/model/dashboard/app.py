"""The dashboard page served by ``linxi dashboard`` (``solara run model.dashboard.app:page``).

Each Step advances the model one year (``DashboardModel.step`` runs 12 monthly steps: the model
collects its metrics each December, so drawing more often would show nothing new).
"""

from __future__ import annotations

import os
from typing import Any

from mesa.visualization import Slider, SolaraViz

from model.dashboard.components import CHART_METRICS, chart, status
from model.dashboard.params import (
    DEFAULT_HOUSEHOLDS,
    ENV_HOUSEHOLDS,
    DashboardModel,
    model_params,
)

__all__ = ["make_page", "page", "STEPS_PER_RENDER"]

#: Dashboard steps (years) per Step click and per redraw while playing.
STEPS_PER_RENDER = 1


def make_page(households: int | None = None):  # noqa: ANN201 (a Solara element)
    """The SolaraViz page for a county of ``households`` households."""
    households = households or int(os.environ.get(ENV_HOUSEHOLDS, DEFAULT_HOUSEHOLDS))
    params = model_params(households)
    model = DashboardModel(**{key: _initial(option) for key, option in params.items()})
    components = [status, *(chart(metric) for metric in CHART_METRICS)]
    return SolaraViz(
        model,
        components=components,
        model_params=params,
        name="Linxi County: aid, jobs and poverty",
        render_interval=STEPS_PER_RENDER,
        play_interval=300,
    )


def _initial(option: Any) -> Any:
    """The starting value of one ``model_params`` entry (a Slider, an input dict or a constant)."""
    if isinstance(option, Slider):
        return option.value
    if isinstance(option, dict):
        return option["value"]
    return option


page = make_page()
