"""Shared test set-up: headless Qt, a private data folder per test, database helpers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user's data folder."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("BOARDAPP_DATA_DIR", str(folder))
    return folder


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# One database key for the whole run: databases made by session-wide fixtures, by the test
# process and by the processes tests start all open with it.
_TEST_KEY = os.urandom(32).hex()


@pytest.fixture(autouse=True, scope="session")
def test_keyring_for_the_run():
    """Before any fixture makes a database: the in-memory test keyring
    (tests/keyring_backend.py), here and in every process a test starts."""
    import keyring

    from tests.keyring_backend import SEED, MemoryKeyring

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BOARDAPP_KEY", raising=False)
        patch.delenv("BOARDAPP_ENCRYPT", raising=False)
        patch.setenv(SEED, _TEST_KEY)
        patch.setenv("PYTHON_KEYRING_BACKEND", "tests.keyring_backend.MemoryKeyring")
        root = str(Path(__file__).resolve().parent.parent)
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        previous = keyring.get_keyring()
        keyring.set_keyring(MemoryKeyring())
        yield
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def test_keyring(test_keyring_for_the_run, monkeypatch: pytest.MonkeyPatch):
    """Every test's databases are encrypted with the run's key from a fresh in-memory test
    keyring, never the real user's keyring; BOARDAPP_KEY is unset, no prompt is installed."""
    import keyring

    from boardapp.store import connection, database_key
    from tests.keyring_backend import MemoryKeyring

    monkeypatch.delenv("BOARDAPP_KEY", raising=False)
    monkeypatch.delenv("BOARDAPP_ENCRYPT", raising=False)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    database_key.forget()
    yield backend
    database_key.forget()
    database_key.ask_with(None)
    connection.confirm_encrypting_with(None)
