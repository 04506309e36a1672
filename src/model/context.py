"""What an aid program or a firm may see of the county, and the hooks through which it acts on it.

Programs and firms are Mesa agents of ``model.county.LinxiModel`` but never import it: they are
written against ``County``, the small part of the model they need. They read the households,
parameters, random streams and calendar, and change the county only

* through the households' arrays (income, jobs, land, training: the household state is theirs to
  act on, as the household rules do), and
* through the named hooks below, for what belongs to the county as a whole: their bit in the
  households' ``programs_touched`` mask, their index in the ``employer`` arrays, the effect of
  capacity building on firms and targeting, and the monthly output series.

The protocol keeps the layers one way (county -> scenario -> programs -> aid mechanics ->
household rules), which import-linter checks (``[tool.importlinter]`` in pyproject.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

    from model.households import Households
    from model.markets import YearConditions
    from model.parameters import Parameters
    from model.rng import Streams

__all__ = ["County", "Stepping"]


class Stepping(Protocol):
    """A firm as the county sees it: it steps once a month after the programs."""

    def step(self) -> None:
        """One month of the firm's work."""


class County(Protocol):
    """The county as programs and firms see it.

    Attributes:
        households: Every household, one array per attribute.
        params: The run's parameters (defaults with the scenario's overrides).
        streams: The run's named random streams.
        scale: Simulated over real households (program money and sites scale with it).
        start_year: First year of the run.
        end_year: Last year of the run.
        year: The current calendar year.
        month: The current calendar month (1-12).
        step_index: Months since January of ``start_year`` (0 in the first month).
        n_villages: Villages in the county.
        conditions: The current year's prices, wages and poverty line (None before January).
        harvest_this_month: In a harvest month the year's harvest per household (kg) and the
            share of it sold this month; otherwise None.
        village_drought: Each village's drought severity this year (share of dry-land yield
            lost).
    """

    households: Households
    params: Parameters
    streams: Streams
    scale: float
    start_year: int
    end_year: int
    year: int
    month: int
    step_index: int
    n_villages: int
    conditions: YearConditions | None
    harvest_this_month: tuple[np.ndarray, float] | None
    village_drought: np.ndarray

    @property
    def firm_hazard_multiplier(self) -> float:
        """Multiplier on every firm's yearly failure hazard (capacity building lowers it)."""
        ...

    def register_program_bit(self) -> int:
        """Give a new program its bit in the households' ``programs_touched`` mask."""
        ...

    def register_firm(self, firm: Stepping) -> int:
        """Add a new firm to the county's monthly step; return its index in ``employer``."""
        ...

    def set_capacity_effect(self, source: str, *, firm_hazard: float, noise: float) -> None:
        """Set the multipliers that ``source`` puts on firm hazard and targeting noise."""
        ...

    def record_output(self, series: str, amount: float) -> None:
        """Add ``amount`` to this month's value of a monthly output series (e.g. eggs)."""
        ...
