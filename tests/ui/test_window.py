"""The real window, driven as a person would: clicks, keys, and what changed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import INDICATORS, NOTES, OVERVIEW, VIEWS, MainWindow
from boardapp.ui.overview_model import JUDGED, RAG, REF
from tests.people import person
from tests.ui.conftest import settle

MEMBER = ("Ann Member", Role.MEMBER)  # who, made real on each database by tests/people.py
SECRETARIAT = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py


@pytest.fixture
def open_window(qtbot):
    opened = []

    def make(path, identity=MEMBER, view=OVERVIEW):
        """The window, showing ``view`` (the overview: these tests drive its table)."""
        database = open_database(path)
        window = MainWindow(BoardContext(database, person(database, *identity)))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.show_view(view)
        settle(qtbot, window)
        opened.append(database)
        return window

    yield make
    for database in opened:
        database.close()


def click_row(qtbot, table, row, column=REF):
    index = table.model().index(row, column)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(table, ref):
    model = table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, REF).data() == ref)


def test_picking_a_requirement_shows_its_chart_with_the_right_points_and_targets(qtbot, open_window, demo_db):
    window = open_window(demo_db)
    table = window.overview.table
    assert table.model().rowCount() == 23
    click_row(qtbot, table, row_of(table, "1"))
    assert "Requirement 1" in window.overview.page.toPlainText()
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(table.model().index(row_of(table, "1"), REF)).center())
    assert window.stack.currentIndex() == INDICATORS
    chart = window.indicators.chart.series
    assert chart.code == "NI 59"
    assert [(p.period.code, p.value) for p in chart.points] == [("2010-08", 78.3), ("2011-08", 80.5)]
    assert [(p.period.code, p.value) for p in chart.spans] == [("2010-03..2010-10", 80.1)]
    # The plan's standing 80% is drawn from March 2010, when it took effect, to the latest reading.
    assert {(t.period.code, t.value) for t in chart.targets} == {
        ("2010-06", 72.0), ("2010-10", 80.0), ("2010-10..2011-03", 80.0), ("2010-03..2010-10", 80.0),
        ("2010-03..2011-08", 80.0)}
    assert window.indicators.narrative.text().startswith("August 2011:")
    assert "80.5%" in window.indicators.narrative.text()
    assert window.indicators.readings_model.rowCount() == 3


def test_a_note_survives_reopening_and_the_secretariat_answers_and_closes_it(qtbot, open_window, demo_db):
    window = open_window(demo_db, MEMBER)
    table = window.overview.table
    click_row(qtbot, table, row_of(table, "7"))
    panel = window.overview.notes
    qtbot.keyClicks(panel.editor, "Why is NEET still above 8%?")
    panel.kind.setCurrentIndex(panel.kind.findText("Challenge"))
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.editor.toPlainText() == ""
    assert panel.list.count() == 1
    assert table.model().index(row_of(table, "7"), 7).data() == "1"  # open notes column
    window.close()
    window.context.database.close()

    window = open_window(demo_db, SECRETARIAT)
    window.show_view(NOTES)
    settle(qtbot, window)
    notes = window.notes
    assert notes.model.rowCount() == 1
    note = notes.model.rows[0]
    assert (note.text, note.author, note.kind.value) == ("Why is NEET still above 8%?", "Ann Member", "challenge")
    assert note.target_label.startswith("Requirement 7")
    notes.table.selectRow(0)
    qtbot.keyClicks(notes.answer, "The new definition added 400 young people; see the July comparators.")
    qtbot.mouseClick(notes.answer_close_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    answered = notes.model.rows[0]
    assert answered.status.value == "closed" and answered.answered_by == "Sam Secretariat"
    assert "400 young people" in notes.detail.toPlainText()
    notes.status.setCurrentIndex(notes.status.findText("● Open"))
    assert notes.proxy.rowCount() == 0
    notes.status.setCurrentIndex(notes.status.findText("✔ Closed"))
    notes.kind.setCurrentIndex(notes.kind.findText("Challenge"))
    assert notes.proxy.rowCount() == 1


def test_a_member_cannot_answer_and_the_buttons_say_why(qtbot, open_window, demo_db):
    window = open_window(demo_db, MEMBER)
    window.show_view(NOTES)
    settle(qtbot, window)
    assert not window.notes.answer_button.isEnabled()
    assert "Only the chair and the secretariat" in window.notes.answer_button.toolTip() or \
        "Choose a note" in window.notes.answer_button.toolTip()


def test_an_observer_cannot_write_notes(qtbot, open_window, demo_db):
    window = open_window(demo_db, ("Olu", Role.OBSERVER))
    click_row(qtbot, window.overview.table, 0)
    panel = window.overview.notes
    assert not panel.save.isEnabled() and "you are signed in as observer" in panel.save.toolTip()


def test_switching_to_a_past_meeting_shows_what_the_board_knew_then(qtbot, open_window, demo_db):
    window = open_window(demo_db)
    bar = window.as_at
    labels = [bar.meetings.itemText(i) for i in range(bar.meetings.count())]
    review = labels.index("DfE progress review · 20 May 2011")
    board = labels.index("Improvement Board · 9 May 2011")

    bar.choose_meeting(board)
    settle(qtbot, window)
    assert window.context.as_at == date(2011, 5, 9)
    assert bar.banner.isVisible() and "Read-only" in bar.banner.text()
    table = window.overview.table
    assert "no reading yet" in table.model().index(row_of(table, "1"), 4).data()
    assert table.model().index(row_of(table, "1"), JUDGED).data() == "– Not judged yet"

    bar.choose_meeting(review)  # the DfE review of 20 May 2011 had the 80.1% cumulative
    settle(qtbot, window)
    assert "NI 59 80.1%" in table.model().index(row_of(table, "1"), 4).data()
    click_row(qtbot, table, row_of(table, "1"))
    assert not window.overview.notes.save.isEnabled()

    qtbot.mouseClick(bar.back, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.context.as_at is None and not bar.banner.isVisible()
    assert "NI 59 80.5%" in table.model().index(row_of(table, "1"), 4).data()


def test_only_red_and_amber(qtbot, open_window, demo_db):
    window = open_window(demo_db)
    qtbot.mouseClick(window.overview.only_red, Qt.MouseButton.LeftButton)
    model = window.overview.table.model()
    shown = {model.index(r, RAG).data() for r in range(model.rowCount())}
    assert shown and shown <= {"▲ Red", "◆ Amber"}
    assert "Showing" in window.overview.summary.text()


def test_the_window_says_synthetic(qtbot, open_window, tmp_path):
    path = tmp_path / "typical.sqlite"
    create_database(path, synthetic_size="typical")
    window = open_window(path)
    assert "SYNTHETIC (typical)" in window.windowTitle()
    assert window.overview.table.model().rowCount() == 12


def test_as_at_the_november_2011_update_the_window_says_what_the_report_says(qtbot, open_window, demo_db):
    """The overview's RAG column and the requirement page agree with the engine (and so
    with 003); the indicator page gives the verdict with its rule in words."""
    window = open_window(demo_db)
    window.context.set_as_at(date(2011, 11, 30), "as at 30 November 2011")
    settle(qtbot, window)
    table = window.overview.table
    model = table.model()
    rag = {model.index(r, REF).data(): model.index(r, RAG).data() for r in range(model.rowCount())}
    assert rag["1"].endswith("Green") and rag["2"].endswith("Green")
    assert all(rag[ref].endswith("Red") for ref in ("3", "4", "7", "15", "20", "21"))
    assert not any(text.endswith("Amber") for text in rag.values())
    click_row(qtbot, table, row_of(table, "20"))
    page = window.overview.page.toPlainText()
    assert "Why: Average social worker caseload (CASELOAD): 21 for September 2011 is 1 above the 20 standing target" in page
    # Opening requirement 20 opens the indicator that makes it red, not its first.
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(model.index(row_of(table, "20"), REF)).center())
    settle(qtbot, window)
    assert window.stack.currentIndex() == INDICATORS
    assert window.indicators.verdict.text().startswith("▲ Red: 21 for September 2011 is 1 above the 20 standing target")
    assert "alert at 25" in window.indicators.targets.toPlainText()
    window.show_view(OVERVIEW)
    first = model.index(row_of(table, "1"), REF)
    table.scrollTo(first)
    click_row(qtbot, table, row_of(table, "1"))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(first).center())
    settle(qtbot, window)
    assert window.stack.currentIndex() == INDICATORS
    assert window.indicators.verdict.text().startswith(
        "● Green: 80.5% for August 2011 meets the 80% standing target set by the improvement plan")
    targets = window.indicators.targets.toPlainText()
    assert "The target that matters now" in targets and "no figure reported for June 2010 (72%)" in targets


def test_smoke_on_first_run_makes_the_demo_database_in_the_data_folder(private_data_folder, qapp):
    assert main(["--smoke"]) == 0
    assert (private_data_folder / "board.sqlite").is_file()
    assert main(["check"]) == 0


def test_smoke_paints_whichever_view_was_last_open(private_data_folder, qapp, demo_db):
    from boardapp.ui.settings import Settings

    for view in VIEWS:
        Settings().set_last_view(view)
        assert main(["--smoke", "--db", str(demo_db)]) == 0



def test_the_window_reopens_on_the_view_it_closed_on_by_name(qtbot, demo_db):
    from PySide6.QtCore import QSettings

    from boardapp.ui.main_window import PLAN
    from boardapp.ui.settings import Settings

    def reopen():
        database = open_database(demo_db)
        window = MainWindow(BoardContext(database, person(database, *MEMBER)), Settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window, database

    window, database = reopen()
    window.show_view(PLAN)
    window.close()
    database.close()
    window, database = reopen()
    assert VIEWS[window.navigation.currentRow()] == "Plan"
    window.close()
    database.close()

    # A number saved by the version before "Off track" came first (0 was Overview then)
    # still opens the view it meant, and is replaced by the name on closing.
    QSettings().remove("window/view-name")
    QSettings().setValue("window/view", 0)
    window, database = reopen()
    assert VIEWS[window.navigation.currentRow()] == "Overview"
    window.close()
    database.close()
    assert QSettings().value("window/view-name") == "Overview" and QSettings().value("window/view") is None
