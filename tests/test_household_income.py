"""The income measures of the households (model.household_income)."""

import numpy as np
import pytest

from model import LinxiModel
from model.household_income import INCOME_SOURCES

MEASURES = {
    "statistical_income": {},
    "net_income_pc": {},
    "net_income_pc_after_health": {"after_health": True},
    "market_income_pc": {},
}


def _population_in_second_year():
    """A small county's households in its second February: last year's income and this year's."""
    model = LinxiModel(households=300, rng=4)
    for _ in range(14):
        model.step()
    return model.households


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("last_year", [False, True])
def test_income_of_some_households_is_the_countys_at_their_places_to_the_bit(measure, last_year):
    population = _population_in_second_year()
    method = getattr(population, measure.removesuffix("_after_health"))
    whole = method(last_year, **MEASURES[measure])
    rng = np.random.default_rng(0)
    for size in (1, 2, 8, 9, 120):
        some = np.sort(rng.choice(len(population), size=size, replace=False))
        part = method(last_year, households=some, **MEASURES[measure])
        assert np.array_equal(whole[some].view(np.int64), part.view(np.int64))


def test_recorded_income_is_transfers_and_dividends_this_year_or_last():
    population = _population_in_second_year()
    transfers, dividends = INCOME_SOURCES.index("transfers"), INCOME_SOURCES.index("dividends")
    for last_year, income in ((False, population.income), (True, population.last_income)):
        recorded = population.recorded_income(last_year)
        assert np.array_equal(recorded, income[transfers] + income[dividends])
        assert (recorded > 0).any()
    # per person this year, as the registration reads it
    assert np.array_equal(
        population.recorded_income_pc(), population.per_person(population.recorded_income())
    )


@pytest.mark.parametrize("last_year", [False, True])
def test_per_person_of_some_households_is_the_countys_at_their_places_to_the_bit(last_year):
    population = _population_in_second_year()
    total = population.statistical_income(last_year)
    whole = population.per_person(total, last_year)
    some = np.flatnonzero(population.rural & (np.arange(len(population)) % 3 > 0))
    part = population.per_person(total[some], last_year, households=some)
    assert np.array_equal(whole[some].view(np.int64), part.view(np.int64))


@pytest.mark.parametrize("last_year", [False, True])
def test_per_person_of_rows_is_each_rows_to_the_bit(last_year):
    population = _population_in_second_year()
    population.size[:3] = 0  # dissolved this year: 0 in every row of this year's
    rows = np.stack([population.statistical_income(last_year), population.recorded_income()])
    some = np.arange(0, len(population), 2)
    for households in (None, some):
        totals = rows if households is None else rows[:, households]
        both = population.per_person(totals, last_year, households)
        for row, total in zip(both, totals, strict=True):
            one = population.per_person(total, last_year, households)
            assert np.array_equal(row.view(np.int64), one.view(np.int64))
    if not last_year:
        assert (population.per_person(rows)[:, :3] == 0).all()


def test_a_closed_years_income_is_read_only_and_its_kept_totals_are_its_own_to_the_bit():
    population = _population_in_second_year()
    last = population.last_income
    assert not last.flags.writeable
    with pytest.raises(ValueError):
        last[0, 0] = 1.0
    # the totals kept: the sum of the rows as worked out now, returned as copies
    medical = INCOME_SOURCES.index("medical_costs")
    summed = last.sum(axis=0) - last[medical]
    kept = population.statistical_income(last_year=True)
    assert np.array_equal(kept.view(np.int64), summed.view(np.int64))
    kept[:] = -1.0  # a caller's copy: the kept totals stay as they were
    assert np.array_equal(population.statistical_income(last_year=True), summed)
    some = np.arange(1, len(population), 7)
    assert np.array_equal(population.statistical_income(True, some), summed[some])
    # another array in its place (writable, so it may change) is summed, not read from the kept
    population.last_income = last.copy()
    population.last_income[0] += 1000.0
    changed = population.statistical_income(last_year=True)
    assert np.array_equal(
        changed, population.last_income.sum(axis=0) - population.last_income[medical]
    )
    assert (changed > summed).all()


def test_each_closed_year_has_its_own_totals_though_the_income_arrays_swap():
    population = _population_in_second_year()
    medical = INCOME_SOURCES.index("medical_costs")
    # The arrays swap each year: the same array is last year's every other year. Read in the
    # first and third years only, the third's totals are still its own, not the first's.
    for year in range(3):
        population.income[0] += 100.0 * (year + 1)
        this_year = population.income.sum(axis=0) - population.income[medical]
        population.close_year()
        if year != 1:
            assert np.array_equal(population.statistical_income(last_year=True), this_year)


@pytest.mark.parametrize("last_year", [False, True])
def test_income_written_in_a_callers_array_is_the_new_arrays_to_the_bit(last_year):
    population = _population_in_second_year()
    for measure in ("statistical_income", "recorded_income"):
        method = getattr(population, measure)
        out = np.full(len(population), np.nan)
        written = method(last_year, out=out)
        assert written is out
        assert np.array_equal(out.view(np.int64), method(last_year).view(np.int64))
