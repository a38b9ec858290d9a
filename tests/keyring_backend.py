"""The keyring the tests use: in memory, seeded with one database key per test run.

tests/conftest.py installs it in the test process (``keyring.set_keyring``) and names it
in ``PYTHON_KEYRING_BACKEND`` for the processes tests start, which see the same key through
``BOARDAPP_TEST_KEYRING``. Only the tests use it: the app finds the operating system's keyring.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

SEED = "BOARDAPP_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict; the Board App database key taken from ``BOARDAPP_TEST_KEYRING``."""

    priority = 1  # type: ignore[assignment]  # usable, as the operating system's keyrings are

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        if os.environ.get(SEED):
            self.secrets[("Board App", "database key")] = os.environ[SEED]

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
