"""The mechanics every aid program is made of, each written once.

* ``funding``: budgets by year and ledgers; spending a budget over the rest of the year.
* ``program``: ``AidProgram`` (a ``mesa.Agent`` with a ledger that reaches and pays households)
  and ``ProgramSpec`` (how the catalogue builds one).
* ``settings``: the scenario settings a program accepts (``programs.<name>``).
* ``facility``: money into capacity: building with co-funding, opening, rent and dividends.
* ``firm``: ``Firm``, a firm that employs, pays and can fail.
* ``selection``: choosing households: the poor first, take-up, land, the longest prefix.
* ``channels``: selling produce through a better channel (the consumption projects).
* ``placement``: placing registered-poor job seekers in local jobs or work away (the jobs
  programs).

The programs themselves, one module per project, are in ``model.programs``.
"""

from model.aid.funding import BudgetExceeded, Ledger, LedgerEntry
from model.aid.program import AidProgram, ProgramSpec

__all__ = ["AidProgram", "BudgetExceeded", "Ledger", "LedgerEntry", "ProgramSpec"]
