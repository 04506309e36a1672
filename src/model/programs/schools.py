"""School buildings (seed:infra.education): childcare places now, schooling later.

The 8.1 M yuan built a vocational-school training building, a children's centre, a kindergarten
and a boarding-school dormitory. Their main aim, more schooling for poor children, pays off only
when those children work, mostly after 2025; the model therefore acts through what the buildings
change now and only reports the schooling gain.

Money to capacity (``model.aid.facility``): construction aid ``A`` (yuan) opens
``schools.build_months`` after it is spent. Of the open buildings,

* ``places = childcare_share * A / cost_per_child_place`` boarding or kindergarten places;
* ``trainees_per_year = (1 - childcare_share) * A / 1e6 * trainees_per_million_yuan``.

Childcare places (each January, and whenever capacity opens): one place per household, given to
rural households with children and an able adult, registered (incl. exited) households first,
then the most remote, up to ``places`` households. A household with a place gains
``parent_work_days_freed / 12 * local_day_wage`` yuan of local wages a month (the parent no
longer takes the child to school over mountain roads or minds it all day). Diminishing returns:
places beyond the households with children bring nothing.

Vocational training: ``trainees_per_year / 12`` households a month (places left unfilled are
lost) from registered households (exited ones too) with an able, untrained adult, lowest
last-year income per person first, get ``trained = True``. Training acts as the jobs family's
rule on ``trained`` says: higher job-offer odds (``labour.hire``) and a wage premium
(``livelihoods.trained_premium_month``), which this program delivers to the adults it trained.

Schooling (reported, not applied): every child who held a place gains
``schooling_years_per_place`` years; ``schooling_years_added`` sums them. No household's
``schooling`` (the head's) changes within the horizon.
"""

from __future__ import annotations

import math

import numpy as np

from model.aid.facility import PublicBuilding
from model.aid.program import ProgramSpec
from model.aid.selection import KeptHouseholds, poor_households
from model.households import SOURCE_INDEX
from model.order import first_k, stable_argsort

__all__ = ["SCHOOLS", "SchoolsProgram"]


class SchoolsProgram(PublicBuilding):
    """Builds school places; frees parents' time; trains adults; tallies schooling gained."""

    channel = "students"

    item, unit = "school buildings", "yuan of buildings"

    parameters = {
        "childcare_share": "childcare_share",
        "cost_per_place": "cost_per_child_place",
        "days_freed": "parent_work_days_freed",
        "trainees_per_million": "trainees_per_million_yuan",
        "years_per_place": "schooling_years_per_place",
    }

    def setup(self) -> None:
        """No child placed, no adult trained yet."""
        super().setup()
        n = len(self.model.households)
        self.placed = np.zeros(n, dtype=bool)
        #: The households holding places (indices), set with ``placed``.
        self._placed_households = np.zeros(0, dtype=np.intp)
        self.ever_placed = np.zeros(n, dtype=bool)
        self._placed_capacity = -1.0
        self._training_credit = 0.0
        self.trained_total = 0
        #: Households whose member this program trained (it pays their wage premium).
        self.trained_here = np.zeros(n, dtype=bool)
        #: The same households (indices, in order), found again with ``trained_here``.
        self._trained_households = np.zeros(0, dtype=np.intp)
        #: The households training may reach by last year's income per person, lowest first,
        #: kept for the year and the households reached (``_training_order``).
        self._ranked = KeptHouseholds()

    # -- capacity --------------------------------------------------------------------------
    def places(self, capacity: float) -> float:
        """Childcare places in buildings worth ``capacity`` yuan of aid."""
        return self.childcare_share * capacity / self.cost_per_place

    def trainees_per_year(self, capacity: float) -> float:
        """Adults the training building can train a year."""
        return (1.0 - self.childcare_share) * capacity / 1e6 * self.trainees_per_million

    @property
    def schooling_years_added(self) -> float:
        """Years of schooling gained by the children who held a place (reported only)."""
        return float(self.ever_placed.sum()) * self.years_per_place

    # -- monthly service -------------------------------------------------------------------
    def serve(self, capacity: float) -> None:
        """Place children, pay parents' freed days, train adults."""
        model = self.model
        population = model.households
        if model.month == 1 or capacity != self._placed_capacity:
            self._assign_places(self.places(capacity))
            self._placed_capacity = capacity
        # the able of the few households holding places (the same households as of the masks)
        placed = self._placed_households
        working = placed[population.able_members(placed) > 0]
        if working.size:
            wage = model.conditions.local_day_wage
            self.deliver(working, self.days_freed / 12.0 * wage, SOURCE_INDEX["wages_local"])
        self._train(self.trainees_per_year(capacity) / 12.0)
        self.deliver_training_premium(self._trained_households)

    def _assign_places(self, places: float) -> None:
        population = self.model.households
        eligible = population.rural & (population.n_children > 0) & (population.n_able > 0)
        candidates = np.flatnonzero(eligible)
        is_poor = poor_households(self.model, keep_exited=True)[candidates]
        # Poor first, then the most remote, then by index (a stable, reproducible order): the
        # first places of each group, as np.lexsort((candidates, -remoteness, ~poor)) orders them.
        n_places = int(math.floor(places + 1e-9))
        far_first = -population.remoteness[candidates]
        poor, others = np.flatnonzero(is_poor), np.flatnonzero(~is_poor)
        poor = poor[first_k(far_first[poor], n_places)]
        others = others[first_k(far_first[others], n_places - poor.size)]
        chosen = candidates[np.concatenate([poor, others])]
        self.placed[...] = False
        self.placed[chosen] = True
        self._placed_households = np.flatnonzero(self.placed)
        self.ever_placed[chosen] = True

    def _train(self, per_month: float) -> None:
        self._training_credit += per_month
        n_train = int(math.floor(self._training_credit + 1e-9))
        # Places not filled this month are lost, not saved up.
        self._training_credit -= n_train
        if n_train <= 0:  # nobody to train this month: no need to find who could be
            return
        population = self.model.households
        ranked = self._training_order()
        # the first of the order with an able, untrained adult (n_able and trained change
        # month by month): the lowest incomes among them, ties by index
        free = population.able_members(ranked) > 0
        free &= ~population.trained.take(ranked)
        chosen = ranked.compress(free)[:n_train]
        if chosen.size == 0:
            return
        population.trained[chosen] = True
        self.trained_here[chosen] = True
        self._trained_households = np.flatnonzero(self.trained_here)
        self.reach(chosen, "trainees")
        self.trained_total += int(chosen.size)

    def _training_order(self) -> np.ndarray:
        """The households training may reach, lowest last-year income per person first.

        Ties in index order. Last year's income and residents, and household sizes, change
        only between years, so the order is worked out once a year, and again only if the
        households reached change (registration is in December).
        """
        model = self.model
        eligible = poor_households(model, keep_exited=True)

        def rank() -> tuple[np.ndarray]:
            households = np.flatnonzero(eligible)
            income = model.households.net_income_pc(last_year=True, households=households)
            return (households[stable_argsort(income)],)

        return self._ranked.get((model.year, eligible), rank)[0]


SCHOOLS = ProgramSpec(
    "schools",
    "services",
    SchoolsProgram,
    summary="School buildings: childcare places free parents to work; adults trained.",
)
