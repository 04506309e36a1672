"""The metric dictionary: every column the model writes, with its unit, definition and source.

One entry per column of each table (``annual``, ``programs``, ``monthly``, ``ledger``, the
``households`` table of comparisons, the comparison ``measures`` and their ``deciles`` and
``winners_losers``, the program ``league``), plus the id columns every table shares (scenario,
point, seed, year...). Each metric has **one unit**, the unit of its values in frames, CSV and
Parquet files. Where a table, a plot or a headline shows it in another unit (a share as a
percentage, yuan as million yuan), the display unit and factor come from here too, and the unit
is printed with the number.

Everything that shows a metric reads this module: the command line's tables, the plots' axis
labels, the comparison headline, the Parquet field metadata of stored runs, and the generated
page ``docs/metrics.md`` (``linxi metrics --markdown``).

The entries live in ``data/metrics.toml``; sources are keys of ``docs/sources.md``
("[fgt-1984]") or "this model".
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "Metric",
    "TABLES",
    "find",
    "income_sources",
    "metric",
    "metric_dictionary",
    "metric_label",
    "metrics_markdown",
    "table_metrics",
    "unit_of",
]

#: Tables with entries, in the order the docs list them.
TABLES = (
    "ids",
    "annual",
    "programs",
    "monthly",
    "ledger",
    "beneficiaries",
    "households",
    "measures",
    "deciles",
    "winners_losers",
    "league",
)

_TABLE_TEXT = {
    "ids": "Columns that identify a row, shared by every table (stored tables carry scenario, "
    "point and seed).",
    "annual": "County metrics, one row per year (`annual.csv`, `LinxiModel.annual_frame()`, the "
    "DataCollector, the `annual` table of a store). Collected every December: one collection "
    "is one year.",
    "programs": "Per program and year (`programs.csv`, `programs_frame()`, the `programs` table "
    "of a store).",
    "monthly": "Monthly series (`monthly.csv`, `monthly_frame()`).",
    "ledger": "Every program's ledger entries (`ledger.csv`, `ledger_frame()`).",
    "beneficiaries": "People and households each program reached, by channel and year "
    "(`beneficiaries.csv`, `beneficiaries_frame()`).",
    "households": "Every household's final year, kept by comparisons to pair households "
    "(the `households` table of a compare or league store).",
    "measures": "Paired measures of a comparison, one row per seed (`Comparison.measures`, "
    "`measures.csv`); the headline table gives their median and 10th-90th percentiles.",
    "deciles": "Income change by baseline income decile (`Comparison.deciles`, `deciles.csv`).",
    "winners_losers": "Households whose income rose, fell or stayed (`Comparison.winners_losers`"
    ", `winners_losers.csv`).",
    "league": "What each program did (`linxi league`, `model.experiments.league`): `league.csv` "
    "(one row per program) and `league_groups.csv` (sums by family, funder and funder group) give "
    "each measure's median across runs with `<measure>_p10` and `<measure>_p90`, for the effect "
    "of removing the program from the scenario; the same columns prefixed `alone_` give the "
    "program alone against no programs, and `interaction_` removed minus alone (additive "
    "measures only). `league_runs.csv` has one row per seed, program and `effect`.",
}


@dataclass(frozen=True)
class Metric:
    """One column and what it means.

    Attributes:
        name: The column name.
        table: The table it belongs to (see ``TABLES``).
        label: A short human name, for table headers and axes.
        unit: The unit of its values in frames and files.
        definition: How it is computed, in one or two sentences.
        concept: The quantity it measures, as the literature names it.
        source: Where the definition comes from (a key of docs/sources.md, or this model).
        display_unit: The unit tables and plots show it in (default: ``unit``).
        display_scale: Factor from ``unit`` to ``display_unit``.
        digits: Decimals shown in the display unit.
    """

    name: str
    table: str
    label: str
    unit: str
    definition: str
    concept: str
    source: str
    display_unit: str = ""
    display_scale: float = 1.0
    digits: int = 0

    @property
    def shown_unit(self) -> str:
        """The unit tables and plots show."""
        return self.display_unit or self.unit

    def heading(self) -> str:
        """``label (display unit)``: a table header or an axis label."""
        return f"{self.label} ({self.shown_unit})" if self.shown_unit else self.label

    def field_metadata(self) -> dict[bytes, bytes]:
        """Parquet field metadata: unit, definition, concept and source."""
        return {
            b"unit": self.unit.encode(),
            b"definition": self.definition.encode(),
            b"concept": self.concept.encode(),
            b"source": self.source.encode(),
        }


def _entry(table: str, name: str, item: Mapping[str, Any]) -> Metric:
    display = item.get("display", {})
    return Metric(
        name=name,
        table=table,
        label=item["label"],
        unit=item["unit"],
        definition=item["definition"],
        concept=item["concept"],
        source=item["source"],
        display_unit=display.get("unit", ""),
        display_scale=float(display.get("scale", 1.0)),
        digits=int(display.get("digits", 0)),
    )


@cache
def _data() -> dict[str, Any]:
    text = resources.files("model.data").joinpath("metrics.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _load() -> dict[str, dict[str, Metric]]:
    data = _data()
    sources: dict[str, str] = data["income_sources"]
    dictionary: dict[str, dict[str, Metric]] = {}
    for table in TABLES:
        entries: dict[str, Metric] = {}
        for key, item in data[table].items():
            if "{source}" not in key:
                entries[key] = _entry(table, key, item)
                continue
            for source, what in sources.items():  # one entry per income source, in order
                words = {"source": source.replace("_", " "), "what": what}
                filled = {
                    k: v.format(**words) if isinstance(v, str) else v for k, v in item.items()
                }
                name = key.format(source=source)
                entries[name] = _entry(table, name, filled)
        dictionary[table] = entries
    return dictionary


def income_sources() -> list[str]:
    """The income sources the dictionary describes, in order (``Households.income`` rows)."""
    return list(_data()["income_sources"])


def metric_dictionary() -> dict[str, dict[str, Metric]]:
    """Every entry, by table and column name (a copy)."""
    return {table: dict(rows) for table, rows in _load().items()}


def table_metrics(table: str) -> dict[str, Metric]:
    """The entries of one table, in column order (the id columns are in ``"ids"``)."""
    return dict(_load()[table])


def metric(name: str, table: str = "annual") -> Metric:
    """The entry of column ``name`` in ``table`` (id columns are found from any table).

    Raises:
        KeyError: If the column is in neither ``table`` nor the id columns.
    """
    entry = _load().get(table, {}).get(name) or _load()["ids"].get(name)
    if entry is None:
        raise KeyError(f"{name!r} is not in the metric dictionary ({table} table)")
    return entry


def find(name: str, table: str = "annual") -> Metric | None:
    """The entry of ``name`` in ``table`` or the id columns, or None."""
    return _load().get(table, {}).get(name) or _load()["ids"].get(name)


def unit_of(name: str, table: str = "annual") -> str:
    """The unit of a column's values."""
    return metric(name, table).unit


