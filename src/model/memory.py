"""Will a population fit in memory? An estimate made before the households are built.

A run's memory grows with its households: each needs about 0.5 KB of arrays (attributes,
income by source, the monthly draws of every random process) on top of about 200 MB for Python,
numpy, pandas and Mesa. Measured on the full county and on 2x to 30x copies of it (peak
resident memory of a run to 2020: 186 MB at 25,000 households, 268 MB at 200,000, 1.5 GB at
3,000,000); the estimate rounds up, to 600 bytes a household.
"""

from __future__ import annotations

import os

from model.errors import PopulationTooLargeError

__all__ = ["BASE_BYTES", "BYTES_PER_HOUSEHOLD", "available_bytes", "check_fits", "estimate_bytes"]

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
