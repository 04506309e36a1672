"""Benchmark: the full county, reduced-scale runs, and the household step against per-agent Mesa.

Prints:

1. The full-county baseline (about 100,000 households, January 2011 to December 2020, monthly
   steps), in-process: wall time (best of ``--repeat``), household-steps per second, and peak
   memory.
2. Reduced-scale runs, as a calibration makes thousands of them: a 10,000-household run (best of
   ``--repeat-small``), and the cost of a run as a fixed part plus a part per household (a
   least-squares line through the best times at ``--sizes`` households).
3. The same household income step (illness, local wage work, money sent home, herds, transfers, the
   harvest and its sale, land rent) on the same synthetic population: as the model's vectorized
   rules, and as a plain per-agent Mesa model (one ``mesa.Agent`` per household,
   ``shuffle_do("step")``), with the ratio of their household-steps per second. Dibao is a
   programme, not a household rule, so the vectorized rules do not pay it; the per-agent model
   adds each household's allowance from the programme's own rule
   (``model.programs.dibao.decide_dibao``, before its budget, which does not bind at full county),
   one addition per agent and month.

Run with ``make bench`` or ``python benchmarks/bench_county.py [--agent-months 12]``.
The per-agent model is run for fewer months than the full horizon (it is slow); rates are per
household-step, so they compare directly.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import mesa
import numpy as np

from model import LinxiModel, economy, shocks
from model.households import SOURCE_INDEX
from model.markets import year_conditions
from model.programs.dibao import decide_dibao

SOURCES = SOURCE_INDEX


def time_runs(households: int | None, repeat: int) -> tuple[list[float], int, int]:
    """Wall times of ``repeat`` baseline runs (construction included), households, steps.

    The first run of a process also reads the parameter files (cached after it).
    """
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        model = LinxiModel(households=households, rng=1).run()
        times.append(time.perf_counter() - started)
    return times, len(model.households), model.steps


def time_run(households: int | None, repeat: int) -> tuple[float, int, int]:
    """Best wall time of ``repeat`` baseline runs (construction included), households, steps."""
    times, households_run, steps = time_runs(households, repeat)
    return min(times), households_run, steps


def fixed_and_per_household(sizes: list[int], repeat: int) -> tuple[float, float, list[float]]:
    """Fit best run time = fixed + per_household * households; return both and the times."""
    times = [time_run(n, repeat)[0] for n in sizes]
    per_household, fixed = np.polyfit(np.array(sizes, dtype=float), np.array(times), 1)
    return float(fixed), float(per_household), times


def peak_memory_of_one_run() -> float:
    tracemalloc.start()
    LinxiModel(rng=1).run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def vectorized_household_step(model: LinxiModel, months: int) -> float:
    """Time only the household rules of the model, vectorized, for ``months`` months."""
    population, params, streams = model.households, model.params, model.streams
    state = economy.start_year(
        population, params, streams, 0, 2015, model.n_villages, "historical", {}, age=False
    )
    inclination = streams.get("land_market").random(len(population))
    started = time.perf_counter()
    for t in range(months):
        month = t % 12 + 1
        economy.household_month(population, params, streams, state, inclination, t, 2015, month)
    return time.perf_counter() - started


class HouseholdAgent(mesa.Agent):
    """One household as a Python object: the same monthly income rules, written per agent.

    Illness, local wage work, money sent home, herds, land rent, transfers and the sale of the
    harvest, as ``model.economy.household_month`` applies them to arrays (the yearly decisions
    of March, who works away and who rents out land, are taken as given).
    """

    def __init__(self, model: PerAgentCounty, row: dict, dibao_monthly: float) -> None:
        super().__init__(model)
        self.__dict__.update(row)
        self.dibao_monthly = dibao_monthly
        self.income = [0.0] * len(SOURCES)

    def step(self) -> None:
        m: PerAgentCounty = self.model
        c, month = m.conditions, m.month
        # illness
        able = self.n_working - self.n_ill_working
        if self.random.random() < m.recover and self.n_ill_working > 0:
            self.n_ill_working -= 1
        if self.random.random() < m.onset * able:
            self.n_ill_working += 1
        n_ill = self.n_ill_working + self.n_ill_other
        cost = n_ill * m.chronic_cost / 12.0
        if self.random.random() < m.major_rate:
            cost += m.major_cost
        self.income[SOURCES["medical_costs"]] -= cost
        # local wage work
        if self.urban:
            workers = max(self.n_working - self.n_ill_working - self.n_away, 0)
            days, wage = m.urban_days / 12.0, c.local_day_wage * m.urban_premium
        else:
            workers = self.n_local_jobs
            days = c.local_work_days * m.weights[month - 1]
            wage = c.local_day_wage
        self.income[SOURCES["wages_local"]] += workers * days * wage
        # money sent home
        if month in m.away_months:
            self.income[SOURCES["wages_away"]] += self.n_away * c.away_net_monthly
        # herds
        self.income[SOURCES["livestock"]] += (
            self.cattle * c.herds.net_per_head["cattle"]
            + self.sheep * c.herds.net_per_head["sheep"]
        ) / 12.0
        # land rent
        if month == m.rent_month:
            self.income[SOURCES["land_rent"]] += self.rented_out * (
                self.land_dry * c.land_rent_dry + self.land_irrigated * c.land_rent_irrigated
            )
        # transfers
        pension = c.urban_pension_monthly if self.urban else c.pension_monthly
        amount = self.n_elderly * pension + self.dibao_monthly
        if month == m.subsidy_month:
            amount += c.land_subsidy_per_mu * (self.land_dry + self.land_irrigated)
            amount += c.retired_land_payment_per_mu * self.land_retired
        self.income[SOURCES["transfers"]] += amount
        # the harvest, taken in and sold over the autumn and the spring
        farmed = 1.0 - self.rented_out
        if month == m.harvest_month:
            dry, irrigated = m.net_per_mu
            self.harvest_net = farmed * (self.land_dry * dry + self.land_irrigated * irrigated)
        share = m.sales[month - 1]
        if share:
            self.income[SOURCES["crops"]] += share * self.harvest_net


class PerAgentCounty(mesa.Model):
    """The household income step as a plain Mesa model: one Agent per household."""

    def __init__(self, source: LinxiModel) -> None:
        super().__init__(rng=1)
        p, v = source.params, source.params.value
        self.conditions = year_conditions(p, 2015)
        self.month = 0
        self.onset = shocks.per_month(v("health.chronic_onset_rate"))
        self.recover = shocks.per_month(v("health.recovery_rate"))
        self.chronic_cost, self.major_cost = (
            v("health.chronic_cost"),
            v("health.major_illness_cost"),
        )
        self.major_rate = shocks.per_month(v("health.major_illness_rate"))
        self.urban_days = v("labour.local_work_days_urban")
        self.urban_premium = v("labour.urban_wage_premium")
        self.weights = v("labour.local_work_month_weights")
        self.away_months = set(v("labour.away_months"))
        self.rent_month = v("land.rent_month")
        self.subsidy_month = v("transfers.farm_subsidy_month")
        self.harvest_month = v("crops.harvest_month")
        self.sales = v("crops.sales_share_by_month")
        dry, irrigated = self.conditions.crops.net_per_mu(np.array([0.2]))
        self.net_per_mu = (float(dry[0]), float(irrigated[0]))
        population = source.households
        u = source.streams.get("dibao").random(len(population))
        c = self.conditions
        dibao = decide_dibao(population, p, 2015, c.dibao_line, c.poverty_line, u)
        frame = population.to_frame()
        columns = [
            "urban",
            "n_working",
            "n_elderly",
            "n_ill_working",
            "n_ill_other",
            "n_away",
            "n_local_jobs",
            "cattle",
            "sheep",
            "land_dry",
            "land_irrigated",
            "land_retired",
            "rented_out",
            "harvest_net",
        ]
        for row, amount in zip(frame[columns].to_dict("records"), dibao.tolist(), strict=True):
            HouseholdAgent(self, row, amount)

    def step(self) -> None:
        self.month = self.month % 12 + 1
        self.agents.shuffle_do("step")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="full-county runs to time")
    parser.add_argument(
        "--repeat-small", type=int, default=5, help="runs to time at each reduced scale"
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(x) for x in text.split(",")],
        default=[2_000, 5_000, 10_000, 20_000],
        help="households of the reduced-scale runs, comma-separated",
    )
    parser.add_argument(
        "--agent-months", type=int, default=12, help="months for the per-agent model"
    )
    args = parser.parse_args()

    times, households, steps = time_runs(None, args.repeat)
    seconds = min(times)
    peak = peak_memory_of_one_run()
    rate = households * steps / seconds
    print(f"Full county baseline: {households:,} households x {steps} monthly steps, in-process")
    print(
        f"  wall time (best of {args.repeat}):  {seconds:.2f} s   "
        "(goals: 0.75 s or less; under 2 s)"
    )
    each = ", ".join(f"{t:.2f}" for t in times)
    median = float(np.median(times))
    print(f"  every run: {each} s; median {median:.2f} s (the first also reads the files)")
    print(f"  household-steps per second: {rate:,.0f}")
    print(
        f"  peak traced memory: {peak:.0f} MiB; process max RSS: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )

    small, _, _ = time_run(10_000, args.repeat_small)
    fixed, per_household, times = fixed_and_per_household(args.sizes, args.repeat_small)
    print("Reduced-scale runs (baseline, construction included):")
    print(f"  10,000 households (best of {args.repeat_small}):  {small:.3f} s")
    sizes = ", ".join(f"{n:,}: {t:.3f} s" for n, t in zip(args.sizes, times, strict=True))
    print(f"  best times by households: {sizes}")
    print(
        f"  cost of a run: {fixed:.3f} s fixed + {per_household * 1e6:.1f} us per household "
        f"(full county by the line: {fixed + per_household * households:.2f} s)"
    )

    months = args.agent_months
    vector_model = LinxiModel(rng=1)
    vector_seconds = vectorized_household_step(vector_model, 120)
    vector_rate = households * 120 / vector_seconds
    started = time.perf_counter()
    agent_model = PerAgentCounty(LinxiModel(rng=1))
    build = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(months):
        agent_model.step()
    agent_seconds = time.perf_counter() - started
    agent_rate = households * months / agent_seconds
    print("Household income step on the same population:")
    print(
        f"  vectorized rules:         {vector_rate:,.0f} household-steps/s "
        f"({vector_seconds:.2f} s for 120 months)"
    )
    print(
        f"  per-agent Mesa model:     {agent_rate:,.0f} household-steps/s "
        f"({agent_seconds:.1f} s for {months} months, {build:.1f} s to build the agents)"
    )
    print(f"  speed-up, vectorized step over per-agent:   {vector_rate / agent_rate:,.0f}x")
    print(f"  speed-up, whole model over per-agent step:  {rate / agent_rate:,.0f}x   (goal: 50x)")


if __name__ == "__main__":
    main()
