"""The key every Board App database is encrypted with (SQLCipher 4), and where it comes from.

One key per laptop user, for all their databases: 32 random bytes, used as SQLCipher's raw
key (no key derivation, so opening stays fast), kept in the operating system's keyring
(Windows Credential Locker, macOS Keychain, the Secret Service on Linux) under the service
:data:`SERVICE` and the account :data:`ACCOUNT`, never beside the file. One key per user
rather than per file means a database moved or copied on the same laptop still opens; a
file taken to another laptop, or to another user's account, does not.

Where there is no usable keyring (a server, CI) the key comes from ``BOARDAPP_KEY`` (64
hex digits: the raw key; any other text: a passphrase SQLCipher derives a key from), or a
passphrase asked for through the prompt the caller installed (:func:`ask_with`: a terminal
asks with getpass, the window with a dialog). ``BOARDAPP_KEY``, when set, is used even
where a keyring exists: it is the explicit choice of whoever runs the app.

The key is found once per process and kept in memory while it runs.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from boardapp.store.errors import StoreError

SERVICE = "Board App"
ACCOUNT = "database key"
ENVIRONMENT = "BOARDAPP_KEY"
_RAW = re.compile(r"[0-9a-fA-F]{64}")

# A prompt: called with True when the passphrase will make a new database (ask twice),
# False to open one; returns the passphrase, or None / "" when the person cancelled.
Prompt = Callable[[bool], "str | None"]


@dataclass(frozen=True)
class DatabaseKey:
    """A key for SQLCipher: ``raw`` 64 hex digits, or a passphrase. Never printed."""

    secret: str = field(repr=False)
    raw: bool
    # Where it came from: "keyring", "BOARDAPP_KEY" or "passphrase"; for the words when it does not fit.
    source: str

    def sql(self) -> str:
        """The value for ``PRAGMA key = ...`` and ``ATTACH ... KEY ...``, quoted for SQL."""
        if self.raw:
            return f"\"x'{self.secret.lower()}'\""
        return "'" + self.secret.replace("'", "''") + "'"

    def mismatch(self) -> str:
        """Why a file this key does not open could not be opened, in words."""
        if self.source == "BOARDAPP_KEY":
            return "BOARDAPP_KEY is not the key it was encrypted with"
        if self.source == "passphrase":
            return "the passphrase is not the one it was encrypted with"
        return "it cannot be opened with this laptop's key: it was made on another laptop or by another user"


# How the caller confirms encrypting a plain database before the app writes to it: called
# with its path, True to go ahead. None: a plain database is refused with words saying so.
Confirm = Callable[[Path], bool]

_cached: DatabaseKey | None = None
_prompt: Prompt | None = None
_confirm: Confirm | None = None


def ask_with(prompt: Prompt | None) -> None:
    """Install the way to ask for a passphrase where there is no keyring (None: no way)."""
    global _prompt
    _prompt = prompt


def confirm_encrypting_with(confirm: Confirm | None) -> None:
    """Install how a plain (unencrypted) database is confirmed for encrypting on open."""
    global _confirm
    _confirm = confirm


def confirms_encrypting(path: Path) -> bool:
    """Whether the installed confirmation says to encrypt the plain database at ``path``."""
    return _confirm is not None and bool(_confirm(path))


def forget() -> None:
    """Drop the key kept in memory (tests; a window that locks)."""
    global _cached
    _cached = None


def database_key(*, create: bool = True) -> DatabaseKey:
    """The key for this user's databases. ``create``: make and store one in the keyring if
    it holds none yet (False when only opening a file that exists: a new key would not open it)."""
    global _cached
    if _cached is not None:
        return _cached
    found = _from_environment() or _from_keyring(create=create) or _from_prompt(new=create)
    if found is None:
        raise StoreError(
            "Board App encrypts its databases with a key kept in the computer's keyring, and this computer "
            "has no keyring it can use. Set BOARDAPP_KEY to the key (64 hex digits) or to a passphrase, or "
            "run Board App from a terminal or its window to be asked for a passphrase."
        )
    _cached = found
    return found


def keyring_usable() -> bool:
    """Whether the operating system keyring can hold the key (not the fail or null backend,
    nor one that keeps secrets in a plain file)."""
    return _keyring() is not None


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring backend to keep the key in, or None where there is none usable.

    keyring's own discovery imports every backend it knows (a fifth of a second on each
    start), so the operating system's own keyring is tried first; discovery runs only
    where that is not there, or where the user or the tests chose a backend."""
    try:
        import keyring
        from keyring.backends import chainer

        chosen = os.environ.get("PYTHON_KEYRING_BACKEND") or keyring.core._keyring_backend is not None
        backend = None if chosen else _native()
        if backend is None:
            if not chosen and sys.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
                return None  # every Linux keyring (Secret Service, KWallet, libsecret) answers on D-Bus
            backend = keyring.get_keyring()
    except Exception:  # keyring missing, or a PYTHON_KEYRING_BACKEND it cannot load
        return None
    backends = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
    # keyring's own fail and null backends have priority 0 or less; keyrings.alt's files below 1.
    return backend if any(_priority(b) >= 1 for b in backends) else None


def _native():  # type: ignore[no-untyped-def]
    """The operating system's keyring, when it answers; else None."""
    try:
        if sys.platform == "win32":
            from keyring.backends.Windows import WinVaultKeyring as Native
        elif sys.platform == "darwin":
            from keyring.backends.macOS import Keyring as Native
        else:
            from keyring.backends.SecretService import Keyring as Native
        return Native() if _priority(Native) >= 1 else None
    except Exception:
        return None


def _priority(backend: object) -> float:
    try:
        return float(getattr(backend, "priority", 0))
    except Exception:
        return 0.0


def _from_environment() -> DatabaseKey | None:
    value = os.environ.get(ENVIRONMENT, "")
    if not value:
        return None
    return DatabaseKey(value, raw=bool(_RAW.fullmatch(value)), source="BOARDAPP_KEY")


def _from_keyring(*, create: bool) -> DatabaseKey | None:
    backend = _keyring()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, ACCOUNT)
        if stored is None and create:
            backend.set_password(SERVICE, ACCOUNT, secrets.token_bytes(32).hex())
            stored = backend.get_password(SERVICE, ACCOUNT)
    except Exception:
        # A locked or unreachable keyring (no D-Bus session, the unlock dialog dismissed):
        # the other ways still work.
        return None
    if stored is None:
        if create:
            return None
        raise StoreError(
            "this laptop's keyring holds no Board App database key yet, so a database made on another "
            "laptop or by another user cannot be opened here. Open it where it was made, or set BOARDAPP_KEY "
            "to the key it was made with."
        )
    if not _RAW.fullmatch(stored):
        raise StoreError(
            f"the keyring's entry \"{SERVICE}\" / \"{ACCOUNT}\" is not a Board App database key "
            "(64 hex digits); it was changed outside Board App."
        )
    return DatabaseKey(stored, raw=True, source="keyring")


def _from_prompt(*, new: bool) -> DatabaseKey | None:
    if _prompt is None:
        return None
    answer = _prompt(new)
    if not answer:
        raise StoreError("no passphrase was given, so the database was not opened.")
    return DatabaseKey(answer, raw=bool(_RAW.fullmatch(answer)), source="passphrase")
