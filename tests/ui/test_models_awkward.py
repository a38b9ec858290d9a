"""The window's models without a window, fed awkward data (STYLE.md)."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt

from boardapp.domain.terms import RagStatus, RequirementKind, RequirementStatus
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.overview import OverviewRow, build_overview
from boardapp.ui.overview_model import HEADLINE, RAG, REF, TITLE, OverviewFilter, OverviewModel


def row(ref: str, **changes) -> OverviewRow:
    values = dict(uuid=uuid.uuid4(), ref=ref, title=f"Requirement {ref}", kind=RequirementKind.TARGET,
                  judged=RequirementStatus.IN_PROGRESS, rag=None, rag_reason="", indicators=(), headline="",
                  sparkline=(), trajectory=None, trajectory_text="", open_notes=0, exempt=False, due_soon=False)
    values.update(changes)
    return OverviewRow(**values)


def test_no_readings_and_no_targets():
    model = OverviewModel()
    model.set_rows([row("1")])
    assert model.index(0, RAG).data() == "No target"
    assert model.index(0, HEADLINE).data() == ""
    assert model.index(0, RAG).data(Qt.ItemDataRole.BackgroundRole) is None


def test_very_long_text_is_whole_in_the_tooltip():
    title = "A requirement " + "with a very long title " * 40
    model = OverviewModel()
    model.set_rows([row("1", title=title, exempt=True)])
    assert model.index(0, TITLE).data().endswith("[EXEMPT]")
    assert model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole) == title


def test_colour_is_never_alone():
    model = OverviewModel()
    model.set_rows([row(str(n), rag=status) for n, status in enumerate(RagStatus)])
    words = [model.index(r, RAG).data() for r in range(model.rowCount())]
    assert all(w.split(" ", 1)[0] in "▲◆●?–…" and len(w) > 3 for w in words)


def test_sorting_by_ref_is_numeric_and_the_red_filter_keeps_red_and_amber():
    model = OverviewModel()
    model.set_rows([row("10", rag=RagStatus.GREEN), row("2", rag=RagStatus.RED), row("1", rag=RagStatus.AMBER)])
    proxy = OverviewFilter()
    proxy.setSourceModel(model)
    proxy.sort(REF, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, REF).data() for r in range(3)] == ["1", "2", "10"]
    proxy.set_filters(only_red=True, only_due=False, text="")
    assert sorted(proxy.index(r, REF).data() for r in range(proxy.rowCount())) == ["1", "2"]


def test_three_hundred_indicators(tmp_path):
    path = tmp_path / "large.sqlite"
    create_database(path, synthetic_size="large")
    with open_database(path, read_only=True) as db, db.session() as session:
        overview = build_overview(session, date(2026, 10, 31))
        linked = session.connection().exec_driver_sql("SELECT count(*) FROM requirement_indicator").scalar_one()
    assert sum(len(r.indicators) for r in overview.rows) == linked == 240  # of the 300: 12 requirements are process ones
    model = OverviewModel()
    model.set_rows(overview.rows)
    assert model.rowCount() == 60
    assert all(model.index(r, HEADLINE).data().startswith("SYN ") for r in range(model.rowCount())
               if overview.rows[r].indicators)
    assert any(len(r.sparkline) == 24 for r in overview.rows)
