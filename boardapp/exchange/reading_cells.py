"""What people really type into a readings sheet, read into numbers, periods and words.

Each reader takes a cell's value as openpyxl gives it (str, int, float, bool, datetime
or None) and returns what it means, or raises :class:`CellError` with what was found
and what was expected. Nothing ambiguous is guessed: "08/11" is refused with the reason.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Any

from boardapp.domain.periods import MONTH_NAMES, Period, PeriodError, parse_report_period
from boardapp.domain.terms import ReadingStatus, Unit

NUMBER_FORMS = "a number such as 80.5, 80.5% or 1,063"
PERIOD_FORMS = (
    "a month (2011-08, Aug 2011, August 2011, Aug-11, or a date in that month) or a period code "
    "(2010-03..2010-10, 2011-Q1, FY2010/11, AY2009/10, 2011)"
)
STATUS_FORMS = "provisional or validated (blank: provisional for a new reading)"

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$|^[+-]?\d+,\d{4,}$")
_MONTH_DASH_YEAR = re.compile(r"^([a-z]+)\.?-(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t][\d:.]+)?$")
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)
} | {"sept": 9}
_PERCENT_UNITS = (Unit.PERCENT, Unit.PERCENTAGE_POINTS)


class CellError(ValueError):
    """A cell that does not hold what its column needs."""

    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"found {found}; expected {expected}")
        self.found = found
        self.expected = expected


def shown(value: Any) -> str:
    """A cell's value as a message quotes it."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f'"{text}"'
    if isinstance(value, datetime):
        return f"the date {value.date().isoformat()}" if value.time() == time() else f"the date {value.isoformat()}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_number(value: Any, percent_format: bool, unit: Unit | None, *, counts: bool = False) -> float | None:
    """A value, numerator or denominator; None for an empty cell.

    A number in a cell formatted as a percentage (0.805 shown as 80.5%) and text such as
    "80.5%" are percentages: allowed for values of percent (and percentage-point)
    indicators, never for numerators and denominators (``counts``).
    """
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime, date, time)):
        raise CellError(shown(value), NUMBER_FORMS)
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise CellError(shown(value), NUMBER_FORMS)
        if percent_format:
            _check_percent_allowed(shown(value) + " in a cell formatted as a percentage", unit, counts)
            return number * 100.0
        return number
    text = _SPACES.sub("", str(value)).replace("\u2212", "-")
    if not text or text in ("-", "\u2013"):
        return None
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
        _check_percent_allowed(shown(value), unit, counts)
    if _PLAIN.match(text):
        return float(text)
    if _THOUSANDS.match(text):
        return float(text.replace(",", ""))
    if _DECIMAL_COMMA.match(text):
        raise CellError(shown(value), "a decimal point, not a comma (80.5); a comma only separates thousands (1,063)")
    raise CellError(shown(value), NUMBER_FORMS)


def _check_percent_allowed(found: str, unit: Unit | None, counts: bool) -> None:
    if counts:
        raise CellError(found, "a count (numerators and denominators are whole counts, not percentages)")
    if unit is not None and unit not in _PERCENT_UNITS:
        raise CellError(found, f"a value in the indicator's unit ({unit.value.replace('_', ' ')}), not a percentage")


def read_period(value: Any) -> Period:
    """The period a Period cell names. Raises :class:`CellError`; empty is an error."""
    if value is None:
        raise CellError("nothing", PERIOD_FORMS)
    if isinstance(value, (datetime, date)):
        return Period.month(value.year, value.month)
    if isinstance(value, bool):
        raise CellError(shown(value), PERIOD_FORMS)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1900 <= value <= 2999:
            return Period.year(int(value))
        raise CellError(f"the number {shown(value)}", f"{PERIOD_FORMS}; format the cell as a date, or type the month")
    if isinstance(value, time):
        raise CellError(shown(value), PERIOD_FORMS)
    text = _SPACES.sub(" ", str(value)).strip()
    if not text:
        raise CellError("nothing", PERIOD_FORMS)
    words = text.lower()
    if m := _MONTH_DASH_YEAR.match(words):  # "Aug-11": how Excel shows a month (mmm-yy)
        if m[1] not in _MONTHS:
            raise CellError(shown(value), PERIOD_FORMS)
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return Period.month(year, _MONTHS[m[1]])
    if m := _ISO_DATE.match(words):  # "2011-08-31": any day means its month
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise CellError(shown(value), PERIOD_FORMS) from exc
        return Period.month(day.year, day.month)
    try:
        return parse_report_period(text)
    except PeriodError as exc:
        raise CellError(shown(value), f"{PERIOD_FORMS} ({exc})") from exc


def read_status(value: Any) -> ReadingStatus | None:
    """provisional or validated, in any case; None for an empty cell."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip().lower()
    if not text:
        return None
    try:
        return ReadingStatus(text)
    except ValueError:
        raise CellError(shown(value), STATUS_FORMS) from None


def read_text(value: Any, limit: int) -> str:
    """Free text (source, commentary); dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if len(text) > limit:
        raise CellError(f"{len(text):,} characters", f"at most {limit:,} characters")
    return text


def code_key(text: str) -> str:
    """An indicator code as matched: upper case, without spaces ("ni59" finds "NI 59")."""
    return _SPACES.sub("", text).upper()
