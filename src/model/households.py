"""The household population: one array per attribute, synthesis, and read-only views.

Households are stored as a struct of arrays so that every household rule runs as one numpy
operation over the whole county (as Covasim and Starsim store people). ``population[i]`` gives
a read-only view of one household and ``population.to_frame()`` a DataFrame of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from model.parameters import Parameters
from model.rng import Streams

__all__ = ["INCOME_SOURCES", "Households", "HouseholdView", "synthesize"]

#: Income sources, in the order of the rows of ``Households.income``. Medical costs are negative.
INCOME_SOURCES: tuple[str, ...] = (
    "crops",
    "livestock",
    "wages_local",
    "wages_away",
    "transfers",
    "dividends",
    "land_rent",
    "medical_costs",
)
SOURCE_INDEX = {name: row for row, name in enumerate(INCOME_SOURCES)}

#: Members a household can have (the synthesis draws 1 to 6).
MAX_MEMBERS = 6
#: Household age types used in synthesis.
YOUNG, MIDDLE, ELDERLY = 0, 1, 2


@dataclass(eq=False)
class Households:
    """All households of the county, one numpy array per attribute.

    Attributes:
        township: Township index (0 is the county seat, Linxi town).
        village: Village index, unique across the county.
        urban: Whether the household lives in town (outside the rural poverty statistics).
        remoteness: 0 (by a road near town) to 1 (deep in the mountains).
        age_type: 0 young family, 1 middle-aged, 2 elderly.
        n_children: Members under 16.
        n_working: Members aged 16 to 59.
        n_elderly: Members aged 60 and over.
        n_ill_working: Working-age members chronically ill or disabled (unable to work).
        n_ill_other: Children and elderly members chronically ill or disabled.
        schooling: Years of schooling of the household head.
        land_dry: Mu of dry slope land.
        land_irrigated: Mu of irrigated land.
        livestock: Cattle-equivalent head.
        safe_housing: Whether the house is safe (one of the exit conditions).
        registered: Registered poor (建档立卡), exited or not.
        registered_year: Year of registration (0 if never).
        exited: Whether a registered household has exited poverty.
        exit_year: Year of exit (0 if not exited).
        years_above_line: Consecutive reviews with measured income above the line.
        dibao: Receiving the minimum living allowance this year.
        n_away: Members working away from home this year.
        employer: Index of the firm employing one member, or -1.
        contract_firm: Index of the firm buying the household's corn under contract, or -1.
        programs_touched: Bit mask of the programs that reached the household this year.
        trained: Whether a member has completed vocational training (care, housekeeping,
            technical skills); raises the odds of a job offer and the wage.
        medical_cover: Share (0-1) of medical costs paid by medical aid on top of the basic
            insurance already netted out of ``health.*`` costs.
        income: Income accrued this year, yuan, shape ``(len(INCOME_SOURCES), n)``.
        last_income: Last complete year's income by source, same shape.
    """

    township: np.ndarray
    village: np.ndarray
    urban: np.ndarray
    remoteness: np.ndarray
    age_type: np.ndarray
    n_children: np.ndarray
    n_working: np.ndarray
    n_elderly: np.ndarray
    n_ill_working: np.ndarray
    n_ill_other: np.ndarray
    schooling: np.ndarray
    land_dry: np.ndarray
    land_irrigated: np.ndarray
    livestock: np.ndarray
    safe_housing: np.ndarray
    registered: np.ndarray
    registered_year: np.ndarray
    exited: np.ndarray
    exit_year: np.ndarray
    years_above_line: np.ndarray
    dibao: np.ndarray
    n_away: np.ndarray
    employer: np.ndarray
    contract_firm: np.ndarray
    programs_touched: np.ndarray
    trained: np.ndarray
    medical_cover: np.ndarray
    income: np.ndarray
    last_income: np.ndarray

    def __len__(self) -> int:
        return int(self.township.shape[0])

    @property
    def size(self) -> np.ndarray:
        """Members per household."""
        return self.n_children + self.n_working + self.n_elderly

    @property
    def n_able(self) -> np.ndarray:
        """Working-age members able to work."""
        return self.n_working - self.n_ill_working

    @property
    def n_ill(self) -> np.ndarray:
        """Members chronically ill or disabled."""
        return self.n_ill_working + self.n_ill_other

    @property
    def rural(self) -> np.ndarray:
        """Whether the household is rural."""
        return ~self.urban

    @property
    def registered_poor(self) -> np.ndarray:
        """Registered poor and not yet exited."""
        return self.registered & ~self.exited

    def net_income(self, last_year: bool = False) -> np.ndarray:
        """Net household income (all sources, medical costs subtracted), yuan."""
        return (self.last_income if last_year else self.income).sum(axis=0)

    def net_income_pc(self, last_year: bool = False) -> np.ndarray:
        """Net income per person, yuan."""
        return self.net_income(last_year) / self.size

    def close_year(self) -> None:
        """Move this year's income to ``last_income`` and start a new year at zero."""
        self.last_income[...] = self.income
        self.income[...] = 0.0
        self.programs_touched[...] = 0

    def __getitem__(self, index: int) -> HouseholdView:
        if not -len(self) <= index < len(self):
            raise IndexError(f"household {index} out of range 0..{len(self) - 1}")
        return HouseholdView(self, index % len(self))

    def to_frame(self) -> pd.DataFrame:
        """Return one row per household: every attribute, size, and income by source."""
        columns: dict[str, Any] = {}
        for field in fields(self):
            if field.name in ("income", "last_income"):
                continue
            columns[field.name] = getattr(self, field.name)
        columns["size"] = self.size
        columns["n_able"] = self.n_able
        for row, name in enumerate(INCOME_SOURCES):
            columns[f"income_{name}"] = self.income[row]
            columns[f"last_income_{name}"] = self.last_income[row]
        columns["net_income_pc"] = self.net_income_pc()
        columns["last_net_income_pc"] = self.net_income_pc(last_year=True)
        frame = pd.DataFrame(columns)
        frame.index.name = "household"
        return frame


