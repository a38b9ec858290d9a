"""Draw Board App's icon and write it for each platform (a build-time tool, run by hand).

    .venv/bin/python packaging/make_icons.py

QPainter draws the icon at every size a platform asks for (no text, so no font
differs between machines); the PNGs are then packed by hand into the two container
formats, both of which hold PNG images as they are:

- ``packaging/icons/boardapp.ico``  Windows: an ICONDIR header, one ICONDIRENTRY per
  size, then the PNG bytes (Windows Vista and later read PNG entries).
- ``packaging/icons/boardapp.icns`` macOS: ``icns`` + total length, then one
  ``(type, length, PNG)`` block per size, big-endian.
- ``packaging/icons/boardapp.png``  Linux (256 px), and the same file as
  ``resources/icons/boardapp.png`` for the app to show as its window icon.

The generated files are committed; run this again only to change the drawing.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "packaging" / "icons"
RESOURCE = ROOT / "resources" / "icons" / "boardapp.png"

BOARD = QColor("#1f4e9a")  # the chart's reading colour
PAPER = QColor("#ffffff")
RAG = (QColor("#c62828"), QColor("#ef8f00"), QColor("#2e7d32"))

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns block type -> pixel size (the @2x types hold the doubled image).
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)
LINUX_SIZE = 256


def draw(size: int) -> QImage:
    """A blue board with three rising bars, red, amber, green: the RAG at a glance."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    margin = s * 0.06
    board = QPainterPath()
    board.addRoundedRect(QRectF(margin, margin, s - 2 * margin, s - 2 * margin), s * 0.18, s * 0.18)
    painter.fillPath(board, BOARD)
    # A white sheet on the board, the bars standing on it.
    inner = QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6)
    painter.fillRect(inner, PAPER)
    gap = inner.width() * 0.08
    width = (inner.width() - 4 * gap) / 3
    for i, (colour, height) in enumerate(zip(RAG, (0.35, 0.6, 0.85), strict=True)):
        h = (inner.height() - 2 * gap) * height
        x = inner.left() + gap + i * (width + gap)
        painter.fillRect(QRectF(x, inner.bottom() - gap - h, width, h), colour)
    if size >= 32:
        pen = QPen(BOARD)
        pen.setWidthF(max(1.0, s * 0.02))
        painter.setPen(pen)
        painter.drawLine(
            int(inner.left() + gap), int(inner.bottom() - gap), int(inner.right() - gap), int(inner.bottom() - gap)
        )
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns(images: dict[int, bytes]) -> bytes:
    blocks = b"".join(
        kind.encode("ascii") + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(blocks)) + blocks


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted({*ICO_SIZES, *(size for _, size in ICNS_TYPES), LINUX_SIZE})
    images = {size: png_bytes(draw(size)) for size in sizes}
    OUT.mkdir(parents=True, exist_ok=True)
    RESOURCE.parent.mkdir(parents=True, exist_ok=True)
    (OUT / "boardapp.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    (OUT / "boardapp.icns").write_bytes(icns(images))
    (OUT / "boardapp.png").write_bytes(images[LINUX_SIZE])
    RESOURCE.write_bytes(images[LINUX_SIZE])
    for path in (OUT / "boardapp.ico", OUT / "boardapp.icns", OUT / "boardapp.png", RESOURCE):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
