"""Care and housekeeping training for registered-poor people (program ``care_training``, jobs).

The account's training base at the job centre, run with a Beijing housekeeping firm, gave free
maternity and elder-care training to registered-poor people: 1,011 places (seed:jobs.housekeeping).

* Money to places: each month the program may spend ``A / m`` of the money available ``A``, with
  ``m`` months left in the year, buying ``P = A / m / care_training.cost_per_place`` places.
* Diminishing returns: the eligible pool ``E`` is rural registered households with an able member
  and nobody trained yet. ``n = E * (1 - exp(-P / E))`` of them are trained this month (in random
  order; fractions carry to the next month), and only ``n * cost_per_place`` is spent.
* Effect: a trained household has ``trained = True`` for good. Its members accept firm and
  placement offers ``1 + care_training.offer_boost`` times as often (``labour.hire`` and
  ``model.aid.placement.PlacementProgram``), and one member earns
  ``care_training.wage_premium`` more in casual local work or work away
  (``livelihoods.trained_premium_month``), which this program delivers every month, also after
  its money ends.
"""

from __future__ import annotations

import math

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.order import first_k

__all__ = ["CARE_TRAINING", "CareTraining", "trainees_for"]


def trainees_for(places: float, pool: int) -> float:
    """Expected trainees when ``places`` places are offered to a pool of ``pool`` households."""
    if places <= 0 or pool <= 0:
        return 0.0
    return float(pool * -math.expm1(-places / pool))


class CareTraining(AidProgram):
    """Trains registered-poor people in care work; delivers the wage premium of the trained."""

    channel = "trainees"

    parameters = {"cost_per_place": "cost_per_place"}

    def setup(self) -> None:
        """Nobody trained yet."""
        super().setup()
        self.own = np.zeros(len(self.model.households), dtype=bool)
        #: The households with members this program trained (indices, in order), found again
        #: with ``own`` at each training.
        self._own = np.zeros(0, dtype=np.intp)
        self.carry = 0.0
        self.trained_in: dict[int, int] = {}

    def step(self) -> None:
        """Train this month's people; pay the premium of everyone this program trained."""
        model = self.model
        year, month = model.year, model.month
        population = model.households
        money = self.ledger.available(year) if self.active(year) else 0.0
        if money > 0:
            places = self.ledger.month_allowance(year, month) / self.cost_per_place
            pool = np.flatnonzero(
                population.registered
                & population.rural
                & (population.n_able > 0)
                & ~population.trained
            )
            expected = trainees_for(places, pool.size) + self.carry
            n = min(math.floor(expected), pool.size, math.floor(money / self.cost_per_place))
            # A fraction of a trainee waits for next month's money; a full pool ends the wait.
            self.carry = min(expected - n, 0.999) if n < pool.size else 0.0
            if n > 0:
                # The month's own stream: drawing only when training keeps scenarios aligned.
                rng = model.streams.get(f"program:{self.name}", model.step_index)
                u_order = rng.random(len(population))
                chosen = pool[first_k(u_order[pool], n)]
                population.trained[chosen] = True
                self.own[chosen] = True
                self._own = np.flatnonzero(self.own)
                self.ledger.spend(year, month, n * self.cost_per_place, "training", n, "places")
                self.trained_in[year] = self.trained_in.get(year, 0) + n
                self.reach(chosen)
        self.deliver_training_premium(self._own)


CARE_TRAINING = ProgramSpec(
    "care_training",
    "jobs",
    CareTraining,
    summary="Training places for registered-poor people: better job odds and wages.",
)
