"""Raw SQL on a test database, past the app's store: to build an old-revision file, break
one on purpose, or look at what the app wrote. Every database the app writes is encrypted
(SQLCipher), so these connect with the key the tests' keyring holds (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine

from boardapp.store import encryption
from boardapp.store.database_key import database_key


def connect(path: Path | str, *, isolation_level: str | None = "") -> sqlcipher3.dbapi2.Connection:
    """A DBAPI connection keyed with the tests' key, like ``sqlite3.connect(path)``
    (``isolation_level`` as there: None for autocommit)."""
    con = encryption.connect(Path(path), database_key())
    con.isolation_level = isolation_level
    return con


def engine(path: Path | str) -> Engine:
    """An SQLAlchemy engine keyed with the tests' key, like ``create_engine(f"sqlite:///{path}")``."""
    return create_engine(f"sqlite:///{path}", module=sqlcipher3.dbapi2, creator=lambda: connect(path))


IntegrityError = sqlcipher3.dbapi2.IntegrityError
DatabaseError = sqlcipher3.dbapi2.DatabaseError
