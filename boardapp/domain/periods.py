"""Periods: the spans of time readings and targets are stated for.

Every period is a run of whole months. Its canonical code is what the database and
the demo file store:

=====================  ==============================================
``2010-08``            a month
``2010-03..2010-10``   a run of months, inclusive
``2007-Q3``            a calendar quarter (July to September 2007)
``FY2010/11``          a financial year, April 2010 to March 2011
``AY2009/10``          an academic year, September 2009 to August 2010
``2011``               a calendar year
=====================  ==============================================
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    RANGE = "range"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    YEAR = "year"


class PeriodError(ValueError):
    """A period code that is not one of the canonical forms."""


MONTH_NAMES = tuple(calendar.month_name[1:])

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_FINANCIAL = re.compile(r"^FY(\d{4})/(\d{2})$")
_ACADEMIC = re.compile(r"^AY(\d{4})/(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def month_index(year: int, month: int) -> int:
    """Months since year 0: makes month arithmetic plain integer arithmetic."""
    return year * 12 + (month - 1)


def month_of(index: int) -> tuple[int, int]:
    return divmod(index, 12)[0], index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A run of whole months, ``first`` to ``last`` inclusive, as month indexes."""

    first: int
    last: int
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError("a period cannot end before it starts")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_month(month)
        index = month_index(year, month)
        return cls(index, index, PeriodKind.MONTH)

    @classmethod
    def months(cls, first: tuple[int, int], last: tuple[int, int]) -> Period:
        _check_month(first[1])
        _check_month(last[1])
        return cls(month_index(*first), month_index(*last), PeriodKind.RANGE)

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        start = month_index(year, 3 * (number - 1) + 1)
        return cls(start, start + 2, PeriodKind.QUARTER)

    @classmethod
    def financial_year(cls, start_year: int) -> Period:
        start = month_index(start_year, 4)
        return cls(start, start + 11, PeriodKind.FINANCIAL_YEAR)

    @classmethod
    def academic_year(cls, start_year: int) -> Period:
        start = month_index(start_year, 9)
        return cls(start, start + 11, PeriodKind.ACADEMIC_YEAR)

    @classmethod
    def year(cls, year: int) -> Period:
        start = month_index(year, 1)
        return cls(start, start + 11, PeriodKind.YEAR)

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period a canonical code names; :class:`PeriodError` if it names none."""
        text = code.strip()
        if m := _MONTH.match(text):
            return cls.month(int(m[1]), int(m[2]))
        if m := _RANGE.match(text):
            return cls.months((int(m[1]), int(m[2])), (int(m[3]), int(m[4])))
        if m := _QUARTER.match(text):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _FINANCIAL.match(text):
            return cls.financial_year(_two_year(m, code))
        if m := _ACADEMIC.match(text):
            return cls.academic_year(_two_year(m, code))
        if m := _YEAR.match(text):
            return cls.year(int(m[1]))
        raise PeriodError(
            f"{code!r} is not a period: expected 2010-08, 2010-03..2010-10, 2007-Q3, "
            "FY2010/11, AY2009/10 or 2011"
        )

    @property
    def code(self) -> str:
        fy, fm = month_of(self.first)
        if self.kind is PeriodKind.MONTH:
            return f"{fy:04d}-{fm:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{fy:04d}-Q{(fm - 1) // 3 + 1}"
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return f"FY{fy:04d}/{(fy + 1) % 100:02d}"
        if self.kind is PeriodKind.ACADEMIC_YEAR:
            return f"AY{fy:04d}/{(fy + 1) % 100:02d}"
        if self.kind is PeriodKind.YEAR:
            return f"{fy:04d}"
        ly, lm = month_of(self.last)
        return f"{fy:04d}-{fm:02d}..{ly:04d}-{lm:02d}"

    @property
    def label(self) -> str:
        """The period in the words the reports use: "August 2011", "2010/11"."""
        fy, fm = month_of(self.first)
        ly, lm = month_of(self.last)
        if self.kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[fm - 1]} {fy}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{(fm - 1) // 3 + 1} {fy} ({MONTH_NAMES[fm - 1][:3]}-{MONTH_NAMES[lm - 1][:3]})"
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return f"{fy}/{(fy + 1) % 100:02d}"
        if self.kind is PeriodKind.ACADEMIC_YEAR:
            return f"academic year {fy}/{(fy + 1) % 100:02d}"
        if self.kind is PeriodKind.YEAR:
            return str(fy)
        return f"{MONTH_NAMES[fm - 1]} {fy} to {MONTH_NAMES[lm - 1]} {ly}"

    @property
    def start(self) -> date:
        year, month = month_of(self.first)
        return date(year, month, 1)

    @property
    def end(self) -> date:
        year, month = month_of(self.last)
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def month_count(self) -> int:
        return self.last - self.first + 1

    def contains(self, other: Period) -> bool:
        return self.first <= other.first and other.last <= self.last

    def __str__(self) -> str:
        return self.code


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise PeriodError(f"month {month} is not between 1 and 12")


def _two_year(match: re.Match[str], code: str) -> int:
    start = int(match[1])
    if (start + 1) % 100 != int(match[2]):
        raise PeriodError(f"{code!r}: the second year must follow the first, as in FY2010/11")
    return start
