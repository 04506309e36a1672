"""The households' income rows, and income per person as the statistics count it.

``Households.income`` holds the year's income by source, one row per ``INCOME_SOURCES``; the
measures here (a mixin of ``model.households.Households``) turn the rows into what the
statistics and the programmes read: income as the survey counts it, per resident or per member
(``model.income`` gives the concepts), the part public payment records show, and income
without transfers. Each measure takes ``households`` (indices): only those, in their order,
with the same values as the whole county's at those places (rules that test a few households
need no more).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "DISPOSABLE_INCOME_FROM",
    "INCOME_SOURCES",
    "SOURCE_INDEX",
    "IncomeMeasures",
    "take",
]

#: Income sources, in the order of the rows of ``Households.income``. ``nonfarm_business`` is
#: what members self-employed in local non-farm work earn (shops, transport, trades);
#: ``wages_away`` is what members working away send or bring home; ``medical_costs``
#: (out-of-pocket, negative) is kept apart: the income statistics do not subtract it (see
#: ``model.income``).
INCOME_SOURCES: tuple[str, ...] = (
    "crops",
    "livestock",
    "nonfarm_business",
    "wages_local",
    "wages_away",
    "transfers",
    "dividends",
    "land_rent",
    "medical_costs",
)
SOURCE_INDEX = {name: row for row, name in enumerate(INCOME_SOURCES)}

#: First year whose income is disposable income (可支配收入) per resident; earlier years are net
#: income (纯收入) per member (NBS; see ``model.income``).
DISPOSABLE_INCOME_FROM = 2013
_MEDICAL = INCOME_SOURCES.index("medical_costs")
_TRANSFERS = INCOME_SOURCES.index("transfers")
_DIVIDENDS = INCOME_SOURCES.index("dividends")


def take(values: np.ndarray, households: np.ndarray | None) -> np.ndarray:
    """``values`` of ``households`` (indices, in their order; the last axis), or all of them."""
    # (the take method: quicker than indexing the last axis, twice as quick for thousands)
    return values if households is None else values.take(households, axis=-1)


def _statistical_total(income: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Every household's statistical income from its ``income`` rows (in ``out``, or new)."""
    total = income.sum(axis=0, out=out)
    total -= income[_MEDICAL]  # (in place: the sum is a new array or ``out``)
    return total


