"""Program money: each program's budget by year under the scenario, its ledger, spending by funder.

A program's budget is its default (``<program>.aid_funding_yuan``, or the scenario's
``programs.<name>.funding_yuan``) times four scales: its funder group's (``[aid]`` for
Beijing-Fengtai's programs, ``[domestic]`` for China's own), its family's, its own, and the share
of the county simulated; after 2020 also the group's ``post_2020_scale``. Years outside the
program's own dates, and after the group's ``stop_after_year``, are dropped; a group, family or
program switched off gets no budget at all. Stopping a group also ends the spending of money it
gave earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from model.aid import AidProgram, Ledger
from model.aid.funding import FUNDER_GROUPS, FUNDERS
from model.parameters import Parameters
from model.programs.catalog import ProgramSpec, program_specs

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = ["default_budget", "program_budget", "program_ledger", "spending_by_funder"]


def default_budget(spec: ProgramSpec, config: Scenario, params: Parameters) -> dict[int, float]:
    """A program's budget by year from the parameters, before any scenario switch or scale.

    A cash program set to ``same_budget_as_family`` gets the default budget of that family's
    programs, summed by year; ``funding_total_yuan`` rescales the profile to that total.
    """
    settings = getattr(config.programs, spec.name)
    family = getattr(settings, "same_budget_as_family", None)
    if family is None:
        budget = dict(params.value(f"{spec.name}.aid_funding_yuan"))
    else:
        budget = {}
        for other in program_specs():
            if other.family == family:
                for year, amount in params.value(f"{other.name}.aid_funding_yuan").items():
                    budget[year] = budget.get(year, 0.0) + amount
    if settings.funding_total_yuan is not None:
        profile = sum(budget.values())
        budget = {y: v * settings.funding_total_yuan / profile for y, v in budget.items()}
    return budget


def program_budget(
    spec: ProgramSpec,
    config: Scenario,
    params: Parameters,
    years: tuple[int, int],
    scale: float,
) -> dict[int, float]:
    """A program's budget by year after the scenario's switches, scales and dates.

    Args:
        spec: The program.
        config: The scenario.
        params: The run's parameters.
        years: The run's first and last year.
        scale: Simulated households over the county's.
    """
    settings = getattr(config.programs, spec.name)
    family = getattr(config.families, spec.family)
    group = config.funder_group(spec.funder_group)
    if not (group.enabled and family.enabled and settings.enabled):
        return {}
    factor = group.funding_scale * family.funding_scale * settings.funding_scale * scale
    start, end = years
    first = settings.start_year or start
    last = min(settings.end_year or end, group.stop_after_year or end, end)
    return {
        year: amount * factor * (group.post_2020_scale if year > 2020 else 1.0)
        for year, amount in default_budget(spec, config, params).items()
        if first <= year <= last and amount > 0
    }


def program_ledger(
    spec: ProgramSpec,
    config: Scenario,
    params: Parameters,
    years: tuple[int, int],
    scale: float,
) -> Ledger:
    """The program's ledger: its budget, closing after its own or its group's last year."""
    settings = getattr(config.programs, spec.name)
    stop = config.funder_group(spec.funder_group).stop_after_year
    # Stopped money also ends the spending of money given earlier and not yet spent.
    ends = [year for year in (stop, settings.end_year) if year is not None]
    budget = program_budget(spec, config, params, years, scale)
    return Ledger(budget, closes_after=min(ends) if ends else None)


def spending_by_funder(
    programs: Sequence[AidProgram], year: int, spent: Sequence[float] | None = None
) -> dict[str, float]:
    """Money the programs spent in ``year``: by funder group and by funder, yuan.

    Args:
        programs: The programs.
        year: The calendar year.
        spent: Each program's spending in ``year`` (yuan, in the order of ``programs``), if
            already known (the ``spent_yuan`` of its ``year_summary``); None: read from the
            ledgers.

    Returns:
        ``aid_spent_yuan`` (Beijing-Fengtai's programs, the account's aid),
        ``domestic_spent_yuan`` (China's own programmes) and ``spent_<funder>_yuan`` for each
        funder of ``model.aid.funding.FUNDERS``.
    """
    if spent is None:
        spent = [program.ledger.spent_in(year) for program in programs]
    by_funder = dict.fromkeys(FUNDERS, 0.0)
    for program, yuan in zip(programs, spent, strict=True):
        by_funder[program.funder] += yuan
    by_group = dict.fromkeys(FUNDER_GROUPS, 0.0)
    for funder, yuan in by_funder.items():
        by_group[FUNDERS[funder]] += yuan
    return {
        "aid_spent_yuan": by_group["beijing"],
        "domestic_spent_yuan": by_group["domestic"],
        **{f"spent_{funder}_yuan": yuan for funder, yuan in by_funder.items()},
    }
