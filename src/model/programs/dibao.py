"""The rural minimum living allowance (农村最低生活保障, dibao) as a domestic programme.

China's own social assistance, paid from central, regional and county budgets (the program's
funder is the central government, which pays most of it: ``docs/sources.md`` [im-domestic-
programmes]). Switching domestic programmes off (``[domestic] enabled = false``) removes dibao.

Who, each January, on last year's income per person, every income counted but dibao itself (the
means test of the 2014 Interim Measures for Social Assistance, 社会救助暂行办法, counts the
family's income; leaving the allowance out keeps dibao from deciding who gets dibao):

* a rural household whose income per person was below the dibao standard is eligible; a household
  that received dibao last year and is still eligible keeps it (the yearly review renews it); a
  new one receives it with probability ``dibao.coverage`` (screening and take-up miss some);
* from ``dibao.two_lines_year`` (2016, the linking of dibao and poverty policy, 两线合一: Inner
  Mongolia put every registered household that lost the ability to work into dibao, R23) the
  standard is at least the poverty line, and an eligible registered household not yet exited is
  covered with the higher probability ``dibao.registered_coverage`` (政策性兜底).

During the year: households apply when they fall below the standard, and the county decides
within about a month (provincial dibao rules: the township reviews within 15 working days, the
county decides within 10; households able to work are checked every quarter; ``docs/sources.md``
[dibao-intake]). At the end of each of ``dibao.review_months`` a rural household not on dibao
is tested on its last twelve months (this year's income to date and last year's after the same
month, dibao left out), so that a household whose work or harvest failed this year is found
before next January; an eligible one is covered with January's take-up and paid from the next
month, as far as the year's money goes after the allowances already granted. In the campaign's
final year the exit check counts an allowance granted during the year at its yearly rate, as it
does one granted at the pass (below).

The means test assesses income (``model.aid.means_test``): transfers and dividends on payment
records are read exactly, the earned rest with a log-normal error of
``dibao.assessment_noise_sd``, one error a household a year (from the linking of the two lines,
a registered household's income is read from its poverty file, without error). Eligibility, the
allowance and the order below all read the assessed income, so dibao includes some households
that are not poor and misses some that are, as surveys of it find (docs/sources.md
[dibao-targeting]).

Allowance: ``dibao.gap_filled`` (1: the rule pays the difference) of the gap between the
standard and the assessed income per person, for each member, paid monthly as ``transfers``.

Places: the county's dibao places (低保名额), ``dibao.places_share`` of its rural people, bound
the people on dibao: households are taken by largest assessed gap per person first while their
people fit the places, in January and at the reviews (the final year's pass is bound by the
money alone).

Money: each January the year's allowances are set against the money available this year (the
year's budget and what is left of earlier years), largest gap per person first while their
allowances for the rest of the year fit. The default budget is set above what the rule pays
at full county (it does not bind at ``funding_scale`` 1); scaled down, it rations. Spending is
the allowances paid.

The campaign's final year (2020): the social-assistance action of April 2020 (社会救助兜底脱贫
行动) put unexited, returned and newly poor registered people on dibao promptly ("及时把未脱贫
建档立卡贫困人口、脱贫后返贫人口、新致贫人口纳入农村低保", Ministry of Civil Affairs and the
State Council Poverty Alleviation Office, reported 2020-04-15; ``docs/sources.md``
[monitoring-2020]). After the year's pass (``targeting.final_pass_month``) the programme takes on
the registered households not yet exited and not on dibao whose income this year is below the
standard, with January's take-up (``dibao.registered_coverage``, at least
``dibao.no_labour_coverage`` for households without a member able to work), largest gap first as
the money allows; it pays the months after the pass at once in December, and the check counts the
allowance at its yearly rate (``model.governance``).

Beneficiaries: ``recipients``, the members of households receiving dibao. The household state
``dibao`` says who receives it this year (read by other rules and programmes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from model.aid.means_test import assessed_income_pc, means_tested_income_pc
from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import longest_prefix
from model.households import SOURCE_INDEX, Households
from model.order import CAPACITY_SLACK, stable_argsort

if TYPE_CHECKING:
    from model.parameters import Parameters

__all__ = ["DIBAO", "DibaoProgram", "decide_dibao", "means_tested_income_pc"]

_MONTHS = 12


class _Income(NamedTuple):
    """Household income without dibao over some months (yuan), and its part on payment records.

    The means test reads the recorded part exactly and assesses the rest (``assessed_income_pc``).
    """

    total: np.ndarray
    recorded: np.ndarray

    def take(self, households: np.ndarray) -> _Income:
        """The amounts of ``households`` (indices), in their order."""
        return _Income(self.total.take(households), self.recorded.take(households))


def decide_dibao(
    population: Households,
    params: Parameters,
    year: int,
    dibao_line: float,
    poverty_line: float,
    u: np.ndarray,
    dibao_paid: np.ndarray | None = None,
    *,
    tested_pc: np.ndarray | None = None,
) -> np.ndarray:
    """Who qualifies for dibao this year and how much a month (before the budget).

    Args:
        population: The households.
        params: Model parameters (``dibao.*``).
        year: The calendar year.
        dibao_line: The year's dibao standard, yuan per person per year.
        poverty_line: The year's poverty line, yuan per person per year.
        u: One uniform per household (whether an eligible household is covered).
        dibao_paid: Dibao each household received last year, yuan (left out of the means
            test); None for none.
        tested_pc: ``means_tested_income_pc``, if already worked out (``dibao_paid`` is then
            not read).

    Returns:
        The monthly allowance per household, yuan (zero for those not covered).
    """
    if tested_pc is None:
        tested_pc = means_tested_income_pc(population, dibao_paid)
    standard, linked = _standard(params, year, dibao_line, poverty_line)
    # worked out for the eligible households alone (the same values): a positive gap is an
    # income per person below the standard
    eligible = np.flatnonzero(population.rural & (tested_pc < standard))
    coverage = _coverage(population, params, year, linked, eligible)
    # The yearly review renews the allowance of a household still below the standard.
    coverage[population.dibao.take(eligible)] = 1.0
    covered = eligible[u.take(eligible) < coverage]
    gap = _gap(standard, tested_pc.take(covered))
    allowance = np.zeros(len(population))
    allowance[covered] = _monthly_allowance(params, year, gap, population.size.take(covered))
    return allowance


def _standard(
    params: Parameters, year: int, dibao_line: float, poverty_line: float
) -> tuple[float, bool]:
    """The year's standard, and whether dibao is linked with poverty policy yet."""
    linked = _linked(params, year)
    return (max(dibao_line, poverty_line) if linked else dibao_line), linked


