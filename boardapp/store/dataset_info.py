"""What a database holds, in its own words: name, origin, and whether it is synthetic.

Everything that shows or exports a synthetic database says "SYNTHETIC"; it learns that
here (:func:`is_synthetic`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp import __version__
from boardapp.store.models import DatasetInfo


@dataclass(frozen=True)
class About:
    name: str
    council: str
    origin: str  # demo | synthetic | board server | empty
    synthetic: str  # "" or the synthetic size: large | typical
    created_by: str

    @property
    def is_synthetic(self) -> bool:
        return bool(self.synthetic)

    @property
    def board_name(self) -> str:
        """The council and the board: "Leeds City Council: Leeds children's services (demo)"."""
        name = self.name or "Board App database"
        return f"{self.council}: {name}" if self.council and self.council not in name else name

    @property
    def board_label(self) -> str:
        """The board's name, saying first when its data is synthetic."""
        return f"SYNTHETIC ({self.synthetic}): {self.board_name}" if self.is_synthetic else self.board_name

    @property
    def display_name(self) -> str:
        name = self.name or "Board App database"
        return f"SYNTHETIC ({self.synthetic}): {name}" if self.is_synthetic else name


def write(session: Session, **values: str) -> None:
    values.setdefault("created_by", f"Board App {__version__}")
    for key, value in values.items():
        session.merge(DatasetInfo(key=key, value=value))


def read(session: Session) -> About:
    # Core, not ORM: the window reads this before its first paint, and the first ORM
    # query of a process pays ~0.1 s configuring every mapper.
    table = DatasetInfo.__table__
    values = dict(session.execute(select(table.c.key, table.c.value)).tuples().all())
    return About(
        name=values.get("name", ""),
        council=values.get("council", ""),
        origin=values.get("origin", "empty"),
        synthetic=values.get("synthetic", ""),
        created_by=values.get("created_by", ""),
    )
