"""Checks every aid program must pass, and the model without some programs, shared by the tests."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd

from model import LinxiModel, Scenario

HOUSEHOLDS = 2500


class Without(LinxiModel):
    """The county with some programs (names or families) never built, as if not in the catalogue.

    Compare with a run in which they are built but given no money: the two must be the same.
    """

    def __init__(self, *args, skip=(), **kwargs):
        self.skip = set(skip)
        super().__init__(*args, **kwargs)

    def program_catalogue(self):
        return tuple(
            spec
            for spec in super().program_catalogue()
            if spec.name not in self.skip and spec.family not in self.skip
        )


def run(overrides: dict | None = None, *, end_year: int = 2020, seed: int = 4, **kw) -> LinxiModel:
    """A small run of the baseline with dotted scenario overrides."""
    scenario = Scenario(name="test").with_overrides({"run.end_year": end_year, **(overrides or {})})
    return LinxiModel(scenario, households=kw.pop("households", HOUSEHOLDS), rng=seed, **kw).run()


def program(model: LinxiModel, name: str):
    """The program called ``name`` in ``model``."""
    return next(p for p in model.programs if p.name == name)


def dibao_paid(model: LinxiModel) -> np.ndarray:
    """Dibao paid to each household in the run's last year (yuan).

    Dibao tests income during the year, so it answers any other transfer: a test of another
    programme's transfers measures them net of it.
    """
    return program(model, "dibao")._paid


def rows(model: LinxiModel, name: str) -> pd.DataFrame:
    """The program's programs.csv rows, indexed by year."""
    frame = model.programs_frame()
    return frame[frame.program == name].set_index("year")


def assert_same_households(a: LinxiModel, b: LinxiModel) -> None:
    """Every household array (incomes included) is identical in the two runs."""
    for field in fields(a.households):
        left, right = getattr(a.households, field.name), getattr(b.households, field.name)
        assert np.array_equal(left, right), field.name
    pd.testing.assert_frame_equal(a.annual_frame(), b.annual_frame())


def assert_zero_funding_changes_nothing(name: str, end_year: int = 2020) -> None:
    """Funding scale 0 is the same run as the program switched off; nothing is spent."""
    off = run({f"programs.{name}.enabled": False}, end_year=end_year)
    zero = run({f"programs.{name}.funding_scale": 0.0}, end_year=end_year)
    assert_same_households(off, zero)
    for model in (off, zero):
        own = rows(model, name)
        assert own.spent_yuan.sum() == 0 and own.beneficiaries.sum() == 0
        assert own.income_delivered_yuan.sum() == 0


def assert_ledger_within_budget(model: LinxiModel, name: str) -> None:
    """A row for every year; spending to date never above the budget given to date."""
    own = rows(model, name)
    assert list(own.index) == list(range(model.start_year, model.end_year + 1))
    ledger = program(model, name).ledger
    for year in own.index:
        spent_to_date = own.spent_yuan[own.index <= year].sum()
        assert spent_to_date <= ledger.given_through(year) * (1 + 1e-9) + 1e-6


def assert_more_money_never_fewer_beneficiaries(name: str, end_year: int = 2020) -> None:
    """Doubling the program's funding never lowers its beneficiaries in a year its money ran out.

    Where both runs spent (nearly) all the money they had in a year, money limited the reach,
    and twice the money reaches at least as many. Where a run did not, the program reached everyone
    its rule admits, and who that is can differ between the runs: the money spent earlier
    changed incomes, and so the register and the rolls that the rules read (path dependence,
    not a budget effect). A program whose money never ran out reaches the same people.
    """
    base_run = run(end_year=end_year)
    double_run = run({f"programs.{name}.funding_scale": 2.0}, end_year=end_year)
    base, double = rows(base_run, name), rows(double_run, name)
    assert base.beneficiaries.sum() > 0
    ran_out = _ran_out(base_run, name)
    if not ran_out.any():
        pd.testing.assert_series_equal(double.beneficiaries, base.beneficiaries)
    # Where twice the money still ran out, it reached at least as many; where it did not, the
    # program reached everyone its rule admits in that run's own history, which may be fewer.
    bound = ran_out & _ran_out(double_run, name)
    assert (double.beneficiaries[bound] >= base.beneficiaries[bound]).all(), (base, double)


def _ran_out(model: LinxiModel, name: str) -> np.ndarray:
    """Whether the program spent (nearly) all the money it had, year by year."""
    own = rows(model, name)
    ledger = program(model, name).ledger
    given = np.array([ledger.given_through(year) for year in own.index])
    had = given - (own.spent_yuan.cumsum() - own.spent_yuan).to_numpy()
    return own.spent_yuan.to_numpy() >= 0.99 * had
