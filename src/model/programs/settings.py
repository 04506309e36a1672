"""Scenario settings of programs and program families (pydantic models).

Every program has the same levers: on or off, a funding scale, its funding by year (replacing the
default budget), the years it acts, and, for a program run by a firm, a year in which the scenario
forces the firm to fail. A family groups programs of one kind and scales them all at once.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from model.limits import FUNDING_SCALE_MAX, YEAR_MAX, YEAR_MIN, YUAN_MAX

__all__ = [
    "CashSettings",
    "EggFarmSettings",
    "FamilySettings",
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
        end_year: Budget years after this one are not given.
        fail_year: Year in which the firm running the program is forced to fail (January).
    """

    enabled: bool = True
    funding_scale: Scale = 1.0
    funding_yuan: dict[Year, Money] | None = None
    funding_total_yuan: Money | None = None
    start_year: Year | None = None
    end_year: Year | None = None
    fail_year: Year | None = None


class EggFarmSettings(ProgramSettings):
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


class FamilySettings(_Strict):
    """A whole program family: on or off, and a scale on every program's funding in it."""

    enabled: bool = True
    funding_scale: Scale = 1.0
