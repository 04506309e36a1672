"""Calibration of the model to the reported figures.

* ``load_targets`` / ``evaluate_targets``: the targets of ``data/targets.toml`` and how the model
  does against them, on one run or an ensemble.
* ``free_parameters``: the parameters fitted and their priors.
* ``calibrate``: fit them by Optuna (point estimate) or ABC-SMC (posterior), on any executor,
  resuming from a database.
* ``write_calibrated_defaults`` / ``posterior_sample``: ship the point estimate as the defaults
  and a posterior sample for ensembles.
* ``calibration_report``: regenerate ``docs/calibration.md``.
"""

from model.calibration.api import CalibrationResult, build_problem, calibrate
from model.calibration.defaults import posterior_sample, write_calibrated_defaults
from model.calibration.free_parameters import FreeParameter, free_parameters
from model.calibration.targets import Target, TargetSet, evaluate_targets, load_targets

__all__ = [
    "CalibrationResult",
    "FreeParameter",
    "Target",
    "TargetSet",
    "build_problem",
    "calibrate",
    "calibration_report",
    "evaluate_targets",
    "free_parameters",
    "load_targets",
    "posterior_sample",
    "write_calibrated_defaults",
]


def calibration_report(*args, **kwargs):
    """Regenerate ``docs/calibration.md`` (see ``model.calibration.report.write_report``)."""
    from model.calibration.report import write_report

    return write_report(*args, **kwargs)
