"""Standard plots of the model's results (matplotlib).

Every function takes data (a DataFrame in a documented schema, a ``RunResult`` or a model) and
an optional ``ax``, draws on it (or on a new figure) and returns the ``Figure``:

* one run: ``poverty_rate``, ``income_by_source``, ``jobs_by_employer``;
* experiments: ``scenario_comparison``, ``dose_response``, ``impact_by_decile``,
  ``winners_losers``, ``calibration_fit``, ``sensitivity_indices``, ``program_league``;
* one household: ``follow`` records households through a run, ``household_story`` draws one.

``save_run_plots`` writes the single-run figures as PNG files (``linxi run --plots``);
``render_comparison_plots``, ``render_league_plots``, ``render_sweep_plots`` and
``render_sensitivity_plots`` draw an experiment's figures as PNG bytes
(``linxi compare/league/sweep/sensitivity --plots``).
"""

from model.plots import save
from model.plots.experiments import (
    calibration_fit,
    dose_response,
    impact_by_decile,
    scenario_comparison,
    sensitivity_indices,
    winners_losers,
)
from model.plots.household import follow, household_story, programs_in_mask
from model.plots.league import program_league
from model.plots.run import income_by_source, jobs_by_employer, poverty_rate, program_starts
from model.plots.save import *  # noqa: F403 (its __all__, re-exported below)

__all__ = [
    "calibration_fit",
    "dose_response",
    "follow",
    "household_story",
    "impact_by_decile",
    "income_by_source",
    "jobs_by_employer",
    "poverty_rate",
    "program_league",
    "program_starts",
    "programs_in_mask",
    "scenario_comparison",
    "sensitivity_indices",
    "winners_losers",
]
__all__ += save.__all__  # the rendering helpers, as they are listed there
