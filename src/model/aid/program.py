"""An aid program: a ``mesa.Agent`` with a ledger, which reaches and pays households.

``AidProgram`` holds what every program shares: its ledger (``model.aid.funding``), its funder,
its bit in the households' ``programs_touched`` mask, whom it reached this year by channel
(``model.aid.beneficiaries``), the income it delivers, and its yearly rows of ``programs.csv``
(spending, beneficiaries, jobs, income delivered) and ``beneficiaries.csv`` (by channel).
``ProgramSpec`` is how the catalogue (``model.programs.catalog``) names, describes and builds one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import mesa
import numpy as np

from model.aid.beneficiaries import CHANNELS, Reach
from model.aid.funding import FUNDERS, Ledger, funder_group
from model.aid.settings import ProgramSettings
from model.households import SOURCE_INDEX
from model.livelihoods import trained_premium_month

if TYPE_CHECKING:
    from model.context import County

__all__ = ["AidProgram", "ProgramSpec", "months"]


def months(value: Iterable[Any]) -> tuple[int, ...]:
    """A parameter's calendar months as integers (a converter for ``AidProgram.parameters``)."""
    return tuple(int(month) for month in value)


@dataclass(frozen=True)
class ProgramSpec:
    """How to build one program.

    Attributes:
        name: Short name: the scenario key ``programs.<name>``, the ``program`` column of
            ``programs.csv`` and the prefix of its parameters (``<name>.aid_funding_yuan``).
        family: One of ``model.programs.catalog.FAMILIES``.
        program: The ``AidProgram`` class, built as ``program(model, spec, settings, ledger)``
            (it builds any firm it runs).
        settings: The pydantic settings class of the program: the keys it accepts.
        summary: One line: what the money buys and whom it reaches.
        reaches_households: False for a program that acts only through the county (capacity
            building): its ``programs.csv`` rows show spending and no beneficiaries.
        funder: Who pays: ``"beijing_fengtai"`` (the paired aid) or a level of China's own
            government (``"central"``, ``"provincial"``, ``"county"``); see
            ``model.aid.funding.FUNDERS``.
    """

    name: str
    family: str
    program: type[AidProgram]
    settings: type[ProgramSettings] = ProgramSettings
    summary: str = ""
    reaches_households: bool = True
    funder: str = "beijing_fengtai"

    def __post_init__(self) -> None:
        if self.funder not in FUNDERS:
            raise ValueError(
                f"program {self.name}: unknown funder {self.funder!r}; "
                f"expected one of {', '.join(FUNDERS)}"
            )

    @property
    def funder_group(self) -> str:
        """``"beijing"`` or ``"domestic"``: the scenario section that switches and scales it."""
        return funder_group(self.funder)

    def build(self, model: County, settings: ProgramSettings, ledger: Ledger) -> AidProgram:
        """Build the program (and its firms) for ``model`` with its settings and money."""
        return self.program(model, self, settings, ledger)


