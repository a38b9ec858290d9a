"""The chair's first screen, driven as a person would: what is off track and why, one
click to the indicator, the action or the full table; and the read-only banner."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QToolBar

from boardapp.domain.terms import RagStatus, Role
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import (
    ATTENTION,
    INDICATORS,
    OVERVIEW,
    PLAN,
    VIEWS,
    MainWindow,
)
from tests.people import person, person_at
from tests.store.test_attention import add_caseload_actions
from tests.ui.conftest import settle

CHAIR = ("Carol Chair", Role.CHAIR)  # who, made real on each database by tests/people.py
RED = ["3", "4", "7", "15", "20", "21"]


@pytest.fixture
def chair_window(qtbot, demo_db):
    opened = []

    def make(prepare=None):
        database = open_database(demo_db)
        opened.append(database)
        if prepare is not None:
            prepare(database)
        window = MainWindow(BoardContext(database, person(database, *CHAIR)))
        qtbot.addWidget(window)
        window.resize(1366, 696)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        window.context.set_as_at(date(2011, 11, 30), "30 November 2011")
        settle(qtbot, window)
        return window

    yield make
    for database in opened:
        database.close()


def labels(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_the_first_screen_lists_the_red_requirements_with_their_cause(qtbot, chair_window):
    window = chair_window()
    assert window.navigation.item(0).text() == "Off track" and VIEWS[ATTENTION] == "Off track"
    assert window.stack.currentWidget() is window.attention
    view = window.attention
    assert list(view.card_frames) == RED
    assert "6 of 23 requirements red and 0 amber" in view.heading.text()
    assert view.count_labels[RagStatus.RED].text() == "▲ Red 6"  # a symbol and a word, never colour alone
    assert view.count_labels[RagStatus.RED].accessibleName() == "Red: 6 requirements"
    assert view.count_labels[RagStatus.GREEN].text() == "● Green 2"
    assert view.count_labels[None].text() == "No target 13"
    for ref in RED:
        card = view.card_frames[ref]
        assert card.accessibleName() == f"Requirement {ref}, Red"
        assert "▲ Red" in labels(card)
    caseload = view.card_frames["20"]
    why = next(label for label in caseload.findChildren(QLabel) if label.accessibleName() == "Why CASELOAD is red")
    assert "Average social worker caseload" in why.text()
    assert "21 for September 2011 is 1 above the 20 standing target" in why.text()
    said = labels(caseload)
    for words in ("21 for September 2011", "20 standing target set by the service redesign", "1 above the target",
                  "lower is better", "down from 23 in June 2011 (better)", "ADVPRAC green, CASELOAD-LAC no data"):
        assert words in said
    assert "Trajectory:" not in said  # the target is due: judged on its figure, not projected
    assert caseload.findChild(QPushButton, "indicator-CASELOAD").accessibleName() == "Open indicator CASELOAD"
    assert view.card_frames["4"].findChild(QPushButton, "indicator-NI 79") is not None
    assert "higher is better" in labels(view.card_frames["4"])
    # The demo plan ties one action to requirement 7 (inferred in leeds.toml) and none to
    # requirement 4: the card lists the one and says so of the other.
    assert "Re-tender local IAG services under the new IAG framework · owner: none named" in labels(
        view.card_frames["7"])
    assert "no plan action is tied to requirement 4 or to NI 79" in labels(view.card_frames["4"])


def test_tied_actions_show_their_owner_and_due_date_and_open_in_one_click(qtbot, chair_window):
    window = chair_window(add_caseload_actions)
    view = window.attention
    caseload = view.card_frames["20"]
    said = labels(caseload)
    assert "Recruit 40 newly qualified social workers · owner: Chief Officer, Children's Social Work · due 31 Mar 2012" \
        in said
    assert "Weekly caseload review in every team · owner: Head of Workforce Development · due 31 Oct 2011" in said
    assert "⚠ past its due date" in said and "serves CASELOAD" in said
    assert "Weekly caseload review in every team" in labels(view.card_frames["21"])
    button = caseload.findChild(QPushButton, "action-P2.3.c")
    assert button.accessibleName() == "Open action P2.3.c"
    view.scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.stack.currentIndex() == PLAN
    assert window.plan.current_action().ref == "P2.3.c"


def test_one_click_to_the_indicator_the_full_table_and_back(qtbot, chair_window):
    window = chair_window()
    view = window.attention
    button = view.card_frames["20"].findChild(QPushButton, "indicator-CASELOAD")
    view.scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.stack.currentIndex() == INDICATORS
    assert window.indicators.current_code() == "CASELOAD"
    assert window.indicators.verdict.text().startswith("▲ Red: 21 for September 2011 is 1 above the 20 standing target")
    window.show_view(ATTENTION)
    qtbot.mouseClick(view.full_table, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.stack.currentIndex() == OVERVIEW and window.overview.table.model().rowCount() == 23
    window.show_view(ATTENTION)
    show = next(b for b in view.card_frames["21"].findChildren(QPushButton)
                if b.accessibleName() == "Show requirement 21 in the full table")
    view.scroll.ensureWidgetVisible(show)
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.stack.currentIndex() == OVERVIEW and window.overview.current_row().ref == "21"


def test_ctrl_1_is_the_first_screen_and_ctrl_2_the_full_table(qtbot, chair_window):
    window = chair_window()
    view_menu = window.menuBar().actions()[2].menu()
    shortcuts = {a.text(): a.shortcut().toString() for a in view_menu.actions() if a.text()}
    assert shortcuts["&1 Off track"] == "Ctrl+1" and shortcuts["&2 Overview"] == "Ctrl+2"
    assert shortcuts["&6 Notes"] == "Ctrl+6"
    window.show_view(PLAN)
    next(a for a in view_menu.actions() if a.text() == "&1 Off track").trigger()
    assert window.stack.currentWidget() is window.attention


def test_the_first_screen_follows_the_as_at_date(qtbot, chair_window):
    window = chair_window()
    view = window.attention
    window.context.set_as_at(date(2011, 5, 20), "DfE progress review · 20 May 2011")
    settle(qtbot, window)
    assert view.card_frames == {}
    assert "No requirement is red or amber as at 20 May 2011." in labels(view.cards)
    assert "as at 20 May 2011: 0 of 23 requirements red" in view.heading.text()
    window.as_at.back_to_today()
    settle(qtbot, window)
    assert list(view.card_frames) == RED


def test_a_read_only_database_shows_its_banner_above_the_views(qtbot, demo_db, monkeypatch):
    from tests.ui.test_read_only_and_failures import unwritable

    person_at(demo_db, *CHAIR)  # made before the file is read-only
    unwritable(monkeypatch, demo_db)
    with open_database(demo_db) as database:
        context = BoardContext(database, person(database, *CHAIR))
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(1024, 504)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        banner = window.findChild(QLabel, "read-only-banner")
        assert banner is window.read_only_banner and banner.isVisible() and banner.wordWrap()
        assert banner.text() == context.read_only_banner and banner.accessibleName() == "Read-only banner"
        top = QPoint(0, 0)
        assert banner.mapTo(window, top).y() < window.as_at.mapTo(window, top).y() < window.stack.mapTo(window, top).y()
        assert window.findChild(QToolBar, "read-only-bar") is None
        assert window.size().width() == 1024  # it wraps: the window is not widened
        context.tasks.shutdown()


def test_a_board_with_more_reds_than_cards_shows_the_first_and_says_how_many_more(qtbot, chair_window, monkeypatch):
    """Cards are widgets: a board with hundreds of reds (the large synthetic one) shows the
    first MAX_CARDS (12) and says how many more and where they are. Tried with 4 of the
    demo's 6."""
    from boardapp.ui import attention_view

    monkeypatch.setattr(attention_view, "MAX_CARDS", 4)
    window = chair_window()
    view = window.attention
    assert len(view.attention.items) == 6
    assert list(view.card_frames) == RED[:4]
    assert "2 more red or amber requirements are not shown here" in labels(view)


def test_a_card_lists_at_most_six_tied_actions_and_says_how_many_more(qtbot, chair_window, monkeypatch):
    from boardapp.ui import attention_view

    monkeypatch.setattr(attention_view, "MAX_ACTIONS", 1)
    window = chair_window(prepare=add_caseload_actions)
    card = window.attention.card_frames["20"]
    text = labels(card)
    assert "… and 3 more tied actions: see the plan." in text  # the two added and the demo's own two
