"""History in change files: a laptop's change file carries the revisions its changes
wrote, the secretariat's copy takes them as they are (once, and no revision of its own
for the rows it applies) and relays them to the board server; a revision the signer's
role could not have made, one made in someone else's name, and any change or deletion of
a revision refuse the whole file."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from boardapp.domain.terms import RevisionKind, Role, TrackedKind
from boardapp.exchange.change_files import ChangeFileError, export_changes, import_changes, read_change_file
from boardapp.store import edits, history, identity
from boardapp.store.connection import open_database
from boardapp.store.models import OutboxEntry, Revision, Target
from boardapp.store.sync.service import sync_now
from tests.conftest import file_digest
from tests.sync.boards import OfflineBoard, acting, offline_board
from tests.sync.conftest import Board
from tests.sync.helpers import first_sync, outbox_size
from tests.sync.signing import offline_laptop, register

REASON = "The board agreed the national average as the target"


@pytest.fixture
def board(tmp_path, demo_file) -> OfflineBoard:  # type: ignore[no-untyped-def]
    return offline_board(tmp_path, demo_file)


def _a_target(path: Path) -> uuid.UUID:
    with open_database(path, read_only=True) as database, database.sessions() as session:
        return session.scalars(select(Target.uuid).where(Target.value.is_not(None)).order_by(Target.id)).first()


def _change_target(path: Path, value: float) -> uuid.UUID:
    target = _a_target(path)
    with open_database(path) as database:
        who = identity.acting(database)
        with database.session(who.label) as session:
            edits.set_target_value(session, who, target, value, reason=REASON)
    return target


def _revisions(path: Path, item: uuid.UUID) -> list[tuple[object, ...]]:
    with open_database(path, read_only=True) as database, database.sessions() as session:
        return [
            (r.uuid, r.kind, json.loads(r.changes), r.changed_by, r.reason)
            for r in session.scalars(select(Revision).where(Revision.item_uuid == item).order_by(Revision.id))
        ]


def _records(path: Path) -> list[tuple[str, str]]:
    return [(r["table"], r["operation"]) for r in read_change_file(path)[1]]


def _laptop(board: OfflineBoard, name: str) -> Path:
    """``name``'s laptop, with nothing of its own queued yet (a secretariat's sign-in
    registers its keys: sent already, as far as these tests go)."""
    path = board.laptop(name)
    with open_database(path) as database, database.engine.begin() as connection:
        connection.execute(OutboxEntry.__table__.delete())
    return path


def test_a_secretariats_change_file_carries_the_revision_and_the_board_keeps_it_once(board: OfflineBoard):
    pat = _laptop(board, "Pat Clerk")
    target = _change_target(pat, 42.0)
    [written] = _revisions(pat, target)
    with open_database(pat) as database:
        assert export_changes(database, board.tmp / "pat.changes") == 2
    queued = outbox_size_at(board.secretariat)
    report = import_changes(board.tmp / "pat.changes", board.secretariat, acting(board.secretariat))
    assert (report.applied, report.signer) == (2, "Pat Clerk (secretariat)")
    assert _revisions(board.secretariat, target) == [written]  # the same revision, and no other
    assert written[1:] == (RevisionKind.CHANGED, {"value": [written[2]["value"][0], 42.0]},
                           "Pat Clerk (secretariat)", REASON)
    with open_database(board.secretariat, read_only=True) as database, database.sessions() as session:
        assert session.scalars(select(Target.value).where(Target.uuid == target)).one() == 42.0
        relayed = session.scalars(select(OutboxEntry.table_name).where(OutboxEntry.id > queued)).all()
    assert relayed == ["target", "revision"]  # relayed to the board server, the revision with its change
    again = import_changes(board.tmp / "pat.changes", board.secretariat, acting(board.secretariat))
    assert (again.applied, again.skipped) == (0, 2) and _revisions(board.secretariat, target) == [written]


def outbox_size_at(path: Path) -> int:
    """The newest outbox entry's place (0 for none): what is queued after it is new."""
    with open_database(path, read_only=True) as database, database.engine.connect() as connection:
        return connection.execute(select(OutboxEntry.id).order_by(OutboxEntry.id.desc())).scalar() or 0