class HouseholdView:
    """A read-only view of one household: attribute access and a dict for display.

    Args:
        population: The population the household belongs to.
        index: The household's index.
    """

    __slots__ = ("_population", "index")

    def __init__(self, population: Households, index: int) -> None:
        self._population = population
        self.index = index

    def __getattr__(self, name: str) -> Any:
        if name in ("income", "last_income"):
            rows = getattr(self._population, name)[:, self.index]
            return {
                source: float(value) for source, value in zip(INCOME_SOURCES, rows, strict=True)
            }
        value = getattr(self._population, name)
        if isinstance(value, np.ndarray):
            return value[self.index].item()
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__slots__:
            object.__setattr__(self, name, value)
        else:
            raise AttributeError("a household view is read-only; change the population arrays")

    def to_dict(self) -> dict[str, Any]:
        """Return the household's attributes as a plain dict."""
        out: dict[str, Any] = {"index": self.index}
        for field in fields(self._population):
            out[field.name] = getattr(self, field.name)
        out["size"] = int(self._population.size[self.index])
        out["n_able"] = int(self._population.n_able[self.index])
        return out

    def __repr__(self) -> str:
        data = self.to_dict()
        income = data.pop("income")
        data.pop("last_income")
        head = ", ".join(f"{key}={value!r}" for key, value in data.items())
        return f"Household({head}, income={ {k: round(v) for k, v in income.items()} })"


