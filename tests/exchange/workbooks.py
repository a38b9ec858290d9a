"""Workbooks for the import tests: real .xlsx files written with openpyxl, and the
hostile and malformed files a performance officer might be sent."""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from boardapp.store.first_run import create_database

HEADER = ["Indicator", "Period", "Value", "Numerator", "Denominator", "Status", "Source", "Commentary"]


def write_readings(
    path: Path,
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    sheet: str = "Readings",
    formats: dict[str, str] | None = None,
    header_row: int = 1,
) -> Path:
    """A workbook with one sheet: ``header`` on ``header_row``, then ``rows``.
    ``formats``: number formats by cell ("C2": "0.0%")."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for _ in range(header_row - 1):
        ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    workbook.save(path)
    return path


def demo_database(folder: Path) -> Path:
    """The bundled demo database (create_database), made once per folder."""
    path = folder / "demo.sqlite"
    if not path.exists():
        create_database(path)
    return path


def copy_database(pristine: Path, folder: Path, name: str = "board.sqlite") -> Path:
    target = folder / name
    shutil.copyfile(pristine, target)
    return target


# --- Hostile and malformed files ------------------------------------------------------


def replace_part(source: Path, target: Path, name: str, data: bytes) -> Path:
    """A copy of the workbook ``source`` with the part ``name`` replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != name:
                new.writestr(item, old.read(item.filename))
        new.writestr(name, data)
    return target


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""


def entity_bomb(good: Path, target: Path) -> Path:
    """The sheet's XML replaced by the "billion laughs" entity expansion."""
    return replace_part(good, target, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)


def zip_bomb(good: Path, target: Path, unpacked_mib: int = 20) -> Path:
    """A sheet part of ``unpacked_mib`` MiB of blanks that packs to a few KiB (about 1000:1)."""
    blanks = b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>" + b" " * (
        unpacked_mib * 1024 * 1024
    ) + b"<sheetData/></worksheet>"
    return replace_part(good, target, "xl/worksheets/sheet1.xml", blanks)


def with_macros(good: Path, target: Path) -> Path:
    """The workbook with an xl/vbaProject.bin part, as a macro-enabled workbook has."""
    return replace_part(good, target, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 508)


def truncated(good: Path, target: Path) -> Path:
    data = good.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name: str, kind: int, child: int = _NONE, right: int = _NONE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, right, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", _END, 0)
    )


def ole_file(target: Path, *, encrypted: bool) -> Path:
    """A compound (OLE) file: what Excel writes for a password-protected workbook
    (streams EncryptionInfo and EncryptedPackage) or, without them, an old .xls."""
    streams = ["EncryptionInfo", "EncryptedPackage"] if encrypted else ["Workbook"]
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    fat = struct.pack("<II", _FAT, _END) + struct.pack("<I", _FREE) * 126
    entries = [_directory_entry("Root Entry", 5, child=1)]
    for position, name in enumerate(streams, start=1):
        entries.append(_directory_entry(name, 2, right=position + 1 if position < len(streams) else _NONE))
    while len(entries) < 4:
        entries.append(_directory_entry("", 0))
    target.write_bytes(header + fat + b"".join(entries))
    return target

