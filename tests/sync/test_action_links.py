"""An action's links (the requirements, indicators and recommendations it serves) travel
up as other changes do: one ``replace`` per changed set, queued with the change, applied
once by operation id, through change files too; only the secretariat may replace them,
and an observer never receives the links of an exempt action."""

from __future__ import annotations

import json
import uuid
from datetime import date

import psycopg
import pytest
from sqlalchemy import select, text

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.exchange.change_files import (
    export_changes,
    import_changes,
    read_change_file,
)
from boardapp.store import actions as plan_actions
from boardapp.store.actions import ActionFields
from boardapp.store.connection import Database, open_database
from boardapp.store.models import Action, OutboxEntry, Requirement
from boardapp.store.sync import download
from boardapp.store.sync.connect import ServerAddress, connect
from boardapp.store.sync.service import sync_now, sync_status
from boardapp.store.sync.upload import Operation, apply_operations
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync, outbox_size
from tests.sync.signing import offline_laptop, register, server_copy

LINKS = ("action_requirement", "action_indicator", "action_recommendation")
OTHER = {"action_requirement": ("requirement", "requirement_id"), "action_indicator": ("indicator", "indicator_id"),
         "action_recommendation": ("recommendation", "recommendation_id")}
KEY = {"requirement": "ref", "indicator": "code", "recommendation": "ref"}


def _choice(database: Database, kind: str, key: str) -> uuid.UUID:
    with database.session() as session:
        found = plan_actions.choices(session)
    return next(c.uuid for c in getattr(found, kind) if c.key == key)


def _fields(database: Database, requirements=("1",), indicators=("NI 59",), recommendations=()) -> ActionFields:  # type: ignore[no-untyped-def]
    return ActionFields(
        title="Weekly audit of initial assessments out of time", owner="Head of Service, Duty and Advice",
        due_on=date(2011, 9, 30), status=ActionStatus.IN_PROGRESS, rag=Rag.AMBER,
        requirements=tuple(_choice(database, "requirements", r) for r in requirements),
        indicators=tuple(_choice(database, "indicators", i) for i in indicators),
        recommendations=tuple(_choice(database, "recommendations", r) for r in recommendations),
    )


def _add(database: Database, who: Identity, fields: ActionFields, ref: str = "P2.1.z") -> uuid.UUID:
    with database.session() as session:
        area = next(a for a in plan_actions.choices(session).areas if a.key == "P2.1")
    with database.session(who.label) as session:
        return plan_actions.add_action(session, who, area.uuid, ref, fields)


def _local_links(database: Database, action: uuid.UUID) -> dict[str, set[str]]:
    found = {}
    with database.engine.connect() as connection:
        for link in LINKS:
            other, column = OTHER[link]
            found[link] = set(connection.execute(text(
                f"SELECT x.{KEY[other]} FROM {link} l JOIN action a ON a.id = l.action_id"
                f" JOIN {other} x ON x.id = l.{column} WHERE a.uuid = :u"), {"u": action.hex}).scalars())
    return found


def _server_links(board: Board, action: uuid.UUID) -> dict[str, set[str]]:
    found = {}
    with board.admin_connection() as connection:
        for link in LINKS:
            other, column = OTHER[link]
            found[link] = {r[0] for r in connection.execute(
                f"SELECT x.{KEY[other]} FROM {link} l JOIN action a ON a.id = l.action_id"
                f" JOIN {other} x ON x.id = l.{column} WHERE a.uuid = %s", [action]).fetchall()}
    return found


