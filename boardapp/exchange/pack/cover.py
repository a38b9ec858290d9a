"""The cover (what this pack is, for whom, under what marking) and the contents sheet."""

from __future__ import annotations

from datetime import datetime

from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from boardapp import __version__
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, SHEETS, add_table, day_words, heading, open_sheet
from boardapp.exchange.pack.styles import SUBHEADING_STYLE, TITLE_STYLE, PackStyles, page_setup
from boardapp.exchange.pack.words import EXEMPT_MARK

BANNER = "SYNTHETIC DATA"
COVER_WIDTH = 92  # characters: A4 portrait at full size
HOW_TO_READ = ("Every figure is as it was known at the end of the as-at date: readings entered or revised later "
               "are not counted. RAG is always given as a word; the fill only repeats it. Notes are members' own "
               "words, shown as written.")


def write_cover(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    """The cover, all in column A (the guidance's cover sheet): the title in A1, what the
    pack is in A2, then each fact under its own heading; no merged cells."""
    ws = workbook.create_sheet("Cover")
    writer = SheetWriter(ws, styles)
    audience = content.audience
    writer.append([writer.text("Improvement Board meeting pack", TITLE_STYLE)], measure=False)
    writer.append([writer.text(f"Where the board stands as at {day_words(content.as_at)}: the notice's requirements, "
                               "indicators, action plan, members' notes and inspections.", "Pack wrapped")],
                  measure=False)
    writer.append([writer.text(audience.marking, "Pack marking")], measure=False)
    if content.synthetic:
        _banner(writer)
    notice = content.notice
    lines: list[tuple[str, object]] = [
        ("Board", content.board_name),
        ("Notice", f"{notice.title} ({notice.issuer}, issued {day_words(notice.issued_on)})" if notice else "(none)"),
        ("Meeting", content.meeting.label if content.meeting else "None chosen: the pack is as at the date below"),
        ("As at", content.as_at),
        ("Questions from earlier meetings", _questions_words(content)),
        ("Audience", f"{audience.label} pack"),
        ("Protective marking", audience.marking),
        ("Exempt items", _exempt_words(content)),
        ("Members' names", _names_words(content)),
        ("Produced", produced_words(content.produced)),
        ("From the database", _database_words(content)),
        ("Data", _data_words(content)),
        ("Produced by", f"Board App {__version__}"),
        ("How to read it", HOW_TO_READ),
    ]
    for label, value in lines:
        writer.append([writer.text(label, SUBHEADING_STYLE)], measure=False)
        if label == "As at":
            cell = writer.date(content.as_at, "Pack long date")
        else:
            cell = writer.text(value, "Pack marking" if label == "Protective marking" else "Pack value")
        writer.append([cell], measure=False)
    if content.synthetic:
        _banner(writer)
    ws.column_dimensions["A"].width = COVER_WIDTH
    writer.fit_heights()
    page_setup(ws, marking=audience.marking, synthetic=content.synthetic, left=content.board_name, landscape=False)


def _banner(writer: SheetWriter) -> None:
    row = writer.append([writer.text(BANNER, "Pack banner")], measure=False)
    writer.ws.row_dimensions[row].height = 60


def _questions_words(content: PackContent) -> str:
    """"3 questions from earlier meetings still open, oldest 2 meetings old", as this
    pack's audience may read them (the Questions sheet lists them)."""
    log = content.questions
    if log is None:
        return "Not counted"
    words = log.words()
    if log.answered:
        answered = len(log.answered)
        words += (f"; {answered:,} question{'' if answered == 1 else 's'} from earlier meetings answered at "
                  f"{'this meeting' if content.meeting else 'this date'}")
    return words


def _names_words(content: PackContent) -> str:
    if content.names_members:
        return "Members are named in the challenge log"
    return "Not given: the challenge log names each member by their role on the board"


def _database_words(content: PackContent) -> str:
    """The database's file; its folder only in a pack for the board (a folder can name
    the person whose computer it is on)."""
    path = content.database
    return str(path) if content.audience.includes_exempt else path.name


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
    writer = open_sheet(workbook, styles, content, "Contents", "Contents", landscape=False,
                        about="Every sheet of the pack, each a link to it")
    heading(writer, ["Sheet", "What it holds"])
    for name, what in SHEETS:
        row = writer.append([writer.text(name, "Pack link"), writer.text(what, "Pack wrapped")])
        link = writer.cell(row, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)
    add_table(writer, "Contents", HEADING_ROW, 2)
    writer.fit_widths([(16, 20), (40, 70)])
