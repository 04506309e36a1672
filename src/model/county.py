"""The Mesa model of Linxi County: builds the county and runs it month by month.

Monthly schedule (``LinxiModel.step``), in this fixed order:

1. January: people age, die, leave and are born (from the second year); the year's prices,
   wages and transfer rates; drought severity by village (recorded or random).
2. Illness: onset, recovery, medical costs.
3. March: who works away and who has local wage work this year; how much land is rented out.
   Every month: firm workers who quit.
4. Household income of the month: local wage work, money sent home from work away, livestock,
   transfers, land rent; the harvest in October, and crops sold this month.
5. Programs step, in catalogue order: Beijing's aid (construction spending, facilities
   opening) and China's own programmes (in January dibao decides who receives it this year).
6. Firms step, in creation order (production, hiring, wages, contracts, rent, failure).
7. December: herds grow or shrink for next year; programs close the year (dividends);
   registration (2014) or the yearly review of registered households (in the deadline year,
   2020, the pass comes first and the programmes support the registered before the check:
   ``model.governance``); the year's metrics; the DataCollector collects (once a year);
   incomes reset. What the county records, monthly and yearly, and the tables of a run are
   ``model.county_records``'.

The households' rules of steps 1-4 and of December's herds are ``model.economy``'s; before the
first January they run one warm-up year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from model import budgets, economy, governance, memory
from model.aid import AidProgram
from model.aid.firm import Firm
from model.county_records import ANNUAL_REPORTERS, MONTHLY_OUTPUTS, CountyRecords
from model.households import Households
from model.keywords import scenario_with_keywords
from model.markets import YearConditions
from model.programs.catalog import ProgramSpec, program_specs
from model.rng import Streams, seed_from
from model.scenario import Scenario, resolve_parameters
from model.synthesis import synthesize

__all__ = ["LinxiModel", "ANNUAL_REPORTERS", "MONTHLY_OUTPUTS"]


class LinxiModel(CountyRecords, mesa.Model):
    """Every household of Linxi County, month by month from January 2011.

    The model steps once a month and collects its annual metrics once a year, each December:
    one DataCollector collection is one year (ten for 2011-2020). With ``mesa.batch_run``,
    ``data_collection_period=1`` gives a row per year, ``-1`` (the default) the final year, and
    ``k`` every k-th year; ``max_steps`` counts months (120 for 2011-2020).

    Args:
        scenario: A scenario file path, a ``Scenario``, or None for the baseline defaults.
        households: Number of households to simulate; None uses the scenario's setting, and
            failing that the full county (about 100,000).
        rng: Seed of the run, as in Mesa: an integer, a numpy ``Generator`` or ``SeedSequence``
            to draw one from, or None for a fresh seed from the operating system's entropy
            (so ``mesa.batch_run(..., iterations=3)`` gives three different runs). The seed
            used is ``model.seed``, collected with the annual metrics and written to run
            manifests. The scenario's ``run.seed`` is what ``linxi`` and the experiments use.
        parameters: Default parameters by dotted key, e.g. ``{"egg_farm.rent_rate": 0.08}``.
        overrides: Any scenario keys by dotted path, e.g.
            ``{"families.industry.funding_scale": 2}``.
        **levers: Plain keyword overrides, one per funding lever and 379 share (see
            ``model.scenario.KEYWORD_LEVERS``), e.g. ``egg_farm_funding_scale=2.0`` or
            ``share_poor_staff=0.5``.

    Every value is validated like a scenario file's: a bad key or a value outside its range
    (``inf``, ``nan``, a negative budget...) raises ``ScenarioError`` with one line naming it.

    Example:
        >>> model = LinxiModel(households=2000, rng=1, parameters={"egg_farm.rent_rate": 0.08})
        >>> model.run()
        >>> model.annual_frame()[["year", "poverty_rate"]].shape
        (10, 2)
    """

    # (small_pages: the model's large arrays go without numpy's huge-page advice; model.memory)
    @memory.small_pages()
    def __init__(
        self,
        scenario: str | Path | Scenario | None = None,
        *,
        households: int | None = None,
        rng: Any = None,
        parameters: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
        **levers: Any,
    ) -> None:
        config = scenario_with_keywords(scenario, levers, parameters, overrides, households)
        seed = seed_from(rng)
        super().__init__(rng=seed)
        self.seed = seed
        self.config = config
        self.params = resolve_parameters(config)
        self.streams = Streams(seed)
        self.start_year = config.run.start_year
        self.end_year = config.run.end_year
        self.step_index = -1
        self.year, self.month = self.start_year, 0

        full = self.full_county_households(self.params)
        n = config.run.households or full
        memory.check_fits(n)  # before building: say so rather than fill the machine
        #: Simulated over real households. Program money and firm sites scale with it, so a
        #: reduced run is a smaller copy of the county with the same rates per person.
        self.scale = n / full
        self.households: Households = synthesize(n, self.params, self.streams)
        self.n_villages = int(self.households.village.max()) + 1
        #: The county's own exit from the list of poor counties (model.governance).
        self.county_status = governance.CountyStatus()
        #: The poverty line and each household's income per person of the last two closed
        #: years, oldest first (see ``year_before``).
        self._closed_years: list[tuple[float, np.ndarray]] = []
        #: Each household's place in the order of renting out land (drawn once; model.land).
        self._land_inclination = self.streams.get("land_market").random(n)

        self._program_bits = 0
        self.programs: list[AidProgram] = []
        #: The firms the programs run, in the order they step (their ``employer`` indices).
        self.enterprises: list[Firm] = []
        self._capacity_effects: dict[str, tuple[float, float]] = {}
        self._outputs = dict.fromkeys(MONTHLY_OUTPUTS, 0.0)
        self._build_programs()

        #: The households' conditions and drought of the current year (model.economy).
        self.year_state: economy.YearState | None = None
        self.harvest_this_month: tuple[np.ndarray, float] | None = None
        economy.warm_up(
            self.households,
            self.params,
            self.seed,
            self.start_year - 1,
            self.n_villages,
            config.shocks.weather,
            self._land_inclination,
        )

        self._start_records()  # the monthly rows, the annual metrics (model.county_records)

    # -- construction ----------------------------------------------------------------------
    @staticmethod
    def full_county_households(params: Any) -> int:
        """Households in the full county: people over mean household size."""
        return round(params.value("county.people") / params.value("county.household_size_mean"))

    def register_program_bit(self) -> int:
        """Give a new program its bit in the households' ``programs_touched`` mask."""
        bit = self._program_bits
        if bit >= 64:
            raise RuntimeError("at most 64 programs can track the households they reach")
        self._program_bits += 1
        return bit

    def register_firm(self, firm: Firm) -> int:
        """Add a new firm to the monthly step; return its index in the households' ``employer``."""
        self.enterprises.append(firm)
        return len(self.enterprises) - 1

    # -- hooks through which programs act on the county (see model.context) ----------------
    def set_capacity_effect(self, source: str, *, firm_hazard: float, noise: float) -> None:
        """Set the multipliers ``source`` (a capacity program) puts on firm hazard and noise.

        Args:
            source: The program setting them; each source's multipliers replace its last ones.
            firm_hazard: Multiplier on every firm's yearly failure hazard.
            noise: Multiplier on the noise of the registration's income test.
        """
        self._capacity_effects[source] = (firm_hazard, noise)

    @property
    def firm_hazard_multiplier(self) -> float:
        """Multiplier on firms' failure hazard from capacity building (1: no effect)."""
        return math.prod((effect[0] for effect in self._capacity_effects.values()), start=1.0)

    @property
    def targeting_noise_multiplier(self) -> float:
        """Multiplier on the registration's income-test noise from capacity building."""
        return math.prod((effect[1] for effect in self._capacity_effects.values()), start=1.0)

    def record_output(self, series: str, amount: float) -> None:
        """Add ``amount`` to this month's value of an output series (``MONTHLY_OUTPUTS``)."""
        if series not in self._outputs:
            raise KeyError(f"{series!r} is not a monthly output; expected one of {MONTHLY_OUTPUTS}")
        self._outputs[series] += amount

    def program_catalogue(self) -> tuple[ProgramSpec, ...]:
        """The programs this county builds: the whole catalogue (a subclass may leave some out)."""
        return program_specs()

    def _build_programs(self) -> None:
        years = (self.start_year, self.end_year)
        for spec in self.program_catalogue():
            settings = getattr(self.config.programs, spec.name)
            ledger = budgets.program_ledger(spec, self.config, self.params, years, self.scale)
            self.programs.append(spec.build(self, settings, ledger))
        #: The programs stepped each month, in catalogue order: the funded ones (an unfunded
        #: program acts on nothing; a ledger's funding is set when it is made).
        self._stepped = [program for program in self.programs if program.ledger.funded]
        #: The programs' ledgers by funder group, in catalogue order (summed every month).
        self._ledgers = {
            group: [p.ledger for p in self.programs if p.funder_group == group]
            for group in ("beijing", "domestic")
        }

    # -- the monthly step ------------------------------------------------------------------
    @memory.small_pages()
    def step(self) -> None:
        """Advance the county by one month."""
        self.step_index += 1
        self.year = self.start_year + self.step_index // 12
        self.month = self.step_index % 12 + 1
        t, year, month = self.step_index, self.year, self.month
        population, params, streams = self.households, self.params, self.streams
        if month == 1:
            self._start_year()
        self._outputs = dict.fromkeys(MONTHLY_OUTPUTS, 0.0)
        self.harvest_this_month = economy.household_month(
            population, params, streams, self.year_state, self._land_inclination, t, year, month
        )

        for program in self._stepped:
            program.step()
        for firm in self.enterprises:
            firm.step()
        self._record_month()
        if month == 12:
            self._close_year()

    def _start_year(self) -> None:
        self.year_state = economy.start_year(
            self.households,
            self.params,
            self.streams,
            self.step_index,
            self.year,
            self.n_villages,
            self.config.shocks.weather,
            self.config.shocks.drought_severity,
            age=self.year > self.start_year,
        )

    @property
    def conditions(self) -> YearConditions | None:
        """Prices, wages and rates of the current year (None before the first January)."""
        return None if self.year_state is None else self.year_state.conditions

    @property
    def village_drought(self) -> np.ndarray:
        """Each village's drought severity this year (share of dry-land yield lost).

        Zero before the first January.
        """
        if self.year_state is None:
            return np.zeros(self.n_villages)
        return self.year_state.village_drought

    @property
    def county_drought(self) -> float:
        """The county's drought severity this year (share of dry-land yield lost)."""
        return self.year_state.county_drought

    def _close_year(self) -> None:
        year, t = self.year, self.step_index
        population = self.households
        economy.end_year(population, self.params, self.streams, self.year_state, t, year)
        for program in self.programs:
            program.close_year()

        line = self.conditions.poverty_line
        # The year's income per person, read by the register's December work and the metrics
        # (the programs' December dividends are in by now; the December work changes incomes
        # only in the final year, whose support before the check pays allowances).
        # (as ``population.net_income_pc()``, its total kept for the metrics' second measure)
        income_total = population.statistical_income()
        income_pc = population.per_person(income_total)
        register = governance.december(
            population,
            self.params,
            self.streams,
            t,
            year,
            line,
            self.scale,
            self.county_status,
            self.targeting_noise_multiplier,
            income_pc,
            self._support_before_check,
        )
        if year == int(self.params.value("targeting.final_year")):
            # with the support paid at the final pass
            income_total = population.statistical_income()
            income_pc = population.per_person(income_total)

        # the programs' rows first: the metrics read the year's spending from them
        program_rows = [program.year_summary(year) for program in self.programs]
        self.year_metrics = self._year_metrics(
            year, line, income_pc, income_total, register, program_rows
        )
        self._closed_years = [*self._closed_years[-1:], (line, income_pc)]
        self.program_rows.extend(program_rows)
        for program in self.programs:
            self.beneficiary_rows.extend(program.beneficiary_rows(year))
            program.start_new_year()
        self.datacollector.collect(self)
        population.close_year()
        if year >= self.end_year:
            self.running = False

    @property
    def year_before(self) -> tuple[float, np.ndarray] | None:
        """The year before the last closed one: its poverty line and each household's income.

        Income per person as the statistics count it (yuan; the poverty rate's, by household),
        read by the poverty profile to tell lasting from new poverty; None until two years
        have closed.
        """
        return self._closed_years[0] if len(self._closed_years) == 2 else None

    def _support_before_check(self, households: np.ndarray) -> np.ndarray:
        """The programmes' support of the registered before the final check (governance)."""
        yearly = np.zeros(len(self.households))
        for program in self.programs:
            if program.ledger.funded:  # an unfunded program acts on nothing, as in the step
                extra = program.support_before_check(households)
                if extra is not None:
                    yearly += extra
        return yearly

    # -- running (the tables of a run are model.county_records') ---------------------------
    def run(self) -> LinxiModel:
        """Run to the end of the scenario's last year; return the model for chaining."""
        while self.running:
            self.step()
        return self
