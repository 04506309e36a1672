"""Rendering the single-run figures to PNG files (``linxi run --plots``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from model.plots.run import income_by_source, jobs_by_employer, poverty_rate
from model.results import RunResult

__all__ = ["RUN_PLOTS", "render_run_plots", "save_run_plots"]

#: File name of each single-run figure and how it is drawn from a ``RunResult``.
RUN_PLOTS: dict[str, Callable[[RunResult], Figure]] = {
    "poverty_rate.png": lambda r: poverty_rate(r.annual, programs=r.programs),
    "income_by_source.png": lambda r: income_by_source(r),
    "jobs_by_employer.png": lambda r: jobs_by_employer(r.programs),
}


def render_run_plots(result: RunResult, dpi: int = 120) -> dict[str, bytes]:
    """Draw the single-run figures and return their PNG bytes by file name.

    Rendering to memory first lets the caller write nothing when a figure fails.
    """
    images: dict[str, bytes] = {}
    for name, draw in RUN_PLOTS.items():
        fig = draw(result)
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi)
            images[name] = buffer.getvalue()
        finally:
            plt.close(fig)
    return images


def save_run_plots(result: RunResult, out_dir: str | Path, dpi: int = 120) -> list[Path]:
    """Write the single-run figures as PNG files into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in render_run_plots(result, dpi).items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths
