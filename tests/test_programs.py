import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import LinxiModel, Scenario
from model.aid.funding import Ledger
from model.aid.program import AidProgram, ProgramSpec
from model.aid.settings import ProgramSettings


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    funding=st.dictionaries(st.integers(2015, 2019), st.floats(0, 2e8), min_size=1, max_size=3),
    scale=st.floats(0, 3),
)
def test_no_program_in_a_run_spends_more_than_its_budget(funding, scale):
    scenario = Scenario(name="random").with_overrides(
        {
            "programs.egg_farm.funding_yuan": funding,
            "programs.egg_farm.funding_scale": scale,
            "run.end_year": 2019,
        }
    )
    model = LinxiModel(scenario, households=400, rng=1).run()
    for program in model.programs:
        ledger = program.ledger
        spent = ledger.to_frame().query("kind == 'spend'").groupby("year").yuan.sum()
        for year in range(2011, 2020):
            assert (
                spent[spent.index <= year].sum() <= ledger.given_through(year) * (1 + 1e-9) + 1e-6
            )
        assert ledger.spent <= sum(ledger.budget.values()) * (1 + 1e-9) + 1e-6
    annual = model.annual_frame()
    for group, column in (("beijing", "aid_spent_yuan"), ("domestic", "domestic_spent_yuan")):
        spent = sum(p.ledger.spent for p in model.programs if p.funder_group == group)
        assert annual[column].sum() == pytest.approx(spent)


def test_programs_csv_rows_and_beneficiaries(baseline_small):
    programs = baseline_small.programs_frame()
    assert set(programs.columns) >= {
        "program",
        "year",
        "spent_yuan",
        "beneficiaries",
        "beneficiaries_registered_poor",
        "jobs",
        "jobs_registered_poor",
    }
    assert len(programs) == 10 * len(baseline_small.programs)
    assert set(programs.funder_group) == {"beijing", "domestic"}
    assert (programs.beneficiaries_registered_poor <= programs.beneficiaries).all()
    assert (programs.jobs_registered_poor <= programs.jobs).all()
    # (the greenhouses, not the egg farm: a firm may fail at random, as the farm does at this
    # seed in 2018, and then counts nobody)
    greenhouses = programs[programs.program == "greenhouses"].set_index("year")
    assert greenhouses.loc[2019, "beneficiaries"] > 0 and greenhouses.loc[2019, "jobs"] > 0
    egg = programs[programs.program == "egg_farm"]
    assert np.isclose(egg.spent_yuan.sum(), egg.budget_yuan.sum())


def test_beneficiaries_by_channel_add_up_to_the_programs_count(baseline_small):
    channels = baseline_small.beneficiaries_frame()
    programs = baseline_small.programs_frame().set_index(["program", "year"])
    assert set(channels.counts) == {"household", "person"}
    assert (channels.counted <= channels.people).all()
    assert (channels.counted_registered <= channels.counted).all()
    for (name, year), group in channels.groupby(["program", "year"]):
        row = programs.loc[(name, year)]
        # each person once: at least the largest channel, at most all channels together
        assert group.counted.max() <= row.beneficiaries <= group.counted.sum(), (name, year)
        assert row.beneficiary_households <= group.households.sum()
    # a program that reached nobody has no channel rows
    silent = programs[programs.beneficiaries == 0].index
    assert not any(key in silent for key in zip(channels.program, channels.year, strict=True))


class _ReadsParameters(AidProgram):
    parameters = {
        "cost": "cost_per_mu",  # the program's own: herbs.cost_per_mu
        "month": ("planting_month", int),
        "rent_month": ("land.rent_month", int),  # a key with a dot is read as it is
    }


class _ReadsMore(_ReadsParameters):
    parameters = {"gain": "gain_per_mu"}

    def setup(self) -> None:
        super().setup()
        self.read_before_setup = (self.cost, self.month, self.gain)


def test_a_program_reads_its_classes_parameter_tables_before_setup():
    model = LinxiModel(households=200, rng=1)
    program = ProgramSpec("herbs", "industry", _ReadsMore).build(
        model, ProgramSettings(), Ledger({})
    )
    p = model.params
    assert program.cost == p.value("herbs.cost_per_mu")
    assert program.gain == p.value("herbs.gain_per_mu")
    assert program.month == int(p.value("herbs.planting_month"))
    assert isinstance(program.month, int) and isinstance(program.rent_month, int)
    assert program.rent_month == int(p.value("land.rent_month"))
    assert program.read_before_setup == (program.cost, program.month, program.gain)


def test_households_stood_by_are_counted_once_a_year_and_the_new_ones_as_they_come():
    model = LinxiModel(households=200, rng=1)
    program = ProgramSpec("herbs", "industry", AidProgram).build(
        model, ProgramSettings(), Ledger({})
    )
    size = model.households.size
    calls = []
    reach = program.reach

    def counted(households, *args):
        calls.append(households)
        reach(households, *args)

    program.reach = counted
    model.year = 2015
    program.reach_standing(np.array([0, 1]))
    program.reach_standing(np.array([0, 1]))  # the same households: not counted again
    program.reach_standing(np.array([0, 1, 2]), new=np.array([2]))
    assert [list(c) for c in calls] == [[0, 1], [2]]
    assert program.reached.totals(size, model.households.registered)[1] == 3
    program.recount_standing()  # other households stood by now
    program.reach_standing(np.array([5]))
    model.year = 2016  # a new year: every one counted again
    program.reach_standing(np.array([0, 1, 2, 5]))
    assert [list(c) for c in calls[2:]] == [[5], [0, 1, 2, 5]]
