"""The first paint (issue 15 item 1): the board as it last looked, painted before
SQLAlchemy, pyqtgraph or openpyxl is imported, then replaced by the main window on the
same view, in the same place; a locked start paints no board data, and an observer is
never shown an exempt requirement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableView
from shiboken6 import isValid

from boardapp.domain.terms import RagStatus, Role
from boardapp.ui.app import Application
from boardapp.ui.first_paint import LOCKED_TITLE, REPORT_ENV
from boardapp.ui.launch import first_paint
from boardapp.ui.overview_model import REF, ROW_ROLE
from boardapp.ui.settings import Settings
from boardapp.ui.view_names import ATTENTION, OVERVIEW, PLAN, VIEWS
from tests import raw
from tests.exempt import make_exempt
from tests.people import SETTER, sign_in_at
from tests.snapshot_tables import forget_snapshot, write_snapshot

HEAVY = ("sqlalchemy", "pyqtgraph", "openpyxl", "cryptography")


def by_ref(refs):  # type: ignore[no-untyped-def]
    """As the overview sorts its Ref column at first: "2" before "10"."""
    return sorted(refs, key=lambda ref: ref.rjust(12))


def table_refs(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(row, REF).data() for row in range(model.rowCount())]


def gone(window) -> bool:  # type: ignore[no-untyped-def]
    """Closed (and perhaps deleted already)."""
    return not isValid(window) or not window.isVisible()


def texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]


def painted(qapp, path: Path, *, smoke: bool = True, view: str | None = None):  # type: ignore[no-untyped-def]
    settings = Settings()
    if view is not None:
        settings.set_last_view(view)
    window = first_paint(qapp, path, settings, smoke=smoke)
    assert window is not None
    return window, settings


def handed_over(qtbot, owner: Application, first) -> None:  # type: ignore[no-untyped-def]
    """Wait until the main window is on screen in the first paint's place."""
    qtbot.waitUntil(lambda: owner.window is not None and owner.window.isVisible()
                    and not owner.window.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen), timeout=15_000)


