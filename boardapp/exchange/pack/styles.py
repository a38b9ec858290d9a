"""The pack's look: named cell styles, RAG fills, number formats by unit, and the page
set-up every sheet prints with (marking in the header, landscape, one page wide).

Cells take their style as a ready-made ``StyleArray`` (``Cell(..., style_array=...)``):
a dictionary lookup per cell instead of four style look-ups, which matters at a
million cells. Every style is a registered ``NamedStyle``, so a person editing the
pack in Excel finds them in the cell styles gallery ("Pack heading", "Pack red"...).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from boardapp.domain.terms import Rag, RagStatus, Unit

FONT = "Calibri"
RAG_FILLS = {RagStatus.RED: "F4B6B6", RagStatus.AMBER: "FBD99B", RagStatus.GREEN: "B9E3C0"}
HEADING_FILL = "D9E1F2"
OVERDUE_FILL = "F8CBAD"
BANNER_RED = "C00000"
DATE_FORMAT = "d mmm yyyy"
LONG_DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
TITLE_STYLE = "Heading 1"
SUBHEADING_STYLE = "Heading 2"
LANGUAGE = "en-GB"

_THIN = Side(style="thin", color="A6A6A6")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)


def _styles() -> list[NamedStyle]:
    return [
        NamedStyle("Pack title", font=Font(name=FONT, size=16, bold=True, color="1F3864")),
        # A1 of every sheet: Excel's own Heading 1 (built-in style 16), so that a screen
        # reader and the accessibility checkers find each sheet's title.
        NamedStyle(TITLE_STYLE, font=Font(name=FONT, size=16, bold=True, color="1F3864"), builtinId=16),
        # The cover's headings (Heading 2, built-in style 17) and the line under a title.
        NamedStyle(SUBHEADING_STYLE, font=Font(name=FONT, size=12, bold=True, color="1F3864"), builtinId=17),
        NamedStyle("Pack subtitle", font=Font(name=FONT, size=10, italic=True, color="404040")),
        NamedStyle("Pack section", font=Font(name=FONT, size=12, bold=True, color="1F3864")),
        NamedStyle("Pack block title", font=Font(name=FONT, size=12, bold=True, color="1F3864"), alignment=_WRAP),
        # The Requirements sheet's headings: bottom-aligned, so a taller row spaces them from what is above.
        NamedStyle("Pack requirement", font=Font(name=FONT, size=14, bold=True, color="1F3864"),
                   alignment=Alignment(vertical="bottom", wrap_text=True)),
        NamedStyle("Pack subheading", font=Font(name=FONT, size=11, bold=True, color="1F3864"),
                   alignment=Alignment(vertical="bottom", wrap_text=True)),
        NamedStyle(
            "Pack heading",
            font=Font(name=FONT, size=10, bold=True),
            fill=PatternFill("solid", fgColor=HEADING_FILL),
            border=Border(bottom=_THIN, top=_THIN),
            alignment=Alignment(vertical="center", wrap_text=True),
        ),
        NamedStyle("Pack text", font=Font(name=FONT, size=10), alignment=_TOP),
        NamedStyle("Pack wrapped", font=Font(name=FONT, size=10), alignment=_WRAP),
        NamedStyle("Pack label", font=Font(name=FONT, size=11, bold=True), alignment=_TOP),
        NamedStyle("Pack value", font=Font(name=FONT, size=11), alignment=_WRAP),
        NamedStyle("Pack date", font=Font(name=FONT, size=10), alignment=Alignment(horizontal="left", vertical="top"),
                   number_format=DATE_FORMAT),
        NamedStyle("Pack long date", font=Font(name=FONT, size=11), alignment=Alignment(horizontal="left", vertical="top"),
                   number_format=LONG_DATE_FORMAT),
        NamedStyle("Pack datetime", font=Font(name=FONT, size=10), alignment=_TOP, number_format=DATETIME_FORMAT),
        NamedStyle("Pack integer", font=Font(name=FONT, size=10), alignment=_TOP, number_format="#,##0"),
        NamedStyle("Pack grade", font=Font(name=FONT, size=10), alignment=Alignment(horizontal="center", vertical="top")),
        # The long tables (indicators, data) keep Excel's default look (11 point,
        # bottom-aligned) so that most of their cells need no style at all; a data row
        # with commentary is top-aligned.
        NamedStyle("Pack data date", font=Font(name=FONT, size=11), alignment=Alignment(horizontal="left"),
                   number_format=DATE_FORMAT),
        NamedStyle("Pack data date top", font=Font(name=FONT, size=11),
                   alignment=Alignment(horizontal="left", vertical="top"), number_format=DATE_FORMAT),
        NamedStyle("Pack data top", font=Font(name=FONT, size=11), alignment=_TOP),
        NamedStyle("Pack data wrapped", font=Font(name=FONT, size=11), alignment=_WRAP),
        NamedStyle("Pack data", font=Font(name=FONT, size=11)),
        NamedStyle("Pack data wrap", font=Font(name=FONT, size=11), alignment=Alignment(wrap_text=True)),
        NamedStyle("Pack link", font=Font(name=FONT, size=11, color="0563C1", underline="single")),
        NamedStyle("Pack marking", font=Font(name=FONT, size=12, bold=True, color=BANNER_RED), alignment=_TOP),
        NamedStyle(
            "Pack banner",
            font=Font(name=FONT, size=40, bold=True, color=BANNER_RED),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle("Pack warning", font=Font(name=FONT, size=11, bold=True, color=BANNER_RED), alignment=_WRAP),
        *(
            NamedStyle(
                f"Pack {status.value}",
                font=Font(name=FONT, size=10, bold=True, color="000000"),
                fill=PatternFill("solid", fgColor=fill),
                alignment=Alignment(vertical="top", wrap_text=True),
            )
            for status, fill in RAG_FILLS.items()
        ),
        *indicator_styles(),
    ]


class PackStyles:
    """The named styles of one workbook, as style arrays ready to hand to cells."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._arrays: dict[str, StyleArray] = {}
        self._quoted: dict[str, StyleArray] = {}
        for style in _styles():
            workbook.add_named_style(style)
            self._arrays[style.name] = style.as_tuple()
        self._arrays["Normal"] = StyleArray()  # the workbook's default look

    def array(self, name: str) -> StyleArray:
        return self._arrays[name]

    def quoted(self, name: str) -> StyleArray:
        """The same style with the quote prefix: Excel keeps the text as typed even when
        someone edits the cell, so "=..." never becomes a formula."""
        quoted = self._quoted.get(name)
        if quoted is None:
            quoted = StyleArray(self._arrays[name])
            quoted.quotePrefix = 1
            self._quoted[name] = quoted
        return quoted

    def number(self, number_format: str, base: str = "Pack text") -> str:
        """The name of a style showing numbers with ``number_format`` (made on first use)."""
        name = f"{base} {number_format}"
        if name not in self._arrays:
            source = _base(base)
            style = NamedStyle(name, font=source.font, fill=source.fill, border=source.border,
                               alignment=source.alignment, number_format=number_format)
            self._workbook.add_named_style(style)
            self._arrays[name] = style.as_tuple()
        return name


