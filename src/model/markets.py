"""Prices and wages of one year, read once from the parameters when the year starts.

Rates are stated per year in the parameters and converted here, once, to what the monthly
rules need, so that the monthly step does no parameter look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.parameters import Parameters

__all__ = ["PARAMETER_OF", "YearConditions", "year_conditions"]


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


#: The parameter each field of ``YearConditions`` is read from.
PARAMETER_OF: dict[str, str] = {
    "poverty_line": "poverty.line",
    "corn_price": "crops.corn_price",
    "crop_cost_per_mu": "crops.cost_per_mu",
    "livestock_net_per_head": "livestock.net_income_per_head",
    "local_day_wage": "labour.local_day_wage",
    "away_net_monthly": "labour.away_net_monthly",
    "pension_monthly": "transfers.pension_monthly",
    "urban_pension_monthly": "transfers.urban_pension_monthly",
    "dibao_line": "transfers.dibao_line",
    "farm_subsidy_per_mu": "transfers.farm_subsidy_per_mu",
    "land_rent_dry": "land.rent_dry_per_mu",
    "land_rent_irrigated": "land.rent_irrigated_per_mu",
}


def year_conditions(params: Parameters, year: int) -> YearConditions:
    """Return the conditions of ``year`` from the (scenario-resolved) parameters."""
    return YearConditions(
        year=year, **{field: params.at(key, year) for field, key in PARAMETER_OF.items()}
    )