def metric_label(name: str, table: str = "annual") -> tuple[str, float]:
    """An axis or header label with its display unit, and the factor from values to display.

    Columns that are not in the dictionary get a label made from their name and factor 1.
    """
    entry = find(name, table)
    if entry is None:
        return name.replace("_", " ").capitalize(), 1.0
    heading = entry.heading()
    return heading[0].upper() + heading[1:], entry.display_scale


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows() -> Iterator[tuple[str, Metric]]:
    for table in TABLES:
        for entry in _load()[table].values():
            yield table, entry


def metrics_markdown() -> str:
    """Every entry as Markdown tables, one per table (``docs/metrics.md``)."""
    lines = [
        "# Metrics",
        "",
        "Generated by `linxi metrics --markdown` from `src/model/data/metrics.toml`. Do not",
        "edit by hand: run `make docs`.",
        "",
        "Every column the model writes, with the unit of its values (in frames, CSV and Parquet",
        "files; stored Parquet files carry the unit, definition, concept and source as field",
        "metadata), its definition, the concept it measures and where the definition comes",
        'from ("[key]" is a reference in [sources.md](sources.md)). Tables, plots and the',
        "comparison headline show some metrics in a display unit, always printed with the",
        "number: the `shown as` column.",
    ]
    for table in TABLES:
        lines += ["", f"## {table}", "", _TABLE_TEXT[table], ""]
        lines += ["| column | unit | shown as | definition | concept | source |"]
        lines += ["|---|---|---|---|---|---|"]
        for entry in _load()[table].values():
            shown = ""
            if entry.display_unit:
                shown = f"{entry.display_unit} (x{entry.display_scale:g})"
            lines.append(
                f"| `{entry.name}` | {_cell(entry.unit) or '-'} | {_cell(shown)} | "
                f"{_cell(entry.definition)} | {_cell(entry.concept)} | {_cell(entry.source)} |"
            )
    return "\n".join(lines) + "\n"
