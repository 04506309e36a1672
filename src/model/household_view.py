"""A read-only view of one household (``population[i]``), for notebooks and display.

The population is arrays (``model.households``); a view reads one index of each, and its
``to_dict`` and ``repr`` show a household as a record. Views are never used in the step.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from model.households import _DERIVED, _SCALARS, INCOME_SOURCES

if TYPE_CHECKING:
    from model.households import Households

__all__ = ["HouseholdView"]


class HouseholdView:
    """A read-only view of one household: attribute access and a dict for display.

    Args:
        population: The population the household belongs to.
        index: The household's index.
    """

    __slots__ = ("_population", "index")

    def __init__(self, population: Households, index: int) -> None:
        self._population = population
        self.index = index

    def __getattr__(self, name: str) -> Any:
        if name in ("income", "last_income"):
            rows = getattr(self._population, name)[:, self.index]
            return {
                source: float(value) for source, value in zip(INCOME_SOURCES, rows, strict=True)
            }
        if name == "ages":
            ages = self._population.age[:, self.index]
            return [int(a) for a in ages if a >= 0]
        value = getattr(self._population, name)
        if isinstance(value, np.ndarray):
            return value[self.index].item() if value.ndim == 1 else value[:, self.index].tolist()
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__slots__:
            object.__setattr__(self, name, value)
        else:
            raise AttributeError("a household view is read-only; change the population arrays")

    def to_dict(self) -> dict[str, Any]:
        """Return the household's attributes as a plain dict (members' ages as ``ages``)."""
        out: dict[str, Any] = {"index": self.index}
        for field in fields(self._population):
            if field.name in ("age", "ill", "work_draws", *_SCALARS):
                continue
            out[field.name] = getattr(self, field.name)
        out["ages"] = self.ages
        for name in _DERIVED:
            out[name] = int(getattr(self._population, name)[self.index])
        out["n_able"] = int(self._population.n_able[self.index])
        return out

    def __repr__(self) -> str:
        data = self.to_dict()
        income = data.pop("income")
        data.pop("last_income")
        head = ", ".join(f"{key}={value!r}" for key, value in data.items())
        return f"Household({head}, income={ {k: round(v) for k, v in income.items()} })"
