"""Every shipped scenario loads, runs, says which question it answers, and does what it says."""

import pytest

from model import LinxiModel, load_scenario
from tests.conftest import SCENARIOS

FILES = sorted(SCENARIOS.glob("*.toml"))
N = 1500
SEED = 5


def _run(name: str) -> LinxiModel:
    return LinxiModel(SCENARIOS / f"{name}.toml", households=N, rng=SEED).run()


@pytest.fixture(scope="module")
def runs() -> dict[str, LinxiModel]:
    return {path.stem: _run(path.stem) for path in FILES}


def test_the_issue_scenarios_are_shipped():
    wanted = {
        "baseline",
        "no_aid",
        "no_beijing_aid",
        "no_domestic_programs",
        "no_programs",
        "industry_doubled",
        "no_industry",
        "cash_instead_of_industry",
        "strict_379",
        "egg_farm_fails_2019",
        "drought_2017",
        "aid_stops_2021",
    }
    assert wanted <= {path.stem for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_scenario_opens_with_its_question_and_runs(path, runs):
    assert path.read_text("utf-8").startswith("# Question:")
    scenario = load_scenario(path)
    annual = runs[path.stem].annual_frame()
    assert annual.year.tolist() == list(range(2011, scenario.run.end_year + 1))
    assert annual.poverty_rate.between(0, 1).all()


def _spent(model: LinxiModel, family: str | None = None, group: str | None = None) -> float:
    frame = model.programs_frame()
    if family is not None:
        frame = frame[frame.family == family]
    if group is not None:
        frame = frame[frame.funder_group == group]
    return float(frame.spent_yuan.sum())


def test_no_beijing_aid_spends_no_beijing_money_and_keeps_the_domestic_programmes(runs):
    assert _spent(runs["no_beijing_aid"], group="beijing") == 0.0
    assert _spent(runs["baseline"], group="beijing") > 0.0
    assert _spent(runs["no_beijing_aid"], group="domestic") > 0.0
    domestic = runs["no_beijing_aid"].programs_frame().query("funder_group == 'domestic'")
    baseline = runs["baseline"].programs_frame().query("funder_group == 'domestic'")
    assert domestic.budget_yuan.sum() == pytest.approx(baseline.budget_yuan.sum())


def test_no_aid_is_an_alias_of_no_beijing_aid(runs):
    alias, target = (
        load_scenario(SCENARIOS / "no_aid.toml"),
        load_scenario(SCENARIOS / "no_beijing_aid.toml"),
    )
    assert alias.model_dump(exclude={"name", "description"}) == target.model_dump(
        exclude={"name", "description"}
    )
    assert "alias of no_beijing_aid" in (SCENARIOS / "no_aid.toml").read_text().lower()
    for frame in ("annual_frame", "programs_frame"):
        assert getattr(runs["no_aid"], frame)().equals(getattr(runs["no_beijing_aid"], frame)())


def test_no_domestic_programs_spends_only_beijing_money_and_pays_no_dibao(runs):
    model = runs["no_domestic_programs"]
    assert _spent(model, group="domestic") == 0.0
    assert _spent(model, group="beijing") > 0.0
    assert not model.households.dibao.any()
    assert (model.annual_frame().domestic_spent_yuan == 0).all()
    assert (runs["baseline"].annual_frame().domestic_spent_yuan > 0).all()


def test_no_programs_spends_nothing_and_changes_nothing_a_program_changes(runs):
    model = runs["no_programs"]
    assert _spent(model) == 0.0
    population = model.households
    assert not population.dibao.any() and not population.public_post.any()
    assert (population.employer < 0).all() and (population.contract_firm < 0).all()


def test_industry_doubled_spends_twice_the_industry_money(runs):
    budget = {
        name: runs[name].programs_frame().query("family == 'industry'").budget_yuan.sum()
        for name in ("baseline", "industry_doubled")
    }
    assert budget["industry_doubled"] == pytest.approx(2 * budget["baseline"])


def test_no_industry_and_cash_instead_spend_nothing_on_industry(runs):
    assert _spent(runs["no_industry"], "industry") == 0.0
    assert _spent(runs["cash_instead_of_industry"], "industry") == 0.0


def test_cash_instead_of_industry_gives_the_industry_money_as_cash(runs):
    industry = runs["baseline"].programs_frame().query("family == 'industry'").budget_yuan.sum()
    cash = runs["cash_instead_of_industry"].programs_frame().query("family == 'cash'")
    assert cash.budget_yuan.sum() == pytest.approx(industry)
    assert cash.income_delivered_yuan.sum() > 0


def test_strict_379_raises_the_poor_staff_share():
    # The farm has about one worker per 1,000 households: 20,000 households give it about 19,
    # enough for a share (at N, three workers, the share is a third, two thirds or one).
    shares = {
        name: LinxiModel(SCENARIOS / f"{name}.toml", households=20_000, rng=SEED)
        .run()
        .enterprises[0]
        .shares_379()["poor_staff"]
        for name in ("baseline", "strict_379")
    }
    assert shares["strict_379"] >= 0.5 > shares["baseline"] >= 0.3


def test_egg_farm_fails_2019_stops_its_dividends(runs):
    ledger = runs["egg_farm_fails_2019"].ledger_frame().query("program == 'egg_farm'")
    dividends = ledger[ledger["item"].str.startswith("dividends")]
    assert not dividends.query("year == 2018").empty
    assert dividends.query("year >= 2019").empty


def test_drought_2017_lowers_crop_income_and_raises_poverty(runs):
    base = runs["baseline"].annual_frame().set_index("year").loc[2017]
    dry = runs["drought_2017"].annual_frame().set_index("year").loc[2017]
    assert dry.drought_severity == pytest.approx(0.60)
    assert dry.income_pc_crops < base.income_pc_crops
    assert dry.poverty_rate > base.poverty_rate


def test_aid_stops_2021_spends_no_beijing_money_after_2020(runs):
    stopped = runs["aid_stops_2021"].programs_frame().query("funder_group == 'beijing'")
    continued = runs["aid_continues_2025"].programs_frame().query("funder_group == 'beijing'")
    assert stopped.query("year > 2020").spent_yuan.sum() == 0.0
    assert stopped.query("year <= 2020").spent_yuan.sum() == pytest.approx(
        continued.query("year <= 2020").spent_yuan.sum()
    )
    # China's own programmes carry on
    domestic = runs["aid_stops_2021"].programs_frame().query("funder_group == 'domestic'")
    assert domestic.query("year > 2020").spent_yuan.sum() > 0
