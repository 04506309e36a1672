"""A store of experiment runs: a directory of Parquet files with an SQLite index.

Layout::

    store/
      experiment.json        what the experiment is (its definition) and its hash
      index.sqlite           one row per run: key, point, seed, scenario hash, status, error, time
      runs/<key>/annual.parquet, programs.parquet[, households.parquet]

Each finished run is written to a temporary directory and renamed into place, then recorded in
the index in one SQLite transaction, so a run is either fully stored or not at all: killing the
experiment loses only the runs in flight. Reopening the store with the same definition resumes
(runs already finished are read back, not redone; failed runs are tried again); a different
definition is refused, so two experiments are never mixed in one store, and a store another
process is running into is refused too (an advisory lock the system releases if it dies).
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

from model.experiments.runs import TABLES, RunOutput, RunTask
from model.results import OutputExistsError

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


class StoreMismatchError(ValueError):
    """The store holds a different experiment than the one asked for."""


class StoreBusyError(StoreMismatchError):
    """Another process is running an experiment into the store."""


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
        self._check_or_clear(overwrite)
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / "runs").mkdir(exist_ok=True)
        spec = self.path / "experiment.json"
        if not spec.exists():
            _atomic_write_text(spec, _canonical(self.definition) + "\n")
        for leftover in (self.path / "runs").glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # a run killed while being written
        with self._connect() as db:
            db.execute(_SCHEMA)

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
        """Read one finished run's frames back."""
        folder = self.path / "runs" / key
        frames = {
            table: pd.read_parquet(folder / f"{table}.parquet")
            for table in TABLES
            if (folder / f"{table}.parquet").exists()
        }
        return RunOutput(**frames)

    def load_many(self, keys: Iterable[str]) -> dict[str, RunOutput]:
        """Read several finished runs back, by key."""
        return {key: self.load(key) for key in keys}

    # -- writing -------------------------------------------------------------------------------
    def record_done(
        self, task: RunTask, output: RunOutput, scenario_hash: str, seconds: float
    ) -> None:
        """Write a finished run's frames atomically, then mark it done in the index."""
        runs = self.path / "runs"
        staging = Path(tempfile.mkdtemp(prefix=f".tmp-{task.key}-", dir=runs))
        try:
            for table, frame in output.tables().items():
                frame.to_parquet(staging / f"{table}.parquet", index=False)
            target = runs / task.key
            if target.exists():  # left by an attempt that died before it was indexed
                shutil.rmtree(target)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
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