class IncomeMeasures:
    """Income per person and the other measures, over the arrays of ``Households``.

    A mixin: the attributes below are ``Households``' (see it for their meaning).
    """

    income: np.ndarray
    last_income: np.ndarray
    income_year: int
    size: np.ndarray
    n_away: np.ndarray
    away_counted: np.ndarray
    last_residents: np.ndarray
    #: A closed year's ``last_income`` and its statistical income (``_closed_year_totals``).
    _closed_year: tuple[np.ndarray, np.ndarray] | None = None

    def _closed_year_totals(self) -> np.ndarray | None:
        """Last year's statistical income, worked out once while ``last_income`` is read-only.

        Programs read last year's income many times a year. Once its year has closed,
        ``last_income`` is read-only (``Households.close_year``), so its totals cannot change:
        they are kept with the array they are of, and worked out again only for another array.
        None while ``last_income`` is writable (it may change: summed at each call).
        """
        last = self.last_income
        if last.flags.writeable:
            return None
        kept = self._closed_year
        if kept is None or kept[0] is not last:
            kept = self._closed_year = (last, _statistical_total(last))
        return kept[1]

    def residents(self, households: np.ndarray | None = None) -> np.ndarray:
        """Members counted in income per person this year.

        Disposable income (可支配收入, from 2013) counts residents: members away for six months
        or more (``n_away``, away ten months) are not residents. Net income (纯收入, to 2012)
        counted the members at home and, of those away, the ones whose income mainly came home
        (``away_counted``).
        """
        size = take(self.size, households)
        away = take(self.n_away, households)
        if self.income_year < DISPOSABLE_INCOME_FROM:
            away = away * ~take(self.away_counted, households)
        # clipped at 0 as a product with the flags (half the time of an int16 maximum)
        residents = size - away
        residents *= residents > 0
        return residents

    def _per_person(
        self, total: np.ndarray, last_year: bool, households: np.ndarray | None = None
    ) -> np.ndarray:
        """``total`` per counted person (each row of a 2-d ``total`` alike).

        A household whose members are all away is divided by its members (it is outside the
        survey, which weighs it zero); a dissolved one gets 0.
        """
        if last_year:
            people = take(self.last_residents, households).copy()  # (changed below)
        else:
            people = self.residents(households)
        # As np.where(people > 0, people, size), then np.where(people > 0, total / people, 0),
        # without selections (slow) or passes over every household: counts are never
        # negative, and few households count nobody, so they are set apart by index.
        nobody = np.flatnonzero(people == 0)
        people[nobody] = take(self.size, households).take(nobody)
        dissolved = nobody[people.take(nobody) == 0]
        people[dissolved] = 1
        per_person = np.asarray(total / people)  # an array, as np.where gave
        per_person[..., dissolved] = 0.0
        return per_person

    def statistical_income(
        self,
        last_year: bool = False,
        households: np.ndarray | None = None,
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """Household income as the statistics count it (yuan).

        Every source counts; out-of-pocket medical costs are not subtracted.

        Args:
            last_year: The last complete year instead of the year so far.
            households: Only these (indices), in their order; None: every household.
            out: With ``households`` None, an array to write every household's income in and
                return (no new array).
        """
        closed = self._closed_year_totals() if last_year else None
        if closed is not None:  # the same totals, worked out when the year closed
            if households is not None:
                return closed.take(households)
            if out is None:
                return closed.copy()
            out[...] = closed
            return out
        income = self.last_income if last_year else self.income
        if households is None:
            return _statistical_total(income, out)
        if len(self) < 2:
            return take(_statistical_total(income), households)
        # The sum over sources adds the rows in order (as ``sum(axis=0)`` does over the
        # county), so a few households get the same totals without summing everyone's.
        rows = np.take(income, households, axis=1)  # (take: quicker than indexing)
        total = rows[0].copy()
        for row in rows[1:]:
            total += row
        total -= rows[_MEDICAL]
        return total

    def net_income_pc(
        self,
        last_year: bool = False,
        after_health: bool = False,
        households: np.ndarray | None = None,
    ) -> np.ndarray:
        """Income per person as the statistics define it (yuan).

        Args:
            last_year: The last complete year instead of the year so far.
            after_health: Subtract out-of-pocket medical costs (the second measure).
            households: Only these (indices); None: every household.
        """
        income = self.last_income if last_year else self.income
        total = self.statistical_income(last_year, households)
        if after_health:
            total += take(income[_MEDICAL], households)  # (in place: a new array)
        return self._per_person(total, last_year, households)

    def per_person(
        self, total: np.ndarray, last_year: bool = False, households: np.ndarray | None = None
    ) -> np.ndarray:
        """Household amounts ``total`` per person, counted as income is.

        Args:
            total: One amount per household (yuan), or per household of ``households``; or
                rows of them (2-d), each row divided alike (the residents counted once).
            last_year: Count last year's residents (for last year's amounts), not this year's.
            households: Only these (indices), in their order; None: every household.
        """
        return self._per_person(total, last_year, households)

    def recorded_income(
        self,
        last_year: bool = False,
        households: np.ndarray | None = None,
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """Household income that public payment records show (yuan).

        Public transfers (allowances, pensions, subsidies, reimbursements, net of premiums) and
        programme dividends: an income check reads them from the records, not the household's
        account (``model.targeting``).

        Args:
            last_year: The last complete year instead of the year so far.
            households: Only these (indices), in their order; None: every household.
            out: With ``households`` None, an array to write every household's income in and
                return (no new array).
        """
        income = self.last_income if last_year else self.income
        if households is None:
            return np.add(income[_TRANSFERS], income[_DIVIDENDS], out=out)
        return take(income[_TRANSFERS], households) + take(income[_DIVIDENDS], households)

    def recorded_income_pc(self, households: np.ndarray | None = None) -> np.ndarray:
        """This year's income per person that public payment records show (``recorded_income``)."""
        return self._per_person(self.recorded_income(households=households), False, households)

    def market_income_pc(
        self, last_year: bool = False, households: np.ndarray | None = None
    ) -> np.ndarray:
        """Income per person without transfers.

        The income test of dibao and of poverty programs before registration: transfers are
        left out so that they do not decide who gets them.
        """
        income = self.last_income if last_year else self.income
        total = self.statistical_income(last_year, households)
        total -= take(income[_TRANSFERS], households)  # (in place: a new array)
        return self._per_person(total, last_year, households)
