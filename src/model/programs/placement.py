"""Job placement shared by the jobs family: who seeks work, offers, and where placed people go.

A *seeker* is a free able member of a rural registered-poor household (建档立卡, exited or not):
able, not away, and not the household's firm worker,

    free_i = max(n_able_i - n_away_i - [employer_i >= 0], 0).

A program with ``C`` offers for a pool of ``S`` free members reaches each with probability
``1 - exp(-C / S)`` (offers fall on people already offered as the pool is used up: diminishing
returns). An offered member accepts with probability

    a_i = min(1, acceptance * (1 - labour.remoteness_hire_penalty * remoteness_i)
                 * (1 + care_training.offer_boost * trained_i)).

An accepted placement is a local job (one per household, ``PlacementEmployers``) with
probability ``local_share`` when the household has no firm job, otherwise work away for the season:
``n_away`` rises by one and the household earns ``labour.away_net_monthly`` in the away months
through the labour rules, until the next March, when members decide again
(``labour.decide_work_away``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.households import MAX_MEMBERS, Households
from model.programs.base import AidProgram

if TYPE_CHECKING:
    from model.enterprises.placements import PlacementEmployers

__all__ = ["PlacementProgram", "free_members", "offer_probability", "seeker_pool"]

#: Uniform draws per household each month: one per member slot, a local/away draw, an order draw.
DRAWS_PER_HOUSEHOLD = MAX_MEMBERS + 2


def free_members(population: Households) -> np.ndarray:
    """Able members at home and not in a firm job, per household."""
    employed = (population.employer >= 0).astype(np.int16)
    return np.maximum(population.n_able - population.n_away - employed, 0)


def seeker_pool(population: Households) -> np.ndarray:
    """Free members of rural registered households (zero elsewhere)."""
    return free_members(population) * (population.registered & population.rural)


def offer_probability(offers: float, pool: float) -> float:
    """Probability that a member of a pool of ``pool`` gets one of ``offers`` offers."""
    if offers <= 0 or pool <= 0:
        return 0.0
    return float(-np.expm1(-offers / pool))


class PlacementProgram(AidProgram):
    """An aid program that places registered-poor job seekers locally or away.

    Subclasses decide how many offers the money buys and when; ``place`` does the rest.
    """

    firm: PlacementEmployers | None = None

    def _setup_placements(self) -> None:
        n = len(self.model.households)
        p = self.model.params
        self.remoteness_penalty = p.value("labour.remoteness_hire_penalty")
        self.trained_boost = p.value("care_training.offer_boost")
        self.away_placed = np.zeros(n, dtype=np.int16)
        self.away_placed_year: dict[int, int] = {}
        self.placed_local_year: dict[int, int] = {}

    def draws(self) -> np.ndarray:
        """This month's uniforms, shape ``(DRAWS_PER_HOUSEHOLD, n)``.

        Streams are keyed by program and month, so drawing only in months with offers keeps
        every scenario's draws aligned.
        """
        rng = self.model.streams.get(f"program:{self.name}", self.model.step_index)
        return rng.random((DRAWS_PER_HOUSEHOLD, len(self.model.households)))

    def acceptance(self, base: float) -> np.ndarray:
        """Probability each household's member accepts an offer."""
        population = self.model.households
        a = base * (1.0 - self.remoteness_penalty * population.remoteness)
        return np.minimum(a * (1.0 + self.trained_boost * population.trained), 1.0)

    def place(self, offers: float, base_acceptance: float, local_share: float) -> int:
        """Offer ``offers`` jobs to the seeker pool; place those who accept.

        Args:
            offers: Job offers this month (already scaled to the simulated county).
            base_acceptance: Acceptance probability before remoteness and training.
            local_share: Probability a placement is a local job (if the household has none).

        Returns:
            Members placed.
        """
        population = self.model.households
        pool = seeker_pool(population)
        p_offer = offer_probability(offers, float(pool.sum()))
        if p_offer <= 0:
            return 0
        u = self.draws()
        accept = p_offer * self.acceptance(base_acceptance)
        slots = np.arange(MAX_MEMBERS)[:, None]
        placed_members = ((u[:MAX_MEMBERS] < accept[None, :]) & (slots < pool[None, :])).sum(0)
        placed = np.flatnonzero(placed_members > 0)
        if placed.size == 0:
            return 0
        local = np.zeros(len(population), dtype=bool)
        if self.firm is not None and not self.firm.closed:
            local[placed] = (u[MAX_MEMBERS, placed] < local_share) & (
                population.employer[placed] < 0
            )
        local_idx = np.flatnonzero(local)
        if local_idx.size:
            self.firm.take_on(local_idx)
        away = placed_members - local
        population.n_away += away.astype(population.n_away.dtype)
        self.away_placed += away.astype(np.int16)
        year = self.model.year
        self.away_placed_year[year] = self.away_placed_year.get(year, 0) + int(away.sum())
        self.placed_local_year[year] = self.placed_local_year.get(year, 0) + int(local_idx.size)
        self.reach(placed)
        return int(placed_members.sum())

    def account_away_income(self) -> None:
        """Record the away wages earned this month by members this program placed.

        The labour rules pay them (``livelihoods.away_work_month``); the program only counts
        them as income it brought about. In March the season ends and members decide again.
        """
        model = self.model
        if model.month == 3:
            self.away_placed[...] = 0
            return
        if model.month not in model.params.value("labour.away_months"):
            return
        helped = np.flatnonzero(self.away_placed)
        if helped.size == 0:
            return
        # Members who fell ill since placement no longer earn away; count at most n_away.
        members = np.minimum(self.away_placed[helped], self.model.households.n_away[helped])
        earned = float((members * model.conditions.away_net_monthly).sum())
        year = model.year
        self.income_delivered[year] = self.income_delivered.get(year, 0.0) + earned
        self.reach(helped)

    def jobs(self) -> tuple[int, int]:
        """Local jobs held now plus members placed away this season (all registered poor)."""
        population = self.model.households
        local_staff, local_poor = self.firm.jobs() if self.firm is not None else (0, 0)
        away = int(self.away_placed.sum())
        away_poor = int(self.away_placed[population.registered].sum())
        return local_staff + away, local_poor + away_poor
