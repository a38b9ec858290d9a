"""Sealed files: a signed change file encrypted so that only named copies can open it.

Used for the unsent notes of a laptop whose member has been withdrawn
(exchange/withdrawal.py): sealed to every secretariat member's registered receiving key
(X25519), so the file on the laptop, or on the stick that carries it, shows nothing to
anyone else.

Layout: one JSON header line, then the ciphertext. The content (the change file's bytes)
is encrypted once with a random 256-bit key (AES-256-GCM, the header line as associated
data, so the recipient list cannot be changed unnoticed). That content key is wrapped
once per recipient: an ephemeral X25519 key agreed with the recipient's receiving key,
HKDF-SHA256 over the shared secret (salt: both public keys) gives the wrapping key, and
AES-256-GCM wraps. Recipients are named in the clear (name, member uuid, key), so a copy
that cannot open the file can say whose it is.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from boardapp.exchange.change_file_format import ChangeFileError

FORMAT = "boardapp-sealed"
VERSION = 1
SUFFIX = ".boardapp-sealed"
_INFO = b"boardapp sealed file v1: content key"


@dataclass(frozen=True)
class Recipient:
    name: str
    member_uuid: uuid.UUID
    receiving_key: str  # X25519 public, hex


def is_sealed(data: bytes) -> bool:
    first = data.split(b"\n", 1)[0]
    try:
        return json.loads(first).get("format") == FORMAT
    except (ValueError, AttributeError):
        return False


def seal(content: bytes, recipients: list[Recipient]) -> bytes:
    """``content`` encrypted so that each of ``recipients`` (and nobody else) can open it."""
    if not recipients:
        raise ValueError("a sealed file needs at least one recipient")
    content_key, nonce = AESGCM.generate_key(bit_length=256), os.urandom(12)
    wrapped = []
    for recipient in recipients:
        theirs = X25519PublicKey.from_public_bytes(bytes.fromhex(recipient.receiving_key))
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = _raw(ephemeral.public_key())
        wrap_key = _wrap_key(ephemeral.exchange(theirs), ephemeral_public, bytes.fromhex(recipient.receiving_key))
        wrap_nonce = os.urandom(12)
        wrapped.append({
            "name": recipient.name,
            "member_uuid": str(recipient.member_uuid),
            "receiving_key": recipient.receiving_key,
            "ephemeral_key": ephemeral_public.hex(),
            "nonce": _b64(wrap_nonce),
            "wrapped_key": _b64(AESGCM(wrap_key).encrypt(wrap_nonce, content_key, bytes.fromhex(recipient.receiving_key))),
        })
    header = json.dumps(
        {"format": FORMAT, "version": VERSION, "cipher": "AES-256-GCM", "nonce": _b64(nonce), "recipients": wrapped},
        sort_keys=True, ensure_ascii=False,
    ).encode("utf-8")
    return header + b"\n" + AESGCM(content_key).encrypt(nonce, content, header)


def recipients(data: bytes, path: Path) -> list[Recipient]:
    header, _ = _split(data, path)
    return [Recipient(r["name"], uuid.UUID(r["member_uuid"]), r["receiving_key"]) for r in header["recipients"]]


def open_sealed(data: bytes, path: Path, key: X25519PrivateKey, whose: str) -> bytes:
    """The content of a sealed file, opened with this copy's receiving ``key`` (``whose``
    copy it is, for the refusal); ChangeFileError if it was not sealed for this copy."""
    header, ciphertext = _split(data, path)
    mine = _raw(key.public_key()).hex()
    entry = next((r for r in header["recipients"] if r.get("receiving_key") == mine), None)
    if entry is None:
        names = [str(r.get("name", "?")) for r in header["recipients"]]
        sealed_for = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
        raise ChangeFileError(
            f"{path}: sealed for {sealed_for}; this copy is {whose}'s, so it cannot be opened here; nothing was imported"
        )
    try:
        ephemeral = bytes.fromhex(entry["ephemeral_key"])
        wrap_key = _wrap_key(key.exchange(X25519PublicKey.from_public_bytes(ephemeral)), ephemeral, bytes.fromhex(mine))
        content_key = AESGCM(wrap_key).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped_key"]), bytes.fromhex(mine))
        header_line = data.split(b"\n", 1)[0]
        return AESGCM(content_key).decrypt(_unb64(header["nonce"]), ciphertext, header_line)
    except (InvalidTag, KeyError, ValueError) as exc:
        raise ChangeFileError(f"{path}: the sealed file has been altered or damaged; nothing was imported") from exc


def _split(data: bytes, path: Path) -> tuple[dict[str, Any], bytes]:
    first, _, rest = data.partition(b"\n")
    try:
        header = json.loads(first)
        assert header["format"] == FORMAT and isinstance(header["recipients"], list)
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ChangeFileError(f"{path}: not a whole sealed file; nothing was imported") from exc
    if header.get("version") != VERSION:
        raise ChangeFileError(f"{path}: sealed file version {header.get('version')}; this app reads version {VERSION}")
    return header, rest


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public, info=_INFO).derive(shared)


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
