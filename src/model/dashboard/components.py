"""The dashboard's charts and tables: the current run beside the baseline.

The baseline is ``scenarios/baseline.toml`` run to its end with the current run's seed and
households (common random numbers, so the gap between the lines is the effect of what the
sliders and the scenario changed). It is computed once per (seed, households) and cached
(``model.dashboard.effects``). Beside the charts, a status line and the effect table.
"""

from __future__ import annotations

import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from mesa.visualization.utils import update_counter

from model.county import LinxiModel
from model.dashboard.effects import baseline_run, effect_rows
from model.plots._common import metric_label

__all__ = [
    "CHART_METRICS",
    "EffectTable",
    "MetricChart",
    "RunStatus",
    "baseline_annual",
    "chart",
    "effect_table",
    "status",
    "year_status",
]

#: The metrics charted, in order; each must be a column of ``LinxiModel.annual_frame()``.
CHART_METRICS: tuple[str, ...] = (
    "poverty_rate",
    "income_pc_mean_registered",
    "jobs",
    "aid_spent_yuan",
)


def baseline_annual(seed: int, households: int) -> pd.DataFrame:
    """The annual frame of ``baseline.toml`` (in ``scenario_dir()``) at this seed and scale.

    Computed once per (file, seed, households) and cached; treat the frame as read-only.
    """
    return baseline_run(seed, households).annual


def _figure(model: LinxiModel, metric: str) -> Figure:
    label, scale = metric_label(metric)
    fig = Figure(figsize=(5.6, 3.4), layout="constrained")
    ax = fig.subplots()
    base = baseline_annual(model.seed, len(model.households))
    ax.plot(
        base["year"],
        scale * base[metric],
        linestyle="--",
        color="0.45",
        marker=".",
        label=f"baseline, seed {model.seed}",
    )
    current = model.annual_frame()
    if not current.empty:
        ax.plot(
            current["year"],
            scale * current[metric],
            color="#d62728",
            marker="o",
            label=f"this run: {model.config.name} with the sliders",
        )
    ax.set_xlim(model.start_year - 0.5, max(model.end_year, int(base["year"].max())) + 0.5)
    ax.set_xlabel("Year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(label, fontsize=8)
    ax.set_title(label.split(" (")[0], fontsize=10)
    ax.legend(fontsize=7)
    return fig


@solara.component
def MetricChart(model: LinxiModel, metric: str) -> None:
    """One metric over the years: the current run (solid) and the baseline (dashed)."""
    update_counter.get()  # redraw whenever the model steps
    solara.FigureMatplotlib(_figure(model, metric), format="png", dpi=90)


def chart(metric: str):
    """A SolaraViz component function drawing ``metric`` for the model it is given."""

    def draw(model: LinxiModel):
        return MetricChart(model, metric)

    draw.__name__ = f"chart_{metric}"
    return draw


@solara.component
def RunStatus(model: LinxiModel) -> None:
    """Where the run stands and its latest year's figures, as text."""
    update_counter.get()  # redraw whenever the model steps
    rows = model.annual_frame()
    lines = [
        f"**{model.config.name}**, seed {model.seed}, {len(model.households):,} households; "
        f"{model.start_year}-{model.end_year}"
    ]
    if not rows.empty:
        lines.append(year_status(rows.iloc[-1]))
    else:
        lines.append("No year completed yet: press Step (one year) or play.")
    solara.Markdown("\n\n".join(lines))


def year_status(row: pd.Series) -> str:
    """One line of a year's figures (a row of ``LinxiModel.annual_frame()``)."""
    return (
        f"Year {int(row['year'])}: poverty {100 * row['poverty_rate']:.1f}%, "
        f"income of the registered poor {row['income_pc_mean_registered']:,.0f} yuan/person, "
        f"firm jobs {int(row['jobs'])}, aid spent {row['aid_spent_yuan'] / 1e6:.2f} M yuan"
    )


def status(model: LinxiModel):
    """SolaraViz component function for ``RunStatus``."""
    return RunStatus(model)


@solara.component
def EffectTable(model: LinxiModel) -> None:
    """This run against the baseline at the same seed, in the latest year finished."""
    update_counter.get()  # redraw whenever the model steps
    solara.Markdown(effect_rows(model))


def effect_table(model: LinxiModel):
    """SolaraViz component function for ``EffectTable``."""
    return EffectTable(model)