def _linked(params: Parameters, year: int) -> bool:
    """Whether dibao is linked with poverty policy in ``year`` (两线合一)."""
    return year >= params.value("dibao.two_lines_year")


def _coverage(
    population: Households,
    params: Parameters,
    year: int,
    linked: bool,
    households: np.ndarray | None = None,
) -> np.ndarray:
    """The probability that an eligible household not yet on dibao is covered, by household.

    With ``households`` (indices), only theirs, in their order (the same values).
    """
    n = len(population) if households is None else households.size
    coverage = np.full(n, params.at("dibao.coverage", year))
    if linked:
        coverage[population.still_registered(households)] = params.at(
            "dibao.registered_coverage", year
        )
        # From the linking of the two lines, dibao is the floor (兜底) for those who cannot
        # work: an eligible household without a member able to work is covered first.
        no_labour = population.able_members(households) == 0
        floor = params.at("dibao.no_labour_coverage", year)
        np.maximum(coverage, floor, out=coverage, where=no_labour)  # in place, no selection
    return coverage


def _gap(standard: float, income_pc: np.ndarray) -> np.ndarray:
    """The gap between the standard and each household's income per person (yuan a year)."""
    return np.clip(standard - income_pc, 0.0, standard)


def _monthly_allowance(
    params: Parameters, year: int, gap: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """The allowance a month: ``dibao.gap_filled`` of the gap, for each member."""
    return params.at("dibao.gap_filled", year) * gap * size / _MONTHS


def _granted(
    monthly: np.ndarray,
    size: np.ndarray,
    months: int,
    money: float,
    places: float = float("inf"),
) -> np.ndarray:
    """Which candidates are granted: largest allowance per person first, ties by position.

    Taken while their allowances for ``months`` fit ``money`` (a hair under it, so that a sum's
    rounding never overspends) and their members fit ``places`` (people).

    Args:
        monthly: Each candidate's monthly allowance, yuan.
        size: Each candidate's members.
        months: Months the allowances are paid for this year.
        money: Yuan available for them.
        places: Places left, people.

    Returns:
        Positions among the candidates, in the order taken.
    """
    order = stable_argsort(-monthly / np.maximum(size, 1))
    chosen = longest_prefix(order, months * monthly, money * (1 - 1e-12))
    return longest_prefix(chosen, size, places)


def _income_without(population: Households, paid: np.ndarray, last_year: bool = False) -> _Income:
    """This year's income to date (or last year's) without the dibao ``paid`` in it."""
    return _Income(
        population.statistical_income(last_year) - paid,
        population.recorded_income(last_year) - paid,
    )


class DibaoProgram(AidProgram):
    """Decides dibao each January and at the year's reviews within the money; pays monthly."""

    channel = "recipients"

    def setup(self) -> None:
        """No allowances decided yet."""
        super().setup()
        n = len(self.model.households)
        self.monthly = np.zeros(n)
        self._recipients = np.zeros(0, dtype=np.intp)
        #: Dibao paid this year so far and last year (yuan): the means test leaves it out.
        self._paid = np.zeros(n)
        self._paid_last_year = np.zeros(n)
        #: Income without dibao from January to the end of each review month, this year's and
        #: last year's: with last year's whole income they give the last twelve months.
        self._to_review: dict[int, _Income] = {}
        self._to_review_last_year: dict[int, _Income] = {}
        #: Last year's income without dibao, set each January.
        self._last_year = _Income(np.zeros(n), np.zeros(n))
        #: This year's assessment error of each household (a standard normal, drawn in January).
        self._assessment_z = np.zeros(n)
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
        recipients = self._recipients
        if recipients.size:
            amounts = self.monthly.take(recipients)  # (take: a quicker gather than indexing)
            total = float(amounts.sum())
            count = recipients.size
            self.ledger.spend(model.year, model.month, total, "dibao", count, "households")
            self.deliver(recipients, amounts, SOURCE_INDEX["transfers"])
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
        if _linked(model.params, year):
            # From the linking of the two lines the means test reads a registered household's
            # income from its poverty file, which the village work teams verify: no estimate.
            self._assessment_z[population.still_registered()] = 0.0
        # decide_dibao on last year's income without dibao (worked out this January already), as
        # the means test assesses it
        tested_pc = assessed_income_pc(
            population,
            model.params,
            year,
            self._assessment_z,
            population.per_person(self._last_year.total, last_year=True),
            population.per_person(self._last_year.recorded, last_year=True),
        )
        wanted = decide_dibao(
            population,
            model.params,
            year,
            conditions.dibao_line,
            conditions.poverty_line,
            u,
            tested_pc=tested_pc,
        )
        candidates = np.flatnonzero(wanted > 0)
        # the year's money and the county's places go to the largest gaps first
        chosen = candidates[
            _granted(
                wanted[candidates],
                population.size[candidates],
                _MONTHS,
                self.ledger.available(year),
                self._places(year),
            )
        ]
        self.monthly[...] = 0.0
        self.monthly[chosen] = wanted[chosen]
        self._granted_after[...] = 0
        population.dibao[...] = False
        population.dibao[chosen] = True
        self._recipients = np.sort(chosen)

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
        months_left = _MONTHS - month
        # The first year has no twelve months to test; after a December review nothing is left
        # to pay before January decides anew.
        if earlier is None or months_left == 0:
            return
        # The places left (people): with no place for one member, no application can be granted
        # (as ``longest_prefix`` fits costs), so none is tested.
        places_left = self._places(year) - float(population.size.take(self._recipients).sum())
        if places_left + CAPACITY_SLACK < 1:
            return
        # Only rural households not on dibao may apply: the test is worked out for them alone
        # (the same values as for every household; a third fewer of them).
        not_on_dibao = np.flatnonzero(population.rural & ~population.dibao)
        # this year's to date and last year's after this month
        this_year, last_year = to_date.take(not_on_dibao), self._last_year.take(not_on_dibao)
        before = earlier.take(not_on_dibao)
        last_twelve_months = this_year.total + (last_year.total - before.total)
        recorded = this_year.recorded + (last_year.recorded - before.recorded)
        standard, linked = _standard(params, year, conditions.dibao_line, conditions.poverty_line)
        income_pc = assessed_income_pc(
            population,
            params,
            year,
            self._assessment_z.take(not_on_dibao),
            population.per_person(last_twelve_months, households=not_on_dibao),
            population.per_person(recorded, households=not_on_dibao),
            not_on_dibao,
        )
        u = model.streams.get("dibao_review", model.step_index).random(len(population))
        # take-up and the gap are worked out only for the households that may apply (the same
        # draws and values): a positive gap is an income per person below the standard
        below = np.flatnonzero(income_pc < standard)
        may_apply = not_on_dibao.take(below)
        coverage = _coverage(population, params, year, linked, may_apply)
        taking_up = u.take(may_apply) < coverage
        applicants = may_apply[taking_up]
        if applicants.size == 0:
            return
        gap = _gap(standard, income_pc.take(below[taking_up]))
        monthly = _monthly_allowance(params, year, gap, population.size[applicants])
        granted = float(self.monthly[self._recipients].sum()) * months_left
        money = self.ledger.available(year) - granted
        chosen = _granted(monthly, population.size[applicants], months_left, money, places_left)
        if chosen.size == 0:
            return
        self.monthly[applicants[chosen]] = monthly[chosen]
        self._granted_after[applicants[chosen]] = month
        population.dibao[applicants[chosen]] = True
        # sorted and unique, as the January list (a mask: quicker than a sort of the union)
        merged = np.zeros(len(population), dtype=bool)
        merged[self._recipients] = True
        merged[applicants[chosen]] = True
        self._recipients = np.flatnonzero(merged)

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
        standard, _linked = _standard(params, year, dibao_line, params.at("poverty.line", year))
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
        gap = _gap(standard, population.net_income_pc(households=waiting))
        # the January rules' take-up: the registered's, and the floor for those who cannot work
        coverage = _coverage(population, params, year, linked=True)
        covered = (gap > 0) & (u[waiting] < coverage[waiting])
        waiting, gap = waiting[covered], gap[covered]
        monthly = _monthly_allowance(params, year, gap, population.size[waiting])
        months = _MONTHS - int(params.value("targeting.final_pass_month"))
        # largest allowance per person first, as in January, as far as the year's money goes
        paid = _granted(monthly, population.size[waiting], months, self.ledger.available(year))
        if paid.size == 0:
            return yearly
        chosen, amounts = waiting[paid], months * monthly[paid]
        self.ledger.spend(
            year, model.month, float(amounts.sum()), "dibao at the pass", chosen.size, "households"
        )
        self.deliver(chosen, amounts, SOURCE_INDEX["transfers"])
        population.dibao[chosen] = True
        self._paid[chosen] += amounts
        yearly[chosen] = (_MONTHS - months) * monthly[paid]
        return yearly


DIBAO = ProgramSpec(
    "dibao",
    "social_protection",
    DibaoProgram,
    summary="Rural minimum living allowance for households that cannot work, up to the line.",
    funder="central",
)
