"""Scenario settings of programs and program families (pydantic models).

Every program has the same levers: on or off, a funding scale, its funding by year (replacing the
default budget), and the years it is given money. A program whose money runs a firm (or projects
that can fail) also takes ``fail_year`` (``FirmProgramSettings``); the egg farm takes its three
379 shares and cash transfers another family's budget. A key a program does not use is refused
(``extra="forbid"``), with the reason in ``NOT_APPLICABLE``. A family groups programs of one kind
and scales them all at once.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from model.limits import FUNDING_SCALE_MAX, YEAR_MAX, YEAR_MIN, YUAN_MAX

__all__ = [
    "NOT_APPLICABLE",
    "CashSettings",
    "EggFarmSettings",
    "FamilySettings",
    "FirmProgramSettings",
    "Money",
    "ProgramSettings",
    "Scale",
    "Share",
    "Year",
]

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Money = Annotated[float, Field(ge=0.0, le=YUAN_MAX)]
Scale = Annotated[float, Field(ge=0.0, le=FUNDING_SCALE_MAX)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class _Strict(BaseModel):
    # numbers are finite: inf, -inf and nan (and values that overflow to them) are refused
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ProgramSettings(_Strict):
    """The levers of one program; unset values keep the defaults of the parameter files.

    Attributes:
        enabled: Whether the program receives any money.
        funding_scale: Multiplies the program's budget in every year.
        funding_yuan: Budget by year, replacing the default ``<program>.aid_funding_yuan``.
        funding_total_yuan: A total for the whole run, spread over the years in proportion to
            the default (or ``funding_yuan``) profile.
        start_year: Budget years before this one are not given.
        end_year: Budget years after this one are not given; unspent money is not spent after it.
    """

    enabled: bool = True
    funding_scale: Scale = 1.0
    funding_yuan: dict[Year, Money] | None = None
    funding_total_yuan: Money | None = None
    start_year: Year | None = None
    end_year: Year | None = None


class FirmProgramSettings(ProgramSettings):
    """The levers of a program whose money runs a firm (or village projects) that can fail.

    Attributes:
        fail_year: Year in whose January the scenario forces the firm to fail.
    """

    fail_year: Year | None = None


class EggFarmSettings(FirmProgramSettings):
    """The egg farm's levers plus its three 379 shares (None keeps the defaults)."""

    share_poor_staff: Share | None = None
    share_poor_linked: Share | None = None
    share_rent_to_poor: Share | None = None


class CashSettings(ProgramSettings):
    """Cash transfers, optionally given the budget another family would have had.

    Attributes:
        same_budget_as_family: A family name (e.g. ``"industry"``); the cash program then
            receives that family's default budget by year, times its own ``funding_scale``, so
            that "jobs and assets or cash?" is compared at equal cost.
    """

    same_budget_as_family: str | None = None


#: Why a key that some programs take is refused by the others (for the one-line error).
NOT_APPLICABLE: dict[str, str] = {
    "fail_year": "this program runs no firm, so fail_year does not apply",
    "share_poor_staff": "only the egg farm has the 379 shares",
    "share_poor_linked": "only the egg farm has the 379 shares",
    "share_rent_to_poor": "only the egg farm has the 379 shares",
    "same_budget_as_family": "only cash_transfers can take another family's budget",
}


class FamilySettings(_Strict):
    """A whole program family: on or off, and a scale on every program's funding in it."""

    enabled: bool = True
    funding_scale: Scale = 1.0
