"""An observer cannot produce a file holding an exempt item from the window (issue 13):
File > Export pack offers no Board choice (even when Board was the last one chosen on this
computer), and the pack it writes, read back cell by cell, names no exempt requirement,
action or note. The secretariat's window, on the same data, offers Board and its pack has
them all, so the check is not vacuous."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from boardapp.domain.terms import Role
from boardapp.exchange.pack.audience import Audience
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.export_dialog import AUDIENCE_KEY, ExportDialog
from boardapp.ui.main_window import MainWindow
from tests.exempt import leaks, make_exempt
from tests.people import person_at
from tests.ui.conftest import settle


@pytest.fixture
def exempt(demo_db):
    return make_exempt(demo_db)


def offered(dialog: ExportDialog) -> list[str]:
    return [dialog.audience.itemData(i) for i in range(dialog.audience.count())]


def export_from_the_window(qtbot, demo_db, who, out, monkeypatch, audience=None) -> list[str]:
    """Open the window as ``who``, as at today (so today's notes are in), and export the
    pack through File > Export pack; returns the audiences the dialog offered."""
    seen = []

    def choose(dialog: ExportDialog) -> int:
        seen.extend(offered(dialog))
        if audience is not None:
            dialog.audience.setCurrentIndex(dialog.audience.findData(audience.value))
        dialog.path.setText(str(out))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, who))
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)
        window.context.set_as_at(date.today(), "today")
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    return seen


def test_an_observers_export_offers_no_board_pack_and_writes_no_exempt_item(qtbot, demo_db, exempt, tmp_path,
                                                                            monkeypatch):
    QSettings().setValue(AUDIENCE_KEY, Audience.BOARD.value)  # what a secretariat chose last on this computer
    olu = person_at(demo_db, "Olu Observer", Role.OBSERVER)
    out = tmp_path / "observer.xlsx"
    offered_to_olu = export_from_the_window(qtbot, demo_db, olu, out, monkeypatch)
    assert offered_to_olu == [Audience.DFE.value, Audience.PUBLIC.value]
    assert out.is_file() and leaks(out, exempt) == set()


def test_an_observers_public_pack_from_the_window_has_no_exempt_item_either(qtbot, demo_db, exempt, tmp_path,
                                                                           monkeypatch):
    olu = person_at(demo_db, "Olu Observer", Role.OBSERVER)
    out = tmp_path / "public.xlsx"
    export_from_the_window(qtbot, demo_db, olu, out, monkeypatch, audience=Audience.PUBLIC)
    assert out.is_file() and leaks(out, exempt) == set()


def test_the_secretariats_window_offers_board_and_its_pack_has_the_exempt_items(qtbot, demo_db, exempt, tmp_path,
                                                                              monkeypatch):
    sam = person_at(demo_db, "Sam Secretariat", Role.SECRETARIAT)
    out = tmp_path / "board.xlsx"
    offered_to_sam = export_from_the_window(qtbot, demo_db, sam, out, monkeypatch, audience=Audience.BOARD)
    assert offered_to_sam == [Audience.BOARD.value, Audience.DFE.value, Audience.PUBLIC.value]
    assert leaks(out, exempt) == set(exempt.giveaways) | {exempt.action_ref}
