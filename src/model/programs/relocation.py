"""Relocation out of the mountains: Beijing's project and China's own, one mechanism.

Two programs share it, each with its own parameters (``<name>.*``), budget and funder:

* ``relocation``: Beijing's relocation housing (seed:infra.housing: 2.4 M yuan, 240 poor people
  moved), services family;
* ``relocation_domestic``: China's own poverty relocation (易地扶贫搬迁), which moved 1,275
  households and 3,281 people into 41 new sites in Linxi in about 2016-2017 (R2) at about
  60,000 yuan a person (Inner Mongolia's 2016-2020 plan, R18, R19; ``docs/sources.md``
  [im-domestic-programmes]); housing family, funded by the central budget and policy-bank loans
  the region repays (funder: central).

Money to capacity: each ``<name>.move_month`` the program can move
``people = available / <name>.cost_per_person`` people.

Eligibility and order: rural registered households not yet moved, exited ones too (the
relocation plans listed registered households, and policies stayed with them after exit,
脱贫不脱政策), living at ``remoteness >= <name>.min_remoteness``; unsafe houses first, then
the most remote, then by index. Whole households are moved while the money pays for their people
(``pay_per_person``); the program spends ``cost_per_person`` for each person moved, and the rest
waits for the next year. Diminishing
returns: money beyond the remote poor households has nobody to move and is not spent. With the
defaults a household one program moved is no longer remote enough for the other (the sites'
``remoteness_after`` is below both ``min_remoteness``), so it is not moved twice.

Effect: a moved household's ``remoteness`` becomes ``<name>.remoteness_after``, and its house
and drinking water are safe (the sites are built with both). Through the existing rules its
members then find local wage work more often (``labour.remoteness_work_penalty``), accept firm
job offers more often (``labour.remoteness_hire_penalty``), and it meets the housing and water
conditions for exit. It keeps its land and village (drought) as before. Beneficiaries:
``moved``, the members of moved households, every year after the move.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import pay_per_person, poor_households

__all__ = ["RELOCATION", "RELOCATION_DOMESTIC", "RelocationProgram"]


class RelocationProgram(AidProgram):
    """Moves remote poor households to resettlement sites near roads and towns."""

    channel = "moved"

    parameters = {
        "cost_per_person": "cost_per_person",
        "min_remoteness": "min_remoteness",
        "remoteness_after": "remoteness_after",
        "move_month": ("move_month", int),
    }

    def setup(self) -> None:
        """Nobody moved yet."""
        super().setup()
        self.relocated = np.zeros(len(self.model.households), dtype=bool)
        #: The households moved (indices, in order), found again with ``relocated`` at each move.
        self._moved = np.zeros(0, dtype=np.intp)
        self._people_moved = 0

    def step(self) -> None:
        """Move this year's households in the move month; count everyone moved so far."""
        model = self.model
        year, month = model.year, model.month
        moved = self._move(year, month) if month == self.move_month and self.active(year) else None
        self.reach_standing(self._moved, moved)  # (moves are for good)

    def _move(self, year: int, month: int) -> np.ndarray:
        """Move the year's households while the money pays for their people; return them."""
        population = self.model.households
        eligible = (
            poor_households(self.model, keep_exited=True)
            & population.rural
            & (population.remoteness >= self.min_remoteness)
            & ~self.relocated
        )
        candidates = np.flatnonzero(eligible)
        order = candidates[
            np.lexsort(
                (
                    candidates,
                    -population.remoteness[candidates],
                    population.safe_housing[candidates],
                )
            )
        ]
        moved = pay_per_person(
            self.ledger,
            order,
            population.size,
            self.cost_per_person,
            (year, month),
            "relocation housing",
        )
        population.remoteness[moved] = self.remoteness_after
        population.safe_housing[moved] = True
        population.safe_water[moved] = True
        self.relocated[moved] = True
        self._moved = np.flatnonzero(self.relocated)
        self._people_moved += int(population.size[moved].sum())
        return moved

    @property
    def people_moved(self) -> int:
        """People moved so far, counted when they moved."""
        return self._people_moved


RELOCATION = ProgramSpec(
    "relocation",
    "services",
    RelocationProgram,
    summary="Remote poor households move near roads and towns into safe houses.",
)

RELOCATION_DOMESTIC = ProgramSpec(
    "relocation_domestic",
    "housing",
    RelocationProgram,
    summary="China's poverty relocation: 3,281 people from remote villages to 41 new sites.",
    funder="central",
)
