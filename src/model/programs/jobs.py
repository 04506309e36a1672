"""Programs of the jobs family (to be filled by issue 3; see docs/ODD.md)."""

from model.programs.catalog import ProgramSpec

PROGRAMS: tuple[ProgramSpec, ...] = ()
