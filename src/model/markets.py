"""Prices, wages and rates of one year, read once from the parameters when the year starts.

Rates are stated per year in the parameters and converted here, once, to what the monthly
rules need, so that the monthly step does no parameter look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.crops import CORN, CropYear, crop_year
from model.herds import HerdYear, herd_year
from model.parameters import Parameters

__all__ = ["PARAMETER_OF", "YearConditions", "year_conditions"]


@dataclass(frozen=True)
class YearConditions:
    """Prices, wages and transfer rates of one calendar year (yuan unless stated).

    Attributes:
        year: Calendar year.
        poverty_line: National rural poverty line, yuan per person per year.
        crops: Shares, yields, prices and costs of every crop.
        herds: Net income per head of cattle and sheep.
        local_day_wage: Day wage of local wage work.
        local_work_days: Days a year of a member with local wage work.
        away_net_monthly: What a member away sends or brings home per month away.
        pension_monthly: Rural basic pension per person aged 60+ per month.
        urban_pension_monthly: Urban pension per person aged 60+ per month.
        dibao_line: Rural minimum living allowance standard per person per year.
        land_subsidy_per_mu: Subsidy per mu of contracted land (to the contract holder).
        corn_subsidy_per_mu: Corn producer subsidy per mu planted in corn (to the grower).
        retired_land_payment_per_mu: Payment per mu of land retired to forest or grass.
        land_rent_dry: Rent per mu of dry land rented out.
        land_rent_irrigated: Rent per mu of irrigated land rented out.
    """

    year: int
    poverty_line: float
    crops: CropYear
    herds: HerdYear
    local_day_wage: float
    local_work_days: float
    away_net_monthly: float
    pension_monthly: float
    urban_pension_monthly: float
    dibao_line: float
    land_subsidy_per_mu: float
    corn_subsidy_per_mu: float
    retired_land_payment_per_mu: float
    land_rent_dry: float
    land_rent_irrigated: float

    @property
    def corn_price(self) -> float:
        """Corn price, yuan per kg."""
        return float(self.crops.price[CORN])


#: The parameter each number of ``YearConditions`` is read from (the crop table, the herds and the
#: money sent home are built from several).
PARAMETER_OF: dict[str, str] = {
    "poverty_line": "poverty.line",
    "local_day_wage": "labour.local_day_wage",
    "local_work_days": "labour.local_work_days",
    "pension_monthly": "transfers.pension_monthly",
    "urban_pension_monthly": "transfers.urban_pension_monthly",
    "dibao_line": "transfers.dibao_line",
    "land_subsidy_per_mu": "transfers.land_subsidy_per_mu",
    "corn_subsidy_per_mu": "transfers.corn_subsidy_per_mu",
    "retired_land_payment_per_mu": "transfers.retired_land_payment_per_mu",
    "land_rent_dry": "land.rent_dry_per_mu",
    "land_rent_irrigated": "land.rent_irrigated_per_mu",
}


def year_conditions(params: Parameters, year: int) -> YearConditions:
    """Return the conditions of ``year`` from the (scenario-resolved) parameters."""
    at = params.at
    return YearConditions(
        year=year,
        crops=crop_year(params, year),
        herds=herd_year(params, year),
        away_net_monthly=at("labour.away_wage_monthly", year) * at("labour.remittance_share", year),
        **{field: at(key, year) for field, key in PARAMETER_OF.items()},
    )
