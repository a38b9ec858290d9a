"""History on the board server: a revision written on a laptop goes up with the change
it records and down to every copy that may read its item (none of an exempt item to an
observer), once, never doubled by the download; the server keeps it append-only, even
against the secretariat's login and the database owner; an existing server is upgraded
by `server init` and keeps its data; a note's meetings travel both ways."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import psycopg
import pytest
from sqlalchemy import create_engine, pool, select, text

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import ActionStatus, AnnotatedKind, AnnotationKind, Role, TrackedKind
from boardapp.store import edits, history, migrations
from boardapp.store.annotations import answer_note
from boardapp.store.connection import Database
from boardapp.store.models import Action, Annotation, Meeting, Member, Milestone, Target
from boardapp.store.models.base import utc_now
from boardapp.store.sync import service
from boardapp.store.sync.errors import ServerTooOld
from boardapp.store.sync.refused import discard, list_refused
from boardapp.store.sync.server_schema import init_server
from boardapp.store.sync.service import sync_now, sync_status
from boardapp.store.sync.upload import Operation, apply_operations
from tests.sync.conftest import Board
from tests.sync.helpers import copy, established, first_sync, migrate_server, set_status

REASON = "DfE agreed a lower trajectory after the Ofsted monitoring visit"


def _a_target(database: Database) -> tuple[uuid.UUID, float]:
    with database.session() as session:
        target = session.scalars(select(Target).where(Target.value.is_not(None)).order_by(Target.id)).first()
        return target.uuid, target.value


def _change_target(database: Database, who: Identity, target: uuid.UUID, value: float, reason: str) -> None:
    who = established(database, who)
    with database.session(who.label) as session:
        edits.set_target_value(session, who, target, value, reason=reason)


def _local_revisions(database: Database, item: uuid.UUID | None = None) -> list[tuple[object, ...]]:
    where = "" if item is None else " WHERE item_uuid = :item"
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(f"SELECT uuid, item_kind, kind, changes, changed_by, reason FROM revision{where} ORDER BY uuid"),
            {} if item is None else {"item": item.hex},
        ).all()
    return [(str(uuid.UUID(str(r[0]))), *r[1:]) for r in rows]


def _server_revisions(board: Board, item: uuid.UUID | None = None) -> list[tuple[object, ...]]:
    where = "" if item is None else " WHERE item_uuid = %s"
    with board.admin_connection() as connection:
        rows = connection.execute(
            f"SELECT uuid, item_kind, kind, changes, changed_by, reason FROM revision{where} ORDER BY uuid::text",
            [] if item is None else [item],
        ).fetchall()
    return [(str(r[0]), *r[1:]) for r in rows]


@contextmanager
def _sam_and_mia(board: Board, tmp_path) -> Iterator[tuple[Database, Identity, str, Database, Identity, str]]:
    """Sam (the secretariat) and Mia (a member), each with a copy synced once with the
    board: Sam's copy, who it acts as and its URL, then Mia's."""
    _, sam_url = board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mine:
        yield sams, first_sync(sams, sam_url), sam_url, mine, first_sync(mine, mia_url), mia_url


def test_a_target_changed_with_a_reason_reaches_the_server_and_another_copy_once(seeded_board: Board, tmp_path):
    with _sam_and_mia(seeded_board, tmp_path) as (sams, sam, sam_url, mine, _, mia_url):
        target, was = _a_target(sams)
        _change_target(sams, sam, target, was - 5, REASON)
        assert sync_status(sams).pending_changes == 2  # the target and its revision, in one push
        result = sync_now(sams, sam_url, None)
        assert result.refused == [] and result.uploaded == 2

        # On the board server: the old value, the new one, who and why.
        [(_, kind, revision_kind, changes, by, why)] = _server_revisions(seeded_board, target)
        assert (kind, revision_kind, json.loads(changes)) == ("target", "changed", {"value": [was, was - 5]})
        assert (by, why) == ("Sam Secretariat (secretariat)", REASON)
        assert seeded_board.scalar("SELECT value FROM target WHERE uuid = %s", target) == was - 5
        # And in the server's audit log, in the server's own words.
        with seeded_board.admin_connection() as admin:
            [(actor, audited)] = admin.execute(
                "SELECT actor, changes FROM audit_log WHERE table_name = 'target' AND row_uuid = %s"
                " AND operation = 'update'", [target]).fetchall()
        assert actor == "Sam Secretariat" and json.loads(audited)["value"] == [was, was - 5]

        # The download that followed the upload brought the revision back: still one.
        assert _local_revisions(sams, target) == _server_revisions(seeded_board, target)

        # A second copy: the target as changed, the revision once (the download writes none of its own).
        sync_now(mine, mia_url, None)
        assert _local_revisions(mine, target) == _server_revisions(seeded_board, target)
        assert _local_revisions(mine) == _server_revisions(seeded_board)
        with mine.engine.connect() as connection:
            [change] = history.changes_of(connection, TrackedKind.TARGET, [target])[target]
            value = connection.execute(select(Target.value).where(Target.uuid == target)).scalar_one()
        assert (change.old("value"), change.new("value"), change.reason, value) == (was, was - 5, REASON, was - 5)
        assert change.changed_by == "Sam Secretariat (secretariat)"
        sync_now(mine, mia_url, None)
        sync_now(sams, sam_url, None)
        assert len(_local_revisions(mine, target)) == len(_local_revisions(sams, target)) == 1


def test_a_revision_goes_in_the_push_of_its_change_and_is_refused_with_it(seeded_board: Board, tmp_path,
                                                                          monkeypatch):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    pushes: list[list[str]] = []
    applying = service.apply_operations

    def watched(connection, ops):  # type: ignore[no-untyped-def]
        pushes.append([op.table_name for op in ops])
        return applying(connection, ops)

    with copy(tmp_path, "sam") as sams:
        sam = first_sync(sams, sam_url)
        monkeypatch.setattr(service, "UPLOAD_BATCH", 1)  # a push of one: the revision still goes with its change
        monkeypatch.setattr(service, "apply_operations", watched)
        with sams.session() as session:
            targets = list(session.scalars(select(Target.uuid).where(Target.value.is_not(None)).order_by(Target.id)))[:2]
        kept, gone = targets
        _change_target(sams, sam, kept, 1.5, REASON)
        with seeded_board.admin_connection() as admin:  # meanwhile the secretariat's other laptop removed it
            admin.execute("DELETE FROM target WHERE uuid = %s", [gone])
        _change_target(sams, sam, gone, 2.5, "a change of a target the server no longer has")
        result = sync_now(sams, sam_url, None)
        assert pushes == [["target", "revision"], ["target", "revision"]]
        assert len(result.refused) == 1 and "no longer on the server" in result.refused[0]
        assert len(_server_revisions(seeded_board, kept)) == 1
        assert _server_revisions(seeded_board, gone) == []  # no history of a change the server never made
        [refused] = list_refused(sams)  # one refused change; its revision goes with it
        assert refused.what == "update of target" and sync_status(sams).refused == 1
        discard(sams, sam, refused.op_id)
        assert _local_revisions(sams, gone) == [] and sync_status(sams).refused == 0
        assert sync_status(sams).pending_changes == 0


def _set_exempt(board: Board, action: uuid.UUID) -> None:
    with board.admin_connection() as admin:
        admin.execute("UPDATE action SET exempt = true WHERE uuid = %s", [action])


def _two_actions_with_milestones(board: Board) -> list[uuid.UUID]:
    with board.admin_connection() as admin:
        rows = admin.execute(
            "SELECT a.uuid FROM action a WHERE NOT a.exempt AND EXISTS (SELECT 1 FROM milestone m WHERE m.action_id = a.id)"
            " ORDER BY a.id LIMIT 2"
        ).fetchall()
    return [r[0] for r in rows]


def _finish_a_milestone(database: Database, who: Identity, action: uuid.UUID) -> uuid.UUID:
    with database.session(established(database, who).label) as session:
        milestone = session.scalars(
            select(Milestone).join(Action).where(Action.uuid == action).order_by(Milestone.position)
        ).first()
        milestone.done_on = date(2011, 11, 30)
        return milestone.uuid


def test_an_observer_never_receives_the_history_of_an_exempt_item(seeded_board: Board, tmp_path):
    open_action, exempt_action = _two_actions_with_milestones(seeded_board)
    _set_exempt(seeded_board, exempt_action)
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "olu") as olus:
        sam = first_sync(sams, sam_url)
        set_status(sams, sam, open_action, ActionStatus.COMPLETE)
        set_status(sams, sam, exempt_action, ActionStatus.COMPLETE)
        hidden_milestone = _finish_a_milestone(sams, sam, exempt_action)
        assert sync_now(sams, sam_url, None).refused == []
        hidden = {r[0] for r in _server_revisions(seeded_board, exempt_action)}
        hidden |= {r[0] for r in _server_revisions(seeded_board, hidden_milestone)}
        assert len(hidden) == 2

        sync_now(olus, olu_url, None)
        held = {r[0] for r in _local_revisions(olus)}
        assert {r[0] for r in _server_revisions(seeded_board, open_action)} <= held
        assert not held & hidden
        # Nor does the observer's own login read them, or the change feed name them.
        with seeded_board.connect_as(olu_url) as olu:
            assert olu.execute("SELECT count(*) FROM revision WHERE uuid = ANY(%s)",
                               [[uuid.UUID(u) for u in hidden]]).fetchone()[0] == 0
            assert olu.execute("SELECT count(*) FROM sync_change WHERE row_uuid = ANY(%s)",
                               [[uuid.UUID(u) for u in hidden]]).fetchone()[0] == 0

        # An item marked exempt later takes its history with it from the observer's copy.
        with sams.session(sam.label) as session:
            session.scalars(select(Action).where(Action.uuid == open_action)).one().exempt = True
        assert sync_now(sams, sam_url, None).refused == []
        sync_now(olus, olu_url, None)
        assert _local_revisions(olus, open_action) == []
        assert len(_server_revisions(seeded_board, open_action)) == 2  # the status, then the exemption


def test_revisions_on_the_server_are_never_changed_or_deleted(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams:
        sam = first_sync(sams, sam_url)
        target, was = _a_target(sams)
        _change_target(sams, sam, target, was + 1, REASON)
        sync_now(sams, sam_url, None)
    [(revision, *_)] = _server_revisions(seeded_board, target)
    with seeded_board.connect_as(sam_url) as sam_login:
        for crafted in ("UPDATE revision SET reason = 'nothing happened'", "DELETE FROM revision",
                        "TRUNCATE revision"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sam_login.execute(crafted)
        # Nor through a crafted upload: a change or deletion of a revision is refused.
        device = uuid.uuid4()
        ops = [
            Operation(uuid.uuid4(), device, 1, "revision", uuid.UUID(revision), "update",
                      {"reason": [REASON, "nothing happened"]}),
            Operation(uuid.uuid4(), device, 2, "revision", uuid.UUID(revision), "delete", {}),
        ]
        assert all(outcome.refused for outcome in apply_operations(sam_login, ops))
    # Nor may a member write one.
    with seeded_board.connect_as(mia_url) as mia_login, pytest.raises(psycopg.errors.InsufficientPrivilege):
        mia_login.execute(
            "INSERT INTO revision (uuid, item_kind, item_uuid, kind, changes, effective_on, changed_at,"
            " changed_by, reason, source, created_at, updated_at) VALUES (gen_random_uuid(), 'target', %s,"
            " 'changed', '{}', '2011-11-30', now(), 'Mia Member', '', '', now(), now())", [target])
    with seeded_board.admin_connection() as owner:  # and the database's owner is refused too
        for crafted in ("UPDATE revision SET reason = 'nothing happened'", "DELETE FROM revision",
                        "TRUNCATE revision"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                owner.execute(crafted)
    assert _server_revisions(seeded_board, target)[0][5] == REASON


# --- an existing server, made before history ---------------------------------------------


def _as_the_previous_version_left_it(board: Board) -> None:
    """Schema 0007, as a server made before history has it: no revision table, no meetings
    on notes. (The previous version's change-feed policy named no revisions: it goes
    first, so that Alembic may take the table away.)"""
    with board.admin_connection() as admin:
        admin.execute("DROP POLICY board_read ON sync_change")
    engine = create_engine(board.admin.sqlalchemy_url(None), poolclass=pool.NullPool)
    try:
        migrate_server(engine, "0007", down=True)
    finally:
        engine.dispose()


def _what_the_server_holds(board: Board) -> dict[str, object]:
    with board.admin_connection() as admin:
        found = {
            table: admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("requirement", "action", "milestone", "target", "reading", "meeting", "member",
                          "annotation", "audit_log", "action_requirement")
        }
        found["statuses"] = sorted(admin.execute("SELECT uuid::text, status FROM action").fetchall())
        found["notes"] = sorted(admin.execute("SELECT uuid::text, text, author_name FROM annotation").fetchall())
        found["board_id"] = admin.execute("SELECT value FROM sync_meta WHERE key = 'board_id'").fetchone()[0]
        found["audit_chain"] = admin.execute(
            "SELECT count(*) FROM audit_log WHERE hash IS DISTINCT FROM board_audit_hash(prev_hash, id, uuid, at, actor,"
            " table_name, row_uuid, operation, changes)").fetchone()[0]
    return found


def test_an_existing_server_is_upgraded_by_server_init_and_keeps_its_data(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    _as_the_previous_version_left_it(seeded_board)
    with seeded_board.admin_connection() as admin:  # the board at work before the upgrade
        admin.execute("UPDATE action SET status = 'overdue' WHERE id = (SELECT min(id) FROM action)")
        admin.execute(
            "INSERT INTO annotation (uuid, target_kind, target_uuid, kind, text, author_id, author_name, written_at,"
            " status, answer, answered_by, exempt, created_at, updated_at) SELECT gen_random_uuid(), 'action', uuid,"
            " 'question', 'Why is this late?', NULL, 'Mia Member', now(), 'open', '', '', false, now(), now()"
            " FROM action ORDER BY id LIMIT 1")
        assert admin.execute("SELECT to_regclass('public.revision')").fetchone()[0] is None
    before = _what_the_server_holds(seeded_board)
    assert before["audit_chain"] == 0
    # This version's laptops wait for the upgrade.
    with copy(tmp_path, "sam") as sams, pytest.raises(ServerTooOld, match="server init"):
        sync_now(sams, sam_url, None)

    assert init_server(seeded_board.admin, None) == migrations.head_revision()
    assert init_server(seeded_board.admin, None) == migrations.head_revision()  # and again: nothing changes
    assert _what_the_server_holds(seeded_board) == before
    with seeded_board.admin_connection() as admin:
        columns = {r[0] for r in admin.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'annotation'")}
        assert {"meeting_id", "answered_meeting_id"} <= columns
        assert admin.execute("SELECT count(*) FROM revision").fetchone()[0] == 0

    with copy(tmp_path, "sam") as sams, copy(tmp_path, "olu") as olus:
        sam = first_sync(sams, sam_url)
        target, was = _a_target(sams)
        _change_target(sams, sam, target, was + 2, REASON)
        assert sync_now(sams, sam_url, None).refused == []
        sync_now(olus, olu_url, None)
        assert _local_revisions(olus, target) == _server_revisions(seeded_board, target) != []
    with seeded_board.connect_as(sam_url) as sam_login, pytest.raises(psycopg.errors.InsufficientPrivilege):
        sam_login.execute("DELETE FROM revision")


# --- the question log's meetings ---------------------------------------------------------


def _meetings(database: Database) -> tuple[Meeting, Meeting]:
    with database.session() as session:
        found = session.scalars(select(Meeting).order_by(Meeting.held_on, Meeting.id)).all()
        session.expunge_all()
    return found[-2], found[-1]


def _meetings_of(database: Database, note: uuid.UUID) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    with database.session() as session:
        found = session.scalars(select(Annotation).where(Annotation.uuid == note)).one()
        by_id = {m.id: m.uuid for m in session.scalars(select(Meeting))}
        return by_id.get(found.meeting_id), by_id.get(found.answered_meeting_id)


def test_the_meeting_a_question_was_asked_at_and_answered_at_travel_both_ways(seeded_board: Board, tmp_path):
    with _sam_and_mia(seeded_board, tmp_path) as (sams, sam, sam_url, mine, mia, mia_url):
        asked_at, answered_at = _meetings(mine)
        with mine.session(mia.label) as session:  # a question asked at a meeting
            me = session.scalars(select(Member).where(Member.name == "Mia Member")).one()
            action = session.scalars(select(Action).order_by(Action.id)).first()
            question = Annotation(
                target_kind=AnnotatedKind.ACTION, target_uuid=action.uuid, kind=AnnotationKind.QUESTION,
                text="When will the audit report?", author=me, author_name="Mia Member",
                written_at=utc_now(), meeting_id=asked_at.id,
            )
            session.add(question)
            session.flush()
            asked = question.uuid
        assert sync_now(mine, mia_url, None).refused == []
        assert seeded_board.scalar(
            "SELECT m.uuid FROM annotation a JOIN meeting m ON m.id = a.meeting_id WHERE a.uuid = %s", asked
        ) == asked_at.uuid
        sync_now(sams, sam_url, None)
        assert _meetings_of(sams, asked) == (asked_at.uuid, None)

        with sams.session(sam.label) as session:  # answered at the next
            answer_note(session, sam, asked, "The audit reports in January.")
            session.scalars(select(Annotation).where(Annotation.uuid == asked)).one().answered_meeting_id = (
                session.scalars(select(Meeting.id).where(Meeting.uuid == answered_at.uuid)).one()
            )
        assert sync_now(sams, sam_url, None).refused == []
        sync_now(mine, mia_url, None)
        assert _meetings_of(mine, asked) == (asked_at.uuid, answered_at.uuid)
        assert _meetings_of(sams, asked) == (asked_at.uuid, answered_at.uuid)
