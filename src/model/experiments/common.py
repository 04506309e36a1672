"""Helpers shared by the experiments: seeds, stores, metric columns and interval summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.errors import ScenarioError
from model.experiments.store import RunStore, StoreMismatchError
from model.limits import RUNS_MAX, SEED_MAX
from model.scenario import Scenario

__all__ = [
    "ID_COLUMNS",
    "annual_metric_names",
    "experiment_definition",
    "interval_summary",
    "metric_columns",
    "open_store",
    "seeds_for",
]

#: Columns that identify a row rather than measure something.
ID_COLUMNS = ("scenario", "point", "seed", "year", "program", "family", "decile", "group")


def seeds_for(scenario: Scenario, runs: int, seed: int | None) -> list[int]:
    """Seeds of ``runs`` runs: ``seed0 + i``, with seed0 the given seed or the scenario's."""
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= RUNS_MAX:
        raise ScenarioError("experiment", "runs", f"expected 1 to {RUNS_MAX:,} runs, got {runs!r}")
    first = scenario.run.seed if seed is None else seed
    if isinstance(first, bool) or not isinstance(first, int) or first < 0:
        raise ScenarioError("experiment", "seed", f"expected a seed >= 0, got {first!r}")
    if first + runs - 1 > SEED_MAX:
        raise ScenarioError(
            "experiment",
            "seed",
            f"seeds {first} to {first + runs - 1} go past 2**63-1; start lower",
        )
    return [first + i for i in range(runs)]


def open_store(
    store: str | Path | RunStore | None, definition: Mapping[str, Any], overwrite: bool = False
) -> RunStore | None:
    """Open (or create) the store an experiment writes to; None keeps runs in memory only."""
    if store is None or isinstance(store, RunStore):
        if isinstance(store, RunStore) and store.definition != RunStore.canonical(definition):
            raise StoreMismatchError(
                f"{store.path}: the store was opened for a different experiment"
            )
        return store
    return RunStore(store, definition, overwrite=overwrite)


def experiment_definition(kind: str, **parts: Any) -> dict[str, Any]:
    """The definition an experiment's store is keyed on (plus the package version)."""
    from model import __version__

    return {"experiment": kind, "version": __version__, **parts}


def annual_metric_names(scenario: Scenario | None = None) -> list[str]:
    """The annual metrics the model reports (every DataCollector reporter but the year).

    Args:
        scenario: Unused; every scenario reports the same metrics (kept for callers).
    """
    from model.metric_dictionary import table_metrics

    return [name for name in table_metrics("annual") if name != "year"]


def metric_columns(frame: pd.DataFrame) -> list[str]:
    """The numeric columns of a frame that are measurements (not ids), in frame order."""
    return [
        column
        for column in frame.columns
        if column not in ID_COLUMNS
        and pd.api.types.is_numeric_dtype(frame[column])
        and not pd.api.types.is_bool_dtype(frame[column])
    ]


def _p10(values: pd.Series) -> float:
    return float(np.nanquantile(values, 0.1)) if values.notna().any() else float("nan")


def _p90(values: pd.Series) -> float:
    return float(np.nanquantile(values, 0.9)) if values.notna().any() else float("nan")


def _median(values: pd.Series) -> float:
    return float(np.nanmedian(values)) if values.notna().any() else float("nan")


def interval_summary(
    frame: pd.DataFrame, by: Sequence[str], metrics: Sequence[str] | None = None
) -> pd.DataFrame:
    """Median and 10th/90th percentiles across runs, long: ``by...``, metric, median, p10, p90.

    Args:
        frame: One row per run (and per ``by`` group), wide in metrics.
        by: Columns to group by (e.g. ``["scenario", "year"]``).
        metrics: Columns to summarise; default every metric column.
    """
    metrics = list(metrics) if metrics is not None else metric_columns(frame)
    long = frame.melt(id_vars=list(by), value_vars=metrics, var_name="metric")
    long["value"] = long["value"].astype(float)
    grouped = long.groupby([*by, "metric"], sort=False)["value"]
    summary = grouped.agg(median=_median, p10=_p10, p90=_p90).reset_index()
    order = {name: i for i, name in enumerate(metrics)}
    summary["_order"] = summary["metric"].map(order)
    return (
        summary.sort_values([*by, "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
