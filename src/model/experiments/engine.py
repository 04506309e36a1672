"""Running a batch of tasks on an executor, storing each as it finishes, skipping stored ones.

Every experiment (ensemble, comparison, sweep, sensitivity) is a list of ``RunTask`` handed to
``run_tasks``. Tasks are submitted a few at a time (about two per worker), so results reach the
store as they finish rather than when the whole batch ends, and an interrupted batch loses at
most the runs in flight. Results come back sorted by point and seed, whatever the executor and
whatever order runs finished in, so every executor gives identical frames.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import pandas as pd

from model.errors import ExperimentFailedError
from model.experiments.executors import InProcessExecutor, as_executor
from model.experiments.progress import Progress, make_progress
from model.experiments.runs import RunOutput, RunTask, execute, scenario_hash
from model.experiments.store import RunStore
from model.scenario import Scenario

__all__ = ["Batch", "ExperimentFailedError", "RunError", "run_tasks"]


@dataclass(frozen=True)
class RunError:
    """A run's failure as plain data, which every executor can send back.

    Not every exception pickles (one whose ``__init__`` takes several arguments does not).
    """

    kind: str
    message: str
    trace: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass
class Batch:
    """The outcome of a batch of runs.

    Attributes:
        outputs: Finished runs by ``(point, seed)``, in that order.
        failures: One row per failed run: point, seed, error.
    """

    outputs: dict[tuple[int, int], RunOutput]
    failures: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["point", "seed", "error"])
    )

    def frame(self, table: str, **labels: dict[int, object]) -> pd.DataFrame:
        """Stack one table of every finished run, with ``point`` and ``seed`` columns first.

        Args:
            table: ``"annual"``, ``"programs"`` or ``"households"``.
            **labels: Extra columns by point (e.g. ``scenario={0: "baseline"}``).
        """
        frames = []
        for (point, seed), output in self.outputs.items():
            frame = getattr(output, table)
            if frame is None:
                continue
            head = {name: values[point] for name, values in labels.items()}
            head.update(point=point, seed=seed)
            frames.append(frame.assign(**head)[[*head, *frame.columns]])
        if not frames:
            return pd.DataFrame()
        return pd.concat(frames, ignore_index=True)


def _run_timed(task: RunTask) -> tuple[RunOutput | None, float, RunError | None]:
    """Run a task in the worker; catch its error there so that only plain data travels back."""
    started = time.perf_counter()
    try:
        output = execute(task)
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, not fatal
        error = RunError(type(exc).__name__, str(exc), "".join(traceback.format_exception(exc)))
        return None, time.perf_counter() - started, error
    return output, time.perf_counter() - started, None


def _window(executor: Executor) -> int:
    """How many runs to keep submitted at once: about two per worker."""
    if isinstance(executor, InProcessExecutor):
        return 1
    if isinstance(executor, ProcessPoolExecutor):
        return 2 * executor._max_workers
    client = getattr(executor, "_client", None)  # a Dask ClientExecutor
    if client is not None:
        try:
            return max(2, 2 * sum(client.nthreads().values()))
        except Exception:  # noqa: BLE001 - a guess is good enough
            pass
    return 16


def _drain(
    todo: Sequence[RunTask],
    executor: Executor,
    store: RunStore | None,
    bar: Progress | None,
) -> tuple[dict[tuple[int, int], RunOutput], list[dict[str, object]]]:
    """Submit tasks a window at a time and store each result as soon as it arrives."""
    hashes: dict[int, str] = {}

    def task_hash(task: RunTask) -> str:
        if task.point not in hashes:
            scenario = Scenario.model_validate(task.scenario)
            hashes[task.point] = scenario_hash(scenario, task.overrides)
        return hashes[task.point]

    outputs: dict[tuple[int, int], RunOutput] = {}
    failures: list[dict[str, object]] = []
    pending: dict[Future, RunTask] = {}
    queue = iter(todo)
    window = _window(executor)
    try:
        while True:
            while len(pending) < window:
                task = next(queue, None)
                if task is None:
                    break
                pending[executor.submit(_run_timed, task)] = task
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f].key):
                task = pending.pop(future)
                output, seconds, error = future.result()
                if error is None:
                    outputs[(task.point, task.seed)] = output
                    if store is not None:
                        store.record_done(task, output, task_hash(task), seconds)
                else:
                    failures.append({"point": task.point, "seed": task.seed, "error": str(error)})
                    if store is not None:
                        store.record_failed(task, str(error), error.trace, task_hash(task), seconds)
                if bar is not None:
                    bar.update(ok=error is None)
    finally:
        for future in pending:  # interrupted: do not start what is still queued
            future.cancel()
    return outputs, failures


def run_tasks(
    tasks: Sequence[RunTask],
    *,
    executor: Executor | None = None,
    store: RunStore | None = None,
    progress: bool | Progress | None = None,
    label: str = "runs",
) -> Batch:
    """Run every task not already in the store and return all finished runs.

    Args:
        tasks: The runs; keys (point, seed) must be unique.
        executor: Where to run them; None runs them here, one after another.
        store: Where to keep them; runs it already holds are read back, not run again.
        progress: Show progress (True), or not (None/False), or use this ``Progress``.
        label: What the progress display calls the batch.

    Returns:
        The finished runs sorted by point and seed, and the failed runs with their errors.
    """
    executor = as_executor(executor)
    keys = [(task.point, task.seed) for task in tasks]
    if len(set(keys)) != len(keys):
        raise ValueError("run_tasks: two tasks share a point and a seed")
    with store.lock() if store is not None else contextlib.nullcontext():
        done = store.done() if store is not None else set()
        todo = [task for task in tasks if task.key not in done]
        bar = make_progress(progress, len(todo), label) if todo else None
        try:
            outputs, failures = _drain(todo, executor, store, bar)
        finally:
            if bar is not None:
                bar.close()
        if store is not None:
            # one source of truth: every finished run is read back the same way, new or old
            wanted = {task.key: (task.point, task.seed) for task in tasks}
            finished = store.done()
            stored = store.load_many(key for key in wanted if key in finished)
            outputs = {wanted[key]: output for key, output in stored.items()}
    ordered = {key: outputs[key] for key in sorted(outputs)}
    failure_frame = pd.DataFrame(failures, columns=["point", "seed", "error"])
    return Batch(ordered, failure_frame.sort_values(["point", "seed"], ignore_index=True))
