"""Programs of the consumption family (to be filled by issue 3; see docs/ODD.md)."""

from model.programs.catalog import ProgramSpec

PROGRAMS: tuple[ProgramSpec, ...] = ()
