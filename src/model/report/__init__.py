"""A self-contained HTML report of a scenario, alone or against a baseline.

::

    from model.report import write_report

    path = write_report("scenarios/industry_doubled.toml", vs="scenarios/baseline.toml",
                        runs=5, households=5000)

The page holds the scenario's question and description, a headline table with intervals across
runs, the standard figures (embedded as PNG), with ``league=True`` what each program did (the
league of programs), the settings that differ from the defaults and a manifest. Modules:
``content`` (runs the experiment, gathers tables and figures), ``figures``, ``league`` (the
league's section), ``settings`` (question and settings diff) and ``html`` (the layout).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from model.report.content import ReportContent, RunPlan, comparison_content, ensemble_content
from model.report.html import render_html
from model.report.league import league_section
from model.report.settings import scenario_question
from model.results import OutputExistsError, check_writable_dir
from model.scenario import Scenario, load_scenario

__all__ = ["ReportContent", "default_report_path", "render_html", "write_report"]


def default_report_path(scenario: str, baseline: str | None = None) -> Path:
    """``results/<scenario>.html``, or ``results/<scenario>_vs_<baseline>.html``."""
    name = scenario if baseline is None else f"{scenario}_vs_{baseline}"
    return Path("results") / f"{name}.html"


def _load(spec: str | Path | Scenario, overrides: Mapping[str, Any] | None) -> Scenario:
    scenario = spec if isinstance(spec, Scenario) else load_scenario(spec)
    return scenario.with_overrides(overrides, source="overrides") if overrides else scenario


def _refuse_existing(out: Path, overwrite: bool) -> None:
    check_writable_dir(out.parent)  # a folder we can write in, not a file
    if out.exists() and not overwrite:
        raise OutputExistsError(f"{out}: file exists; pass --overwrite to replace it")
    if out.is_dir():
        raise OutputExistsError(f"{out}: is a directory; expected the path of an HTML file")


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it: never a half-written page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(
    scenario: str | Path | Scenario,
    vs: str | Path | Scenario | None = None,
    *,
    runs: int = 5,
    households: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    executor: Executor | None = None,
    out: str | Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
    league: bool = False,
) -> Path:
    """Run a scenario (against a baseline, if given) and write its HTML report.

    Args:
        scenario: The scenario: a TOML file or a ``Scenario``.
        vs: A baseline to compare with, run at the same seeds; None reports the scenario
            alone (an ensemble of ``runs`` seeds).
        runs: Runs (seeds) per scenario.
        households: Simulated households; None uses the scenario's setting or the full county.
        seed: First seed; None uses the scenario's (with ``vs``, the baseline's) ``run.seed``.
        overrides: Dotted-key values applied to both scenarios, like ``--set``.
        executor: Any ``concurrent.futures.Executor`` to run on; None runs here.
        out: The HTML file; None is ``default_report_path(...)``.
        overwrite: Replace ``out`` if it exists.
        progress: Show a progress bar.
        league: Also run the league of programs on ``scenario`` (each program removed and
            alone: ``2 * programs + 2`` runs per seed) and add its section.

    Returns:
        The path of the report.

    Raises:
        ScenarioError: If a scenario file or an override is invalid (nothing is written).
        OutputExistsError: If ``out`` exists and ``overwrite`` is False (checked before running).
        ValueError: If the two scenarios do not cover the same years.
        ExperimentFailedError: If every run failed.
    """
    config = _load(scenario, overrides)
    base = _load(vs, overrides) if vs is not None else None
    path = (
        Path(out)
        if out is not None
        else default_report_path(config.name, base.name if base else None)
    )
    _refuse_existing(path, overwrite)  # before running, not after minutes of it
    plan = RunPlan(runs, seed, households, executor, progress)
    if base is None:
        content = ensemble_content(config, plan)
    else:
        content = comparison_content(config, base, plan)
    if league:
        content.sections.append(league_section(config, plan))
    if not isinstance(scenario, Scenario):
        content.question = scenario_question(scenario)
        content.manifest["scenario file"] = str(scenario)
    if vs is not None and not isinstance(vs, Scenario):
        content.manifest["baseline file"] = str(vs)
    content.manifest["executor"] = type(executor).__name__ if executor else "this process"
    if overrides:
        content.manifest["overrides"] = ", ".join(f"{k}={v!r}" for k, v in overrides.items())
    _refuse_existing(path, overwrite)  # another process may have written it meanwhile
    _write_atomically(path, render_html(content))
    return path
