"""The cover (what this pack is, for whom, under what marking) and the contents sheet."""

from __future__ import annotations

from datetime import datetime

from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from boardapp import __version__
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import SHEETS, day_words, heading, open_sheet
from boardapp.exchange.pack.styles import PackStyles, page_setup
from boardapp.exchange.pack.words import EXEMPT_MARK

BANNER = "SYNTHETIC DATA"


def write_cover(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    ws = workbook.create_sheet("Cover")
    writer = SheetWriter(ws, styles)
    audience = content.audience
    writer.append([writer.text(audience.marking, "Pack marking")], measure=False)
    writer.append([writer.text("Improvement Board meeting pack", "Pack title")], measure=False)
    if content.synthetic:
        _banner(writer)
    writer.blank()
    notice = content.notice
    lines: list[tuple[str, object]] = [
        ("Board", content.board_name),
        ("Notice", f"{notice.title} ({notice.issuer}, issued {day_words(notice.issued_on)})" if notice else "(none)"),
        ("Meeting", content.meeting.label if content.meeting else "None chosen: the pack is as at the date below"),
        ("As at", content.as_at),
        ("Audience", f"{audience.label} pack"),
        ("Protective marking", audience.marking),
        ("Exempt items", _exempt_words(content)),
        ("Produced", produced_words(content.produced)),
        ("From the database", str(content.database)),
        ("Data", _data_words(content)),
        ("Produced by", f"Board App {__version__}"),
    ]
    for label, value in lines:
        if label == "As at":
            cell = writer.date(content.as_at, "Pack long date")
        else:
            style = "Pack marking" if label == "Protective marking" else "Pack value"
            cell = writer.text(value, style)
        writer.append([writer.text(label, "Pack label"), cell], measure=False)
    writer.blank()
    writer.append(
        [None, writer.text(
            "Every figure is as it was known at the end of the as-at date: readings entered or revised later "
            "are not counted. RAG is always given as a word; the fill only repeats it. Notes are members' own "
            "words, shown as written.", "Pack wrapped")],
        measure=False,
    )
    if content.synthetic:
        writer.blank()
        _banner(writer)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    writer.fit_heights()
    page_setup(ws, marking=audience.marking, synthetic=content.synthetic, left=content.board_name, landscape=False)


def _banner(writer: SheetWriter) -> None:
    row = writer.append([writer.text(BANNER, "Pack banner")], measure=False)
    writer.merge(row, 1, 2)
    writer.ws.row_dimensions[row].height = 60


def _exempt_words(content: PackContent) -> str:
    if content.audience.includes_exempt:
        return f"Included, and marked{EXEMPT_MARK}: this pack is for the board only"
    withheld = content.withheld
    if not withheld.total:
        return "None withheld: no item in this pack is marked exempt"
    return f"{withheld.total:,} withheld as exempt ({withheld.words()})"


def _data_words(content: PackContent) -> str:
    about = content.about
    if about.is_synthetic:
        return f"SYNTHETIC ({about.synthetic}): generated for testing, not a real council's data"
    origin = {"demo": "the demo dataset, from the published reports", "board server": "copied from the board server"}
    return origin.get(about.origin, about.origin)


def produced_words(moment: datetime) -> str:
    zone = moment.tzname() or ""
    return f"{day_words(moment.date())}, {moment:%H:%M}" + (f" {zone}" if zone else "")


def write_contents(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    writer = open_sheet(workbook, styles, content, "Contents", "Contents", landscape=False)
    heading(writer, ["Sheet", "What it holds"])
    for name, what in SHEETS:
        row = writer.append([writer.text(name, "Pack link"), writer.text(what, "Pack wrapped")])
        link = writer.cell(row, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)
    writer.fit_widths([(16, 20), (40, 90)])
