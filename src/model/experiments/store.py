"""A store of experiment runs: one folder of Parquet files per table, with an SQLite index.

Layout::

    store/
      experiment.json        what the experiment is: its kind, scenario(s), population, and
                             "points", naming the scenario of each point (and, for a comparison,
                             which side is the baseline)
      index.sqlite           one row per run: key, point, seed, scenario hash, status, error, time
      annual/<key>.parquet   one file per run; every file has scenario, point and seed columns
      programs/<key>.parquet
      households/<key>.parquet   (comparisons and the league)

Each table folder reads as one tidy frame: ``pd.read_parquet("store/annual")``. Columns carry
their unit and definition as Parquet field metadata (``model.experiments.parquet``).

Each finished run's files are written under temporary names (starting with a dot, which pandas
and pyarrow skip) and renamed into place, then the run is recorded in the index in one SQLite
transaction: killing the experiment loses only the runs in flight, and files of a run that was
renamed but not yet recorded are removed when the store is next opened for running. Reopening
the store with the same definition resumes (runs already finished are read back, not redone;
failed runs are tried again); a different definition is refused, so two experiments are never
mixed in one store, and a store another process is running into is refused too (an advisory lock
the system releases if it dies).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from model.errors import OutputExistsError, StoreBusyError, StoreMismatchError
from model.experiments.parquet import read_run_table, write_run_table
from model.experiments.runs import TABLES, RunOutput, RunTask
from model.results import check_writable_dir

__all__ = ["RunStore", "StoreBusyError", "StoreMismatchError"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    point INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    scenario_hash TEXT NOT NULL,
    status TEXT NOT NULL,          -- 'done' or 'failed'
    error TEXT,                    -- one line: exception type and message
    traceback TEXT,
    seconds REAL,                  -- wall time of the run in its worker
    finished TEXT NOT NULL,        -- ISO time the result was recorded
    attempts INTEGER NOT NULL
)
"""


def _canonical(definition: Mapping[str, Any]) -> str:
    return json.dumps(definition, sort_keys=True, default=str, indent=1)