def _categorical(u: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Map uniforms to categories 0..k-1 with the given probabilities (rows may differ)."""
    cumulative = np.cumsum(probabilities, axis=-1)
    cumulative = cumulative / cumulative[..., -1:]
    return (u[:, None] > cumulative).sum(axis=1)


def synthesize(n_households: int, params: Parameters, streams: Streams) -> Households:
    """Create a synthetic county of ``n_households`` households.

    The population depends only on the seed and its size, never on the scenario, so that
    scenarios compared at the same seed start from the same county.

    Args:
        n_households: Number of households to create.
        params: Model parameters (the ``county.*`` and ``households.*`` entries are used).
        streams: The run's random streams (the ``"synthesis"`` stream is used).

    Returns:
        The population, with zero income.
    """
    rng = streams.get("synthesis")
    n = int(n_households)
    value = params.value

    urban = rng.random(n) >= value("county.rural_share")
    n_townships = int(value("county.townships"))
    villages_per_township = int(value("county.villages_per_township"))
    township = rng.integers(0, n_townships, size=n).astype(np.int16)
    township[urban] = 0
    village = (township * villages_per_township + rng.integers(0, villages_per_township, n)).astype(
        np.int16
    )
    village_remoteness = rng.random(n_townships * villages_per_township)
    remoteness = np.where(urban, 0.0, village_remoteness[village]).astype(np.float32)

    age_type = _categorical(rng.random(n), np.asarray(value("households.age_type_probabilities")))
    size_table = np.array(
        [
            value("households.size_probabilities_young"),
            value("households.size_probabilities_middle"),
            value("households.size_probabilities_elderly"),
        ]
    )
    size = 1 + _categorical(rng.random(n), size_table[age_type])
    p_elderly = np.asarray(value("households.elderly_member_probability"))[age_type]
    p_child = np.asarray(value("households.child_member_probability"))[age_type]
    n_elderly = rng.binomial(size, p_elderly)
    n_children = rng.binomial(size - n_elderly, p_child)
    n_working = size - n_elderly - n_children
    # Every household has at least one adult: a lone child becomes a working-age member.
    no_adult = (n_working + n_elderly) == 0
    n_children[no_adult] -= 1
    n_working[no_adult] += 1

    p_ill = np.asarray(value("households.ill_probability_by_age"))
    # A household frailty term makes illness cluster in some households, as it does.
    shape = value("households.frailty_shape")
    frailty = rng.gamma(shape, 1.0 / shape, size=n)
    n_ill_working = rng.binomial(n_working, np.clip(p_ill[1] * frailty, 0, 1))
    n_ill_other = rng.binomial(n_children, np.clip(p_ill[0] * frailty, 0, 1)) + rng.binomial(
        n_elderly, np.clip(p_ill[2] * frailty, 0, 1)
    )

    schooling = rng.normal(value("households.schooling_mean"), value("households.schooling_sd"), n)
    gap = value("households.elderly_schooling_gap")
    schooling = np.clip(schooling - gap * (age_type == ELDERLY), 0, 16).astype(np.float32)

    rural = ~urban
    # Land was contracted per person in the 1980s, so holdings grow with household size.
    land_scale = size / 2.4
    land_dry = (
        value("households.dry_land_mu_median")
        * land_scale
        * rng.lognormal(0.0, value("households.land_sigma"), n)
    )
    has_irrigated = rng.random(n) < value("households.irrigated_share_of_households")
    land_irrigated = (
        has_irrigated
        * value("households.irrigated_mu_median")
        * rng.lognormal(0.0, value("households.land_sigma"), n)
    )
    keeps_cattle = rng.random(n) < value("households.livestock_share_of_households") * np.where(
        n_working - n_ill_working > 0, 1.0, value("households.livestock_factor_no_labour")
    )
    livestock = keeps_cattle * (1 + rng.poisson(value("households.livestock_head_mean") - 1, n))
    # Unsafe houses are likelier in remote villages; mean remoteness is 0.5, so the county
    # share stays at targeting.unsafe_housing_share.
    safe_housing = rng.random(n) >= value("targeting.unsafe_housing_share") * (0.5 + remoteness)

    zeros_int = np.zeros(n, dtype=np.int16)
    return Households(
        township=township,
        village=village,
        urban=urban,
        remoteness=remoteness,
        age_type=age_type.astype(np.int8),
        n_children=n_children.astype(np.int16),
        n_working=n_working.astype(np.int16),
        n_elderly=n_elderly.astype(np.int16),
        n_ill_working=n_ill_working.astype(np.int16),
        n_ill_other=n_ill_other.astype(np.int16),
        schooling=schooling,
        land_dry=np.where(rural, land_dry, 0.0),
        land_irrigated=np.where(rural, land_irrigated, 0.0),
        livestock=np.where(rural, livestock, 0).astype(np.float64),
        safe_housing=safe_housing | urban,
        registered=np.zeros(n, dtype=bool),
        registered_year=zeros_int.copy(),
        exited=np.zeros(n, dtype=bool),
        exit_year=zeros_int.copy(),
        years_above_line=np.zeros(n, dtype=np.int8),
        dibao=np.zeros(n, dtype=bool),
        n_away=zeros_int.copy(),
        employer=np.full(n, -1, dtype=np.int16),
        contract_firm=np.full(n, -1, dtype=np.int16),
        programs_touched=np.zeros(n, dtype=np.uint32),
        trained=np.zeros(n, dtype=bool),
        medical_cover=np.zeros(n),
        income=np.zeros((len(INCOME_SOURCES), n)),
        last_income=np.zeros((len(INCOME_SOURCES), n)),
    )
