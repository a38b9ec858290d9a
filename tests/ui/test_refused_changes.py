"""The conflicts window lists the changes the board server refused, with its reason; the
selected change's values can be corrected and the change sent again, or discarded."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select, text, update

from boardapp.domain.terms import ActionStatus, Role
from boardapp.store.connection import open_database
from boardapp.store.edits import set_action_status
from boardapp.store.models import Action, OutboxEntry
from boardapp.ui.context import BoardContext
from boardapp.ui.sync_panel import ConflictsDialog
from tests.people import sign_in

REASON = "the server refused this change for your role (permission denied for table action)"


def _refuse_all(database) -> None:  # type: ignore[no-untyped-def]
    """Mark the outbox's entries refused, as a sync does with the server's reason."""
    with database.engine.begin() as connection:
        connection.execute(update(OutboxEntry.__table__).values(refused=REASON))


def test_a_refused_change_is_corrected_and_queued_again_from_the_conflicts_window(qtbot, demo_db):
    with open_database(demo_db) as database:
        sam = sign_in(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.engine.begin() as connection:
            connection.execute(text("DELETE FROM sync_outbox"))  # the sign-in's own member changes
        with database.session(sam.label) as session:
            action = session.scalars(select(Action.uuid).order_by(Action.id)).first()
            set_action_status(session, sam, action, ActionStatus.COMPLETE, None)
        _refuse_all(database)
        context = BoardContext(database, sam)
        dialog = ConflictsDialog(context)
        qtbot.addWidget(dialog)
        refused = dialog.refused
        assert refused.table.rowCount() == 1
        assert refused.table.item(0, 0).text() == "update of action"
        assert refused.table.item(0, 2).text() == REASON
        status = refused.fields["status"]
        assert status.text() == "complete" and status.accessibleName() == "status"
        status.setText("overdue")
        qtbot.mouseClick(refused.send_again, Qt.MouseButton.LeftButton)
        assert refused.table.rowCount() == 0
        with database.engine.connect() as connection:
            entry = connection.execute(select(OutboxEntry.__table__).where(OutboxEntry.table_name == "action")).one()
            shown = connection.execute(select(Action.status).where(Action.uuid == action)).scalar_one()
        assert entry.refused == "" and json.loads(entry.payload)["status"][1] == "overdue"
        assert shown == ActionStatus.OVERDUE
        context.tasks.shutdown()


def test_a_refused_change_is_discarded_from_the_conflicts_window(qtbot, demo_db):
    with open_database(demo_db) as database:
        sam = sign_in(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.session(sam.label) as session:
            action = session.scalars(select(Action.uuid).order_by(Action.id)).first()
            set_action_status(session, sam, action, ActionStatus.COMPLETE, None)
        _refuse_all(database)
        context = BoardContext(database, sam)
        dialog = ConflictsDialog(context)
        qtbot.addWidget(dialog)
        count = dialog.refused.table.rowCount()
        assert count >= 1
        dialog.refused.table.selectRow(count - 1)
        assert dialog.refused.table.item(count - 1, 0).text() == "update of action"
        qtbot.mouseClick(dialog.refused.drop, Qt.MouseButton.LeftButton)
        assert dialog.refused.table.rowCount() == count - 1
        with database.engine.connect() as connection:
            left = connection.execute(
                select(OutboxEntry.table_name).where(OutboxEntry.table_name == "action")).all()
        assert left == []
        context.tasks.shutdown()
