"""The dashboard page served by ``linxi dashboard`` (``solara run model.dashboard.app:page``).

Each Step advances the model one year (``DashboardModel.step`` runs 12 monthly steps: the model
collects its metrics each December, so drawing more often would show nothing new). "Run to the
end" runs the rest of the run in a background thread, with a progress bar (the baseline first,
when this seed and scale have none yet), redrawing the charts as it goes.

The scenario picker sits above Mesa's controls: choosing a scenario builds its model and sets
every funding slider and 379 share to that scenario's own values (Mesa's own inputs keep the
values they started with, so the page is built anew for each scenario). Every slider shows its
value beside its handle (``SLIDER_VALUES_CSS``).
"""

from __future__ import annotations

import os
import time
from typing import Any

import solara
from mesa.visualization import Slider, SolaraViz
from mesa.visualization.utils import force_update

from model.dashboard.components import CHART_METRICS, chart, effect_table, status
from model.dashboard.effects import baseline_run
from model.dashboard.params import (
    DEFAULT_HOUSEHOLDS,
    ENV_HOUSEHOLDS,
    DashboardModel,
    model_params,
)

__all__ = [
    "REDRAW_SECONDS",
    "SLIDER_VALUES_CSS",
    "STEPS_PER_RENDER",
    "Dashboard",
    "RunToEnd",
    "make_page",
    "page",
]

#: Dashboard steps (years) per Step click and per redraw while playing.
STEPS_PER_RENDER = 1

#: While running to the end, redraw the charts at most this often (seconds) and at the end:
#: four charts cost more to draw than a year of a small county costs to run.
REDRAW_SECONDS = 1.0

#: Every slider (Mesa's controls and the model's inputs) shows its value above its handle: the
#: ``aria-valuenow`` attribute Vuetify keeps on the handle, so the number is the slider's own.
SLIDER_VALUES_CSS = """
.v-slider__thumb-container[aria-valuenow]::after {
    content: attr(aria-valuenow);
    position: absolute;
    top: -22px;
    left: 50%;
    transform: translateX(-50%);
    font-size: 11px;
    font-weight: 600;
    white-space: nowrap;
    pointer-events: none;
}
.v-slider { margin-top: 14px; }
"""


@solara.component
def RunToEnd(model: solara.Reactive[DashboardModel]) -> None:
    """A button that runs the current model to its end in the background, with a progress bar.

    The baseline at this seed and scale is computed first if it is not cached; then each year is
    stepped and the charts and tables redrawn. Resetting the model stops the run.
    """
    message = solara.use_reactive("")
    percent = solara.use_reactive(0.0)

    def run() -> None:
        current = model.value
        started = time.perf_counter()
        years = current.end_year - current.start_year + 1
        seed, households = current.seed, len(current.households)

        def baseline_year(year: int) -> None:
            percent.set(100 * (year - current.start_year + 1) / years)
            message.set(f"Computing the baseline (seed {seed}): {year}")

        baseline_run(seed, households, on_year=baseline_year)
        drawn = time.perf_counter()
        while current.running and model.value is current:  # a Reset replaces the model
            current.step()
            done = len(current.annual_frame())
            percent.set(100 * done / years)
            message.set(f"Running {current.config.name}: {current.year} ({done} of {years} years)")
            if time.perf_counter() - drawn >= REDRAW_SECONDS:  # drawing costs more than a year
                force_update()
                drawn = time.perf_counter()
        force_update()
        seconds = time.perf_counter() - started
        message.set(f"Finished {current.start_year}-{current.end_year} in {seconds:.1f} s")

    task = solara.lab.use_task(run, dependencies=None, prefer_threaded=True)
    with solara.Card("Run"):
        solara.Button(
            "Run to the end",
            color="primary",
            on_click=lambda: task(),
            disabled=task.pending or not model.value.running,
        )
        solara.ProgressLinear(percent.value if task.pending else False)
        solara.Text(message.value, classes=["linxi-progress"])
        if task.error:
            solara.Error(f"The run failed: {task.exception}")


@solara.component
def Dashboard(households: int) -> None:
    """The SolaraViz page; each browser session builds its own model (so tabs do not share)."""
    scenario_file, set_scenario_file = solara.use_state("baseline.toml")
    params = solara.use_memo(
        lambda: model_params(households, scenario_file), [households, scenario_file]
    )
    picker = params["scenario_file"]
    inputs = {**params, "scenario_file": scenario_file}  # chosen above, not among Mesa's inputs
    initial = solara.use_memo(
        lambda: DashboardModel(**{key: _initial(option) for key, option in inputs.items()}),
        [households, scenario_file],
    )
    # one reactive model shared with Mesa's controls, so that a Reset is seen here too
    model = solara.use_reactive(initial)
    components = solara.use_memo(
        lambda: [status, effect_table, *(chart(m) for m in CHART_METRICS)], []
    )
    solara.Style(SLIDER_VALUES_CSS)
    with solara.Sidebar():
        with solara.Card("Scenario"):
            solara.Select(
                picker["label"],
                value=scenario_file,
                values=picker["values"],
                on_value=set_scenario_file,
            )
        RunToEnd(model)
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
            ``linxi dashboard``), else ``DEFAULT_HOUSEHOLDS``.
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
