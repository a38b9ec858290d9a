"""Make docs/screenshots/*.png: each main view of the window on the demo data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out FOLDER]

Builds a fresh demo database in a temporary folder, signs in as its first user (who
becomes its secretariat, as on any new board), adds one example note by a member (so
the notes views show something), opens the window at 1366x768 (the whole screen of a
small laptop) and grabs each view. The database is encrypted with a key made for the run
(BOARDAPP_KEY), so no keyring is needed or touched. To look at 1280x720 at 125% instead, run it with
QT_SCALE_FACTOR=1.25 and --size 1024x576 (the logical size) and an --out of your own.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from argparse import ArgumentParser
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The throw-away database is encrypted, as every Board App database is, with a key of this
# run's own: it works where there is no keyring (a server, CI) and leaves the user's alone.
os.environ["BOARDAPP_KEY"] = secrets.token_hex(32)

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role  # noqa: E402
from boardapp.store import annotations, identity  # noqa: E402
from boardapp.store.connection import open_database  # noqa: E402
from boardapp.store.first_run import create_database  # noqa: E402
from boardapp.store.models import Requirement  # noqa: E402
from boardapp.ui.context import BoardContext  # noqa: E402
from boardapp.ui.main_window import (  # noqa: E402
    ATTENTION,
    CHANGES,
    INDICATORS,
    INSPECTIONS,
    NOTES,
    OVERVIEW,
    PLAN,
    MainWindow,
)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
FIRST_USER = "Sam Secretariat"
EXAMPLE = "Example Member"
# Made up for the screenshots' throw-away database only.
PASSPHRASE = "screenshots only, never used again"


def settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(3):
        app.processEvents()
        while window.context.tasks.busy:
            app.processEvents()
            time.sleep(0.005)
    app.processEvents()


def main() -> int:
    parser = ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", default="1366x768", help="the window's size, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    out = args.out
    app = QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        create_database(path)
        with open_database(path) as database:
            boss = identity.first_user(database, FIRST_USER, PASSPHRASE).identity
            identity.add_member(database, boss, EXAMPLE, Role.MEMBER, PASSPHRASE)
            member = identity.verify(database, EXAMPLE, PASSPHRASE)
            with database.session(member.label) as session:
                neet = session.scalars(select(Requirement).where(Requirement.ref == "7")).one()
                annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, neet.uuid, AnnotationKind.CHALLENGE,
                                     "NEET is still 8.3% against 6.8%. What will change before the next DfE review?")
            window = MainWindow(BoardContext(database, boss))
            window.resize(width, height)
            window.show()
            settle(app, window)
            shots = [
                ("off-track", ATTENTION, lambda: None),
                ("overview", OVERVIEW, lambda: window.overview.select("7")),
                ("indicator", INDICATORS, lambda: window.indicators.show_indicator("NI 59")),
                ("plan", PLAN, lambda: window.plan.select_action("P1.2.a")),
                ("inspections", INSPECTIONS, lambda: None),
                ("notes", NOTES, lambda: window.notes.table.selectRow(0)),
            ]
            for name, view, choose in shots:
                window.show_view(view)
                settle(app, window)
                choose()
                settle(app, window)
                window.grab().save(str(out / f"{name}.png"))
            window.as_at.choose_meeting(window.as_at.meeting_index("DfE progress review · 20 May 2011"))
            window.show_view(OVERVIEW)
            settle(app, window)
            window.overview.select("1")
            settle(app, window)
            window.grab().save(str(out / "as-at.png"))
            # What changed since the October 2011 board, as at the November 2011 board.
            window.as_at.choose_meeting(window.as_at.meeting_index("Improvement Board · November 2011"))
            window.show_view(CHANGES)
            settle(app, window)
            window.grab().save(str(out / "changes.png"))
            window.close()
    print(f"wrote {len(list(out.glob('*.png')))} screenshots to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
