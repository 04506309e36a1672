"""Policy crop insurance (政策性种植业保险) as a domestic programme.

China's subsidised crop insurance, run by insurers with premiums paid mostly from central,
regional and county budgets (funder central: the centre paid 8.06 of the 14.26 billion yuan of
fiscal premium subsidies in Inner Mongolia over 2016-2020; ``docs/sources.md``
[crop-insurance]). The basic cover pays for the direct material costs of a crop (seed,
fertiliser, pesticide, irrigation, machinery, film: 直接物化成本), the ``cost_*`` of
``model.crops``, so it adds no parameter of its own for the sum insured.

Each year, for every rural household that farms land:

* **Premium** (``crop_insurance.premium_month``, at sowing): ``enrolment`` of the household's
  farmed land is insured, at ``premium_rate`` of the sum insured; the household pays
  ``farmer_share`` of the premium (a farming cost, booked in the crops row) and the budget pays
  the rest (the programme's spending). If the money available cannot pay every subsidy, the
  insured share is scaled down for everyone.
* **Claim** (the harvest month): the loss rate of the land in the household's village is the
  crops' drought loss weighted by each crop's share of the land (``model.crops``; irrigation
  protects part of it). The insurer pays, per insured mu, the sum insured times the loss rate
  above ``deductible``::

      claim_i = e * sum over land type l of farmed_{i,l} * cover_l * max(loss_{v(i),l} - d, 0)

* **Payment** (``crop_insurance.payout_month``, the first one after the harvest; claims were
  settled before the Spring Festival): claims are paid into the crops row, whose loss they
  make good. They are the insurer's money, not the budget's: ``income_delivered`` counts them.

Beneficiaries: ``producers``, one farmer in each household paid a claim.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.crops import CropYear, farmed_land
from model.households import SOURCE_INDEX

__all__ = ["CROP_INSURANCE", "CropInsuranceProgram", "claims_per_mu"]

_CROPS = SOURCE_INDEX["crops"]


def claims_per_mu(
    crops: CropYear, village_drought: np.ndarray, deductible: float
) -> tuple[np.ndarray, np.ndarray]:
    """Claim per insured mu of dry and of irrigated land in each village (yuan).

    Args:
        crops: The year's crop table (shares, material costs, drought sensitivity).
        village_drought: Each village's drought severity.
        deductible: Loss rate the insurance does not pay.

    Returns:
        (dry, irrigated), one value per village.
    """
    loss_dry, loss_irrigated = crops.land_loss_rates(village_drought)
    cover_dry, cover_irrigated = crops.material_cost_per_mu()
    return (
        cover_dry * np.maximum(loss_dry - deductible, 0.0),
        cover_irrigated * np.maximum(loss_irrigated - deductible, 0.0),
    )


class CropInsuranceProgram(AidProgram):
    """Subsidises crop-insurance premiums at sowing; pays the insurer's claims after harvest."""

    channel = "producers"

    parameters = {
        "premium_month": ("premium_month", int),
        "payout_month": ("payout_month", int),
        "premium_rate": "premium_rate",
        "farmer_share": "farmer_share",
        "deductible": "deductible",
        "harvest_month": ("crops.harvest_month", int),
    }

    def setup(self) -> None:
        """Nothing insured or claimed yet."""
        super().setup()
        n = len(self.model.households)
        #: Share of each household's farmed land insured this year.
        self.insured_share = np.zeros(n)
        #: Claims settled at the last harvest and not yet paid (yuan).
        self.claims = np.zeros(n)
        self.claims_paid: dict[int, float] = {}
        self.premiums_paid_by_farmers: dict[int, float] = {}

    def step(self) -> None:
        """Premiums at sowing, claims at harvest, payment in the payout month."""
        model = self.model
        year, month = model.year, model.month
        if month == self.payout_month and self.claims.any():
            self._pay_claims(year)
        if not self.active(year):
            return
        if month == self.premium_month:
            self._insure(year, month)
        if month == self.harvest_month:
            self._settle_claims()

    def _insure(self, year: int, month: int) -> None:
        model = self.model
        population, crops = model.households, model.conditions.crops
        cover_dry, cover_irrigated = crops.material_cost_per_mu()
        # the sum insured, in place in the farmed land's arrays (fewer passes)
        cover, irrigated = farmed_land(population)
        cover *= cover_dry
        cover += np.multiply(irrigated, cover_irrigated, out=irrigated)
        cover *= population.rural
        enrolment = model.params.at(f"{self.name}.enrolment", year)
        premiums = enrolment * self.premium_rate * cover
        subsidy = (1.0 - self.farmer_share) * float(premiums.sum())
        # money short of the subsidies insures less of everyone's land
        available = self.ledger.available(year) * (1 - 1e-12)
        scale = min(1.0, available / subsidy) if subsidy > 0 else 0.0
        farms = cover > 0
        np.multiply(farms, enrolment * scale, out=self.insured_share)
        if scale <= 0:
            return
        insured = np.flatnonzero(farms)
        self.ledger.spend(
            year, month, scale * subsidy, "premium subsidies", insured.size, "households"
        )
        paid = scale * self.farmer_share * premiums.take(insured)
        # through the row's view: quicker than indexing the 2-d array with (row, indices);
        # insured households are unique, so the same as ``-=`` at them, in one pass
        np.subtract.at(population.income[_CROPS], insured, paid)
        self.premiums_paid_by_farmers[year] = float(paid.sum())

    def _settle_claims(self) -> None:
        model = self.model
        population = model.households
        crops, drought = model.conditions.crops, model.village_drought
        dry, irrigated = claims_per_mu(crops, drought, self.deductible)
        # Villages with no loss above the deductible add zeros: a year without claims adds
        # nothing, and one without claims on irrigated land (most) skips its term.
        if not dry.any() and not irrigated.any():
            return
        village = population.village
        # in place in the farmed land's arrays, the same products and sum
        claims, farmed_irrigated = farmed_land(population)
        claims *= dry.take(village)  # (take: quicker than indexing)
        if irrigated.any():
            claims += np.multiply(farmed_irrigated, irrigated.take(village), out=farmed_irrigated)
        claims *= self.insured_share
        self.claims += claims

    def _pay_claims(self, year: int) -> None:
        paid = np.flatnonzero(self.claims > 0)
        amounts = self.claims.take(paid)  # (take: a quicker gather than indexing)
        self.deliver(paid, amounts, _CROPS)
        self.claims_paid[year] = self.claims_paid.get(year, 0.0) + float(amounts.sum())
        self.claims[paid] = 0.0


CROP_INSURANCE = ProgramSpec(
    "crop_insurance",
    "social_protection",
    CropInsuranceProgram,
    summary="Subsidised crop insurance pays farm households for drought losses above a deductible.",
    funder="central",
)
