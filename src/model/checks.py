"""A yearly check of the poverty register: measured income against the line.

Two of the county's December checks look for households measured below the line: the dynamic
adjustment adds unregistered rural households (``model.targeting.add_missed``), and monitoring
re-registers exited ones (``model.exits.monitor``). Neither finds every such household: each is
found with the check's ``probability``. ``Check`` is that measurement and that chance, written
once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Check"]


@dataclass(frozen=True)
class Check:
    """One check: what it measured, the line, and the chance it finds a household below it.

    Attributes:
        measured: Income per person as the check measured it, by household.
        u: One uniform draw per household: a household below the line is found when its draw
            is under ``probability``.
        line: The poverty line, yuan per person a year.
        probability: The chance that the check finds a household measured below the line.
    """

    measured: np.ndarray
    u: np.ndarray
    line: float
    probability: float

    def found_below_line(self, group: np.ndarray) -> np.ndarray:
        """The households of ``group`` (a mask) measured below the line that the check finds."""
        return np.flatnonzero(group & (self.measured < self.line) & (self.u < self.probability))
