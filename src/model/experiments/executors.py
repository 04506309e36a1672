"""Where runs execute: in this process, in local processes, or on a Dask cluster.

Every experiment takes any ``concurrent.futures.Executor``. ``make_executor`` builds the three
the command line offers and shuts them down afterwards::

    with make_executor(workers=2) as executor:            # a local process pool
        ensemble = run_ensemble("scenarios/baseline.toml", runs=20, executor=executor)
    with make_executor(dask="local:4") as executor:       # a Dask LocalCluster of 4 workers
        ...
    with make_executor(dask="tcp://scheduler:8786") as executor:   # a running scheduler
        ...
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from model.errors import SchedulerUnreachableError
from model.limits import DASK_TIMEOUT

__all__ = ["InProcessExecutor", "as_executor", "make_executor", "parse_dask_address"]


class InProcessExecutor(Executor):
    """Runs each call at once, in this process: the default, and the easiest to debug.

    ``submit`` returns a finished future; an exception is kept in the future, as other
    executors do, not raised from ``submit``.
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(*args, **kwargs)`` now and return its finished future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def as_executor(executor: Any) -> Executor:
    """The ``concurrent.futures.Executor`` to run on, from what an experiment was given.

    None runs in this process; an ``Executor`` (a process pool, a Dask ``ClientExecutor``...)
    is used as it is; a Dask ``distributed.Client`` is used through its own executor
    (``client.get_executor()``), which leaves the client open and usable afterwards.

    Raises:
        TypeError: For anything else, before any run is submitted.
    """
    if executor is None:
        return InProcessExecutor()
    if isinstance(executor, Executor):
        return executor
    get_executor = getattr(executor, "get_executor", None)
    if callable(get_executor) and type(executor).__module__.startswith("distributed"):
        return get_executor()
    raise TypeError(
        f"executor: expected a concurrent.futures.Executor, a distributed.Client or None, "
        f"got {type(executor).__name__}"
    )


def parse_dask_address(address: str) -> tuple[str, int | str]:
    """Split a ``--dask`` value into ``("local", n_workers)`` or ``("remote", address)``.

    Raises:
        ValueError: If the value is neither ``local:N`` (N >= 1) nor a scheduler address.
    """
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--dask {address}: expected local:N with N a positive integer")
        return "local", int(count)
    if "://" in address:
        return "remote", address
    raise ValueError(
        f"--dask {address}: expected local:N or a scheduler address like tcp://host:8786"
    )


@contextmanager
def make_executor(
    workers: int | None = None, dask: str | None = None, timeout: float = DASK_TIMEOUT
) -> Iterator[Executor]:
    """Open an executor for experiments and close it (and any cluster it started) afterwards.

    Args:
        workers: Run in this many local processes; None (or with ``dask``) does not.
        dask: ``"local:N"`` starts a Dask ``LocalCluster`` of N single-threaded worker
            processes; ``"tcp://host:8786"`` connects to a running scheduler.
        timeout: Seconds to wait for the scheduler at ``dask`` to answer.

    Yields:
        An ``InProcessExecutor`` (neither given), a ``ProcessPoolExecutor`` (``workers``), or a
        Dask ``ClientExecutor`` (``dask``).

    Raises:
        ValueError: If both are given, or ``dask`` is malformed.
        SchedulerUnreachableError: If no scheduler answers at ``dask`` within ``timeout``.
    """
    if workers is not None and dask is not None:
        raise ValueError("--workers and --dask: give one or the other")
    if dask is not None:
        kind, target = parse_dask_address(dask)
        with _dask_executor(kind, target, timeout) as executor:
            yield executor
    elif workers is not None:
        # spawn: workers start clean (no copy of the parent's threads or open files)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker
        ) as executor:
            yield executor
    else:
        yield InProcessExecutor()


def _start_worker() -> None:
    """Import what every run needs, then freeze it out of the worker's garbage collections.

    A large run's model is collected as the run ends (``model.results.collect_after_run``).
    With the imports (numpy, pandas, Mesa, the model: most of the objects a worker holds, and
    they live as long as it does) frozen, each collection walks only what the run left: about
    1 ms instead of 35-65 ms.
    """
    import model.experiments.runs  # noqa: F401 - imported for its side effect, the imports

    gc.freeze()


@contextmanager
def _dask_executor(kind: str, target: int | str, timeout: float) -> Iterator[Executor]:
    from distributed import Client, LocalCluster

    if kind == "local":
        # one thread per worker: the model is single-threaded numpy and holds the GIL
        cluster = LocalCluster(
            n_workers=int(target), threads_per_worker=1, processes=True, dashboard_address=None
        )
        try:
            with Client(cluster) as client:
                yield client.get_executor()
        finally:
            cluster.close()
    else:
        try:
            client = Client(str(target), timeout=timeout)
        except OSError:  # distributed raises OSError (or TimeoutError) after the timeout
            raise SchedulerUnreachableError(
                f"--dask {target}: no Dask scheduler answered within {timeout:g} s (is it "
                "running, and is the address right? --dask-timeout waits longer)"
            ) from None
        with client:
            yield client.get_executor()
