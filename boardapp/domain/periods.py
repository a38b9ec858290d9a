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
from functools import cached_property


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
    """A run of whole months, ``first`` to ``last`` inclusive, as month indexes.

    Its code, label, first and last day are worked out when first asked and kept: a
    board's periods are few and asked about for every reading and target judged.
    """

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

    @cached_property
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

    @cached_property
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

    @cached_property
    def start(self) -> date:
        year, month = month_of(self.first)
        return date(year, month, 1)

    @cached_property
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


# --- The forms the reports write ------------------------------------------------------
#
# parse_report_period() reads a period as a report or a person writes it; and
# format_report_period() writes one so that parse_report_period() reads it back.


def _month_words() -> dict[str, int]:
    """Month names and their abbreviations, lower case: "august", "aug", "sept"."""
    words = {"sept": 9}
    for number, name in enumerate(MONTH_NAMES, start=1):
        words[name.lower()] = words[name[:3].lower()] = number
    return words


_MONTH_WORDS = _month_words()

_M = r"([a-z]+)\.?"
_REPORT_MONTH = re.compile(rf"^{_M} (\d{{2}}|\d{{4}})$")
_REPORT_RANGE = re.compile(rf"^{_M}(?: (\d{{2}}|\d{{4}}))?(?:-| to ){_M} (\d{{2}}|\d{{4}})$")
_REPORT_FY = re.compile(r"^(?:financial year )?(\d{4})/(\d{2}|\d{4})(?: financial year)?$")
_REPORT_AY = re.compile(r"^(?:(\d{4})/(\d{2}|\d{4}) academic year|academic year (\d{4})/(\d{2}|\d{4}))$")
_REPORT_FQ = re.compile(r"^q([1-4]) (\d{4})/(\d{2}|\d{4})$")
_REPORT_CQ_LABEL = re.compile(r"^q([1-4]) (\d{4}) \(([a-z]{3})-([a-z]{3})\)$")
_REPORT_BARE_QUARTER = re.compile(r"^q[1-4] \d{4}$")
_REPORT_SLASHED_PAIR = re.compile(r"^(\d{1,2})/(\d{2})$")

REPORT_FORMS = (
    '"June 2010", "Aug 2011", "October 2010 to March 2011", "Oct 2010 - Mar 2011", '
    '"November 10 - January 11", "2010/11" (financial year), "2009/10 academic year", '
    '"Q2 2007/08" (financial quarter), "2011", or a canonical code such as 2010-08'
)


def parse_report_period(text: str) -> Period:
    """The period a report's wording names; :class:`PeriodError` with the reason if none.

    Accepts the canonical codes too, so "2011-12" is December 2011 (as the command line
    takes it), not the year 2011/12. Two-digit years mean 20xx. "2010/11" alone is a
    financial year (the reports' usage); an academic year says so. Forms that read two
    ways are refused rather than guessed: "08/11" (August 2011, or the years 2008 to
    2011?), "June 10" (10 June, or June 2010?), "Q3 2007" (calendar or financial?).
    """
    try:
        return Period.parse(text.upper())
    except PeriodError:
        pass
    words = _normalise(text)
    for reader in (_read_month, _read_range, _read_year_pair, _read_quarter):
        period = reader(words, text)
        if period is not None:
            return period
    _refuse_ambiguous(words, text)
    raise PeriodError(f"{text!r} is not a period the reports use: expected {REPORT_FORMS}")


def format_report_period(period: Period) -> str:
    """The period in the reports' own form; :func:`parse_report_period` reads it back."""
    first_year, first_month = month_of(period.first)
    if period.kind is PeriodKind.QUARTER:
        fiscal_year = first_year if first_month >= 4 else first_year - 1
        number = (first_month - 4) % 12 // 3 + 1
        return f"Q{number} {_year_pair(fiscal_year)}"
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return _year_pair(first_year)
    if period.kind is PeriodKind.ACADEMIC_YEAR:
        return f"{_year_pair(first_year)} academic year"
    return period.label


def years_before(period: Period, years: int = 1) -> Period:
    """The same months ``years`` earlier, of the same kind: "August 2010" for "August 2011"."""
    return Period(period.first - 12 * years, period.last - 12 * years, period.kind)


