"""Plain-text tables of metrics, headed by each metric's label and display unit.

Every number is shown in the display unit the metric dictionary gives it (``data/metrics.toml``),
and the unit is printed in the column's heading: a two-line heading, the label above the unit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from model.metric_dictionary import find

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["display", "interval", "metric_columns_text", "text_table"]


def _number(value: float | None, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def display(value: float, metric: str, table: str = "annual") -> str:
    """One value in the metric's display unit and decimals (without the unit)."""
    entry = find(metric, table)
    if entry is None:
        return _number(value, 2)
    return _number(value * entry.display_scale, entry.digits)


def interval(median: float, p10: float, p90: float, digits: int | None = 1) -> str:
    """``median [p10, p90]`` with thousands separators; ``n/a`` where undefined.

    Args:
        median: The median.
        p10: The 10th percentile.
        p90: The 90th percentile.
        digits: Decimals; None picks them from the size of the median.
    """
    if median is None or not math.isfinite(median):
        return "n/a"
    if digits is None:
        size = abs(median)
        whole = all(float(v).is_integer() for v in (median, p10, p90) if math.isfinite(v))
        digits = 0 if whole or size >= 100 else 2 if size >= 1 else 4
    return f"{_number(median, digits)} [{_number(p10, digits)}, {_number(p90, digits)}]"


def metric_interval(median: float, p10: float, p90: float, metric: str, table: str = "annual"):
    """``median [p10, p90]`` of a metric in its display unit and decimals."""
    entry = find(metric, table)
    scale, digits = (entry.display_scale, entry.digits) if entry else (1.0, None)
    return interval(median * scale, p10 * scale, p90 * scale, digits)


def heading(metric: str, table: str = "annual") -> tuple[str, str]:
    """The two lines heading a metric's column: its label and its display unit."""
    entry = find(metric, table)
    if entry is None or metric == "year":  # a year needs no unit line
        return metric, ""
    return entry.label, entry.shown_unit


def text_table(rows: Sequence[Sequence[str]], headings: Sequence[tuple[str, str]]) -> str:
    """Right-aligned columns under two-line headings (label, then unit)."""
    widths = [
        max(len(label), len(unit), *(len(row[i]) for row in rows))
        for i, (label, unit) in enumerate(headings)
    ]
    lines = [
        "  ".join(label.rjust(w) for (label, _), w in zip(headings, widths, strict=True)),
        "  ".join(unit.rjust(w) for (_, unit), w in zip(headings, widths, strict=True)),
    ]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def metric_columns_text(frame: pd.DataFrame, metrics: Sequence[str], table: str = "annual") -> str:
    """A frame's columns as a text table: each value in its metric's display unit."""
    headings = [heading(m, table) for m in metrics]
    rows = []
    for record in frame[list(metrics)].itertuples(index=False):
        cells = []
        for metric, value in zip(metrics, record, strict=True):
            cells.append(str(int(value)) if metric == "year" else display(value, metric, table))
        rows.append(cells)
    return text_table(rows, headings)
