"""The calibration report's figures of the fit, and how it prints numbers.

``model.calibration.report`` writes ``docs/calibration.md`` and calls these for
``docs/img/calibration_fit.png`` (every target against its reported value) and
``calibration_posterior.png`` (the posterior marginals); the posterior predictive chart is
``model.calibration.report_predictive``'s.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: importing this never changes the backend

__all__ = [
    "ensemble_scale",
    "format_number",
    "full_county_households",
    "plot_fit",
    "plot_posterior",
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


def full_county_households() -> int:
    """Households in the full county under the shipped defaults."""
    from model.county import LinxiModel
    from model.parameters import default_parameters

    return LinxiModel.full_county_households(default_parameters())


def ensemble_scale(households: int) -> float:
    """Households of the full county over ``households`` (to put counts at county scale)."""
    return full_county_households() / households


def format_number(value: float | list[float]) -> str:
    """A number as the report prints it: 3 significant digits below 10, else thousands."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_number(v) for v in value) + "]"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude < 10:
        return f"{value:.3g}"
    return f"{value:,.0f}"
