"""Stored tables: Parquet files that say what they hold, readable with plain pandas or pyarrow.

Every file of a store holds one table of one run, with the run's ``scenario``, ``point`` and
``seed`` as its first columns, so that the files of a table folder stack into one tidy frame
with one ``pd.read_parquet(folder)`` call. Each column carries the metric dictionary's unit,
definition, concept and source as Parquet field metadata (``data/metrics.toml``), and the file
says which table and experiment it belongs to in its schema metadata (key ``linxi``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from model.metric_dictionary import find

__all__ = ["ID_COLUMNS", "read_run_table", "write_run_table"]

#: The columns every stored table starts with.
ID_COLUMNS = ("scenario", "point", "seed")


def write_run_table(
    frame: pd.DataFrame,
    path: Path,
    table: str,
    ids: dict[str, Any],
    about: dict[str, Any] | None = None,
) -> None:
    """Write one run's table with its id columns and the dictionary's metadata.

    Args:
        frame: The table as the model returns it.
        path: The Parquet file to write.
        table: The table's name (``annual``, ``programs``, ``households``).
        ids: ``scenario``, ``point`` and ``seed`` of the run.
        about: More to record in the schema metadata (the experiment's kind...).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    head = pd.DataFrame({name: [ids[name]] * len(frame) for name in ID_COLUMNS}, index=frame.index)
    head = head.astype({"scenario": "object", "point": "int64", "seed": "int64"})
    stacked = pd.concat([head, frame], axis=1)
    arrow = pa.Table.from_pandas(stacked, preserve_index=False)
    fields = []
    for field in arrow.schema:
        entry = find(field.name, table)
        fields.append(field.with_metadata(entry.field_metadata()) if entry else field)
    metadata = dict(arrow.schema.metadata or {})
    metadata[b"linxi"] = json.dumps({"table": table, **ids, **(about or {})}).encode()
    schema = pa.schema(fields, metadata=metadata)
    pq.write_table(pa.Table.from_arrays(arrow.columns, schema=schema), path)


def read_run_table(path: Path) -> pd.DataFrame:
    """Read one run's table back as the model returned it (without the id columns)."""
    frame = pd.read_parquet(path)
    return frame.drop(columns=[c for c in ID_COLUMNS if c in frame.columns])
