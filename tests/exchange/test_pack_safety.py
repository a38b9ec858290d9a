"""The pack never runs people's text as a formula, and never leaves a half-written file:
a failure, a cancel or a target held open elsewhere leaves the destination as it was."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.exchange.pack import PackCancelled, PackError, export_pack
from boardapp.exchange.pack.cells import SheetWriter, clean_text
from boardapp.exchange.pack.styles import PackStyles
from boardapp.store import annotations, identity
from boardapp.store.connection import open_database
from boardapp.store.models import Indicator
from tests.conftest import file_digest
from tests.people import person_at

AS_AT = date(2030, 1, 1)
PRODUCED = datetime(2030, 1, 2, tzinfo=UTC)
HOSTILE = [
    '=HYPERLINK("http://example.org","x")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "#N/A",
    "=1+1\x07 with a bell",
]


def export(database_path: Path, out: Path, **options) -> None:
    options.setdefault("as_at", AS_AT)
    options.setdefault("produced", PRODUCED)
    with open_database(database_path, read_only=True) as database:
        options.setdefault("who", identity.acting(database))  # the test secretariat (conftest.py)
        export_pack(database, out, **options)


@pytest.fixture
def hostile_notes(demo_db: Path) -> Path:
    member = person_at(demo_db, "Ann Member", Role.MEMBER)
    with open_database(demo_db) as database, database.session("test") as session:
        indicator = session.scalars(select(Indicator).where(Indicator.code == "NI 59")).one()
        for text in HOSTILE:
            annotations.add_note(session, member, AnnotatedKind.INDICATOR, indicator.uuid, AnnotationKind.CHALLENGE,
                                 text)
    return demo_db


def _sheet_xml(pack: Path, title: str) -> str:
    with zipfile.ZipFile(pack) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)
        return archive.read(f"xl/worksheets/sheet{names.index(title) + 1}.xml").decode()


def test_a_note_that_looks_like_a_formula_is_a_text_cell(hostile_notes, tmp_path):
    pack = tmp_path / "pack.xlsx"
    export(hostile_notes, pack)
    xml = _sheet_xml(pack, "Challenge log")
    assert "<f>" not in xml and "<f " not in xml
    quote = '(?:"|&quot;)'
    cell = re.search(rf'<c r="E\d+" s="\d+" t="inlineStr"><is><t>=HYPERLINK\({quote}http://example.org{quote},'
                     rf'{quote}x{quote}\)</t></is></c>', xml)
    assert cell, "the HYPERLINK note is not a plain inline string cell"
    # Its style carries the quote prefix, so the text survives someone editing the cell.
    book = load_workbook(pack)
    ws = book["Challenge log"]
    written = {ws[f"E{row}"].value: ws[f"E{row}"] for row in range(5, ws.max_row + 1)}
    for text in HOSTILE:
        shown = text.replace("\x07", "")
        assert written[shown].data_type == "s", text
        assert written[shown].quotePrefix == (shown[0] in "=+-@\t\r"), text
    # Numbers stay numbers.
    data = _sheet_xml(pack, "Data")
    assert re.search(r'<c r="G5"(?: s="\d+")? t="n"><v>[0-9.]+</v></c>', data)


def test_cells_helpers_keep_text_text_and_numbers_numbers():
    book = Workbook()
    writer = SheetWriter(book.active, PackStyles(book))
    assert writer.text("=1+1").data_type == "s"
    for start in ("=", "+", "-", "@", "\t", "\r"):
        cell = writer.text(start + "1+1")
        assert (cell.data_type, cell.quotePrefix) == ("s", True), repr(start)
    assert not writer.text("plain words").quotePrefix
    assert writer.text("#DIV/0!").data_type == "s"
    assert writer.text("0123").value == "0123"
    assert writer.number(80.5).data_type == "n"
    assert writer.number(float("nan")) is None and writer.number(float("inf")) is None
    assert writer.text(None) is None and writer.text("") is None
    assert clean_text("a\x00b\x1fc") == "abc"
    assert len(clean_text("x" * 40_000)) == 32_767
    with pytest.raises(ValueError, match="time zone"):
        writer.date(datetime.now(UTC))


# --- never half-written ---------------------------------------------------------------


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"the pack from last month")
    return target


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.mark.parametrize("stop_at", ["Reading the database", "Indicators", "Data", "Writing the file"])
def test_a_cancel_leaves_the_destination_as_it_was(pristine_demo, existing, stop_at):
    before = file_digest(existing)
    seen = []

    def progress(done: int, total: int, text: str) -> None:
        seen.append(text)
        assert 0 <= done <= total
        if text.startswith(stop_at):
            raise PackCancelled

    with pytest.raises(PackCancelled):
        export(pristine_demo, existing, progress=progress)
    assert file_digest(existing) == before
    assert _leftovers(existing.parent) == []


def test_progress_reaches_the_end(pristine_demo, tmp_path):
    calls = []
    export(pristine_demo, tmp_path / "pack.xlsx", progress=lambda d, t, text: calls.append((d, t, text)))
    assert calls[0][2] == "Reading the database"
    assert calls[-1][0] == calls[-1][1] and calls[-1][2] == "Wrote pack.xlsx"
    assert [d for d, _t, _x in calls] == sorted(d for d, _t, _x in calls)


def test_a_failure_while_saving_leaves_the_destination_as_it_was(pristine_demo, existing, monkeypatch):
    before = file_digest(existing)

    def broken_save(self, filename):  # noqa: ANN001
        filename.write(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        export(pristine_demo, existing)
    assert file_digest(existing) == before
    assert _leftovers(existing.parent) == []


def test_a_target_open_in_another_program_is_refused_clearly(pristine_demo, existing, monkeypatch):
    before = file_digest(existing)

    def locked(source, destination):  # noqa: ANN001
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(PackError, match="open in another program"):
        export(pristine_demo, existing)
    assert file_digest(existing) == before
    assert _leftovers(existing.parent) == []


def test_a_target_locked_before_the_export_is_refused_before_any_work(pristine_demo, existing, monkeypatch):
    real_open = Path.open

    def held(self, mode="r", *args, **kwargs):  # noqa: ANN001
        if self == existing and "a" in mode:
            raise PermissionError(13, "Permission denied")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", held)
    calls = []
    with pytest.raises(PackError, match="open in another program"):
        export(pristine_demo, existing, progress=lambda *a: calls.append(a))
    assert calls == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("pack.csv", "name it FILE.xlsx"), ("missing/pack.xlsx", "no such folder"), ("folder.xlsx", "this is a folder")],
)
def test_targets_that_cannot_be_written(pristine_demo, tmp_path, name, message):
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(PackError, match=message):
        export(pristine_demo, tmp_path / name)


def test_a_meeting_that_is_not_there(pristine_demo, tmp_path):
    with pytest.raises(PackError, match="there is no meeting 999: meetings are numbered 1"):
        export(pristine_demo, tmp_path / "p.xlsx", as_at=None, meeting="999")
    with pytest.raises(PackError, match="not a meeting"):
        export(pristine_demo, tmp_path / "p.xlsx", as_at=None, meeting="next tuesday")
    with pytest.raises(PackError, match="not both"):
        export(pristine_demo, tmp_path / "p.xlsx", meeting="1")
    assert not (tmp_path / "p.xlsx").exists()
