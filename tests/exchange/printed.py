"""Reading a pack as LibreOffice prints it: render the workbook to PDF, then read each
page's text with the size every glyph is printed at.

The size is measured, not assumed: Ghostscript's ``txtwrite`` device reports each
glyph's font size on the page, after the sheet's print scale (a sheet fitted to one
page wide prints its 10-point text smaller). The header and footer (printed in the top
and bottom margins, styles.page_setup) are told apart from the body by where they sit;
the page's sheet is the header's right-hand text (``&A``, the sheet's name).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MARGIN_POINTS = 0.75 * 72  # styles.page_setup: the top and bottom margins, which hold the header and footer
_SPAN = re.compile(r'<span bbox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)" font="[^"]*" size="([\d.]+)">')
_CHAR = re.compile(r'<char bbox="([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+" c="(.*?)"/>')
_PAGE_SIZE = re.compile(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)")


@dataclass
class Page:
    number: int
    width: float
    height: float
    sheet: str = ""
    body: list[tuple[str, float]] = field(default_factory=list)  # (character, printed points), spaces left out

    @property
    def blank(self) -> bool:
        return not self.body

    @property
    def text(self) -> str:
        return "".join(c for c, _size in self.body)

    @property
    def smallest(self) -> float:
        return min((size for _c, size in self.body), default=0.0)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render(workbook: Path, folder: Path) -> Path:
    """The workbook as LibreOffice prints it, in PDF (with a private profile, so that
    runs side by side do not share one)."""
    program = soffice()
    assert program, "LibreOffice (soffice) is not installed"
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run(
        [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(workbook)],
        check=True, capture_output=True, timeout=600,
    )
    pdf = folder / (workbook.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {workbook}"
    return pdf


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf``: its sheet, and its body text with each glyph's printed size."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    found = [Page(int(n), float(w), float(h)) for n, w, h in _PAGE_SIZE.findall(info)]
    text = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite", "-dTextFormat=0",
                           "-sOutputFile=-", str(pdf)], check=True, capture_output=True, timeout=300).stdout
    chunks = text.decode("utf-8", "replace").split("<page>")[1:]
    assert len(chunks) == len(found), f"{pdf}: {len(found)} pages but text for {len(chunks)}"
    for page, chunk in zip(found, chunks, strict=True):
        header = []
        for span in chunk.split("</span>"):
            opened = _SPAN.search(span)
            if not opened:
                continue
            size = float(opened.group(5))
            for x, y, c in _CHAR.findall(span):
                x, y, c = float(x), float(y), _glyph(html.unescape(c))
                if y < MARGIN_POINTS:
                    header.append((x, c))
                elif y > page.height - MARGIN_POINTS:
                    continue  # the footer
                elif c.strip():
                    page.body.append((c, size))
        page.sheet = "".join(c for x, c in header if x > page.width * 0.7).strip()
    return found


def _glyph(c: str) -> str:
    """Ghostscript gives Carlito's "ti" ligature as U+7400 U+6900 (each byte pair read the
    wrong way round): read those back as the letters."""
    if len(c) == 1 and ord(c) > 0xFF and not ord(c) & 0xFF:
        return chr(ord(c) >> 8)
    return c


def smallest_by_sheet(found: list[Page]) -> dict[str, float]:
    """The smallest printed size of any body glyph, by sheet."""
    sizes: dict[str, float] = {}
    for page in found:
        if page.body:
            sizes[page.sheet] = min(sizes.get(page.sheet, 99.0), page.smallest)
    return sizes


def pages_by_sheet(found: list[Page]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page in found:
        counts[page.sheet] = counts.get(page.sheet, 0) + 1
    return counts
