"""Prices and wages of one year, read once from the parameters when the year starts.

Rates are stated per year in the parameters and converted here, once, to what the monthly
rules need, so that the monthly step does no parameter look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.parameters import Parameters

__all__ = ["YearConditions", "year_conditions"]


@dataclass(frozen=True)
class YearConditions:
    """Prices, wages and transfer rates of one calendar year (yuan unless stated)."""

    year: int
    poverty_line: float
    corn_price: float
    crop_cost_per_mu: float
    livestock_net_per_head: float
    local_day_wage: float
    away_net_monthly: float
    pension_monthly: float
    urban_pension_monthly: float
    dibao_line: float
    farm_subsidy_per_mu: float
    land_rent_dry: float
    land_rent_irrigated: float


def year_conditions(params: Parameters, year: int) -> YearConditions:
    """Return the conditions of ``year`` from the (scenario-resolved) parameters."""
    at = params.at
    return YearConditions(
        year=year,
        poverty_line=at("poverty.line", year),
        corn_price=at("crops.corn_price", year),
        crop_cost_per_mu=at("crops.cost_per_mu", year),
        livestock_net_per_head=at("livestock.net_income_per_head", year),
        local_day_wage=at("labour.local_day_wage", year),
        away_net_monthly=at("labour.away_net_monthly", year),
        pension_monthly=at("transfers.pension_monthly", year),
        urban_pension_monthly=at("transfers.urban_pension_monthly", year),
        dibao_line=at("transfers.dibao_line", year),
        farm_subsidy_per_mu=at("transfers.farm_subsidy_per_mu", year),
        land_rent_dry=at("land.rent_dry_per_mu", year),
        land_rent_irrigated=at("land.rent_irrigated_per_mu", year),
    )
