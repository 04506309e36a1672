"""Benchmark: the full county, and the household step against a per-agent Mesa model.

Prints: 1. The full-county baseline (about 100,000 households, January 2011 to December 2020,
monthly steps): wall time (best of ``--repeat``), household-steps per second, and peak memory. 2.
The same household income step (illness, local wage work, money sent home, herds, transfers, the
harvest and its sale, land rent) on the same synthetic population: as the model's vectorized rules,
and as a plain per-agent Mesa model (one ``mesa.Agent`` per household, ``shuffle_do("step")``), with
the ratio of their household-steps per second.

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

from model import LinxiModel, economy, shocks, transfers
from model.households import SOURCE_INDEX
from model.markets import year_conditions

SOURCES = SOURCE_INDEX


def time_full_county(repeat: int) -> tuple[float, int, int]:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model = LinxiModel(rng=1).run()
        best = min(best, time.perf_counter() - started)
    return best, len(model.households), model.steps


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
        dibao = transfers.decide_dibao(population, p, self.conditions, source.streams.get("dibao"))
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
        "--agent-months", type=int, default=12, help="months for the per-agent model"
    )
    args = parser.parse_args()

    seconds, households, steps = time_full_county(args.repeat)
    peak = peak_memory_of_one_run()
    rate = households * steps / seconds
    print(f"Full county baseline: {households:,} households x {steps} monthly steps")
    print(f"  wall time (best of {args.repeat}):  {seconds:.2f} s   (goal: under 2 s)")
    print(f"  household-steps per second: {rate:,.0f}")
    print(
        f"  peak traced memory: {peak:.0f} MiB; process max RSS: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
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
