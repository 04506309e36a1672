"""Settings of programs that run no firm: ``fail_year`` cannot apply, so setting it is an error."""

from __future__ import annotations

from pydantic import field_validator

from model.programs.settings import ProgramSettings

__all__ = ["NoFirmSettings"]


class NoFirmSettings(ProgramSettings):
    """The generic levers of a program that runs no firm (``fail_year`` must stay unset)."""

    @field_validator("fail_year")
    @classmethod
    def _no_firm_to_fail(cls, value: int | None) -> int | None:
        if value is not None:
            raise ValueError("this program runs no firm, so fail_year does not apply")
        return value