def test_an_action_added_with_links_reaches_the_server_and_another_laptop_with_them(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mine:
        sam = first_sync(sams, sam_url)
        first_sync(mine, mia_url)
        added = _add(sams, sam, _fields(sams, recommendations=("APA2008-1",)))
        wanted = {"action_requirement": {"1"}, "action_indicator": {"NI 59"}, "action_recommendation": {"APA2008-1"}}
        assert _local_links(sams, added) == wanted
        result = sync_now(sams, sam_url, None)
        assert (result.uploaded, result.refused) == (5, [])  # the action, its revision, its three sets of links
        assert _server_links(seeded_board, added) == wanted
        assert not sync_now(mine, mia_url, None).full_download
        assert _local_links(mine, added) == wanted

        # Changed: the server's links become exactly the new set, and so do the other copy's.
        with sams.session(sam.label) as session:
            fields = plan_actions.fields_of(session, added)
        changed = _fields(sams, requirements=("7", "1"), indicators=(), recommendations=("APA2008-1",))
        with sams.session(sam.label) as session:
            plan_actions.update_action(session, sam, added, changed)
        assert fields.requirements != changed.requirements
        result = sync_now(sams, sam_url, None)
        assert (result.uploaded, result.refused) == (2, [])  # requirements and indicators; recommendations unchanged
        wanted = {"action_requirement": {"1", "7"}, "action_indicator": set(), "action_recommendation": {"APA2008-1"}}
        assert _server_links(seeded_board, added) == _local_links(sams, added) == wanted
        sync_now(mine, mia_url, None)
        assert _local_links(mine, added) == wanted
        assert outbox_size(sams) == 0
    # The server's audit log names who replaced them.
    assert seeded_board.scalar(
        "SELECT count(*) FROM audit_log WHERE table_name = 'action_requirement' AND actor = 'Sam Secretariat'") == 2


def test_a_retried_replace_changes_nothing_and_unsent_links_survive_a_download(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    pat, pat_url = seeded_board.add("Pat Performance", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "pat") as pats:
        sync_now(sams, sam_url, None)
        sync_now(pats, pat_url, None)
        target = _target(sams)
        with sams.session(sam.label) as session:
            plan_actions.update_action(session, sam, target, _fields(sams, requirements=("3",), indicators=()))
        with sams.engine.connect() as connection:
            queued = connection.execute(select(OutboxEntry.__table__).where(
                OutboxEntry.__table__.c.operation == "replace")).all()
        # Pat changes the same action's status meanwhile; Sam's download must not undo Sam's unsent links.
        with pats.session(pat.label) as session:
            row = session.scalars(select(Action).where(Action.uuid == target)).one()
            row.status = ActionStatus.COMPLETE
        sync_now(pats, pat_url, None)
        with connect(ServerAddress.parse(sam_url), None, autocommit=True) as pg:  # Sam downloads only
            download.download(pg, sams.engine)
        assert _local_links(sams, target)["action_requirement"] == {"3"}
        sync_now(sams, sam_url, None)
        assert _server_links(seeded_board, target)["action_requirement"] == {"3"}
        # The same operations again (a reply that was lost): the ledger knows them.
        ops = [Operation(e.op_id, e.device_id, e.id, e.table_name, e.row_uuid, e.operation, json.loads(e.payload))
               for e in queued]
        with connect(ServerAddress.parse(sam_url), None, autocommit=True) as pg:
            outcomes = apply_operations(pg, ops)
        assert [(o.applied, o.refused) for o in outcomes] == [(False, "")] * len(ops)
        assert _server_links(seeded_board, target)["action_requirement"] == {"3"}


def _target(database: Database, ref: str = "P1.1.a") -> uuid.UUID:
    with database.session() as session:
        return session.scalars(select(Action.uuid).where(Action.ref == ref)).first()


def test_a_members_crafted_change_of_links_is_refused_and_kept_with_the_reason(seeded_board: Board, tmp_path):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "mia") as mine:
        sync_now(mine, mia_url, None)
        target = _target(mine)
        before = _server_links(seeded_board, target)
        assert _local_links(mine, target) == before
        # The app refuses her (no EDIT_PLAN); she writes the links herself, below it.
        with mine.session(mia.label) as session:
            row = session.scalars(select(Action).where(Action.uuid == target)).one()
            row.requirements = list(session.scalars(select(Requirement).where(Requirement.ref.in_(["5", "6"]))))
        assert sync_status(mine).pending_changes == 1
        result = sync_now(mine, mia_url, None)
        assert result.uploaded == 0 and len(result.refused) == 1
        assert "your role" in result.refused[0] and "action_requirement" in result.refused[0]
        status = sync_status(mine)
        assert (status.pending_changes, status.refused) == (0, 1)  # kept, with the reason, not lost
        with mine.engine.connect() as connection:
            reason = connection.execute(text("SELECT refused FROM sync_outbox")).scalar_one()
        assert "permission denied" in reason
        assert _local_links(mine, target) == before  # put back as the server has them
    assert _server_links(seeded_board, target) == before
    # Raw SQL over her own connection is refused by the server's grants.
    with seeded_board.connect_as(mia_url) as connection:
        for statement in ("DELETE FROM action_requirement", "INSERT INTO action_indicator VALUES (1, 1)",
                          "UPDATE action_recommendation SET action_id = action_id"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)


def test_an_observer_never_receives_the_links_of_an_exempt_action(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "olu") as olus:
        sync_now(sams, sam_url, None)
        sync_now(olus, olu_url, None)
        hidden = _add(sams, sam, _fields(sams), ref="P2.1.y")
        shown = _add(sams, sam, _fields(sams), ref="P2.1.z")
        with sams.session(sam.label) as session:  # marked exempt as it is entered
            session.scalars(select(Action).where(Action.uuid == hidden)).one().exempt = True
        sync_now(sams, sam_url, None)
        assert _server_links(seeded_board, hidden)["action_requirement"] == {"1"}
        sync_now(olus, olu_url, None)  # incremental
        assert _local_links(olus, shown)["action_requirement"] == {"1"}
        with olus.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM action WHERE exempt")).scalar() == 0
        # Links changed later still do not reach the observer, nor does a full download show them.
        with sams.session(sam.label) as session:
            plan_actions.update_action(session, sam, hidden, _fields(sams, requirements=("7",)))
        sync_now(sams, sam_url, None)
        sync_now(olus, olu_url, None)
        with copy(tmp_path, "olu2") as fresh:
            assert sync_now(fresh, olu_url, None).full_download
            for database in (olus, fresh):
                with database.engine.connect() as connection:
                    owners = set(connection.execute(text(
                        "SELECT a.uuid FROM action_requirement l JOIN action a ON a.id = l.action_id")).scalars())
                assert hidden.hex not in {uuid.UUID(str(o)).hex for o in owners}
    # Nor can the observer read them with raw SQL: the link tables' row-level security.
    hidden_id = seeded_board.scalar("SELECT id FROM action WHERE uuid = %s", hidden)
    with seeded_board.connect_as(olu_url) as connection:
        for link in LINKS:
            assert connection.execute(f"SELECT count(*) FROM {link} WHERE action_id = %s", [hidden_id]).fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM action_requirement").fetchone()[0] > 0
    with seeded_board.connect_as(sam_url) as connection:
        assert connection.execute(
            "SELECT count(*) FROM action_requirement WHERE action_id = %s", [hidden_id]).fetchone()[0] == 1


def test_a_change_file_carries_the_links_and_importing_it_twice_changes_nothing(
    seeded_board: Board, tmp_path, demo_file
):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    # Sue's laptop never connects; signed in, it signs its file (issue 13).
    laptop, secretary = offline_laptop(tmp_path, demo_file, "Sue Secretariat", Role.SECRETARIAT)
    with open_database(laptop) as offline:
        added = _add(offline, secretary, _fields(offline, recommendations=("APA2008-1",)))
        target = _target(offline)
        with offline.session(secretary.label) as session:
            plan_actions.update_action(session, secretary, target, _fields(offline, requirements=("2", "4")))
        wanted_new, wanted_changed = _local_links(offline, added), _local_links(offline, target)
        # The new action, its revision and its three sets of links; P1.1.a's update, its
        # revision and its three changed sets (it loses its recommendation).
        assert export_changes(offline, tmp_path / "sue.changes") == 10
    _, records = read_change_file(tmp_path / "sue.changes")
    assert sorted((r["table"], r["operation"]) for r in records if r["operation"] == "replace") == sorted(
        [(link, "replace") for link in LINKS] * 2)
    sam = server_copy(tmp_path, "sam", sam_url, "Sam Secretariat")
    register(tmp_path / "sam.sqlite", "Sue Secretariat", laptop, role=Role.SECRETARIAT)
    with open_database(tmp_path / "sam.sqlite", read_only=True) as sams:
        registered = outbox_size(sams)  # Sue added as a member, her keys registered: they go up too
    first = import_changes(tmp_path / "sue.changes", tmp_path / "sam.sqlite", sam)
    with open_database(tmp_path / "sam.sqlite") as sams:
        after_first = (_local_links(sams, added), _local_links(sams, target), outbox_size(sams))
    again = import_changes(tmp_path / "sue.changes", tmp_path / "sam.sqlite", sam)
    assert (first.records, first.applied, again.applied, again.skipped) == (10, 10, 0, 10)
    with open_database(tmp_path / "sam.sqlite") as sams:
        assert (_local_links(sams, added), _local_links(sams, target), outbox_size(sams)) == after_first
        assert after_first == (wanted_new, wanted_changed, registered + 10)
        assert wanted_changed["action_recommendation"] == set()
        result = sync_now(sams, sam_url, None)
        assert (result.uploaded, result.refused) == (registered + 10, [])
    assert _server_links(seeded_board, added) == wanted_new
    assert _server_links(seeded_board, target) == wanted_changed
