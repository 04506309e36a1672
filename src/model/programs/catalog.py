"""The catalogue of programs: every program the model builds, by family, in build order.

Beijing-Fengtai's aid projects come first, then China's own (domestic) programmes; each spec
names its funder (``ProgramSpec.funder``).

Each program lives in its own module of ``model.programs`` (a project's program and, where it
has one, its firm), which ends with its ``ProgramSpec``. The county builds one program per spec,
in the order below (which is also the order in which programs and firms step each month); the
scenario schema offers ``programs.<name>`` settings for each spec and ``families.<family>``
settings for each family. A new program is added here and nowhere else.
"""

from __future__ import annotations

from model.aid.program import ProgramSpec
from model.programs import (
    beijing_sales,
    ca_store,
    capacity_exchange,
    care_training,
    cash_transfers,
    cattle_breeding,
    crop_insurance,
    dibao,
    donations,
    education_aid,
    egg_farm,
    epidemic_relief,
    field_workshops,
    greenhouses,
    health,
    health_buildings,
    herbs,
    housing_renovation,
    industry_grants,
    job_placement,
    medical_assistance,
    medical_insurance,
    produce_hub,
    public_posts,
    relocation,
    schools,
    slaughter_plant,
    tap_water,
    village_pairing,
)

__all__ = ["FAMILIES", "PROGRAMS", "ProgramSpec", "program_specs", "spec"]

#: Program families: Beijing's aid as the account groups it (see docs/ODD.md), the cash
#: counterfactual, and China's own programmes by what they do for a household: an income floor
#: (``social_protection``), a safe house (``housing``), a paid public post (``public_jobs``),
#: grants paid to registered households for a herd or a student (``household_grants``).
FAMILIES: tuple[str, ...] = (
    "industry",
    "consumption",
    "services",
    "jobs",
    "capacity",
    "society",
    "cash",
    "social_protection",
    "housing",
    "public_jobs",
    "household_grants",
)

#: Every program, in build (and step) order.
PROGRAMS: tuple[ProgramSpec, ...] = (
    # basic medical insurance pays first on the month's medical bills (model.aid.medical)
    medical_insurance.MEDICAL_INSURANCE,
    # industry (产业帮扶)
    egg_farm.EGG_FARM,
    greenhouses.GREENHOUSES,
    cattle_breeding.CATTLE_BREEDING,
    slaughter_plant.SLAUGHTER_PLANT,
    field_workshops.FIELD_WORKSHOPS,
    herbs.HERBS,
    ca_store.CA_STORE,
    # consumption aid (消费扶贫)
    beijing_sales.BEIJING_SALES,
    produce_hub.PRODUCE_HUB,
    # basic services
    schools.SCHOOLS,
    health.HEALTH,
    health_buildings.HEALTH_BUILDINGS,
    relocation.RELOCATION,
    tap_water.TAP_WATER,
    # jobs and skills
    job_placement.EMPLOYMENT_CENTRE,
    care_training.CARE_TRAINING,
    job_placement.JOB_FAIRS,
    job_placement.WORK_AWAY_HELP,
    # capacity
    capacity_exchange.CAPACITY_EXCHANGE,
    # society (donated money)
    donations.DONATIONS,
    village_pairing.VILLAGE_PAIRING,
    epidemic_relief.EPIDEMIC_RELIEF,
    # the cash counterfactual
    cash_transfers.CASH_TRANSFERS,
    # China's own programmes (domestic funders)
    dibao.DIBAO,
    crop_insurance.CROP_INSURANCE,
    housing_renovation.HOUSING_RENOVATION,
    relocation.RELOCATION_DOMESTIC,
    tap_water.DRINKING_WATER,
    public_posts.FOREST_RANGERS,
    public_posts.PUBLIC_WELFARE_POSTS,
    industry_grants.INDUSTRY_GRANTS,
    education_aid.EDUCATION_AID,
    # medical assistance pays last on the month's medical bills
    medical_assistance.MEDICAL_ASSISTANCE,
)


def _check(specs: tuple[ProgramSpec, ...]) -> tuple[ProgramSpec, ...]:
    names = [s.name for s in specs]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"program names defined twice: {', '.join(sorted(duplicates))}")
    unknown = {s.family for s in specs} - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown program families: {', '.join(sorted(unknown))}")
    return specs


_check(PROGRAMS)


def program_specs() -> tuple[ProgramSpec, ...]:
    """Return every program spec, in build order."""
    return PROGRAMS


def spec(name: str) -> ProgramSpec:
    """Return the spec of the program called ``name``."""
    for item in PROGRAMS:
        if item.name == name:
            return item
    raise KeyError(name)
