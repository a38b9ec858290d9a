from __future__ import annotations

import pytest

from boardapp.__main__ import main
from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import MainWindow
from boardapp.ui.overview_model import STATUS, STATUS_WORDS, OverviewModel

MEMBER = Identity("Ann Member", Role.MEMBER)


@pytest.fixture
def typical(tmp_path):
    path = tmp_path / "typical.sqlite"
    create_database(path, synthetic_size="typical")
    return path


def test_the_window_lists_every_requirement_and_says_synthetic(qtbot, typical):
    with open_database(typical) as database:
        window = MainWindow(BoardContext(database, MEMBER))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        table = window.overview.table
        assert table.model().rowCount() == 12
        assert "SYNTHETIC (typical)" in window.windowTitle()
        status = table.model().index(0, STATUS).data()
        assert status in STATUS_WORDS.values() and status[0] in "✔◐✖➜–"


def test_the_overview_model_with_no_rows():
    model = OverviewModel()
    model.set_rows([])
    assert model.rowCount() == 0 and model.columnCount() == 5


def test_smoke_on_first_run_makes_the_demo_database_in_the_data_folder(private_data_folder, qapp):
    assert main(["--smoke"]) == 0
    assert (private_data_folder / "board.sqlite").is_file()
    assert main(["check"]) == 0
