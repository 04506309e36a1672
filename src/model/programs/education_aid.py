"""Education aid to registered households: school allowances, Rain-and-Dew, college aid, dropouts.

China's own aid to poor families' schooling (``docs/sources.md`` [im-domestic-programmes]),
paid mostly by the region (Inner Mongolia's college aid for registered and dibao families,
R18, R22); funder provincial. Every September, for each registered household (exited ones too,
as policies stayed after exit; before registration, households whose last year's income per
person without transfers was below the poverty line):

* each child of compulsory-school age (7-15) gets ``education_aid.compulsory_aid`` a year, the
  living allowance for children of families in difficulty (两免一补);
* each member aged 16-18 is a secondary or vocational student with probability
  ``education_aid.secondary_enrolment`` and gets ``education_aid.secondary_aid`` (the
  Rain-and-Dew plan, 雨露计划, 3,000 yuan a year, R41);
* each member aged 19-22 is at college with probability ``education_aid.college_enrolment`` and
  gets ``education_aid.college_aid`` (10,000 yuan a year for registered families' new students
  from 2017, R22).

Money: the year's aid is paid as ``transfers`` in ``education_aid.pay_month``, to households with
the lowest income per person first while the money available lasts (the default budget is above
what the rule pays, so it does not bind at ``funding_scale`` 1). Spending is the aid paid.

Dropouts (控辍保学): from ``education_aid.campaign_year`` each registered household with a child of
compulsory-school age out of school (``school_dropout``) is brought back with probability
``education_aid.return_rate`` a year; the compulsory-education guarantee of the exit standard
then holds. Students aged 16-22 are still counted as working-age members by the labour rules.

Beneficiaries: ``students``, the children and students aided or brought back to school.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import longest_prefix, poor_households
from model.households import SOURCE_INDEX, count_members
from model.order import stable_argsort
from model.rng import uniforms_at

__all__ = ["EDUCATION_AID", "EducationAidProgram", "STUDENT_AGES"]

#: Ages of each kind of student aided (inclusive) and its aid and enrolment parameters.
STUDENT_AGES: dict[str, tuple[int, int]] = {
    "compulsory": (7, 15),
    "secondary": (16, 18),
    "college": (19, 22),
}


class EducationAidProgram(AidProgram):
    """Pays school aid to registered households' students each September; returns dropouts."""

    channel = "students"

    parameters = {"pay_month": ("pay_month", int)}

    def setup(self) -> None:
        """No student aided yet."""
        super().setup()
        self.returned_total = 0
        self.students_aided: dict[int, int] = {}

    def step(self) -> None:
        """Pay the year's aid and bring dropouts back in the pay month."""
        model = self.model
        if model.month == self.pay_month and self.active(model.year):
            self._pay(model.year, model.month)

    def students(self, eligible: np.ndarray, u: np.random.Generator) -> dict[str, np.ndarray]:
        """Students of each kind per household of ``eligible`` (indices).

        Every child of compulsory-school age, and each older member enrolled with its
        probability.
        """
        at, year = self.model.params.at, self.model.year
        # (np.take along the households' axis: a C-ordered copy, which the counts below read
        # an order of magnitude quicker than the column-ordered result of ``age[:, eligible]``)
        age = np.take(self.model.households.age, eligible, axis=1)
        counts = {}
        for kind, (low, high) in STUDENT_AGES.items():
            members = count_members((age >= low) & (age <= high))
            if kind == "compulsory":
                counts[kind] = members
            else:
                counts[kind] = u.binomial(members, at(f"{self.name}.{kind}_enrolment", year))
        return counts

    def _pay(self, year: int, month: int) -> None:
        model = self.model
        population = model.households
        at = model.params.at
        u = model.streams.get(f"program:{self.name}", model.step_index)
        eligible = np.flatnonzero(poor_households(model, keep_exited=True) & population.rural)
        counts = self.students(eligible, u)
        aid = sum(counts[kind] * at(f"{self.name}.{kind}_aid", year) for kind in STUDENT_AGES)
        n_students = sum(counts.values())
        income = population.net_income_pc(last_year=True, households=eligible)
        order = stable_argsort(income)  # poorest first, ties by index (eligible is in order)
        paid = longest_prefix(order, aid, self.ledger.available(year) * (1 - 1e-12))
        paid = paid[aid[paid] > 0]
        if paid.size:
            students = int(n_students[paid].sum())
            self.ledger.spend(
                year, month, float(aid[paid].sum()), "school aid", students, "students"
            )
            self.deliver(eligible[paid], aid[paid], SOURCE_INDEX["transfers"])
            self.reach(eligible[paid], people=n_students[paid])
            self.students_aided[year] = students
        self._return_dropouts(year, u)

    def _return_dropouts(self, year: int, u: np.random.Generator) -> None:
        params = self.model.params
        population = self.model.households
        if year < params.value(f"{self.name}.campaign_year"):
            return
        # one draw per household after the enrolment draws, made at the registered dropouts
        # alone (the others' draws are skipped)
        out = np.flatnonzero(population.school_dropout & population.registered)
        back = out.compress(uniforms_at(u, out) < params.at(f"{self.name}.return_rate", year))
        if back.size:
            population.school_dropout[back] = False
            self.reach(back)
            self.returned_total += int(back.size)


EDUCATION_AID = ProgramSpec(
    "education_aid",
    "household_grants",
    EducationAidProgram,
    summary="School allowances, Rain-and-Dew and college aid to registered households' students.",
    funder="provincial",
)
