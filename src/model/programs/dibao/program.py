"""The dibao programme: January decisions, monthly payments, the reviews and the final pass.

Applies the rule of ``model.programs.dibao.rule`` within the year's money and the county's
places; the whole story and its sources are in the package's docstring
(``model.programs.dibao``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from model.aid.means_test import assessed_below
from model.aid.program import AidProgram, ProgramSpec
from model.households import SOURCE_INDEX, Households
from model.order import CAPACITY_SLACK
from model.programs.dibao.rule import (
    MONTHS,
    allowance_gap,
    coverage_probability,
    decide_dibao,
    dibao_standard,
    is_linked,
    monthly_allowance,
    ration,
)

__all__ = ["DIBAO", "DibaoProgram"]


class _Income(NamedTuple):
    """Household income without dibao over some months (yuan), and its part on payment records.

    The means test reads the recorded part exactly and assesses the rest (``assessed_income_pc``).
    Both are rows of one array, so that sums and the division by residents treat them at once.
    """

    rows: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """Income without dibao, by household."""
        return self.rows[0]

    @property
    def recorded(self) -> np.ndarray:
        """Its part on payment records, by household."""
        return self.rows[1]


def _income_without(population: Households, paid: np.ndarray, last_year: bool = False) -> _Income:
    """This year's income to date (or last year's) without the dibao ``paid`` in it."""
    rows = np.empty((2, len(population)))
    # written in the rows, with no arrays of their own (quicker: ~5 ms of a full-county run)
    population.statistical_income(last_year, out=rows[0])
    population.recorded_income(last_year, out=rows[1])
    rows -= paid
    return _Income(rows)


class DibaoProgram(AidProgram):
    """Decides dibao each January and at the year's reviews within the money; pays monthly."""

    channel = "recipients"

    def setup(self) -> None:
        """No allowances decided yet."""
        super().setup()
        n = len(self.model.households)
        self.monthly = np.zeros(n)
        #: The households paid each month (sorted) and their allowances, set together by
        #: ``_set_recipients`` whenever January or a review grants (the same until the next).
        self._recipients = np.zeros(0, dtype=np.intp)
        self._amounts = np.zeros(0)
        #: Whether this year's ``reached`` lacks some of ``_recipients``: set with them (and
        #: so each January), cleared when their payment marks them reached.
        self._unmarked = False
        #: Dibao paid this year so far and last year (yuan): the means test leaves it out.
        self._paid = np.zeros(n)
        self._paid_last_year = np.zeros(n)
        #: Income without dibao from January to the end of each review month, this year's and
        #: last year's: with last year's whole income they give the last twelve months.
        self._to_review: dict[int, _Income] = {}
        self._to_review_last_year: dict[int, _Income] = {}
        #: Last year's income without dibao, set each January.
        self._last_year = _Income(np.zeros((2, n)))
        #: This year's assessment error of each household (a standard normal, drawn in January),
        #: and the factor it puts on earned income, ``exp(noise_sd * z)`` (``assessed_below``).
        self._assessment_z = np.zeros(n)
        self._assessment_spread = np.ones(n)
        #: The month at whose end a household's allowance was granted this year (0: January).
        self._granted_after = np.zeros(n, dtype=np.int8)

    def step(self) -> None:
        """In January decide who receives dibao; pay every month; take applications.

        Applications made during the year are decided at the end of each of
        ``dibao.review_months`` and paid from the next month.
        """
        model = self.model
        if model.month == 1:
            self._paid_last_year, self._paid = self._paid, self._paid_last_year
            self._paid[...] = 0.0
            self._to_review_last_year, self._to_review = self._to_review, {}
            self._last_year = _income_without(model.households, self._paid_last_year, True)
            self._decide(model.year)
        recipients, amounts = self._recipients, self._amounts
        if recipients.size:
            total = float(amounts.sum())
            count = recipients.size
            self.ledger.spend(model.year, model.month, total, "dibao", count, "households")
            # the same recipients are paid until the next grant: marked reached once
            # (``reached`` clears after December, and January sets the recipients anew)
            transfers = SOURCE_INDEX["transfers"]
            self.deliver(recipients, amounts, transfers, total=total, mark=self._unmarked)
            self._unmarked = False
            # recipients are unique: the same sums as ``+=`` at them, in one pass
            np.add.at(self._paid, recipients, amounts)
        if model.month in model.params.value("dibao.review_months"):
            self._review(model.year, model.month)

    def _decide(self, year: int) -> None:
        model = self.model
        population = model.households
        conditions = model.conditions
        u = model.streams.get("dibao", model.step_index).random(len(population))
        # one assessment error per household for the year: its file is assessed in January and
        # revisited at the reviews
        rng = model.streams.get("dibao_assessment", model.step_index)
        self._assessment_z = rng.standard_normal(len(population))
        if is_linked(model.params, year):
            # From the linking of the two lines the means test reads a registered household's
            # income from its poverty file, which the village work teams verify: no estimate.
            self._assessment_z[population.still_registered()] = 0.0
        noise_sd = model.params.at("dibao.assessment_noise_sd", year)
        self._assessment_spread = np.exp(noise_sd * self._assessment_z)
        # decide_dibao on last year's income without dibao (worked out this January already), as
        # the means test assesses it, for the rural households below the standard
        standard, _linked = dibao_standard(
            model.params, year, conditions.dibao_line, conditions.poverty_line
        )
        below = self._assessed_below(self._last_year.rows, standard, population.rural, True)
        wanted = decide_dibao(
            population,
            model.params,
            year,
            conditions.dibao_line,
            conditions.poverty_line,
            u,
            below=below,
        )
        candidates = np.flatnonzero(wanted > 0)
        # the year's money and the county's places go to the largest gaps first
        chosen = candidates[
            ration(
                wanted[candidates],
                population.size[candidates],
                MONTHS,
                self.ledger.available(year),
                self._places(year),
            )
        ]
        self.monthly[...] = 0.0
        self.monthly[chosen] = wanted[chosen]
        self._granted_after[...] = 0
        population.dibao[...] = False
        population.dibao[chosen] = True
        self._set_recipients(np.sort(chosen))

    def _assessed_below(
        self, rows: np.ndarray, standard: float, among: np.ndarray, last_year: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """The households of ``among`` that this year's means test assesses below ``standard``.

        ``rows``: income without dibao and its recorded part (``_Income.rows``). Returns the
        households (indices) and their assessed income per person (``assessed_below``).
        """
        model = self.model
        return assessed_below(
            model.households,
            model.params,
            model.year,
            self._assessment_z,
            self._assessment_spread,
            rows,
            standard,
            among,
            last_year,
        )

    def _set_recipients(self, recipients: np.ndarray) -> None:
        """Pay ``recipients`` (sorted indices) their ``monthly`` allowances from now on."""
        self._recipients = recipients
        self._amounts = self.monthly.take(recipients)  # (take: a quicker gather than indexing)
        self._unmarked = True

    def _review(self, year: int, month: int) -> None:
        """Decide the applications of households whose last twelve months fell below the standard.

        The means test is the January one on the last twelve months: this year's income to the
        end of ``month`` and last year's after it, dibao left out. Take-up is January's; the
        allowances are paid from next month as far as the year's money goes after the allowances
        already granted.
        """
        model = self.model
        population, params, conditions = model.households, model.params, model.conditions
        to_date = self._to_review[month] = _income_without(population, self._paid)
        earlier = self._to_review_last_year.get(month)
        months_left = MONTHS - month
        # The first year has no twelve months to test; after a December review nothing is left
        # to pay before January decides anew.
        if earlier is None or months_left == 0:
            return
        # The places left (people): with no place for one member, no application can be granted
        # (as ``longest_prefix`` fits costs), so none is tested.
        places_left = self._places(year) - float(population.size.take(self._recipients).sum())
        if places_left + CAPACITY_SLACK < 1:
            return
        # this year's to date and last year's after this month, tested for every household (the
        # same values as for the two thirds that may apply, quicker than taking them out)
        last_year = self._last_year
        last_twelve_months = last_year.rows - earlier.rows
        last_twelve_months += to_date.rows  # (in place: the same sums, one array fewer)
        standard, linked = dibao_standard(
            params, year, conditions.dibao_line, conditions.poverty_line
        )
        u = model.streams.get("dibao_review", model.step_index).random(len(population))
        # Only rural households not on dibao may apply; take-up and the gap are worked out for
        # those below the standard alone (a positive gap is an income per person below it).
        may_apply, income_pc = self._assessed_below(
            last_twelve_months, standard, population.rural & ~population.dibao
        )
        coverage = coverage_probability(population, params, year, linked, may_apply)
        takes_up = u.take(may_apply) < coverage
        applicants = may_apply[takes_up]
        if applicants.size == 0:
            return
        gap = allowance_gap(standard, income_pc[takes_up])
        monthly = monthly_allowance(params, year, gap, population.size[applicants])
        granted = float(self._amounts.sum()) * months_left
        money = self.ledger.available(year) - granted
        chosen = ration(monthly, population.size[applicants], months_left, money, places_left)
        if chosen.size == 0:
            return
        self.monthly[applicants[chosen]] = monthly[chosen]
        self._granted_after[applicants[chosen]] = month
        population.dibao[applicants[chosen]] = True
        # sorted and unique, as the January list (a mask: quicker than a sort of the union)
        merged = np.zeros(len(population), dtype=bool)
        merged[self._recipients] = True
        merged[applicants[chosen]] = True
        self._set_recipients(np.flatnonzero(merged))

    def _places(self, year: int) -> float:
        """The county's dibao places this year, people: ``dibao.places_share`` of rural people."""
        population = self.model.households
        return self.model.params.at("dibao.places_share", year) * population.rural_people

    def standard(self, year: int) -> float:
        """The dibao standard in force in ``year``, yuan per person a year.

        The region's standard (``transfers.dibao_line``), and from ``dibao.two_lines_year`` at
        least the poverty line. Read by the calibration's allowance target, which compares
        the allowance per recipient with it (docs/sources.md [dibao]).
        """
        params = self.model.params
        dibao_line = params.at("transfers.dibao_line", year)
        standard, _linked = dibao_standard(
            params, year, dibao_line, params.at("poverty.line", year)
        )
        return float(standard)

    def support_before_check(self, households: np.ndarray) -> np.ndarray | None:
        """Prompt dibao for the registered not yet exited, after the final year's pass.

        Returns:
            By household, the allowance of the months up to the pass (yuan): the months after
            it are paid now, and the check counts the allowance at its yearly rate.
        """
        model = self.model
        population, params, year = model.households, model.params, model.year
        yearly = np.zeros(len(population))
        # an allowance granted during the year counts at its yearly rate, as one granted now
        late = households[population.dibao[households] & (self._granted_after[households] > 0)]
        yearly[late] = self._granted_after[late] * self.monthly[late]
        u = model.streams.get("dibao_prompt", model.step_index).random(len(population))
        conditions = model.conditions
        standard = max(conditions.dibao_line, conditions.poverty_line)
        # households not on dibao were paid none this year: their income is the means test's;
        # the pass reads the registered households' files, which the work teams verified, not
        # the township's assessment (no assessment error)
        waiting = households[~population.dibao[households] & population.rural[households]]
        gap = allowance_gap(standard, population.net_income_pc(households=waiting))
        # the January rules' take-up: the registered's, and the floor for those who cannot work
        coverage = coverage_probability(population, params, year, linked=True)
        covered = (gap > 0) & (u[waiting] < coverage[waiting])
        waiting, gap = waiting[covered], gap[covered]
        monthly = monthly_allowance(params, year, gap, population.size[waiting])
        months = MONTHS - int(params.value("targeting.final_pass_month"))
        # largest allowance per person first, as in January, as far as the year's money goes
        paid = ration(monthly, population.size[waiting], months, self.ledger.available(year))
        if paid.size == 0:
            return yearly
        chosen, amounts = waiting[paid], months * monthly[paid]
        self.ledger.spend(
            year, model.month, float(amounts.sum()), "dibao at the pass", chosen.size, "households"
        )
        self.deliver(chosen, amounts, SOURCE_INDEX["transfers"])
        population.dibao[chosen] = True
        self._paid[chosen] += amounts
        yearly[chosen] = (MONTHS - months) * monthly[paid]
        return yearly


DIBAO = ProgramSpec(
    "dibao",
    "social_protection",
    DibaoProgram,
    summary="Rural minimum living allowance for households that cannot work, up to the line.",
    funder="central",
)