def _normalise(text: str) -> str:
    """Lower case, single spaces, and every dash a bare hyphen: "oct 2010-mar 2011"."""
    words = re.sub(r"\s+", " ", text.strip().lower().replace("\u2013", "-").replace("\u2014", "-"))
    return re.sub(r" ?- ?", "-", words)


def _month_number(word: str, text: str) -> int:
    if word not in _MONTH_WORDS:
        raise PeriodError(f"{text!r}: {word!r} is not a month")
    return _MONTH_WORDS[word]


def _full_year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _read_month(words: str, text: str) -> Period | None:
    m = _REPORT_MONTH.match(words)
    if m is None or m[1] not in _MONTH_WORDS:
        return None
    if len(m[2]) == 2:
        raise PeriodError(
            f"{text!r} is ambiguous: it reads as a day ({int(m[2])} {MONTH_NAMES[_MONTH_WORDS[m[1]] - 1]}) "
            f"as easily as a month; write the year in full, as in \"{MONTH_NAMES[_MONTH_WORDS[m[1]] - 1]} 20{m[2]}\""
        )
    return Period.month(int(m[2]), _MONTH_WORDS[m[1]])


def _read_range(words: str, text: str) -> Period | None:
    m = _REPORT_RANGE.match(words)
    if m is None:
        return None
    first_month, last_month = _month_number(m[1], text), _month_number(m[3], text)
    last_year = _full_year(m[4])
    if m[2] is not None:
        first_year = _full_year(m[2])
    else:  # "March-October 2010"; "November to January 2011" starts the year before
        first_year = last_year if first_month <= last_month else last_year - 1
    if month_index(last_year, last_month) < month_index(first_year, first_month):
        raise PeriodError(f"{text!r} ends before it starts")
    return Period.months((first_year, first_month), (last_year, last_month))


def _read_year_pair(words: str, text: str) -> Period | None:
    if m := _REPORT_AY.match(words):
        start, end = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
        return Period.academic_year(_consecutive(start, end, text))
    if m := _REPORT_FY.match(words):
        return Period.financial_year(_consecutive(m[1], m[2], text))
    return None


def _read_quarter(words: str, text: str) -> Period | None:
    """ "Q2 2007/08" is a financial quarter (Q1 = April-June); a calendar quarter must
    name its months, as its label does: "Q3 2007 (Jul-Sep)"."""
    if m := _REPORT_FQ.match(words):
        fiscal_year = _consecutive(m[2], m[3], text)
        number = int(m[1])
        return Period.quarter(fiscal_year + 1, 1) if number == 4 else Period.quarter(fiscal_year, number + 1)
    if m := _REPORT_CQ_LABEL.match(words):
        quarter = Period.quarter(int(m[2]), int(m[1]))
        named = (_month_number(m[3], text), _month_number(m[4], text))
        if named != (month_of(quarter.first)[1], month_of(quarter.last)[1]):
            raise PeriodError(f"{text!r}: those months are not quarter {m[1]}")
        return quarter
    return None


def _refuse_ambiguous(words: str, text: str) -> None:
    if m := _REPORT_SLASHED_PAIR.match(words):
        first, second = int(m[1]), int(m[2])
        month = MONTH_NAMES[first - 1] if 1 <= first <= 12 else None
        readings = [f"{month} 20{m[2]}"] if month else []
        readings.append(f"the years 20{first:02d} to 20{m[2]}" if second != (first + 1) % 100
                        else f"the year 20{first:02d}/{m[2]}")
        raise PeriodError(
            f"{text!r} is ambiguous: it could mean {' or '.join(readings)}; "
            "write the month in words (\"August 2011\") or the year in full (\"2010/11\")"
        )
    if _REPORT_BARE_QUARTER.match(words):
        raise PeriodError(
            f"{text!r} is ambiguous: a calendar or a financial quarter? write \"Q2 2007/08\" "
            "for a financial quarter or \"Q3 2007 (Jul-Sep)\" for a calendar one"
        )


def _consecutive(start: str, end: str, text: str) -> int:
    first = int(start)
    following = (first + 1) % 100 if len(end) == 2 else first + 1
    if int(end) != following:
        raise PeriodError(f"{text!r}: the second year must follow the first, as in 2010/11")
    return first


def _year_pair(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"