class RunStore:
    """A directory of stored runs for one experiment definition.

    Args:
        path: The store's directory (created if missing).
        definition: What the experiment is (kind, scenarios, population, levers...); plain
            JSON-able data. Runs (seeds) are not part of it, so asking for more runs later
            extends the same store.
        overwrite: Delete whatever is at ``path`` first.

    Raises:
        StoreMismatchError: If ``path`` holds a store of a different experiment.
        OutputExistsError: If ``path`` holds other files that are not a store.
    """

    def __init__(
        self, path: str | Path, definition: Mapping[str, Any], *, overwrite: bool = False
    ) -> None:
        self.path = Path(path)
        self.definition = self.canonical(definition)
        check_writable_dir(self.path)
        self._check_or_clear(overwrite)
        self.path.mkdir(parents=True, exist_ok=True)
        spec = self.path / "experiment.json"
        if not spec.exists():
            _atomic_write_text(spec, _canonical(self.definition) + "\n")
        with self._connect() as db:
            db.execute(_SCHEMA)

    @property
    def points(self) -> dict[int, dict[str, Any]]:
        """What each point is (its scenario name, side or levers), from experiment.json."""
        return {int(p["point"]): p for p in self.definition.get("points", [])}

    def table_path(self, table: str) -> Path:
        """The folder of one table: ``pd.read_parquet(store.table_path("annual"))``."""
        return self.path / table

    def _tidy(self) -> None:
        """Remove what a killed run left: temporary files, and files of unrecorded runs."""
        done = self.done()
        for table in TABLES:
            folder = self.table_path(table)
            if not folder.is_dir():
                continue
            for leftover in folder.glob(".tmp-*"):
                leftover.unlink(missing_ok=True)
            for file in folder.glob("*.parquet"):
                if file.stem not in done:
                    file.unlink(missing_ok=True)

    @classmethod
    def open(cls, path: str | Path) -> RunStore:
        """Open an existing store as it is (to read its index and runs in a notebook).

        Raises:
            FileNotFoundError: If ``path`` is not a store.
        """
        spec = Path(path) / "experiment.json"
        if not spec.is_file():
            raise FileNotFoundError(f"{path}: not an experiment store (no experiment.json)")
        return cls(path, json.loads(spec.read_text()))

    @staticmethod
    def canonical(definition: Mapping[str, Any]) -> dict[str, Any]:
        """A definition as it is stored (JSON round trip), for comparing definitions."""
        return json.loads(_canonical(definition))

    # -- opening -------------------------------------------------------------------------------
    def _check_or_clear(self, overwrite: bool) -> None:
        if not self.path.exists() or not any(self.path.iterdir()):
            return
        spec = self.path / "experiment.json"
        if overwrite:
            shutil.rmtree(self.path)
            return
        if not spec.is_file():
            raise OutputExistsError(
                f"{self.path}: already holds files that are not an experiment store; "
                "pass --overwrite to replace them"
            )
        stored = json.loads(spec.read_text())
        if stored != self.definition:
            differ = sorted(
                key
                for key in set(stored) | set(self.definition)
                if stored.get(key) != self.definition.get(key)
            )
            raise StoreMismatchError(
                f"{self.path}: holds a different experiment (differs in: {', '.join(differ)}); "
                "choose another --out or pass --overwrite to replace it"
            )

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store for one process while it runs; the system drops it if killed.

        Raises:
            StoreBusyError: If another process holds it.
        """
        try:
            import fcntl
        except ImportError:  # not on POSIX: no locking
            yield
            return
        with open(self.path / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusyError(
                    f"{self.path}: another process is running an experiment into this store"
                ) from None
            try:
                self._tidy()  # only the holder of the lock may remove files
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path / "index.sqlite", timeout=60)

    # -- reading -------------------------------------------------------------------------------
    def index(self) -> pd.DataFrame:
        """Every recorded run: key, point, seed, scenario_hash, status, error, seconds, ..."""
        with self._connect() as db:
            return pd.read_sql_query("SELECT * FROM runs ORDER BY point, seed", db)

    def done(self) -> set[str]:
        """Keys of the runs finished successfully."""
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT key FROM runs WHERE status = 'done'")}

    def load(self, key: str) -> RunOutput:
        """Read one finished run's frames back, as the run returned them (no id columns)."""
        frames = {
            table: read_run_table(self.table_path(table) / f"{key}.parquet")
            for table in TABLES
            if (self.table_path(table) / f"{key}.parquet").exists()
        }
        return RunOutput(**frames)

    def load_many(self, keys: Iterable[str]) -> dict[str, RunOutput]:
        """Read several finished runs back, by key."""
        return {key: self.load(key) for key in keys}

    # -- writing -------------------------------------------------------------------------------
    def record_done(
        self, task: RunTask, output: RunOutput, scenario_hash: str, seconds: float
    ) -> None:
        """Write a finished run's tables, each renamed into place, then mark it done."""
        point = self.points.get(task.point, {})
        ids = {"scenario": point.get("scenario", task.scenario.get("name")), "point": task.point}
        ids["seed"] = task.seed
        about = {"experiment": self.definition.get("experiment"), "key": task.key}
        written: list[Path] = []
        try:
            for table, frame in output.tables().items():
                folder = self.table_path(table)
                folder.mkdir(exist_ok=True)
                staging = folder / f".tmp-{task.key}-{os.getpid()}.parquet"
                write_run_table(frame, staging, table, ids, about)
                written.append(staging)
            for staging in written:  # all written: now put them in place
                os.replace(staging, staging.parent / f"{task.key}.parquet")
        except BaseException:
            for staging in written:
                staging.unlink(missing_ok=True)
            raise
        self._record(task, scenario_hash, "done", None, None, seconds)

    def record_failed(
        self, task: RunTask, error: str, trace: str, scenario_hash: str, seconds: float
    ) -> None:
        """Record a failed run with its error (one line) and traceback; others go on."""
        message = " ".join(error.split())
        self._record(task, scenario_hash, "failed", message, trace, seconds)

    def _record(
        self,
        task: RunTask,
        scenario_hash: str,
        status: str,
        error: str | None,
        trace: str | None,
        seconds: float,
    ) -> None:
        with self._connect() as db:
            previous = db.execute("SELECT attempts FROM runs WHERE key = ?", (task.key,)).fetchone()
            attempts = (previous[0] if previous else 0) + 1
            db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    task.key,
                    task.point,
                    task.seed,
                    scenario_hash,
                    status,
                    error,
                    trace,
                    round(seconds, 4),
                    time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    attempts,
                ),
            )

    def write_bytes(self, name: str, data: bytes) -> Path:
        """Write a derived file (a figure) beside the runs, atomically."""
        target = self.path / name
        _atomic_write_bytes(target, data)
        return target

    def write_table(self, name: str, frame: pd.DataFrame) -> Path:
        """Write a derived table (a summary) beside the runs, as CSV, atomically."""
        target = self.path / name
        _atomic_write_text(target, frame.to_csv(index=False))
        return target


def _atomic_write_text(path: Path, text: str) -> None:
    _atomic_write_bytes(path, text.encode())


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
