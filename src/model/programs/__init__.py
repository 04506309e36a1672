"""Programs, one module per project: a project's program and, where it has one, its firm.

Beijing-Fengtai's aid projects and China's own (domestic) programmes alike; each names its
funder in its ``ProgramSpec``.

A reader opens one file and sees the project's story: where its money comes from, what it
builds, who it hires or pays, what happens when it fails. The mechanics they share (budgets and
ledgers, money into capacity, choosing households, firms) are in ``model.aid``; the catalogue of
programs, by family and in build order, is ``model.programs.catalog``.
"""
