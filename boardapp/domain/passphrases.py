"""Passphrases kept as slow salted hashes (scrypt, from the standard library).

A hash is one line of text that carries its own parameters, so stronger settings later
still check older hashes: ``scrypt$N$r$p$salt$hash`` (salt and hash in base64).
Checking takes about as long as making (tens of milliseconds and 16 MiB), which is the
point: guessing a passphrase from a stolen hash is slow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
_MAX_N = 2**20
MIN_LENGTH = 8


class WeakPassphrase(ValueError):
    """A passphrase too short to protect anything; ``str()`` says what is needed."""


def check_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphrase(f"a passphrase needs at least {MIN_LENGTH} characters (this one has {len(passphrase)})")
    if passphrase != passphrase.strip():
        raise WeakPassphrase("a passphrase cannot start or end with a space")


def hash_passphrase(passphrase: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, N, R, P)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def matches(passphrase: str, stored: str) -> bool:
    """True when ``passphrase`` is the one ``stored`` was made from; False for anything
    else, an empty or unreadable hash included. Takes the same time either way."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        n_, r_, p_ = int(n), int(r), int(p)
        if scheme != "scrypt" or not (2 <= n_ <= _MAX_N) or not (1 <= r_ <= 32) or not (1 <= p_ <= 16):
            return False
        expected = base64.b64decode(digest, validate=True)
        found = _scrypt(passphrase, base64.b64decode(salt, validate=True), n_, r_, p_)
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)
