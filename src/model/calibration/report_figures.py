"""The calibration report's figures, and the posterior predictive runs one of them draws.

``model.calibration.report`` writes ``docs/calibration.md`` and calls these for
``docs/img/calibration_fit.png`` (every target against its reported value),
``calibration_posterior.png`` (the posterior marginals) and ``calibration_predictive.png`` (yearly
series over posterior draws and seeds).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: importing this never changes the backend

from model.calibration.defaults import data_dir

__all__ = [
    "PREDICTIVE_SERIES",
    "ensemble_scale",
    "plot_fit",
    "plot_posterior",
    "plot_predictive",
    "posterior_predictive",
]


def plot_fit(table: pd.DataFrame, path: Path) -> None:
    """Every target: simulated over reported on a log scale, with the 90% interval and tolerance."""
    shown = table[table["runs"] > 0].reset_index(drop=True)
    fig = Figure(figsize=(8, 0.32 * len(shown) + 1.5))
    ax = fig.subplots()
    floor, ceiling = 0.01, 20.0  # ratios outside are drawn at the edge

    def ratio(value: float, ref: float) -> float:
        return float(np.clip(value / ref, floor, ceiling)) if math.isfinite(value) else ceiling

    for i, row in shown.iterrows():
        ref = abs(row["reported"]) if row["reported"] != 0 else abs(row["tol_high"]) or 1.0
        lo = ratio(row["tol_low"], ref) if math.isfinite(row["tol_low"]) else floor
        hi = ratio(row["tol_high"], ref)
        ax.fill_betweenx([i - 0.35, i + 0.35], lo, hi, color="tab:green", alpha=0.25, lw=0)
        ax.plot([ratio(row["q05"], ref), ratio(row["q95"], ref)], [i, i], color="tab:blue")
        color = "tab:green" if row["passed"] else "tab:red"
        ax.plot(ratio(row["median"], ref), i, "o", color=color)
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_yticks(np.arange(len(shown)), shown["id"], fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(floor * 0.8, ceiling * 1.2)
    ax.set_xlabel(
        "simulated / reported, log scale (dot: median, green inside the tolerance; "
        "line: 90% interval; shade: tolerance)",
        fontsize=8,
    )
    ax.set_title("Shipped defaults against the reported figures")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def plot_posterior(posterior: pd.DataFrame, path: Path) -> None:
    """A histogram of each free parameter's posterior sample."""
    names = list(posterior.columns)
    cols = 3
    rows = math.ceil(len(names) / cols)
    fig = Figure(figsize=(10, 2.3 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        ax.hist(posterior[name], bins=20, color="tab:blue", alpha=0.8)
        ax.set_title(name, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    fig.suptitle("Posterior marginals (data/posterior.csv; multipliers are relative)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


#: Yearly series shown with posterior predictive intervals.
PREDICTIVE_SERIES: tuple[tuple[str, str], ...] = (
    ("income_pc_mean", "rural income per person (yuan)"),
    ("official_incidence", "official incidence (share of rural people)"),
    ("registered_poor", "registered poor not exited (people, county scale)"),
)


def posterior_predictive(
    households: int, runs: int, executor: Executor | None = None, progress: bool = False
) -> pd.DataFrame | None:
    """Yearly medians and 10-90% intervals of the baseline over posterior draws and seeds.

    Each run draws its parameters from the shipped posterior (``run_ensemble`` with
    ``parameter_uncertainty``), so the intervals carry parameter uncertainty and chance.

    Returns:
        One row per series and year (``metric, year, p10, median, p90``), registered counts at
        county scale; None when no posterior is shipped.
    """
    if not (data_dir() / "posterior.csv").is_file():
        return None
    from model.experiments import run_ensemble  # the report is a tool: it may use experiments

    ensemble = run_ensemble(
        None,
        runs,
        households=households,
        executor=executor,
        progress=progress,
        parameter_uncertainty=True,
    )
    annual = ensemble.annual
    to_county = ensemble_scale(households)
    rows = []
    for metric, _label in PREDICTIVE_SERIES:
        values = annual[metric] * (to_county if metric == "registered_poor" else 1.0)
        grouped = values.groupby(annual["year"])
        for year, group in grouped:
            rows.append(
                {
                    "metric": metric,
                    "year": int(year),
                    "p10": float(group.quantile(0.1)),
                    "median": float(group.median()),
                    "p90": float(group.quantile(0.9)),
                }
            )
    return pd.DataFrame(rows)


def full_county_households() -> int:
    """Households in the full county under the shipped defaults."""
    from model.county import LinxiModel
    from model.parameters import default_parameters

    return LinxiModel.full_county_households(default_parameters())


def ensemble_scale(households: int) -> float:
    """Households of the full county over ``households`` (to put counts at county scale)."""
    return full_county_households() / households


def plot_predictive(bands: pd.DataFrame, path: Path) -> None:
    """The posterior predictive median and 10-90% band of each series in PREDICTIVE_SERIES."""
    fig = Figure(figsize=(11, 3.2))
    axes = fig.subplots(1, len(PREDICTIVE_SERIES))
    for ax, (metric, label) in zip(axes, PREDICTIVE_SERIES, strict=True):
        rows = bands[bands["metric"] == metric]
        ax.fill_between(rows["year"], rows["p10"], rows["p90"], color="tab:blue", alpha=0.25)
        ax.plot(rows["year"], rows["median"], color="tab:blue", marker="o", markersize=3)
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=7)
    fig.suptitle("Posterior predictive: median and 10-90% band over posterior draws and seeds")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
