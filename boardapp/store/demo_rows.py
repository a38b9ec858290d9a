"""Reading one table of the demo dataset file, with the place it came from for errors.

Every problem is a :class:`DemoDataError` naming the table, the row and the key:
``[[targets]] #3: 'basis' is 'forever'; expected one of period, cumulative, ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from boardapp.domain.periods import Period, PeriodError
from boardapp.store.errors import StoreError

E = TypeVar("E", bound=StrEnum)


class DemoDataError(StoreError):
    """The demo dataset file says something the loader cannot take."""


class Row:
    """One row of one table of the file; ``where`` names it for error messages."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        if not isinstance(data, Mapping):
            raise DemoDataError(f"{where}: must be a table of keys, found {data!r}")
        self.data = data
        self.where = where

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, key: str, default: str | None = None, limit: int | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise DemoDataError(f"{self.where}: {key!r} must be text")
        if limit is not None and len(value) > limit:
            raise DemoDataError(f"{self.where}: {key!r} is {len(value)} characters long; at most {limit}")
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        value = self.data.get(key)
        if value is None and required:
            raise DemoDataError(f"{self.where}: {key!r} is missing; it must be a number")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DemoDataError(f"{self.where}: {key!r} must be a number, found {value!r}")
        return float(value)

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, date):
            raise DemoDataError(f"{self.where}: {key!r} must be a date such as 2011-08-31")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise DemoDataError(f"{self.where}: {key!r} must be true or false, found {value!r}")
        return value

    def word(self, key: str, vocabulary: type[E], default: E | None = None) -> E:
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        try:
            return vocabulary(value)
        except ValueError:
            words = ", ".join(m.value for m in vocabulary)
            raise DemoDataError(f"{self.where}: {key!r} is {value!r}; expected one of {words}") from None

    def period(self, key: str = "period") -> Period:
        try:
            return Period.parse(self.text(key))
        except PeriodError as exc:
            raise DemoDataError(f"{self.where}: {exc}") from None

    def source(self) -> str:
        value = self.data.get("source")
        if not isinstance(value, str) or not value.strip():
            raise DemoDataError(f"{self.where}: every row must name its source")
        return value


def rows(data: Mapping[str, Any], table: str) -> list[Row]:
    return [Row(item, f"[[{table}]] #{n}") for n, item in enumerate(data.get(table, []), start=1)]
