"""The errors a user can cause, in one light module (no numpy, pandas or Mesa to import).

Each names what is wrong on one line. The command line catches them by these classes and
prints ``linxi: error: <message>`` without a traceback, so it imports this module, not the
modules that raise them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CommandLineError",
    "ExperimentFailedError",
    "OutputExistsError",
    "PopulationTooLargeError",
    "ScenarioError",
    "SchedulerUnreachableError",
    "StoreBusyError",
    "StoreMismatchError",
    "USAGE_ERRORS",
]


class ScenarioError(ValueError):
    """A scenario that cannot be used, with the file and key at fault.

    Args:
        source: The file (or ``"<overrides>"``, ``"--set"``, ``"LinxiModel parameters"``) the bad
            value came from.
        key: The dotted key at fault, or ``""`` for the file as a whole.
        message: What was wrong and what was expected.
    """

    def __init__(self, source: str | Path, key: str, message: str) -> None:
        self.source = str(source)
        self.key = key
        self.message = message
        where = f"{self.source}: {key}: " if key else f"{self.source}: "
        super().__init__(where + message)

    def __reduce__(self):  # several arguments: pickle them all (errors cross process pools)
        return (type(self), (self.source, self.key, self.message))


class OutputExistsError(FileExistsError):
    """The output location already holds results (or is a file) and overwriting was not asked."""


class StoreMismatchError(ValueError):
    """The store holds a different experiment than the one asked for."""


class StoreBusyError(StoreMismatchError):
    """Another process is running an experiment into the store."""


class CommandLineError(ValueError):
    """A flag value that cannot be used (e.g. ``--dask nowhere``), named in the message."""


class SchedulerUnreachableError(ConnectionError):
    """No Dask scheduler answered at the address given, within the connect timeout."""


class PopulationTooLargeError(MemoryError):
    """The population asked for would not fit in this machine's memory (estimated before)."""


class ExperimentFailedError(RuntimeError):
    """Runs failed and the experiment cannot give its result without them."""


#: Errors that mean "the user asked for something that cannot be done": exit 2, nothing written.
USAGE_ERRORS = (
    ScenarioError,
    OutputExistsError,
    StoreMismatchError,
    CommandLineError,
    PopulationTooLargeError,
    SchedulerUnreachableError,
)
