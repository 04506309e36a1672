"""Running a scenario and writing its results: tidy CSV files and a manifest.

Outputs are first written to a temporary directory beside the target and moved into place only
when complete, so a failed run leaves nothing behind, and an existing results directory is never
replaced unless the caller asks for it.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.county import LinxiModel
from model.errors import OutputExistsError
from model.scenario import Scenario, load_scenario

__all__ = [
    "COLLECT_FROM_HOUSEHOLDS",
    "OutputExistsError",
    "RunResult",
    "check_output_dir",
    "check_writable_dir",
    "collect_after_run",
    "run_scenario",
    "write_results",
]


@dataclass
class RunResult:
    """The tidy results of one run.

    Attributes:
        annual: County metrics, one row per year.
        programs: Per-program spending, beneficiaries and jobs, one row per program per year.
        monthly: Monthly series.
        ledger: Every program's ledger entries, with its funder.
        beneficiaries: Beneficiaries by program, year and channel, as the account counts them.
        manifest: Scenario, seed, package version, all parameters, run time.
        model: The finished model (for inspecting households); not written to disk.
    """

    annual: pd.DataFrame
    programs: pd.DataFrame
    monthly: pd.DataFrame
    ledger: pd.DataFrame
    beneficiaries: pd.DataFrame
    manifest: dict[str, Any]
    model: LinxiModel | None = None


#: Runs of at least this many households free their model as soon as they end
#: (``collect_after_run``); smaller ones (about 0.5 KB a household) are left to Python.
COLLECT_FROM_HOUSEHOLDS = 20_000


def collect_after_run(households: int) -> None:
    """Free a finished run's model now, if it was large; call once its last reference is gone.

    ``run_scenario`` keeps the model in its result (``RunResult.model``), so a caller that only
    reads the tables calls this after dropping the result.

    A model is a web of reference cycles (each Mesa agent points back at its model), so
    reference counting never frees it: its arrays (about 45 MiB at full county) wait for
    Python's next full collection, which comes only when the long-lived objects have grown by a
    quarter; a process-pool worker that ran 50 full-county runs held 1.3 GiB. A collection walks
    every object the process holds (35-65 ms at full county); in ``make_executor``'s workers,
    which freeze their imports out of it, about 1 ms.

    Args:
        households: The households the run simulated.
    """
    if households >= COLLECT_FROM_HOUSEHOLDS:
        gc.collect()


def run_scenario(
    scenario: str | Path | Scenario | None = None,
    *,
    seed: int | None = None,
    households: int | None = None,
) -> RunResult:
    """Run one scenario to its end year and collect its results.

    Unlike ``LinxiModel(rng=None)``, which draws a fresh seed as Mesa does, a scenario run is
    reproducible by default: without ``seed`` it runs at the scenario's ``run.seed``.

    Args:
        scenario: A scenario file, a ``Scenario``, or None for the baseline defaults.
        seed: The run's seed; None uses the scenario's ``run.seed``.
        households: Simulated households; None uses the scenario's setting or the full county.

    Returns:
        The run's tidy results and manifest (which records the seed).
    """
    from model import __version__

    scenario_file = str(scenario) if isinstance(scenario, str | Path) else None
    if not isinstance(scenario, Scenario):
        scenario = Scenario(name="baseline") if scenario is None else load_scenario(scenario)
    started = time.perf_counter()
    rng = scenario.run.seed if seed is None else seed
    model = LinxiModel(scenario, households=households, rng=rng).run()
    elapsed = time.perf_counter() - started
    config = model.config
    manifest = {
        "scenario": config.name,
        "scenario_file": scenario_file,
        "description": config.description,
        "seed": model.seed,
        "households": len(model.households),
        "people": int(model.households.size.sum()),
        "years": [model.start_year, model.end_year],
        "package": "linxi-model",
        "version": __version__,
        "python": platform.python_version(),
        "run_seconds": round(elapsed, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scenario_settings": config.model_dump(mode="json"),
        "parameters": model.params.to_dict(),
    }
    return RunResult(
        annual=model.annual_frame(),
        programs=model.programs_frame(),
        monthly=model.monthly_frame(),
        ledger=model.ledger_frame(),
        beneficiaries=model.beneficiaries_frame(),
        manifest=manifest,
        model=model,
    )


def check_output_dir(out_dir: str | Path, overwrite: bool = False) -> Path:
    """Refuse an output directory that already holds results, unless overwriting is asked.

    Raises:
        OutputExistsError: If ``out_dir`` exists, is not empty, and ``overwrite`` is false.
    """
    out = Path(out_dir)
    check_writable_dir(out)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(f"{out}: already holds results; pass --overwrite to replace them")
    return out


def check_writable_dir(path: str | Path) -> Path:
    """Refuse a folder that cannot be made or written: a file, or under a file or a read-only one.

    Raises:
        OutputExistsError: One line naming the path and what is in the way.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputExistsError(f"{path}: is a file, not a folder; choose another output folder")
    existing = path
    while not existing.exists():  # the nearest folder that exists must be one we can write in
        existing = existing.parent
    if not existing.is_dir():
        raise OutputExistsError(f"{path}: {existing} is a file, so the folder cannot be made")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputExistsError(f"{path}: cannot write in {existing} (permission denied)")
    return path


def write_results(result: RunResult, out_dir: str | Path, overwrite: bool = False) -> Path:
    """Write the annual, programs, monthly, ledger and beneficiaries CSV files and the manifest.

    Args:
        result: The run's results.
        out_dir: Target directory; created if missing.
        overwrite: Replace an existing non-empty directory (otherwise refuse).

    Returns:
        The output directory.

    Raises:
        OutputExistsError: If ``out_dir`` exists, is not empty, and ``overwrite`` is false.
    """
    out = check_output_dir(out_dir, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        result.annual.to_csv(staging / "annual.csv", index=False)
        result.programs.to_csv(staging / "programs.csv", index=False)
        result.monthly.to_csv(staging / "monthly.csv", index=False)
        result.ledger.to_csv(staging / "ledger.csv", index=False)
        result.beneficiaries.to_csv(staging / "beneficiaries.csv", index=False)
        (staging / "manifest.json").write_text(json.dumps(result.manifest, indent=2) + "\n")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out
