"""The poverty register through the year's December work, and the county's own exit.

Each December after the year's income (``LinxiModel`` calls ``december``), in this order:

1. in the registration year (2014), registration under the county's quota (``model.targeting``);
2. in the re-check years (2015-2016), the re-checks remove wrongly registered households and add
   missed ones; in later years, dynamic adjustment adds newly poor households;
3. exits: registered households meeting the exit standard leave, up to the year's plan
   (``model.exits``); the verification measures income without the village review's weights;
4. monitoring: exited households that fell back below the line may be re-registered;
5. the county's exit: when the share of rural people still registered (the official incidence)
   is below ``targeting.county_exit_incidence`` (3% in western China), the county applies to
   exit that December; the province grants it ``targeting.county_exit_grant_months`` later
   (Linxi applied in December 2017 and was announced out in August 2018).

**The campaign's final year** (2020, ``targeting.final_year``) ran as one pass before the
check: village visits in October and entry by 20 November (the national notice on 2020's dynamic
management, 国开办司发〔2020〕14号, as county timetables implement it), with the newly poor and
the returned registered as found (国开发〔2020〕6号). The social-assistance action of April 2020
(社会救助兜底脱贫行动) put unexited, returned and newly poor registered people on dibao
promptly, and the campaign's supervision (挂牌督战) covered their medical and housing
guarantees. So in the final year, steps 2 and 4 come first; the programmes then act on the
registered households not yet exited (``support``: prompt dibao, enrolment in medical
insurance, housing renovation, as their money allows); the check then verifies everyone
registered, this year's additions too, counting an allowance that started at the pass at its
yearly rate. The model's pass measures the whole year's income (incomes are yearly), but the
support it triggers is what a pass in October could deliver by December.

Each identification draws its own noise (``targeting_noise``, and ``targeting_review`` uniforms),
one draw per household whether eligible or not, so draws stay aligned across scenarios.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model import exits, targeting
from model.checks import Check
from model.households import Households
from model.parameters import Parameters
from model.rng import Streams

__all__ = ["CountyStatus", "RegisterYear", "Support", "december"]

#: The programmes' support before the final year's check: called with the registered households
#: not yet exited (indices), it returns the yuan a year of support each household (by index over
#: the whole population) receives from now on that is not yet in this year's income, which the
#: check counts at its yearly rate (zeros for none).
Support = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class RegisterYear:
    """People who entered and left the register in one December (the whole simulated county).

    Attributes:
        registered: People registered (the registration, re-check additions, late additions).
        removed: People removed by the re-checks.
        exited: People who exited.
        returned: People re-registered after falling back.
    """

    registered: int = 0
    removed: int = 0
    exited: int = 0
    returned: int = 0


@dataclass
class CountyStatus:
    """The county's own exit from the list of poor counties.

    Attributes:
        applied_year: December in which the county applied to exit (None: not yet).
        granted: (year, month) in which the exit was granted (None: not yet).
    """

    applied_year: int | None = None
    granted: tuple[int, int] | None = None

    def exited_by(self, year: int, month: int = 12) -> bool:
        """Whether the county had been granted its exit by ``year``-``month``."""
        return self.granted is not None and self.granted <= (year, month)


def official_incidence(population: Households) -> float:
    """Registered people not yet exited over rural people (the county's poverty incidence)."""
    # (sizes times the masks, summed: selecting by a mask is several times slower; small
    # whole numbers, so the same sums)
    rural, size = population.rural, population.size
    people = (size * rural).sum()
    active = (size * (rural & population.registered_poor)).sum()
    return float(active / people) if people else float("nan")


def december(
    population: Households,
    params: Parameters,
    streams: Streams,
    step: int,
    year: int,
    line: float,
    scale: float,
    status: CountyStatus,
    noise_multiplier: float = 1.0,
    income_pc: np.ndarray | None = None,
    support: Support | None = None,
) -> RegisterYear:
    """Run the December work on the register (see the module docstring).

    Args:
        population: The households, holding the complete year's income (changed in place).
        params: Model parameters (``targeting.*``).
        streams: The run's streams (``targeting_noise``, ``targeting_review``).
        step: The model step (December).
        year: The calendar year.
        line: The year's poverty line.
        scale: Simulated over real households (the plans are people at county scale).
        status: The county's exit status (updated in place).
        noise_multiplier: Multiplier on the measurement noise (capacity building lowers it).
        income_pc: This year's ``population.net_income_pc()``, if already worked out.
        support: The programmes' support before the final year's check (None: none).

    Returns:
        Who entered and left the register.
    """
    at = params.at
    size = population.size
    registration_year = int(params.value("targeting.registration_year"))
    if year < registration_year:
        return RegisterYear()  # nothing drawn: each stream is this month's alone
    # The re-check's noise is the third row; other years use the first two, the same numbers
    # (normals fill the rows in order), so the third is drawn only in a re-check year.
    recheck = year > registration_year and year in params.value("targeting.recheck_years")
    z = streams.get("targeting_noise", step).standard_normal((3 if recheck else 2, len(population)))
    # The review's uniforms: the first row is read by the dynamic adjustment alone (other years
    # skip it, the same numbers), the second by monitoring.
    adjusting = year > registration_year and not recheck
    u_late, u_return = _review_draws(
        streams.get("targeting_review", step), len(population), adjusting
    )

    # the true income, which each measurement below reads with its own noise (worked out once)
    true_pc = population.net_income_pc() if income_pc is None else income_pc

    def measure(
        noise_key: str,
        row: int,
        households: np.ndarray,
        review: bool = True,
        income: np.ndarray | None = None,
        recorded: np.ndarray | None = None,
    ) -> np.ndarray:
        # Each check reads some households alone (indices): they are measured, each with its
        # own noise and the same value as a measurement of the whole county, NaN elsewhere.
        # ``income`` and ``recorded`` are by household over the county (None: this year's).
        noise = at(noise_key, year) * noise_multiplier
        return _spread(
            len(population),
            households,
            targeting.measured_income_pc(
                population,
                params,
                z[row].take(households),
                year,
                noise,
                (true_pc if income is None else income).take(households),
                review,
                (
                    population.recorded_income_pc(households)
                    if recorded is None
                    else recorded.take(households)
                ),
                households,
            ),
        )

    registered = removed = np.zeros(0, dtype=np.intp)
    if year == registration_year:
        registered = targeting.register(
            population,
            measure("targeting.income_noise_sd", 0, np.flatnonzero(population.rural)),
            at("targeting.quota_share", year),
            year,
        )
    elif recheck:
        # Shares of the register as it stands before this round's removals and additions.
        in_register = np.flatnonzero(population.registered_poor)
        stock = float(size.take(in_register).sum())
        # the removals read the registered households' measurements alone
        removed = targeting.recheck_removals(
            population,
            measure(
                "targeting.recheck_noise_sd",
                2,
                in_register,
                income=population.registered_income_pc,
                recorded=population.registered_recorded_pc,
            ),
            line,
            at("targeting.recheck_removal_share", year) * stock,
        )
        # the additions read the unregistered rural households' (those just removed among them)
        unregistered = np.flatnonzero(population.rural & ~population.registered)
        registered = targeting.recheck_additions(
            population,
            measure("targeting.recheck_noise_sd", 0, unregistered),
            line,
            at("targeting.recheck_addition_share", year) * stock,
            year,
        )
    else:
        late = at("targeting.late_registration_probability", year)
        # the check finds an unregistered rural household only if its draw is under the
        # chance: those few alone are measured
        reviewed = np.flatnonzero(population.rural & ~population.registered & (u_late < late))
        measured = measure("targeting.income_noise_sd", 0, reviewed)
        registered = targeting.add_missed(population, Check(measured, u_late, line, late), year)

    final = year == int(params.value("targeting.final_year"))
    planned = at("targeting.exit_plan", year) * scale if year > registration_year else 0.0
    return_probability = at("targeting.return_probability", year)
    # The exit verification measures income alone: the guarantees hold housing and medical care.
    # It and monitoring read the registered households' measurements alone.
    verified = measure(
        "targeting.exit_noise_sd", 1, np.flatnonzero(population.registered), review=False
    )
    returned = np.zeros(0, dtype=np.intp)
    if final:
        # The final pass registers the returned before the check, and the programmes support
        # every registered household still in before the check verifies them.
        returned = exits.monitor(
            population, Check(verified, u_return, line, return_probability), year
        )
        if support is not None:
            waiting = np.flatnonzero(population.registered_poor & (population.size > 0))
            # the part of the income on payment records, as it stood before the support pays
            recorded_pc = population.recorded_income_pc()
            yearly = support(waiting)
            # the support paid so far is in the year's income, the rest counted at its rate
            # (recorded, as the payments are)
            supported_pc = population.per_person(population.statistical_income() + yearly)
            supported_recorded_pc = recorded_pc + population.per_person(yearly)
            verified = measure(
                "targeting.exit_noise_sd",
                1,
                np.flatnonzero(population.registered),
                review=False,
                income=supported_pc,
                recorded=supported_recorded_pc,
            )
    exited = exits.exit_by_plan(population, verified, line, planned, year, final)
    if not final:
        monitoring = Check(verified, u_return, line, return_probability)
        returned = exits.monitor(population, monitoring, year)

    if status.applied_year is None and year > registration_year:
        if official_incidence(population) < at("targeting.county_exit_incidence", year):
            status.applied_year = year
            # December plus the months the province takes to verify and announce.
            months = 12 + int(params.value("targeting.county_exit_grant_months"))
            status.granted = (year + (months - 1) // 12, (months - 1) % 12 + 1)
    return RegisterYear(
        registered=int(size[registered].sum()),
        removed=int(size[removed].sum()),
        exited=int(size[exited].sum()),
        returned=int(size[returned].sum()),
    )


def _review_draws(
    rng: np.random.Generator, n: int, first_row: bool
) -> tuple[np.ndarray | None, np.ndarray]:
    """The review's two rows of ``n`` uniforms, the first None unless ``first_row``.

    An unread first row is skipped rather than drawn (PCG64DXSM steps once per double), so the
    second row holds the same numbers either way.
    """
    if first_row:
        first, second = rng.random((2, n))
        return first, second
    rng.bit_generator.advance(n)
    return None, rng.random(n)


def _spread(n: int, households: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` of ``households`` (indices) at their places among ``n``, NaN elsewhere.

    NaN compares false with any line: the households not measured are found neither below
    nor above it.
    """
    spread = np.full(n, np.nan)
    spread[households] = values
    return spread
