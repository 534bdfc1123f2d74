"""Dates at the precision a source gives them: a day, a month or a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from pydantic_core import core_schema

_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """2023-11-28, 2023-07 or 2024; ordered by first day, then by last day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> object:
        """From YAML: a date, a year (a number) or text `YYYY`, `YYYY-MM`, `YYYY-MM-DD`."""
        if isinstance(value, cls):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _FORMS.match(value.strip()):
            raise ValueError(f"{_shown(value)} is not a date; write a day (2023-11-28), a "
                             "month (2023-07) or a year (2024)")
        year, month, day = (int(part) if part else None
                            for part in _FORMS.match(value.strip()).groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            raise ValueError(f"{_shown(value)} is not a date of the calendar; write a day "
                             "(2023-11-28), a month (2023-07) or a year (2024)") from None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.first_day, self.last_day) < (other.first_day, other.last_day)

    def __str__(self) -> str:
        if self.day:
            return self.first_day.isoformat()
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        return {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                "description": "a day (2023-11-28), a month (2023-07) or a year (2024)"}


def _shown(value: object) -> str:
    return f"{value!r}" if isinstance(value, str) else f"the value {value!r}"