def _base(name: str) -> NamedStyle:
    return next(s for s in _styles() if s.name == name)


def rag_style(status: RagStatus | Rag | None) -> str:
    """The style of a RAG word: its fill for red, amber and green, plain otherwise."""
    if status is None:
        return "Pack text"
    status = RagStatus(status.value)
    return f"Pack {status.value}" if status in RAG_FILLS else "Pack wrapped"


def unit_format(unit: Unit, decimals: int) -> str:
    """How a value of ``unit`` shows in a cell; the cell keeps the plain number
    (80.5 shows as 80.5%, and a formula or a pivot sees 80.5)."""
    number = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if unit is Unit.PERCENT:
        return number + '"%"'
    if unit is Unit.PERCENTAGE_POINTS:
        return number + '" pts"'
    return number


def change_format(unit: Unit, decimals: int) -> str:
    """A signed change: "+2.2 pts", "-3"; a change of a percentage is in points."""
    number = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    suffix = '" pts"' if unit in (Unit.PERCENT, Unit.PERCENTAGE_POINTS) else ""
    return f"+{number}{suffix};-{number}{suffix};{number}{suffix}"


def header_text(text: str) -> str:
    """Text for a printed header or footer: "&" starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def page_setup(
    ws: Worksheet,
    *,
    marking: str,
    synthetic: bool,
    left: str,
    landscape: bool = True,
    title_rows: str | None = None,
) -> None:
    """A4, one page wide, the protective marking (and SYNTHETIC) on every page's header."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = False
    if title_rows:
        ws.print_title_rows = title_rows
    header = ws.oddHeader  # every page: no different first or even pages are set
    header.center.text = header_text(marking + (" · SYNTHETIC DATA" if synthetic else ""))
    header.center.size = 12
    header.center.font = "Calibri,Bold"
    header.center.color = BANNER_RED if synthetic else "000000"
    header.left.text = header_text(left)
    header.left.size = 8
    header.right.text = "&A"
    header.right.size = 8
    ws.oddFooter.center.text = header_text(marking) + " · page &P of &N"
    ws.oddFooter.center.size = 8


def print_full_size(ws: Worksheet) -> None:
    """Print at 100% instead of fitting to the page's width, for a sheet whose columns are
    laid out to fit A4 at full size (Excel's 7 pixels, 5.25 points, per character of
    width): Excel never enlarges a sheet fitted to the page, LibreOffice does (by about a
    fifth), so a fixed scale prints the same size in both."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = None  # LibreOffice fits by these alone
    ws.page_setup.scale = 100


def indicator_styles() -> list[NamedStyle]:
    """The Indicators sheet's titles: bold and not wrapped, so a title reads on one line
    across the empty cells beside it (the sheet merges no cells)."""
    return [
        NamedStyle("Pack indicator title", font=Font(name=FONT, size=12, bold=True, color="1F3864")),
        NamedStyle("Pack indicator title long", font=Font(name=FONT, size=11, bold=True, color="1F3864")),
    ]
