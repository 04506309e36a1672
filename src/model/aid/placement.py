"""Placing registered-poor job seekers: offers to the seeker pool, local jobs or work away.

The mechanism the jobs programs (``model.programs.job_placement``: the employment centre, the
job fairs, help to work away) share; each decides only how many offers its money buys and when.
Care training (``model.programs.care_training``) raises the odds of the trained.

Seekers and placements (``PlacementProgram``). A *seeker* is a free able member of a rural
registered-poor household (建档立卡, exited or not): able, not away, and not the household's firm
worker,

    free_i = max(n_able_i - n_away_i - [employer_i >= 0], 0)  (``Households.n_free``).

A program with ``C`` offers for a pool of ``S`` free members reaches each with probability
``1 - exp(-C / S)`` (offers fall on people already offered as the pool is used up: diminishing
returns). An offered member accepts with probability

    a_i = min(1, acceptance * (1 - labour.remoteness_hire_penalty * remoteness_i)
                 * (1 + care_training.offer_boost * trained_i)).

An accepted placement is a local job (one per household, with the program's
``PlacementEmployers``) with probability ``local_share`` when the household has no firm job,
otherwise work away for the season:
``n_away`` rises by one and the household earns ``labour.away_net_monthly`` in the away months
through the labour rules, until the next March, when members decide again
(``labour.decide_work``).

Local employers (``PlacementEmployers``). Placed workers fill fixed-term jobs with many small local
employers (shops, care homes, construction, cooperatives). The model groups them as one ``Firm`` per
program so that the jobs carry an employer index (the worker leaves casual work, quits at the labour
market's rate and counts in the county's ``jobs``), the wage is paid monthly through the program,
and a scenario can force the jobs to end (``programs.<name>.fail_year``). A job ends after
``jobs.local_job_months`` months; the worker then seeks work again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.firm import Firm
from model.aid.program import AidProgram
from model.aid.settings import FirmProgramSettings
from model.households import MAX_MEMBERS, Households
from model.rng import uniforms_at

if TYPE_CHECKING:
    from model.context import County

__all__ = [
    "PlacementEmployers",
    "PlacementProgram",
    "offer_probability",
    "seeker_pool",
]


# A program's stream of the month (keyed by program and month, so drawing only in months with
# offers keeps every scenario's draws aligned) holds rows of one uniform per household: row
# ``slot`` for each member slot, then row ``MAX_MEMBERS`` the local/away draw. Only the draws
# used are made (``model.rng.uniforms_at``).


def seeker_pool(population: Households) -> np.ndarray:
    """Free members (able, at home, not in a firm job) of rural registered households."""
    return population.n_free * (population.registered & population.rural)


def offer_probability(offers: float, pool: float) -> float:
    """Probability that a member of a pool of ``pool`` gets one of ``offers`` offers."""
    if offers <= 0 or pool <= 0:
        return 0.0
    return float(-np.expm1(-offers / pool))


class PlacementProgram(AidProgram):
    """An aid program that places registered-poor job seekers locally or away.

    Subclasses decide how many offers the money buys and when; ``place`` does the rest. A
    program whose placements include local jobs (its settings are ``FirmProgramSettings``, so a
    scenario can end those jobs with ``fail_year``) builds its ``PlacementEmployers``.
    """

    channel = "workers"

    parameters = {
        "remoteness_penalty": "labour.remoteness_hire_penalty",
        "trained_boost": "care_training.offer_boost",
    }

    def setup(self) -> None:
        """Nobody placed yet; the local employers, if the program has local jobs."""
        super().setup()
        model = self.model
        self.away_placed = np.zeros(len(model.households), dtype=np.int16)
        #: The households with members placed away (indices), found when first needed after
        #: ``away_placed`` changes (None: to find).
        self._helped: np.ndarray | None = None
        self.away_placed_year: dict[int, int] = {}
        self.placed_local_year: dict[int, int] = {}
        local_jobs = isinstance(self.settings, FirmProgramSettings)
        self.firm = PlacementEmployers(model, self) if local_jobs else None

    def acceptance(self, base: float, households: np.ndarray | None = None) -> np.ndarray:
        """Probability each household's member accepts an offer.

        Args:
            base: Acceptance before remoteness and training.
            households: Only these (indices), in their order; None: every household.
        """
        population = self.model.households
        remoteness, trained = population.remoteness, population.trained
        if households is not None:
            remoteness, trained = remoteness.take(households), trained.take(households)
        a = base * (1.0 - self.remoteness_penalty * remoteness)
        return np.minimum(a * (1.0 + self.trained_boost * trained), 1.0)

    def place(
        self,
        offers: float,
        base_acceptance: float,
        local_share: float,
        hired_acceptance: float | None = None,
    ) -> int:
        """Offer ``offers`` jobs to the seeker pool; place those who accept.

        Args:
            offers: Job offers this month (already scaled to the simulated county).
            base_acceptance: Acceptance probability before remoteness and training.
            local_share: Probability a placement is a local job (if the household has none).
            hired_acceptance: For a program that places only the hires it adds
                (``base_acceptance`` then has the additional share in it): the acceptance of
                every hire, at least ``base_acceptance``. Members whose draw falls between the
                two were hired but would have found work anyway: their work is left as it is.
                Every hire is counted in the channel ``hires``, as the account counts them.
                None: every hire is placed, and counted as a worker.

        Returns:
            Members placed.
        """
        population = self.model.households
        pool = seeker_pool(population)
        p_offer = offer_probability(offers, float(pool.sum()))
        if p_offer <= 0:
            return 0
        # only households with seekers can place anyone (nonzero of a mask: faster than of ints)
        seekers = np.flatnonzero(pool != 0)
        accept = p_offer * self.acceptance(base_acceptance, seekers)
        # Each seeker's member-slot draws (row ``slot`` of the stream), drawn at the seekers
        # alone (a few thousand of the county's rows); 1.0 where the slot is not a seeker's,
        # which no acceptance (at most 1) exceeds.
        n = len(population)
        rng = self.model.streams.get(f"program:{self.name}", self.model.step_index)
        slots = np.arange(int(pool[seekers].max()))[:, None]
        in_pool = slots < pool[seekers][None, :]
        seeker_draws = np.ones(in_pool.shape)
        # (row-major: the positions of the rows in turn, ascending, as the generator gives them)
        positions = (slots * n + seekers)[in_pool]
        seeker_draws[in_pool] = uniforms_at(rng, positions)
        offered = seeker_draws < accept[None, :]
        # Members placed, by household placed (in index order): arrays over the placed
        # households alone, the county's arrays changed only at them.
        members = offered.sum(0)
        if hired_acceptance is not None:
            # The same draws: every member under the additional threshold is under this one,
            # so the hires include the placed.
            accept_hire = p_offer * self.acceptance(hired_acceptance, seekers)
            hires = (seeker_draws < accept_hire[None, :]).sum(0)
            self.reach(seekers[hires > 0], "hires", people=hires[hires > 0])
        now = members > 0
        placed, members = seekers[now], members[now]
        if placed.size == 0:
            return 0
        local = np.zeros(placed.size, dtype=bool)
        if self.firm is not None and not self.firm.closed:
            # the local/away draw (row ``MAX_MEMBERS``) at the placed households alone
            u_local = uniforms_at(rng, MAX_MEMBERS * n + placed, int(positions[-1]) + 1)
            local = (u_local < local_share) & (population.employer[placed] < 0)
        local_idx = placed[local]
        if local_idx.size:
            self.firm.take_on(local_idx)
        away = members - local
        population.n_away[placed] += away.astype(population.n_away.dtype)
        self.away_placed[placed] += away.astype(np.int16)
        self._helped = None
        year = self.model.year
        self.away_placed_year[year] = self.away_placed_year.get(year, 0) + int(away.sum())
        self.placed_local_year[year] = self.placed_local_year.get(year, 0) + int(local_idx.size)
        self.reach(placed, people=members)
        return int(members.sum())

    def account_away_income(self) -> None:
        """Record the away wages earned this month by members this program placed.

        The labour rules pay them (``livelihoods.away_work_month``); the program only counts
        them as income it brought about. In March the season ends and members decide again.
        """
        model = self.model
        if model.month == 3:
            self.away_placed[...] = 0
            self._helped = None
            return
        if model.month not in model.params.value("labour.away_months"):
            return
        helped = self._placed_away()
        if helped.size == 0:
            return
        # Members who fell ill since placement no longer earn away; count at most n_away.
        # (take: a quicker gather than indexing)
        members = np.minimum(
            self.away_placed.take(helped), self.model.households.n_away.take(helped)
        )
        earned = float((members * model.conditions.away_net_monthly).sum())
        year = model.year
        self.income_delivered[year] = self.income_delivered.get(year, 0.0) + earned
        self.reach(helped, people=members)

    def _placed_away(self) -> np.ndarray:
        """The households with members placed away (indices), found once after each change."""
        if self._helped is None:  # of a mask: faster than of the int16s
            self._helped = np.flatnonzero(self.away_placed != 0)
        return self._helped

    def jobs(self) -> tuple[int, int]:
        """Local jobs held now plus members placed away this season (all registered poor)."""
        population = self.model.households
        local_staff, local_poor = self.firm.jobs() if self.firm is not None else (0, 0)
        helped = self._placed_away()
        placed = self.away_placed.take(helped)  # (take: a quicker gather than indexing)
        # integer sums over the households with members away: exact in any order
        away = int(placed.sum())
        away_poor = int((placed * population.registered.take(helped)).sum())
        return local_staff + away, local_poor + away_poor


class PlacementEmployers(Firm):
    """The local employers reached through one jobs program (wages are paid through it).

    The program's ``fail_year`` ends every placed job in that January.
    """

    def __init__(self, model: County, program: AidProgram) -> None:
        hazard = model.params.value("jobs.local_employers_failure_hazard")
        super().__init__(model, program, f"{program.name}_employers", failure_hazard=hazard)
        self.contract_months = int(model.params.value("jobs.local_job_months"))
        self.contract_end = np.full(len(model.households), -1, dtype=np.int32)

    @property
    def closed(self) -> bool:
        """Whether the jobs have ended (failed, or the scenario's forced year has come)."""
        return self.failed or (self.fail_year is not None and self.model.year >= self.fail_year)

    def take_on(self, households: np.ndarray) -> None:
        """Employ one member of each of ``households`` (indices) from this month."""
        if self.closed or households.size == 0:
            return
        self.model.households.employer[households] = self.firm_index
        self.contract_end[households] = self.model.step_index + self.contract_months

    def step(self) -> None:
        """Pay the month's wages; end finished contracts; fail at random or when forced."""
        model = self.model
        staff = self.staff()
        if not staff.any() and self.fail_year is None:
            return
        # drawn only when used: each month's stream is its own, so no other draw moves
        u_fail = model.streams.get(f"firm:{self.name}", model.step_index).random()
        if self.check_failure(u_fail):
            return
        wage = model.params.at("jobs.local_job_monthly_wage", model.year)
        workers = self.pay_wages(wage)
        self.book_month(0.0, staff=workers.size, wages=workers.size * wage)
        finished = workers[self.contract_end[workers] <= model.step_index]
        model.households.employer[finished] = -1
