"""The schema ladder: Alembic migrations with a backup at the foot of every climb.

A database at an older revision is copied beside itself (SQLite's backup API between two
connections keyed alike, so the copy is encrypted as the file is; the revision in the
copy's name, the newest :data:`BACKUPS_KEPT` kept) and then migrated
to head in one transaction. A database at a revision this app does not know was
written by a newer app and is refused untouched.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from boardapp import bundled
from boardapp.store import encryption
from boardapp.store.database_key import DatabaseKey
from boardapp.store.errors import DatabaseTooNew

BACKUPS_KEPT = 3


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE
)


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this app can migrate from, oldest first.

    Read from the version files' own ``revision`` / ``down_revision`` lines rather than
    through Alembic, whose import costs a quarter of a second on every start; Alembic
    is loaded only when a database needs migrating. tests/store/test_migrations.py
    checks that this ladder is the one Alembic walks.
    """
    links: dict[str | None, str] = {}
    for file in (bundled.migrations() / "versions").iterdir():
        if not file.name.endswith(".py") or file.name.startswith("__"):
            continue
        text = file.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            raise RuntimeError(f"{file.name}: no revision / down_revision line")
        if down.group(1) in links:
            raise RuntimeError(f"{file.name}: the migration ladder branches at {down.group(1)}")
        links[down.group(1)] = revision.group(1)
    ladder: list[str] = []
    step = links.get(None)
    while step is not None:
        ladder.append(step)
        step = links.get(step)
    if len(ladder) != len(links):
        raise RuntimeError("the migration ladder has a gap")
    return tuple(ladder)


def head_revision() -> str:
    return known_revisions()[-1]


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config  # only when a database is migrated: see known_revisions

    config = Config()
    config.set_main_option("script_location", str(bundled.migrations()))
    return config


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
        from alembic import command

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


def backup(path: Path, revision: str, key: DatabaseKey | None) -> Path:
    """Copy the database beside itself before it is migrated, encrypted with ``key`` as the
    file is; keep the newest few copies."""
    target = backup_name(path, revision, datetime.now(UTC))
    source = encryption.connect(path, key)
    try:
        copy = encryption.connect(target, key)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    prune_backups(path)
    return target


def backups_of(path: Path) -> list[Path]:
    pattern = re.compile(re.escape(path.name) + r"\.rev-[^.]+\.\d{8}T\d{12}Z\.bak$")
    return sorted(
        (p for p in path.parent.iterdir() if pattern.match(p.name)),
        key=lambda p: p.name.rsplit(".", 2)[-2],
    )


def prune_backups(path: Path) -> None:
    for old in backups_of(path)[:-BACKUPS_KEPT]:
        old.unlink()
