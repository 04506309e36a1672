"""Paid posts at home for registered households: forest rangers and village public-welfare posts.

China's own programmes of paid posts for registered households with labour that cannot leave,
one mechanism, two programs (``docs/sources.md`` [im-domestic-programmes]):

* ``forest_rangers`` (生态护林员): forest and grassland rangers at about 10,000 yuan a year, paid
  by the central government (Inner Mongolia's 5,000 posts of 2017 and 5,200 more in 2019, R22,
  R14; the rangers' rules, R39); funder central;
* ``public_welfare_posts`` (公益性岗位): village cleaners, road keepers and the like at a few
  thousand yuan a year, paid by counties and villages (R38); funder county.

Money to posts: each January the money available this year pays
``available / <name>.post_pay`` posts for the year.

Who (the rangers' rules, R39): registered households, exited or not (policies stayed after
exit), with an able member at home and not in a firm job (labour that does
not leave), holding no other post (one post per household). Holders who are still eligible keep
their post; new posts go first to households not yet exited, then to exited ones, in a random
order drawn once a year (``model.aid.selection.refill``). Rangers, earlier in the catalogue, are
chosen first.

Effect: a holder's household has ``public_post`` set and is paid ``post_pay`` in twelve monthly
parts as ``wages_local``. The posts are part-time (patrols, cleaning on some days of the week):
the holder stays at home, not away (``labour.decide_work``), and may still take local day work
and farm. Spending is the pay.

Beneficiaries: ``post_holders``, one person per post.
"""

from __future__ import annotations

import math

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import refill
from model.households import SOURCE_INDEX

__all__ = ["FOREST_RANGERS", "PUBLIC_WELFARE_POSTS", "PublicPostsProgram"]

_MONTHS = 12


class PublicPostsProgram(AidProgram):
    """Fills its posts each January within the year's money; pays the holders monthly."""

    channel = "post_holders"

    def setup(self) -> None:
        """No posts filled yet."""
        super().setup()
        self.holders = np.zeros(len(self.model.households), dtype=bool)
        #: The holders (indices), set with ``holders`` each January: they are paid every month.
        self._holding = np.zeros(0, dtype=np.intp)
        self.monthly_pay = 0.0

    def step(self) -> None:
        """In January fill the year's posts; every month pay the holders."""
        model = self.model
        year, month = model.year, model.month
        if month == 1:
            self._fill(year)
        holders = self._holding
        if holders.size:
            pay = holders.size * self.monthly_pay
            self.ledger.spend(year, month, pay, "post pay", holders.size, "posts")
            self.deliver(holders, self.monthly_pay, SOURCE_INDEX["wages_local"])

    def posts(self, year: int) -> int:
        """Posts the money available in ``year`` pays for, for the whole year."""
        if not self.active(year):
            return 0
        pay = self.model.params.at(f"{self.name}.post_pay", year)
        return math.floor(self.ledger.available(year) * (1 - 1e-12) / pay)

    def _fill(self, year: int) -> None:
        model = self.model
        population = model.households
        population.public_post[self.holders] = 0  # this year's holders are chosen again
        not_exited = population.registered_poor
        eligible = (
            population.registered
            & population.rural
            & (population.n_free > 0)
            & (population.public_post == 0)
        )
        # Registered households stay eligible after exit (policies stayed, 脱贫不脱政策); new
        # posts go to those not yet exited first (refill's poor-first order).
        u = model.streams.get(f"program:{self.name}", model.step_index).random(len(population))
        self.holders = refill(self.holders, eligible, self.posts(year), 1.0, not_exited, u)
        population.public_post[self.holders] = 1
        self._holding = np.flatnonzero(self.holders)
        self.monthly_pay = model.params.at(f"{self.name}.post_pay", year) / _MONTHS

    def jobs(self) -> tuple[int, int]:
        """Posts held now, and how many by registered households (all of them)."""
        # (count_nonzero: several times quicker than summing a mask)
        registered = self.model.households.registered
        return int(np.count_nonzero(self.holders)), int(np.count_nonzero(self.holders & registered))


FOREST_RANGERS = ProgramSpec(
    "forest_rangers",
    "public_jobs",
    PublicPostsProgram,
    summary="Forest and grassland ranger posts (10,000 yuan a year) for registered households.",
    funder="central",
)

PUBLIC_WELFARE_POSTS = ProgramSpec(
    "public_welfare_posts",
    "public_jobs",
    PublicPostsProgram,
    summary="Village posts (cleaners, road keepers) paid to registered households with labour.",
    funder="county",
)
