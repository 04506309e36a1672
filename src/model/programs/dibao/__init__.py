"""The rural minimum living allowance (农村最低生活保障, dibao) as a domestic programme.

China's own social assistance, paid from central, regional and county budgets (the program's
funder is the central government, which pays most of it: ``docs/sources.md`` [im-domestic-
programmes]). Switching domestic programmes off (``[domestic] enabled = false``) removes dibao.

Who, each January, on last year's income per person, every income counted but dibao itself (the
means test of the 2014 Interim Measures for Social Assistance, 社会救助暂行办法, counts the
family's income; leaving the allowance out keeps dibao from deciding who gets dibao):

* a rural household whose income per person was below the dibao standard is eligible; a household
  that received dibao last year and is still eligible keeps it (the yearly review renews it); a
  new one receives it with probability ``dibao.coverage`` (screening and take-up miss some);
* from ``dibao.two_lines_year`` (2016, the linking of dibao and poverty policy, 两线合一: Inner
  Mongolia put every registered household that lost the ability to work into dibao, R23) the
  standard is at least the poverty line, and an eligible registered household not yet exited is
  covered with the higher probability ``dibao.registered_coverage`` (政策性兜底).

During the year: households apply when they fall below the standard, and the county decides
within about a month (provincial dibao rules: the township reviews within 15 working days, the
county decides within 10; households able to work are checked every quarter; ``docs/sources.md``
[dibao-intake]). At the end of each of ``dibao.review_months`` a rural household not on dibao
is tested on its last twelve months (this year's income to date and last year's after the same
month, dibao left out), so that a household whose work or harvest failed this year is found
before next January; an eligible one is covered with January's take-up and paid from the next
month, as far as the year's money goes after the allowances already granted. In the campaign's
final year the exit check counts an allowance granted during the year at its yearly rate, as it
does one granted at the pass (below).

The means test assesses income (``model.aid.means_test``): transfers and dividends on payment
records are read exactly, the earned rest with a log-normal error of
``dibao.assessment_noise_sd``, one error a household a year (from the linking of the two lines,
a registered household's income is read from its poverty file, without error). Eligibility, the
allowance and the order below all read the assessed income, so dibao includes some households
that are not poor and misses some that are, as surveys of it find (docs/sources.md
[dibao-targeting]).

Allowance: ``dibao.gap_filled`` (1: the rule pays the difference) of the gap between the
standard and the assessed income per person, for each member, paid monthly as ``transfers``.

Places: the county's dibao places (低保名额), ``dibao.places_share`` of its rural people, bound
the people on dibao: households are taken by largest assessed gap per person first while their
people fit the places, in January and at the reviews (the final year's pass is bound by the
money alone).

Money: each January the year's allowances are set against the money available this year (the
year's budget and what is left of earlier years), largest gap per person first while their
allowances for the rest of the year fit. The default budget is set above what the rule pays
at full county (it does not bind at ``funding_scale`` 1); scaled down, it rations. Spending is
the allowances paid.

The campaign's final year (2020): the social-assistance action of April 2020 (社会救助兜底脱贫
行动) put unexited, returned and newly poor registered people on dibao promptly ("及时把未脱贫
建档立卡贫困人口、脱贫后返贫人口、新致贫人口纳入农村低保", Ministry of Civil Affairs and the
State Council Poverty Alleviation Office, reported 2020-04-15; ``docs/sources.md``
[monitoring-2020]). After the year's pass (``targeting.final_pass_month``) the programme takes on
the registered households not yet exited and not on dibao whose income this year is below the
standard, with January's take-up (``dibao.registered_coverage``, at least
``dibao.no_labour_coverage`` for households without a member able to work), largest gap first as
the money allows; it pays the months after the pass at once in December, and the check counts the
allowance at its yearly rate (``model.governance``).

Beneficiaries: ``recipients``, the members of households receiving dibao. The household state
``dibao`` says who receives it this year (read by other rules and programmes).

The rule (who qualifies, the standard, take-up, the allowance, rationing by largest gap) is in
``model.programs.dibao.rule``; the programme (January decisions, payments, the reviews, the
final year's pass) in ``model.programs.dibao.program``.
"""

from model.aid.means_test import means_tested_income_pc
from model.programs.dibao.program import DIBAO, DibaoProgram
from model.programs.dibao.rule import decide_dibao

__all__ = ["DIBAO", "DibaoProgram", "decide_dibao", "means_tested_income_pc"]