class AidProgram(mesa.Agent):
    """An aid program: money in, capacity or services out, households reached.

    Subclasses implement ``step`` (called once a month) and may implement ``close_year``
    (called in December before the year's metrics are taken). ``channel`` is the beneficiary
    channel (``model.aid.beneficiaries.CHANNELS``) of ``reach`` and ``deliver`` when a call
    names none.

    A subclass lists the model parameters it reads in ``parameters`` and builds the rest of
    its state in ``setup``; neither needs an ``__init__`` of its own.

    It acts from the first year its budget gives money (or the run's first year if it gives
    none); the county steps it only if its ledger is funded at all (``Ledger.funded``).

    Args:
        model: The county.
        spec: The program's catalogue entry (name, family).
        settings: The program's scenario settings (``programs.<name>``).
        ledger: Its money: the budget by year and the year the ledger closes.
    """

    channel: str = "households"
    #: The model parameters the class reads when the program is built: attribute name ->
    #: parameter key, or ``(key, convert)`` (e.g. ``int`` for a month or a count). A key
    #: without a dot is the program's own (``<name>.<key>``). Each class in the hierarchy lists
    #: its own; all are read, base classes first, before ``setup``.
    parameters: ClassVar[Mapping[str, str | tuple[str, Callable[[Any], Any]]]] = {}

    def __init__(
        self, model: County, spec: ProgramSpec, settings: ProgramSettings, ledger: Ledger
    ) -> None:
        super().__init__(model)
        if self.channel not in CHANNELS:
            raise ValueError(f"{type(self).__name__}: unknown channel {self.channel!r}")
        self.name = spec.name
        self.family = spec.family
        self.funder = spec.funder
        self.funder_group = spec.funder_group
        self.settings = settings
        funded = [year for year, amount in ledger.budget.items() if amount > 0]
        self.start_year = min(funded, default=model.start_year)
        self.ledger = ledger
        self.program_bit = np.uint64(1 << model.register_program_bit())
        self.income_delivered: dict[int, float] = {}
        #: Whom the program reached this year, by channel (cleared after December's rows).
        self.reached = Reach(len(model.households))
        #: The year whose reach counted every household the program stands by (``reach_standing``).
        self._standing_counted_in: int | None = None
        self._read_parameters()
        self.setup()

    def _read_parameters(self) -> None:
        """Set the attributes that the classes' ``parameters`` tables name."""
        for cls in reversed(type(self).__mro__):
            for attribute, entry in vars(cls).get("parameters", {}).items():
                key, convert = (entry, None) if isinstance(entry, str) else entry
                value = self.parameter(key)
                setattr(self, attribute, value if convert is None else convert(value))

    def parameter(self, key: str) -> Any:
        """Return the raw value of parameter ``key``; without a dot, the program's own."""
        return self.model.params.value(key if "." in key else f"{self.name}.{key}")

    def setup(self) -> None:
        """Build the program's own state; called once by ``__init__``, after ``parameters``.

        A subclass that overrides it calls ``super().setup()`` first.
        """

    def active(self, year: int) -> bool:
        """Whether the program acts in ``year`` (from its first funded year on)."""
        return year >= self.start_year

    def reach(
        self,
        households: np.ndarray,
        channel: str | None = None,
        people: np.ndarray | None = None,
    ) -> None:
        """Mark households (a boolean mask or indices) as reached by the program this year.

        Args:
            households: The households reached (each once).
            channel: How (``model.aid.beneficiaries.CHANNELS``); None: the program's
                ``channel``.
            people: For a person channel, the members reached in each household (one each
                when None).
        """
        population = self.model.households
        channel = channel or self.channel
        if isinstance(households, np.ndarray) and households.dtype == bool and people is None:
            # A mask (often the same households every month: those served, connected, moved)
            # is narrowed to the households the channel has not counted this year, by index:
            # the others would be counted the same again (sizes change only in January, before
            # any program acts).
            households = self.reached.not_counted(channel, households)
        # Households counted earlier this year were marked then: only those the channel counts
        # anew or counts more need the program's bit.
        marked = self.reached.add(channel, households, population.size, people)
        if marked.size:
            population.programs_touched[marked] |= self.program_bit

    def reach_standing(self, standing: np.ndarray, new: np.ndarray | None = None) -> None:
        """Count the households the program stands by all year, once a year.

        For what stays with a household once given (a tap, a move, a clinic's service):
        household sizes change only in January, so the year's first call counts every one of
        ``standing`` (a mask or indices) and later calls only the ``new`` ones (indices; None:
        none), which is what counting all of them each month would add. A program whose
        ``standing`` changes otherwise calls ``recount_standing`` first.
        """
        year = self.model.year
        if self._standing_counted_in != year:
            self.reach(standing)
            self._standing_counted_in = year
        elif new is not None and new.size:
            self.reach(new)

    def recount_standing(self) -> None:
        """Have the next ``reach_standing`` count every household stood by again."""
        self._standing_counted_in = None

    def deliver(
        self,
        households: np.ndarray,
        amount: np.ndarray | float,
        source_row: int,
        channel: str | None = None,
        people: np.ndarray | None = None,
        total: float | None = None,
        mark: bool = True,
    ) -> None:
        """Add income from the program to households (indices) and mark them reached.

        ``households`` lists each household once; ``channel`` and ``people`` are as in
        ``reach``. ``total`` is ``float(amount.sum())`` when the caller has it already (None:
        summed here). ``mark`` False: the caller has marked them reached this year already
        (no call to ``reach``).
        """
        population = self.model.households
        # through the row's view: half the time of indexing the 2-d array with (row, indices);
        # added in one pass (the same sums as ``income[households] += amount``, which gathers,
        # adds and scatters)
        income = population.income[source_row]
        np.add.at(income, households, amount)
        if total is None:
            shape = np.shape(households)
            if not isinstance(amount, np.ndarray) or amount.shape != shape:
                # as many copies as households (the same pairwise sum as of a broadcast view)
                amount = np.full(shape, amount)
            total = float(amount.sum())
        year = self.model.year
        self.income_delivered[year] = self.income_delivered.get(year, 0.0) + total
        if mark:
            self.reach(households, channel, people)

    def deliver_training_premium(self, trained_here: np.ndarray) -> None:
        """Deliver this month's wage premium of the households this program trained.

        The labour rules raise a trained member's job odds but do not add the premium
        (``livelihoods.trained_premium_month``); the program that trained the member delivers
        it, so that each program counts its own.

        Args:
            trained_here: The households trained, as indices in order (a program keeps them
                so, with no pass over the county each month) or as a boolean mask.
        """
        trained = np.flatnonzero(trained_here) if trained_here.dtype == bool else trained_here
        if trained.size == 0:
            return
        model = self.model
        # worked out for the few trained households alone (the same values as the county's)
        local, away = trained_premium_month(
            model.households, model.params, model.conditions, model.month, trained
        )
        rows = (SOURCE_INDEX["wages_local"], SOURCE_INDEX["wages_away"])
        for row, amount in zip(rows, (local, away), strict=True):
            paid = amount > 0
            if paid.any():
                self.deliver(trained[paid], amount[paid], row, "trainees")

    def jobs(self) -> tuple[int, int]:
        """Jobs this program created and how many went to registered-poor households."""
        return 0, 0

    def close_year(self) -> None:
        """December work before the year's metrics (dividends, reports)."""

    def support_before_check(self, households: np.ndarray) -> np.ndarray | None:
        """Act on registered households before the campaign's final check (2020).

        In the final year the programmes that the 2020 campaign charged with the registered
        poor (prompt dibao, medical insurance, housing) act on those not yet exited, after
        the year's pass and before the December check (``model.governance``).

        Args:
            households: The registered households not yet exited (indices).

        Returns:
            Yuan a year of support each household (over the whole population) receives from
            now on that is not yet in this year's income, which the check counts; None if
            the programme pays nothing of the kind.
        """
        return None

    def year_summary(self, year: int) -> dict[str, Any]:
        """Return this program's row of ``programs.csv`` for ``year``.

        ``beneficiaries`` are the people its channels counted, each person once
        (``model.aid.beneficiaries``); ``beneficiary_households`` the households reached.
        """
        population = self.model.households
        # over the households reached alone; beneficiary_rows reuses the reached found here
        people, households, registered = self.reached.totals(population.size, population.registered)
        jobs, jobs_poor = self.jobs()
        return {
            "program": self.name,
            "family": self.family,
            "funder": self.funder,
            "funder_group": self.funder_group,
            "year": year,
            "budget_yuan": self.ledger.budget.get(year, 0.0),
            "spent_yuan": self.ledger.spent_in(year),
            "beneficiaries": people,
            "beneficiaries_registered_poor": registered,
            "beneficiary_households": households,
            "jobs": jobs,
            "jobs_registered_poor": jobs_poor,
            "income_delivered_yuan": self.income_delivered.get(year, 0.0),
        }

    def beneficiary_rows(self, year: int) -> list[dict[str, Any]]:
        """This program's rows of ``beneficiaries.csv`` for ``year``: one per channel used."""
        population = self.model.households
        ids = {"program": self.name, "funder": self.funder, "year": year}
        return [{**ids, **row} for row in self.reached.rows(population.size, population.registered)]

    def start_new_year(self) -> None:
        """After December's rows: nobody is reached yet in the new year."""
        self.reached.clear()
