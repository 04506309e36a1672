"""Memory: will a population fit, and how its arrays are paged.

Whether it fits is estimated before the households are built.

A run's memory grows with its households: each needs about 0.5 KB of arrays (attributes,
income by source, the monthly draws of every random process) on top of about 200 MB for Python,
numpy, pandas and Mesa. Measured on the full county and on 2x to 30x copies of it (peak
resident memory of a run to 2020: 186 MB at 25,000 households, 268 MB at 200,000, 1.5 GB at
3,000,000); the estimate rounds up, to 600 bytes a household.

Pages: on Linux, numpy advises the kernel to back every array of 4 MB or more with 2 MB
transparent huge pages (``madvise(MADV_HUGEPAGE)``; numpy's ``NUMPY_MADVISE_HUGEPAGE``).
Under the kernel's default ``defrag`` setting (``madvise``) a fault in such an array may
compact memory before it can be served, which stalls for as long as the machine's memory is
fragmented. A full-county model allocates such arrays while it is built (a value per member
slot and household, the members' draws), and on the development machine a full-county run,
construction included, took 0.2-0.3 s longer with the advice than without (the median of 6
runs, 1.50-1.54 s against 1.26-1.27 s), most of it in stalls that came and went with the
host's state. ``small_pages`` turns the advice off while the model builds and steps, and back
on afterwards, so the rest of the process keeps numpy's default.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from model.errors import PopulationTooLargeError

# numpy's switch for its huge-page advice, which returns the previous setting: a private
# function (numpy 1.20 on), the one numpy's own import calls for NUMPY_MADVISE_HUGEPAGE.
try:
    from numpy._core.multiarray import _set_madvise_hugepage as _set_hugepage_advice
except ImportError:  # numpy 1.x
    try:
        from numpy.core.multiarray import _set_madvise_hugepage as _set_hugepage_advice
    except ImportError:  # no such switch in this numpy: nothing to turn off
        _set_hugepage_advice = None

__all__ = [
    "BASE_BYTES",
    "BYTES_PER_HOUSEHOLD",
    "available_bytes",
    "check_fits",
    "estimate_bytes",
    "small_pages",
]

BASE_BYTES = 200 * 2**20
BYTES_PER_HOUSEHOLD = 600
#: Share of the available memory one run may plan to use.
USABLE_SHARE = 0.8


def estimate_bytes(households: int) -> int:
    """Peak memory of a run of ``households`` households, bytes (an upper estimate)."""
    return BASE_BYTES + BYTES_PER_HOUSEHOLD * int(households)


def available_bytes() -> int | None:
    """Memory this process can still use: MemAvailable on Linux, else physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None  # unknown: do not refuse


def check_fits(households: int) -> None:
    """Refuse a population whose run would not fit in this machine's memory.

    Raises:
        PopulationTooLargeError: One line with the estimate and what is available.
    """
    available = available_bytes()
    needed = estimate_bytes(households)
    if available is not None and needed > USABLE_SHARE * available:
        raise PopulationTooLargeError(
            f"households: {households:,} households need about {needed / 2**30:.1f} GiB of "
            f"memory, but this machine has {available / 2**30:.1f} GiB available; simulate "
            f"at most about {max_households(available):,} here"
        )


def max_households(available: int) -> int:
    """Most households a run can simulate with ``available`` bytes free."""
    return max(0, int((USABLE_SHARE * available - BASE_BYTES) // BYTES_PER_HOUSEHOLD))


#: Blocks running now, in all threads, and the setting the first of them found (``small_pages``).
_blocks = 0
_advice_before: bool = True
_blocks_lock = threading.Lock()


@contextmanager
def small_pages() -> Iterator[None]:
    """Allocate without numpy's huge-page advice inside the block (see the module docstring).

    The advice is a hint to the kernel: values are the same with or without it. The setting
    is the process's: the first block to start (in any thread) turns it off and the last to
    end puts back what the first found, by an exception as well, so models stepping in
    several threads at once leave it as it was. Also a decorator (``@small_pages()``).
    """
    global _blocks, _advice_before
    if _set_hugepage_advice is None:
        yield
        return
    with _blocks_lock:
        if _blocks == 0:
            _advice_before = _set_hugepage_advice(False)
        _blocks += 1
    try:
        yield
    finally:
        with _blocks_lock:
            _blocks -= 1
            if _blocks == 0:
                _set_hugepage_advice(_advice_before)