def test_smoke_paints_the_snapshot_before_sqlalchemy_pyqtgraph_or_openpyxl_is_imported(demo_db, tmp_path):
    rows = write_snapshot(demo_db)
    report = tmp_path / "first-paint.json"
    # The overview was the view open when the window last closed (QSettings' file on Linux).
    config = tmp_path / "config" / "BoardApp" / "Board App.conf"
    config.parent.mkdir(parents=True)
    config.write_text("[window]\nview-name=Overview\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               BOARDAPP_DATA_DIR=str(tmp_path / "data"), **{REPORT_ENV: str(report)})
    done = subprocess.run([sys.executable, "-m", "boardapp", "--smoke", "--db", str(demo_db)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(report.read_text(encoding="utf-8"))
    loaded = {name.split(".")[0] for name in seen["modules"]}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "boardapp.store.connection" not in seen["modules"] and "boardapp.ui.main_window" not in seen["modules"]
    # The table painted holds the snapshot's rows (a copy no one signed in on reads as a
    # guest: no exempt row; the demo has none), as at today, fresh.
    assert seen["rows"] == by_ref(r.ref for r in rows) and len(rows) == 23
    assert seen["fresh"] is True and seen["as_at"] == date.today().isoformat() and seen["locked"] is False
    assert seen["view"] == "Overview" and seen["painted_at"] <= seen["reported_at"]
    summary = next(t for t in seen["text"] if "requirements</b>" in t)
    assert summary.startswith(f"<b>23 requirements</b> as at {date.today().day} {date.today():%B %Y}: judged ")
    assert seen["cards"] == []  # the page on screen only


def test_the_main_window_takes_over_on_the_same_view_place_and_rows(qtbot, qapp, demo_db):
    write_snapshot(demo_db)
    first, settings = painted(qapp, demo_db, view="Overview")
    assert first.view == OVERVIEW and first.table is not None
    shown = table_refs(first.table)
    assert len(shown) == 23 and not first.table.selectionModel().hasSelection()
    summary = first.summary.text()
    # Moved and resized by the person before the app has loaded: the main window opens there.
    area = first.screen().availableGeometry()
    first.setGeometry(QRect(area.x(), area.y() + 30, area.width(), area.height() - 80))
    place = first.geometry()
    owner = Application(qapp, settings, ask=False, lock_at_start=False)
    try:
        owner.open(demo_db, first_paint=first)
        window = owner.window
        assert window is not None
        # Until its view has its data, the main window is not on screen; the first paint is.
        assert (not gone(first) and not window.overview.loader.ready) or window.overview.loader.ready
        handed_over(qtbot, owner, first)
        assert gone(first)
        assert window.navigation.currentRow() == OVERVIEW and window.overview.loader.ready
        # Its top and height; its width and left too, but the test screen (889 pixels) is
        # narrower than the main window's least width, which Qt keeps, moving it to fit.
        now = window.geometry()
        assert (now.top(), now.height()) == (place.top(), place.height())
        assert now.width() == max(place.width(), window.minimumSizeHint().width())
        model = window.overview.table.model()
        assert [model.index(row, REF).data(ROW_ROLE).ref for row in range(model.rowCount())] == shown
        assert window.overview.table.currentIndex().isValid() is False
        # The same words: the summary line the first paint showed is the one the overview shows.
        assert window.overview.summary.text() == summary
    finally:
        owner.close()


def test_a_view_chosen_on_the_first_paint_is_the_one_the_main_window_opens_on(qtbot, qapp, demo_db):
    rows = write_snapshot(demo_db)
    first, settings = painted(qapp, demo_db)
    # "Off track", the first screen: the red requirements, then the amber, in the notice's order.
    off = [r.ref for r in rows if r.rag is RagStatus.RED] + [r.ref for r in rows if r.rag is RagStatus.AMBER]
    assert first.view == ATTENTION and first.painted_cards == off[:12] and len(off) == 6
    red = sum(1 for r in rows if r.rag is RagStatus.RED)
    assert any(f"as at {date.today().day} {date.today():%B %Y}: {red} of 23 requirements red" in t for t in texts(first))
    assert PLAN not in first.pages
    first.navigation.setCurrentRow(PLAN)
    assert first.stack.currentWidget() is first.pages[PLAN] and first.pages[PLAN].text() == "Loading the board…"
    owner = Application(qapp, settings, ask=False, lock_at_start=False)
    try:
        owner.open(demo_db, first_paint=first)
        handed_over(qtbot, owner, first)
        assert owner.window.navigation.currentRow() == PLAN
    finally:
        owner.close()


def test_a_locked_start_paints_no_board_data_and_takes_no_typing(qtbot, qapp, demo_db):
    rows = write_snapshot(demo_db)
    sign_in_at(demo_db, SETTER, Role.SECRETARIAT)
    first, settings = painted(qapp, demo_db, smoke=False, view="Overview")
    assert first.locked and first.windowTitle() == LOCKED_TITLE
    assert texts(first) == ["Board App is locked."]
    assert first.findChildren(QTableView) == [] and first.findChildren(QLineEdit) == []
    shown = " ".join(texts(first))
    assert not any(r.title in shown or (r.headline and r.headline in shown) for r in rows)
    owner = Application(qapp, settings, ask=True, lock_at_start=True)
    try:
        owner.open(demo_db, first_paint=first)
        window = owner.window
        assert window is not None and window.lock is not None and window.lock.locked
        assert window.isVisible() and gone(first)
        assert window.pages.currentWidget() is window.locked_page and window.windowTitle() == LOCKED_TITLE
    finally:
        if owner.window is not None and owner.window.lock is not None and owner.window.lock.dialog is not None:
            owner.window.lock.dialog.release()
        owner.close()


@pytest.mark.parametrize(("role", "sees"), [(Role.OBSERVER, False), (Role.MEMBER, True), (None, False)])
def test_exempt_requirements_are_painted_only_for_those_who_may_see_them(qapp, demo_db, role, sees):
    exempt = make_exempt(demo_db)
    rows = write_snapshot(demo_db)
    assert any(r.exempt and r.ref == exempt.requirement_ref for r in rows)
    # Making the exempt items set the board up: its first user, the secretariat, is this
    # copy's user. Then another signs in, or (None) no one has: a copy read as a guest.
    if role is not None:
        sign_in_at(demo_db, f"Test {role.value}", role)
    else:
        con = raw.connect(demo_db)
        with con:
            con.execute("DELETE FROM laptop_identity")
        con.close()
    first, _ = painted(qapp, demo_db, view="Overview")
    try:
        refs = table_refs(first.table)
        assert (exempt.requirement_ref in refs) is sees
        assert len(refs) == len(rows) - (0 if sees else 1)
        shown = " ".join(texts(first)) + " ".join(
            str(first.table.model().index(r, c).data()) for r in range(len(refs)) for c in range(8))
        assert (exempt.requirement_title in shown) is sees and ("[EXEMPT]" in shown) is sees
        assert f"<b>{len(refs)} requirements</b>" in first.summary.text()
    finally:
        first.close()


def test_a_stale_snapshot_is_painted_with_its_date_and_a_missing_one_as_loading(qapp, demo_db, tmp_path):
    yesterday = date.today() - timedelta(days=1)
    write_snapshot(demo_db, as_at=yesterday)
    first, _ = painted(qapp, demo_db, view="Overview")
    stood = f"as the board stood on {yesterday.day} {yesterday:%B %Y}; updating"
    assert stood in first.summary.text() and len(table_refs(first.table)) == 23
    first.close()
    write_snapshot(demo_db, dirty=True)  # today's, but a change since is not yet judged
    first, _ = painted(qapp, demo_db, view="Off track")
    assert any(f"as the board stood on {date.today().day} {date.today():%B %Y}; updating" in t for t in texts(first))
    first.close()
    write_snapshot(demo_db, version=2)  # a layout this version cannot read: nothing painted from it
    first, _ = painted(qapp, demo_db, view="Overview")
    assert first.table is None and first.pages[OVERVIEW].text() == "Loading the board…"
    first.close()


def test_a_database_without_the_snapshot_paints_the_frame_then_opens_as_before(qtbot, qapp, demo_db):
    forget_snapshot(demo_db)  # as a file no one has judged since migration 0009 made its tables
    first, settings = painted(qapp, demo_db, view="Overview")
    assert first.table is None and first.windowTitle().startswith("Board App – Leeds")
    assert [first.navigation.item(n).text() for n in range(first.navigation.count())] == list(VIEWS)
    owner = Application(qapp, settings, ask=False, lock_at_start=False)
    try:
        owner.open(demo_db, first_paint=first)
        handed_over(qtbot, owner, first)
        assert owner.window.navigation.currentRow() == OVERVIEW and owner.window.overview.model.rowCount() == 23
    finally:
        owner.close()
    assert QApplication.instance() is qapp


def test_the_window_options_are_read_without_the_commands_parser():
    from boardapp.__main__ import window_arguments

    assert vars(window_arguments(["--smoke", "--db", "b.sqlite"])) == {"command": None, "db": Path("b.sqlite"),
                                                                      "smoke": True}
    assert vars(window_arguments(["--db=b.sqlite"])) == {"command": None, "db": Path("b.sqlite"), "smoke": False}
    assert vars(window_arguments([])) == {"command": None, "db": None, "smoke": False}
    # A command, help, the version or a mistake: the full parser reads them and answers.
    for argv in (["check"], ["--help"], ["--version"], ["--db"], ["--smoke", "--smoke"], ["--db", "a", "--db", "b"],
                 ["--smoke", "status"]):
        assert window_arguments(argv) is None
