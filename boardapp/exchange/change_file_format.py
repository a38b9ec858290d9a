"""A change file's bytes: written, signed, read back and checked (what is in it, and
what it means for a board, is change_files.py's).

The file is JSON lines: a header line, one line per record, and a last line holding the
SHA-256 of every byte before it and the Ed25519 signature of those same bytes by the
copy that wrote it. The header names the signer (member uuid, name, public key, hex).
A file cut short or altered anywhere fails the checksum or the signature and is refused
whole. Reading proves only that the key the header names signed the file; whether that
key is the board's registered key for that member is for the importer to check.

Version 1 files (a checksum, no signature) are refused: anyone could have written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from boardapp.store import migrations
from boardapp.store.sync import tables

FORMAT = "boardapp-changes"
VERSION = 2
KINDS = ("changes", "publication")


class ChangeFileError(ValueError):
    """A change file that cannot be used; ``str()`` names the file and what is wrong."""


@dataclass(frozen=True)
class Signer:
    """Who the file says signed it; true of the key, a claim of the name until the
    importing board's member list agrees."""

    member_uuid: uuid.UUID
    name: str
    public_key: str  # Ed25519, 64 hex characters

    @property
    def short_key(self) -> str:
        return short_key(self.public_key)

    def as_json(self) -> dict[str, str]:
        return {"member_uuid": str(self.member_uuid), "name": self.name, "public_key": self.public_key}


def short_key(public_key: str) -> str:
    """A key as a person compares it by eye: its first and last eight hex characters."""
    return f"{public_key[:8]}…{public_key[-8:]}" if len(public_key) > 16 else public_key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


# --- Writing ---------------------------------------------------------------------------


def encode(header: dict[str, Any], records: list[dict[str, Any]], key: Ed25519PrivateKey) -> bytes:
    """The whole signed file: ``header`` (with ``signer`` already in it), records, trailer."""
    if header.get("signer", {}).get("public_key") != public_hex(key):
        raise ValueError("the header's signer must name the signing key")
    lines = [json.dumps(header, sort_keys=True, ensure_ascii=False)]
    lines += [json.dumps(r, sort_keys=True, ensure_ascii=False, default=tables.to_json) for r in records]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    trailer = {"sha256": hashlib.sha256(body).hexdigest(), "ed25519": key.sign(body).hex()}
    return body + json.dumps(trailer, sort_keys=True).encode("utf-8") + b"\n"


def write_whole(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` all at once: a reader never sees half a file."""
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ChangeFileError(f"{out}: cannot be written ({exc.strerror}); nothing was exported") from exc


# --- Reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFile:
    header: dict[str, Any]
    records: list[dict[str, Any]]
    signer: Signer

    @property
    def kind(self) -> str:
        return str(self.header["kind"])


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ChangeFileError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ChangeFileError(f"{path}: cannot be read ({exc.strerror})") from exc


def read_change_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of a whole, signed, unaltered change file; else ChangeFileError."""
    found = decode(read_bytes(path), path)
    return found.header, found.records


def decode(data: bytes, path: Path) -> ChangeFile:
    """Check ``data`` (the bytes of ``path``) whole: checksum, signature, header, counts."""
    nothing = "nothing was imported"
    if not data.endswith(b"\n") or data.count(b"\n") < 2:
        raise ChangeFileError(f"{path}: not a whole change file (it is cut short or empty); {nothing}")
    body, _, trailer_line = data[:-1].rpartition(b"\n")
    body += b"\n"
    try:
        trailer = json.loads(trailer_line)
        claimed = trailer["sha256"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ChangeFileError(f"{path}: not a whole change file (its checksum line is missing); {nothing}") from exc
    if hashlib.sha256(body).hexdigest() != claimed:
        raise ChangeFileError(f"{path}: the file has been altered or damaged (its SHA-256 does not match); {nothing}")
    try:
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, ValueError) as exc:
        raise ChangeFileError(f"{path}: a line is not readable JSON ({exc}); {nothing}") from exc
    header, records = lines[0], lines[1:]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ChangeFileError(f"{path}: not a Board App change file")
    if header.get("version") == 1:
        raise ChangeFileError(
            f"{path}: an unsigned change file (version 1, from an older Board App): anyone could have written it, "
            f"so it is not imported; ask its sender to export it again with this version, which signs it"
        )
    if header.get("version") != VERSION:
        raise ChangeFileError(f"{path}: change file version {header.get('version')}; this app reads version {VERSION}")
    signer = _signer(path, header)
    if "ed25519" not in trailer:
        raise ChangeFileError(f"{path}: the file is not signed; anyone could have written it, so {nothing}")
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(signer.public_key))
        key.verify(bytes.fromhex(str(trailer["ed25519"])), body)
    except (InvalidSignature, ValueError) as exc:
        raise ChangeFileError(
            f"{path}: the signature does not match the file (it was altered after {signer.name}'s key "
            f"{signer.short_key} signed it, or that key never signed it); {nothing}"
        ) from exc
    if header.get("kind") not in KINDS:
        raise ChangeFileError(f"{path}: unknown kind of change file {header.get('kind')!r}")
    schema = header.get("schema")
    if schema not in migrations.known_revisions():
        raise ChangeFileError(f"{path}: written by a newer Board App (schema {schema}); install the newer app to import it")
    if header.get("records") != len(records):
        raise ChangeFileError(f"{path}: the header counts {header.get('records')} records but the file has {len(records)}")
    return ChangeFile(header, records, signer)


def _signer(path: Path, header: dict[str, Any]) -> Signer:
    found = header.get("signer")
    try:
        signer = Signer(uuid.UUID(str(found["member_uuid"])), str(found["name"]), str(found["public_key"]).lower())
        if len(bytes.fromhex(signer.public_key)) != 32:
            raise ValueError("not a 32-byte key")
    except (KeyError, TypeError, ValueError) as exc:
        raise ChangeFileError(
            f"{path}: the file does not say who signed it; anyone could have written it, so nothing was imported"
        ) from exc
    return signer
