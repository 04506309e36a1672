"""Running a scenario and writing its results: tidy CSV files and a manifest.

Outputs are first written to a temporary directory beside the target and moved into place only
when complete, so a failed run leaves nothing behind, and an existing results directory is never
replaced unless the caller asks for it.
"""

from __future__ import annotations

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
from model.scenario import Scenario

__all__ = ["RunResult", "run_scenario", "write_results", "check_output_dir", "OutputExistsError"]


class OutputExistsError(FileExistsError):
    """Raised when the output directory already holds results and overwriting was not asked."""


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


def run_scenario(
    scenario: str | Path | Scenario | None = None,
    *,
    seed: int | None = None,
    households: int | None = None,
) -> RunResult:
    """Run one scenario to its end year and collect its results.

    Args:
        scenario: A scenario file, a ``Scenario``, or None for the baseline defaults.
        seed: The run's seed; None uses the scenario's ``run.seed``.
        households: Simulated households; None uses the scenario's setting or the full county.

    Returns:
        The run's tidy results and manifest.
    """
    from model import __version__

    started = time.perf_counter()
    model = LinxiModel(scenario, households=households, rng=seed).run()
    elapsed = time.perf_counter() - started
    config = model.config
    manifest = {
        "scenario": config.name,
        "scenario_file": str(scenario) if isinstance(scenario, str | Path) else None,
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
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(f"{out}: already holds results; pass --overwrite to replace them")
    return out


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