def _refused(board: OfflineBoard, file: Path, match: str) -> None:
    before = file_digest(board.secretariat)
    with pytest.raises(ChangeFileError, match=match):
        import_changes(file, board.secretariat, acting(board.secretariat))
    assert file_digest(board.secretariat) == before


def _write_revision(path: Path, actor: str, item: uuid.UUID, changed_by: str) -> None:
    """What a changed app could write: a revision alone, straight into the database."""
    with open_database(path) as database, database.session(actor) as session:
        session.info[history.RECORDING] = False
        session.add(Revision(
            uuid=uuid.uuid4(), item_kind=TrackedKind.TARGET, item_uuid=item, kind=RevisionKind.CHANGED,
            changes=json.dumps({"value": [50.0, 10.0]}), effective_on=date(2011, 11, 30), changed_by=changed_by,
            reason="made up",
        ))


def test_a_revision_the_signers_role_could_not_make_is_refused(board: OfflineBoard):
    mo = _laptop(board, "Mo Member")
    _write_revision(mo, "Mo Member (member)", _a_target(mo), "Mo Member (member)")
    with open_database(mo) as database:
        assert export_changes(database, board.tmp / "mo.changes") == 1
    _refused(board, board.tmp / "mo.changes",
             "line 2: a revision in the history of targets needs the right to edit targets, which Mo Member's role "
             r"on this board \(member\) does not have")


def test_a_revision_in_someone_elses_name_is_refused(board: OfflineBoard):
    pat = _laptop(board, "Pat Clerk")
    _write_revision(pat, "Pat Clerk (secretariat)", _a_target(pat), "Test Secretariat (secretariat)")
    with open_database(pat) as database:
        export_changes(database, board.tmp / "pat.changes")
    _refused(board, board.tmp / "pat.changes",
             "line 2: a revision made by Test Secretariat \\(secretariat\\), but the file is signed by Pat Clerk")


@pytest.mark.parametrize("how", ["changed", "deleted"])
def test_no_change_file_changes_or_deletes_a_revision_whoever_signs_it(board: OfflineBoard, how):
    pat = _laptop(board, "Pat Clerk")
    target = _change_target(pat, 42.0)
    with open_database(pat) as database:
        export_changes(database, board.tmp / "first.changes")
    import_changes(board.tmp / "first.changes", board.secretariat, acting(board.secretariat))
    with open_database(pat) as database:
        with database.engine.begin() as connection:
            connection.execute(OutboxEntry.__table__.delete())  # sent: the secretariat has it now
        with database.session("Pat Clerk (secretariat)") as session:
            revision = session.scalars(select(Revision).where(Revision.item_uuid == target)).one()
            if how == "changed":
                revision.reason = "nothing was agreed"
            else:
                session.delete(revision)
        assert export_changes(database, board.tmp / "pat.changes") == 1
    assert _records(board.tmp / "pat.changes") == [("revision", "update" if how == "changed" else "delete")]
    _refused(board, board.tmp / "pat.changes", "line 2: a revision cannot be changed or deleted once written")
    assert _revisions(board.secretariat, target)[0][4] == REASON


def test_a_change_file_relayed_by_the_secretariat_brings_the_revision_to_the_board_server(
    seeded_board: Board, tmp_path, demo_file
):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    seeded_board.add("Pat Clerk", Role.SECRETARIAT)
    sams = tmp_path / "sam.sqlite"
    with open_database(sams, create=True) as database:
        first_sync(database, sam_url)
    pat, _ = offline_laptop(tmp_path, demo_file, "Pat Clerk", Role.SECRETARIAT, "pat")  # never connects
    register(sams, "Pat Clerk", pat)
    target = _change_target(pat, 7.0)
    [written] = _revisions(pat, target)
    with open_database(pat) as database:
        export_changes(database, tmp_path / "pat.changes")
    import_changes(tmp_path / "pat.changes", sams, acting(sams))
    with open_database(sams) as database:
        assert sync_now(database, sam_url, None).refused == []
        assert outbox_size(database) == 0
    with seeded_board.admin_connection() as admin:
        found = admin.execute("SELECT changes, changed_by, reason FROM revision WHERE uuid = %s", [written[0]]).fetchone()
    assert (json.loads(found[0]), found[1], found[2]) == (written[2], "Pat Clerk (secretariat)", REASON)
    assert seeded_board.scalar("SELECT value FROM target WHERE uuid = %s", target) == 7.0
