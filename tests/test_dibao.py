"""The dibao programme (model.programs.dibao.program): January, the reviews, the money, the pass."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import LinxiModel, Scenario, default_parameters
from model.aid.means_test import assessed_income_pc
from model.households import SOURCE_INDEX
from model.programs.dibao import decide_dibao
from tests.program_checks import program, rows, run

PARAMS = default_parameters()


def test_the_first_january_tests_the_warm_up_years_income():
    model = LinxiModel(households=2000, rng=3)
    model.step()
    population = model.households
    dibao = program(model, "dibao")
    # Without the warm-up every household would test at zero income.
    assert 0 < population.dibao.sum() < 0.5 * population.rural.sum()
    assert (dibao.monthly[population.dibao] > 0).all()
    assert (dibao.monthly[~population.dibao] == 0).all()


def test_dibao_is_decided_in_january_added_to_at_the_reviews_and_paid_every_month():
    # places for everyone, so that the reviews find room (the baseline's January fills them)
    scenario = Scenario(name="t").with_overrides(
        {"run.end_year": 2012, "parameters": {"dibao.places_share": 1.0}}
    )
    model = LinxiModel(scenario, households=1500, rng=3)
    reviews = model.params.value("dibao.review_months")
    states = []
    for _ in range(24):
        model.step()
        states.append(model.households.dibao.copy())
    added = 0
    for year in (0, 1):
        for month in range(2, 13):
            before, after = states[12 * year + month - 2], states[12 * year + month - 1]
            if month in reviews:  # granted at the end of the review month's step
                assert (before <= after).all()  # the reviews only add
                added += int((after & ~before).sum())
            else:
                assert np.array_equal(before, after)
    # the first year has no twelve months to test; the second adds households
    assert all(np.array_equal(states[0], m) for m in states[:12])
    assert added > 0
    ledger = program(model, "dibao").ledger.to_frame()
    assert sorted(ledger.month.unique()) == list(range(1, 13))


def test_a_review_finds_households_whose_income_fell_this_year():
    # places for everyone, and a means test without error: the rule of the review alone
    exact = {"dibao.places_share": 1.0, "dibao.assessment_noise_sd": 0.0}
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2012, "parameters": exact})
    model = LinxiModel(scenario, households=1500, rng=3)
    for _ in range(14):  # to the end of February 2012
        model.step()
    population, dibao = model.households, program(model, "dibao")
    # forty households that were not poor lose every income this year and last year's
    # after March: their last twelve months are what they earn in March
    fallen = np.flatnonzero(population.rural & ~population.dibao & (population.size > 0))[:40]
    population.income[:, fallen] = 0.0
    dibao._last_year.total[fallen] = 0.0
    dibao._to_review_last_year[3].total[fallen] = 0.0
    before = population.dibao.copy()
    model.step()  # March, and its review
    granted = population.dibao & ~before
    coverage = model.params.at("dibao.coverage", 2012)
    assert granted[fallen].mean() >= coverage - 0.2  # January's take-up, about
    assert (dibao._granted_after[granted] == 3).all()
    assert (dibao.monthly[granted] > 0).all()
    # every household granted fell below the standard over its last twelve months
    last_year = dibao._last_year.total
    twelve = dibao._to_review[3].total + last_year - dibao._to_review_last_year[3].total
    standard = model.conditions.dibao_line  # 2012: before the two lines were linked
    assert (population.per_person(twelve)[granted] < standard).all()
    # paid from April, not for March
    assert (dibao._paid[granted] == 0).all()
    model.step()
    assert dibao._paid[granted] == pytest.approx(dibao.monthly[granted])


def test_the_reviews_test_last_years_income_without_dibao():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2013})
    model = LinxiModel(scenario, households=1500, rng=2)
    for _ in range(26):  # to February 2013
        model.step()
    dibao, population = program(model, "dibao"), model.households
    expected = population.statistical_income(last_year=True) - dibao._paid_last_year
    assert np.array_equal(dibao._last_year.total, expected)
    recorded = population.recorded_income(last_year=True) - dibao._paid_last_year
    assert np.array_equal(dibao._last_year.recorded, recorded)
    assert (dibao._paid_last_year > 0).any()


def test_the_reviews_grant_within_the_money_left_for_the_year():
    # a tenth of the money binds in January: the reviews pay only from what January left
    model = run({"programs.dibao.funding_scale": 0.1}, end_year=2013, households=1500, seed=2)
    dibao = program(model, "dibao")
    spent = dibao.ledger.to_frame().groupby("year").yuan.sum()
    for year, total in spent.items():
        assert total <= dibao.ledger.given_through(year) + 1e-6
    money = dibao.ledger.given_through(2013) - spent.loc[:2012].sum()
    late = dibao._granted_after > 0
    january = model.households.dibao & ~late
    january_cost = dibao.monthly[january].sum() * 12
    late_cost = (dibao.monthly[late] * (12 - dibao._granted_after[late])).sum()
    assert january_cost > 0.9 * money  # January binds
    assert january_cost + late_cost <= money + 1e-6
    assert late_cost == pytest.approx(spent.loc[2013] - january_cost, abs=1e-6)
    # with the default money, and places for everyone, they do grant
    everyone = {"parameters": {"dibao.places_share": 1.0}}
    assert (
        program(run(everyone, end_year=2013, households=1500, seed=2), "dibao")._granted_after > 0
    ).any()


def test_the_places_bound_the_people_on_dibao():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2016})
    model = LinxiModel(scenario, households=3000, rng=5)
    population = model.households
    for _ in range(6 * 12):
        model.step()
        rural_people = population.size[population.rural].sum()
        places = model.params.at("dibao.places_share", model.year) * rural_people
        assert population.size[population.dibao].sum() <= places + 1e-9
    # they bind: the places are nearly full, and places for everyone cover more people
    on = population.dibao
    assert population.size[on].sum() > 0.95 * places
    everyone = Scenario(name="t").with_overrides(
        {"run.end_year": 2016, "parameters": {"dibao.places_share": 1.0}}
    )
    unbound = LinxiModel(everyone, households=3000, rng=5).run().households
    assert unbound.size[unbound.dibao].sum() > population.size[on].sum()


def test_the_places_go_to_the_largest_assessed_gaps_per_person():
    model = LinxiModel(households=3000, rng=5)
    for _ in range(3 * 12 + 1):  # to January 2014, before the linking of the two lines
        model.step()
    dibao, population, params = program(model, "dibao"), model.households, model.params
    # January's rule again, on the same assessment and draws
    tested = assessed_income_pc(
        population,
        params,
        2014,
        dibao._assessment_z,
        population.per_person(dibao._last_year.total, last_year=True),
        population.per_person(dibao._last_year.recorded, last_year=True),
    )
    u = model.streams.get("dibao", 36).random(len(population))
    conditions = model.conditions
    wanted = decide_dibao(
        population,
        params,
        2014,
        conditions.dibao_line,
        conditions.poverty_line,
        u,
        tested_pc=tested,
    )
    chosen = dibao.monthly > 0
    assert np.array_equal(dibao.monthly[chosen], wanted[chosen])
    left_out = (wanted > 0) & ~chosen
    assert left_out.any()  # the places bind, not the money:
    assert 12 * dibao.monthly.sum() < dibao.ledger.budget[2014]
    gap = wanted / np.maximum(population.size, 1)
    assert gap[chosen].min() >= gap[left_out].max()


def test_assessment_errors_include_the_not_poor_and_make_allowances_larger():
    def recipients_income(noise: float) -> tuple[float, float]:
        scenario = Scenario(name="t").with_overrides(
            {"run.end_year": 2015, "parameters": {"dibao.assessment_noise_sd": noise}}
        )
        model = LinxiModel(scenario, households=1500, rng=3)
        for _ in range(4 * 12 + 1):  # to January 2015, decided on 2014's income
            model.step()
        dibao, population = program(model, "dibao"), model.households
        on = population.dibao
        true_pc = population.per_person(dibao._last_year.total, last_year=True)
        standard = dibao.standard(2015)
        allowance_pc = 12 * dibao.monthly[on] / np.maximum(population.size[on], 1)
        return float((true_pc[on] >= standard).mean()), float(allowance_pc.mean() / standard)

    above_exact, share_exact = recipients_income(0.0)
    above_noisy, share_noisy = recipients_income(0.8)
    assert above_exact == 0.0  # an exact test pays nobody above the standard
    assert above_noisy > 0.05  # errors include households that are not poor
    assert share_noisy > share_exact  # and pay larger allowances on underestimated incomes


def test_spending_is_the_allowances_paid_and_domestic_off_removes_dibao():
    on = run(end_year=2017, households=1500)
    own = rows(on, "dibao")
    assert (own.spent_yuan > 0).all()
    assert own.spent_yuan.to_numpy() == pytest.approx(own.income_delivered_yuan.to_numpy())
    assert (own.spent_yuan < own.budget_yuan).all()  # the default money does not bind
    off = run({"domestic.enabled": False}, end_year=2017, households=1500)
    assert not off.households.dibao.any()
    assert rows(off, "dibao").spent_yuan.sum() == 0
    assert (
        off.households.last_income[SOURCE_INDEX["transfers"]].sum()
        < on.households.last_income[SOURCE_INDEX["transfers"]].sum()
    )


def test_scaled_down_money_rations_dibao_largest_gap_first():
    # 2011's budget is about 1.4 times what the rule pays: a tenth of it binds (places for
    # everyone and an exact means test, so that decide_dibao here sees what the program saw)
    exact = {"dibao.places_share": 1.0, "dibao.assessment_noise_sd": 0.0}
    scenario = Scenario(name="t").with_overrides(
        {"programs.dibao.funding_scale": 0.1, "parameters": exact}
    )
    model = LinxiModel(scenario, households=1500, rng=2)
    model.step()  # January 2011: the year's dibao is decided
    population, conditions = model.households, model.conditions
    u = model.streams.get("dibao", 0).random(len(population))
    wanted = decide_dibao(
        population, model.params, 2011, conditions.dibao_line, conditions.poverty_line, u
    )
    dibao = program(model, "dibao")
    chosen = dibao.monthly > 0
    assert chosen.any() and (chosen <= (wanted > 0)).all()
    left_out = (wanted > 0) & ~chosen
    assert left_out.any()  # the money binds
    assert 12 * dibao.monthly.sum() <= dibao.ledger.budget[2011]
    gap = wanted / np.maximum(population.size, 1)
    assert gap[chosen].min() >= gap[left_out].max()
    assert np.array_equal(dibao.monthly[chosen], wanted[chosen])


def test_at_the_final_pass_the_registered_below_the_standard_get_dibao_within_the_money():
    model = run(households=6000, seed=2)  # a run whose pass finds some
    dibao = program(model, "dibao")
    ledger = dibao.ledger.to_frame()
    at_pass = ledger[ledger.item == "dibao at the pass"]
    assert len(at_pass) == 1
    assert (at_pass.year.iloc[0], at_pass.month.iloc[0]) == (2020, 12)
    assert ledger.yuan.sum() <= dibao.ledger.given_through(2020) + 1e-6
    # taken on at the pass: not granted in January or at a review, paid the two months
    # after October
    population = model.households
    paid = np.flatnonzero(population.dibao & (dibao.monthly == 0))
    assert paid.size == at_pass.quantity.iloc[0] > 0
    assert population.registered[paid].all()
    standard = max(model.conditions.dibao_line, model.conditions.poverty_line)
    gap_filled = model.params.at("dibao.gap_filled", 2020)
    most = 2 / 12 * gap_filled * standard * population.size[paid]
    assert (dibao._paid[paid] > 0).all() and (dibao._paid[paid] <= most + 1e-6).all()
    assert dibao._paid[paid].sum() == pytest.approx(at_pass.yuan.iloc[0])


def test_at_the_final_pass_an_allowance_granted_during_the_year_counts_at_its_yearly_rate():
    model = run(households=1500, seed=2, end_year=2020)
    dibao, population = program(model, "dibao"), model.households
    on = np.flatnonzero(population.dibao & (dibao.monthly > 0))[:10]
    dibao._granted_after[on[:5]] = 9  # granted at the September review
    dibao._granted_after[on[5:]] = 0  # in January
    yearly = dibao.support_before_check(on)
    # the nine months before the grant are counted, the paid ones are in the income already
    assert yearly[on[:5]] == pytest.approx(9 * dibao.monthly[on[:5]])
    assert (yearly[on[5:]] == 0).all()


def test_without_money_nobody_gets_dibao_at_the_final_pass():
    model = run({"programs.dibao.funding_scale": 0.0}, households=1500)
    assert not (program(model, "dibao")._paid > 0).any()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    months=st.sets(st.integers(1, 11), min_size=1, max_size=4),
    scale=st.sampled_from([0.05, 0.3, 1.0]),
)
def test_reviews_in_any_months_stay_within_the_money_and_keep_the_recipients_consistent(
    months, scale
):
    overrides = {
        "parameters.dibao.review_months": sorted(months),
        "programs.dibao.funding_scale": scale,
    }
    model = run(overrides, end_year=2014, households=800, seed=3)
    dibao, population = program(model, "dibao"), model.households
    for year in range(2011, 2015):
        spent = sum(dibao.ledger.spent_in(y) for y in range(2011, year + 1))
        assert spent <= dibao.ledger.given_through(year) * (1 + 1e-9) + 1e-6
    recipients = dibao._recipients
    assert (np.diff(recipients) > 0).all()  # sorted, each household once
    assert (dibao.monthly[recipients] > 0).all() and population.dibao[recipients].all()
    # before the deadline year only January and the reviews grant dibao
    assert np.array_equal(np.flatnonzero(population.dibao), recipients)
    assert set(np.unique(dibao._granted_after)) <= {0, *months}


def test_the_standard_is_the_regions_then_from_the_linking_at_least_the_poverty_line():
    model = LinxiModel(Scenario(name="test"), households=300, rng=1)
    dibao, params = program(model, "dibao"), model.params
    linking = int(params.value("dibao.two_lines_year"))
    for year in (2012, linking - 1, linking, 2020):
        assert dibao.standard(year) == params.at("transfers.dibao_line", year)
    # a region whose standard is below the poverty line lifts it to the line from the linking
    low = Scenario(name="low").with_overrides(
        {"parameters.transfers.dibao_line": {"2011": 1000.0, "2025": 1000.0}}
    )
    dibao = program(LinxiModel(low, households=300, rng=1), "dibao")
    assert dibao.standard(linking - 1) == 1000.0
    for year in (linking, 2020):
        assert dibao.standard(year) == params.at("poverty.line", year) > 1000.0


def test_the_households_paid_this_year_are_those_counted_reached():
    # places for everyone, so that the reviews grant; recipients are marked reached once each
    # year (when set), not at every month's payment
    scenario = Scenario(name="t").with_overrides(
        {"run.end_year": 2012, "parameters": {"dibao.places_share": 1.0}}
    )
    model = LinxiModel(scenario, households=1500, rng=3)
    dibao, population = program(model, "dibao"), model.households
    paid = np.zeros(len(population), dtype=bool)
    for step in range(23):
        month = step % 12 + 1
        before = dibao._recipients  # paid this month, unless January decides anew
        model.step()
        if month == 1:
            paid[...] = False
            before = dibao._recipients
        paid[before] = True
        if month < 12:  # (December's rows are followed by a new year: nobody reached yet)
            counted = paid & (population.size > 0)
            assert dibao.reached.reached("recipients").tolist() == np.flatnonzero(counted).tolist()
            assert (population.programs_touched[paid] & dibao.program_bit).all()
