"""Income as the statistics define it: concepts, the four categories, and the model's sources.

China's rural household survey measured net income (纯收入) per member through 2012 and
disposable income (可支配收入) per resident from 2013 (NBS). Both count the year's income in cash
and in kind from every source; neither subtracts medical spending, which is consumption. The
model's income rows map onto the four categories of disposable income:

* wages (工资性收入): local work as employees and firm jobs (``wages_local``); money members away
  send or bring home (``wages_away``) through 2012 from the members the old survey counted as
  household members, those whose income mainly came home (``Households.away_counted``);
* net business income (经营净收入): crops and livestock, net of their costs, and the earnings of
  members self-employed in local non-farm work (``nonfarm_business``: 二三产业经营, shops,
  transport and trades, which the survey counts as business, not wages);
* net property income (财产净收入): land rent and dividends;
* net transfers (转移净收入): pensions, dibao, subsidies, and the money of members away who are
  not counted as members: from 2013 every member away six months or more (no longer a
  resident), through 2012 those whose income did not mainly come home.

The second measure, income after out-of-pocket health costs, subtracts ``medical_costs`` from the
same income; the governance rules use it for illness-caused poverty.
"""

from __future__ import annotations

from model.households import DISPOSABLE_INCOME_FROM, INCOME_SOURCES

__all__ = ["CATEGORIES", "category_of", "concept", "concept_name"]

#: The survey's four categories of income (annual.csv: ``income_pc_<category>``).
CATEGORIES: tuple[str, ...] = (
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
)

_CATEGORY: dict[str, str] = {
    "crops": "business_income",
    "livestock": "business_income",
    "nonfarm_business": "business_income",
    "wages_local": "wage_income",
    "wages_away": "wage_income",
    "transfers": "transfer_income",
    "dividends": "property_income",
    "land_rent": "property_income",
}


def concept(year: int) -> str:
    """The income concept of ``year``: ``"net_income"`` to 2012, ``"disposable_income"`` after."""
    return "disposable_income" if year >= DISPOSABLE_INCOME_FROM else "net_income"


def concept_name(year: int) -> str:
    """The concept of ``year`` with its Chinese name, for tables."""
    return (
        "disposable income (可支配收入)"
        if year >= DISPOSABLE_INCOME_FROM
        else "net income (纯收入)"
    )


def category_of(source: str, year: int, away_counted: bool = True) -> str | None:
    """The survey category an income source counts in, in ``year`` (None: not income).

    Args:
        source: One of ``model.households.INCOME_SOURCES``.
        year: The calendar year (migrants' money moves from wages to transfers in 2013).
        away_counted: For ``wages_away`` through 2012: whether the old survey counted the
            household's members away as members (``Households.away_counted``); the money of
            members it did not count was a transfer.
    """
    if source not in INCOME_SOURCES:
        raise KeyError(source)
    if source == "wages_away" and (year >= DISPOSABLE_INCOME_FROM or not away_counted):
        return "transfer_income"
    return _CATEGORY.get(source)
