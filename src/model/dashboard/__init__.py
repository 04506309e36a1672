"""The browser dashboard: a Mesa SolaraViz app with funding sliders and live charts.

``linxi dashboard`` serves ``model.dashboard.app:page``; in Jupyter, ``make_page()`` returns the
same page to display inline. The pieces are importable on their own: ``DashboardModel`` (the
model the sliders rebuild), ``model_params`` (the sliders), ``baseline_annual`` (the baseline
drawn beside the current run), ``model.dashboard.effects`` (the effect table: the run against
the baseline at the same seed).
"""

from model.dashboard.components import CHART_METRICS, baseline_annual
from model.dashboard.params import (
    DEFAULT_HOUSEHOLDS,
    DashboardModel,
    funding_levers,
    model_params,
    scenario_dir,
    scenario_files,
)

__all__ = [
    "CHART_METRICS",
    "DEFAULT_HOUSEHOLDS",
    "DashboardModel",
    "baseline_annual",
    "funding_levers",
    "make_page",
    "model_params",
    "scenario_dir",
    "scenario_files",
]


def make_page(households: int | None = None):
    """Build the dashboard page (a SolaraViz element) for ``households`` households."""
    from model.dashboard.app import make_page as _make_page

    return _make_page(households)
