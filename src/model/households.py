"""The household population: one array per attribute, its members, and read-only views.

Households are stored as a struct of arrays so that every household rule runs as one numpy
operation over the whole county (as Covasim and Starsim store people). Members are the columns of
two ``(MAX_MEMBERS, households)`` arrays, ``age`` (-1 for an empty slot) and ``ill``, so that people
age, fall ill, die, leave and are born one by one; the per-household counts that the rules read
(``n_children``, ``n_working``, ``n_elderly``, the ill, ``size``) are derived from them and
refreshed whenever members change. ``population[i]`` gives a read-only view of one household
(``model.household_view``) and ``population.to_frame()`` a DataFrame of all of them. The
population is built by ``model.synthesis.synthesize``. Income per person as the statistics count
it, and the other income measures, come with the income rows from ``model.household_income``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.household_income import (
    DISPOSABLE_INCOME_FROM,
    INCOME_SOURCES,
    SOURCE_INDEX,
    IncomeMeasures,
    take,
)

if TYPE_CHECKING:
    from model.household_view import HouseholdView

__all__ = [
    "ADULT_AGE",
    "DISPOSABLE_INCOME_FROM",
    "ELDERLY_AGE",
    "INCOME_SOURCES",
    "MAX_MEMBERS",
    "SOURCE_INDEX",
    "Households",
    "count_members",
    "of_working_age",
    "take",
]

#: Member slots a household has.
MAX_MEMBERS = 6
#: First working age and first old age, years (the statistics' 16-59 and 60+). Members work
#: past the first old age (``Households.working_age_end``, set from ``labour.working_age_end``).
ADULT_AGE, ELDERLY_AGE = 16, 60
#: Household age types used in synthesis.
YOUNG, MIDDLE, ELDERLY = 0, 1, 2

#: Attributes that hold one value for the whole county rather than one per household.
_SCALARS = ("working_age_end",)
#: Attributes derived from the member arrays (refreshed, not set).
_DERIVED = ("n_children", "n_working", "n_elderly", "n_ill_working", "n_ill_other", "size")


def of_working_age(age: np.ndarray, end: int) -> np.ndarray:
    """Which member slots are of working age, ``ADULT_AGE`` to ``end - 1`` (empty slots: -1).

    Args:
        age: Members' ages, any shape.
        end: First age past working age (``labour.working_age_end``).
    """
    return (age >= ADULT_AGE) & (age < end)


def count_members(mask: np.ndarray) -> np.ndarray:
    """Members of each household for which ``mask`` (shape ``(MAX_MEMBERS, n)``) holds."""
    # Summed as bytes (at most MAX_MEMBERS: no overflow), then widened: a sum cast element by
    # element to int16 takes over twice as long.
    return mask.view(np.uint8).sum(axis=0, dtype=np.uint8).astype(np.int16)


@dataclass(eq=False)
class Households(IncomeMeasures):
    """All households of the county, one numpy array per attribute.

    Attributes:
        township: Township index (0 is the county seat, Linxi town).
        village: Village index, unique across the county.
        urban: Whether the household lives in town (outside the rural poverty statistics).
        remoteness: 0 (by a road near town) to 1 (deep in the mountains).
        age_type: 0 young family, 1 middle-aged, 2 elderly (at synthesis).
        age: Age of each member in years, shape ``(MAX_MEMBERS, n)`` (member slot first, so that
            sums over a household's members are fast); -1 marks an empty slot.
        ill: Whether each member is chronically ill or disabled, same shape.
        work_draws: Each member slot's standing uniforms for working away and for local wage
            work, shape ``(2, MAX_MEMBERS, n)``: most are kept from one year to the next, so
            who works is persistent (``labour.decide_work``).
        n_children: Members under 16 (derived from ``age``).
        n_working: Members of working age, 16 to ``working_age_end - 1`` (derived).
        n_elderly: Members aged 60 and over (derived; the old-age statistics' band, which
            overlaps working age when members work past 60).
        n_ill_working: Working-age members chronically ill or disabled, unable to work (derived).
        n_ill_other: Children and elderly members chronically ill or disabled (derived).
        size: Members (derived); 0 once every member has died or left (a dissolved household).
        schooling: Years of schooling of the household head.
        land_dry: Mu of contracted dry slope land.
        land_irrigated: Mu of contracted irrigated land: the valley's, and sloping land under
            drip irrigation since synthesis (``land_drip``).
        land_drip: Mu of sloping land made irrigated by drip irrigation under film (counted in
            ``land_irrigated``; still sloping land).
        land_retired: Mu of sloping land retired to forest or grass (退耕还林).
        rented_out: Share (0-1) of its contracted land the household rents out this year.
        rented_in_dry: Mu of other households' dry land the household rents in and farms.
        rented_in_irrigated: Mu of other households' irrigated land it rents in and farms.
        harvest_net: Net income of the last harvest (yuan), paid out as the crop is sold.
        harvest_corn_kg: Corn of the last harvest (kg).
        cattle: Head of cattle.
        sheep: Head of sheep and goats.
        safe_housing: Whether the house is safe (one of the exit conditions).
        safe_water: Whether the household has safe drinking water (an exit condition).
        insured: Whether the household is enrolled in basic medical insurance (the basic-medical
            guarantee of the exit standard).
        school_dropout: Whether a child of compulsory-school age (7-15) is out of school (the
            compulsory-education guarantee fails).
        public_post: Members holding a public-welfare or forest-ranger post this year.
        registered: Registered poor (建档立卡), exited or not.
        registered_year: Year of registration (0 if never).
        registered_income_pc: Income per person (yuan a year, the statistics' concept) in the
            year the household was registered, which a re-check verifies (0 if never).
        registered_recorded_pc: The part of ``registered_income_pc`` the county paid and
            recorded itself (``recorded_income_pc``), which a re-check reads without error.
        exited: Whether a registered household has exited poverty.
        exit_year: Year of exit (0 if not exited).
        removed: Removed from the register by a re-check (wrongly registered).
        returned: Re-registered after exiting, having fallen back below the line.
        dibao: Receiving the minimum living allowance this year.
        n_away: Members working away from home this year (away 10 months: not residents under
            the survey's definition from 2013).
        away_counted: Whether the old rural survey (net income, to 2012) counted the household's
            members away as members: their income mainly came home
            (``households.away_counted_share``; see ``residents``).
        n_local_jobs: Members at home with local wage work this year.
        employer: Index of the firm employing one member, or -1.
        contract_firm: Index of the firm buying the household's corn under contract, or -1.
        programs_touched: Bit mask of the programs that reached the household this year.
        trained: Whether a member has completed vocational training (care, housekeeping,
            technical skills); raises the odds of a job offer and the wage.
        medical_bill: This month's medical spending (yuan, gross, before any reimbursement).
        medical_paid: Part of this month's bill paid by insurance and medical aid (yuan), as
            transfers (``model.aid.medical``).
        income: Income accrued this year, yuan, shape ``(len(INCOME_SOURCES), n)``.
        last_income: Last complete year's income by source, same shape (read-only once a year
            has closed: ``close_year``).
        last_residents: Residents of each household in the last complete year (the denominator
            of its income per person; see ``model.income.residents``).
        working_age_end: First age at which members no longer work for wages or count as
            labour (years; ``labour.working_age_end``). Not an array: set by synthesis.
    """

    township: np.ndarray
    village: np.ndarray
    urban: np.ndarray
    remoteness: np.ndarray
    age_type: np.ndarray
    age: np.ndarray
    ill: np.ndarray
    work_draws: np.ndarray
    schooling: np.ndarray
    land_dry: np.ndarray
    land_irrigated: np.ndarray
    land_drip: np.ndarray
    land_retired: np.ndarray
    rented_out: np.ndarray
    rented_in_dry: np.ndarray
    rented_in_irrigated: np.ndarray
    harvest_net: np.ndarray
    harvest_corn_kg: np.ndarray
    cattle: np.ndarray
    sheep: np.ndarray
    safe_housing: np.ndarray
    safe_water: np.ndarray
    insured: np.ndarray
    school_dropout: np.ndarray
    public_post: np.ndarray
    registered: np.ndarray
    registered_year: np.ndarray
    registered_income_pc: np.ndarray
    registered_recorded_pc: np.ndarray
    exited: np.ndarray
    exit_year: np.ndarray
    removed: np.ndarray
    returned: np.ndarray
    dibao: np.ndarray
    n_away: np.ndarray
    away_counted: np.ndarray
    n_local_jobs: np.ndarray
    employer: np.ndarray
    contract_firm: np.ndarray
    programs_touched: np.ndarray
    trained: np.ndarray
    medical_bill: np.ndarray
    medical_paid: np.ndarray
    income: np.ndarray
    last_income: np.ndarray
    last_residents: np.ndarray
    working_age_end: int = field(repr=False)

    def __post_init__(self) -> None:
        #: The calendar year whose income definition applies (set each January by the model).
        self.income_year = 0
        self.refresh_composition()

    def __len__(self) -> int:
        return int(self.township.shape[0])

    # -- members ---------------------------------------------------------------------------
    def refresh_composition(self) -> None:
        """Recompute the per-household counts from the member arrays (after members change)."""
        age = self.age
        present = age >= 0
        working = of_working_age(age, self.working_age_end)
        self.size = count_members(present)
        # Counts of nested groups as differences (integers: exact), fewer passes over the
        # slots: children are the members not yet adults, and working age is within presence.
        self.n_children = self.size - count_members(age >= ADULT_AGE)
        self.n_working = count_members(working)
        self.n_elderly = count_members(age >= ELDERLY_AGE)
        self.n_ill_working = count_members(self.ill & working)
        self.n_ill_other = count_members(self.ill & present) - self.n_ill_working
        # ``urban`` never changes and ``size`` changes only here, so ``rural`` is worked out
        # here once rather than at each of its uses (hundreds a run); read-only, as it is shared
        rural = ~self.urban & (self.size > 0)
        rural.flags.writeable = False
        self._rural = rural
        self._rural_people = int(self.size.compress(rural).sum(dtype=np.int64))

    def set_working_ill(self, households: np.ndarray, ill: bool) -> None:
        """Make one working-age member of each given household ill (or recovered).

        Args:
            households: Indices of households, each with at least one working-age member who is
                healthy (``ill=True``) or ill (``ill=False``); others are skipped.
            ill: True for onset, False for recovery.
        """
        if households.size == 0:
            return
        # the households' member slots taken by column (a third of the time of indexing)
        age = np.take(self.age, households, axis=1)
        candidates = of_working_age(age, self.working_age_end)
        candidates &= np.take(self.ill, households, axis=1) != ill
        has = candidates.any(axis=0)
        rows = households[has]
        slots = np.compress(has, candidates, axis=1).argmax(axis=0)
        self.ill[slots, rows] = ill
        self.n_ill_working[rows] += 1 if ill else -1

    # -- derived views ---------------------------------------------------------------------
    @property
    def n_able(self) -> np.ndarray:
        """Working-age members able to work."""
        return self.able_members()

    def able_members(self, households: np.ndarray | None = None) -> np.ndarray:
        """``n_able`` of every household, or of ``households`` (indices) only, in their order."""
        return take(self.n_working, households) - take(self.n_ill_working, households)

    @property
    def n_free(self) -> np.ndarray:
        """Able members at home and not in a firm job (who may take other work)."""
        return self.free_members()

    def free_members(self, households: np.ndarray | None = None) -> np.ndarray:
        """``n_free`` of every household, or of ``households`` (indices) only, in their order."""
        # able - away - employed, clipped at 0, in one array (integers: the same in any order;
        # clipped as a product with free > 0, a sixth of the time of an int16 maximum with 0)
        free = self.able_members(households)
        free -= take(self.n_away, households)
        free -= take(self.employer, households) >= 0
        free *= free > 0
        return free

    @property
    def n_ill(self) -> np.ndarray:
        """Members chronically ill or disabled."""
        return self.ill_members()

    def ill_members(self, households: np.ndarray | None = None) -> np.ndarray:
        """``n_ill`` of every household, or of ``households`` (indices) only, in their order."""
        return take(self.n_ill_working, households) + take(self.n_ill_other, households)

    @property
    def rural(self) -> np.ndarray:
        """Whether the household is rural and still has members (a read-only array)."""
        return self._rural

    @property
    def rural_people(self) -> int:
        """Members of rural households (counted with ``rural``, when members change)."""
        return self._rural_people

    @property
    def registered_poor(self) -> np.ndarray:
        """Registered poor and not yet exited."""
        return self.still_registered()

    def still_registered(self, households: np.ndarray | None = None) -> np.ndarray:
        """``registered_poor`` of every household, or of ``households`` (indices) in order."""
        return take(self.registered, households) & ~take(self.exited, households)

    @property
    def land_contracted(self) -> np.ndarray:
        """Mu of contracted farmland (dry and irrigated), farmed or rented out."""
        return self.land_dry + self.land_irrigated

    def close_year(self) -> None:
        """Move this year's income to ``last_income`` and start a new year at zero.

        ``last_income`` is then read-only: a closed year's income does not change, so its
        statistical income is worked out once, when first read.
        """
        self.last_residents[...] = self.residents()
        # The two arrays swap places rather than copy (nothing keeps either past a month);
        # the old last year's becomes this year's, zeroed.
        self.last_income, self.income = self.income, self.last_income
        self.income.flags.writeable = True  # (frozen while it was the last year's)
        self.income[...] = 0.0
        self.last_income.flags.writeable = False
        self._closed_year = None  # (the new last year's totals: worked out when first read)
        self.programs_touched[...] = 0

    def __getitem__(self, index: int) -> HouseholdView:
        # imported here: the view reads this module's constants (for display, not the step)
        from model.household_view import HouseholdView

        if not -len(self) <= index < len(self):
            raise IndexError(f"household {index} out of range 0..{len(self) - 1}")
        return HouseholdView(self, index % len(self))

    def to_frame(self) -> pd.DataFrame:
        """Return one row per household: every attribute, members' ages, and income by source."""
        columns: dict[str, Any] = {}
        for attribute in fields(self):
            if attribute.name in ("income", "last_income", "age", "ill", "work_draws"):
                continue  # per-member and per-source arrays: spread out below, or internal
            if attribute.name in _SCALARS:
                continue  # one value for the county, not a column
            columns[attribute.name] = getattr(self, attribute.name)
        for name in _DERIVED:
            columns[name] = getattr(self, name)
        columns["n_able"] = self.n_able
        for slot in range(MAX_MEMBERS):
            columns[f"age_{slot}"] = self.age[slot]
        for row, name in enumerate(INCOME_SOURCES):
            columns[f"income_{name}"] = self.income[row]
            columns[f"last_income_{name}"] = self.last_income[row]
        frame = pd.DataFrame(columns)
        frame.index.name = "household"
        return frame
