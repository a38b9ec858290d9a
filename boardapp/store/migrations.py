"""The schema ladder: Alembic migrations with a backup at the foot of every climb.

A database at an older revision is copied beside itself (SQLite's backup API, the
revision in the copy's name, the newest :data:`BACKUPS_KEPT` kept) and then migrated
to head in one transaction. A database at a revision this app does not know was
written by a newer app and is refused untouched.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from boardapp.store.errors import DatabaseTooNew

BACKUPS_KEPT = 3


@cache
def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("boardapp") / "db"))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None, "the migration ladder has no head"
    return head


def known_revisions() -> list[str]:
    """Every revision this app can migrate from, oldest first."""
    return [script.revision for script in reversed(list(_script().walk_revisions()))]


def refuse_unknown(path: Path, revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(
            f"{path}: this database was written by a newer Board App (schema revision "
            f"{revision}; this app knows up to {head_revision()}). Install the newer app to "
            "open it; the file has not been changed."
        )


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` in one transaction.

    SQLite alters a table by copying it and dropping the old one; with foreign keys on,
    that drop would cascade into every row that points at it. So foreign keys are off
    while the steps run (SQLite allows the switch only outside a transaction), and
    checked before the transaction commits: a step that leaves a dangling reference
    rolls back whole.
    """
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        config = _config()
        config.attributes["connection"] = connection
        try:
            with connection.begin():
                command.upgrade(config, target)
                dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise RuntimeError(f"a migration left rows pointing at nothing: {dangling[:5]}")
        finally:
            config.attributes.pop("connection", None)
            raw.execute("PRAGMA foreign_keys = ON")


def backup_name(path: Path, revision: str, when: datetime) -> Path:
    return path.with_name(f"{path.name}.rev-{revision}.{when:%Y%m%dT%H%M%S%fZ}.bak")


def backup(path: Path, revision: str) -> Path:
    """Copy the database beside itself before it is migrated; keep the newest few copies."""
    target = backup_name(path, revision, datetime.now(UTC))
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    _prune_backups(path)
    return target


def backups_of(path: Path) -> list[Path]:
    pattern = re.compile(re.escape(path.name) + r"\.rev-[^.]+\.\d{8}T\d{12}Z\.bak$")
    return sorted(
        (p for p in path.parent.iterdir() if pattern.match(p.name)),
        key=lambda p: p.name.rsplit(".", 2)[-2],
    )


def _prune_backups(path: Path) -> None:
    for old in backups_of(path)[:-BACKUPS_KEPT]:
        old.unlink()
