"""Signed change files: a file carries only what its signer's role on the importing board
may do, in the signer's own name, signed with the key the board registered for them.
The issue's attack (a member's laptop makes a file holding an action-status change and
a note "by" the chair) is refused whole, naming why; so are unsigned, altered, unknown,
withdrawn and unregistered signers. Only the secretariat publishes, and a publication
for an observer holds no exempt item nor anything under one."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from boardapp.__main__ import main
from boardapp.domain.permissions import NotAllowed
from boardapp.domain.terms import ActionStatus, AnnotatedKind, AnnotationKind, AnnotationStatus
from boardapp.exchange import change_file_format
from boardapp.exchange.change_files import ChangeFileError, export_changes, import_changes, read_change_file
from boardapp.store import identity, migrations
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Annotation, Milestone
from tests import people
from tests.conftest import file_digest
from tests.sync.boards import CHAIR, OfflineBoard, acting, first_action, offline_board
from tests.sync.helpers import answer, note, outbox_size


@pytest.fixture
def board(tmp_path, demo_file) -> OfflineBoard:  # type: ignore[no-untyped-def]
    return offline_board(tmp_path, demo_file)


def _notes(path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with open_database(path, read_only=True) as database, database.sessions() as session:
        return {n.text: n.author_name for n in session.scalars(select(Annotation))}


def _status(path, action: uuid.UUID) -> ActionStatus:  # type: ignore[no-untyped-def]
    with open_database(path, read_only=True) as database, database.sessions() as session:
        return session.scalars(select(Action.status).where(Action.uuid == action)).one()


def _below_the_store(path, actor: str, *, status: ActionStatus | None = None, note_by: str = "") -> None:  # type: ignore[no-untyped-def]
    """What a changed app on a member's laptop could write: rows straight into the
    database (its outbox records them), whatever the member's role."""
    action = first_action(path)
    with open_database(path) as database, database.session(actor) as session:
        if status is not None:
            session.scalars(select(Action).where(Action.uuid == action)).one().status = status
        if note_by:
            session.add(Annotation(
                target_kind=AnnotatedKind.ACTION, target_uuid=action, kind=AnnotationKind.ASSURANCE,
                text=f"Signed off by {note_by}", author_name=note_by, written_at=datetime.now(UTC),
            ))


def _queued(board: OfflineBoard) -> int:
    with open_database(board.secretariat, read_only=True) as database:
        return outbox_size(database)


def _refused(board: OfflineBoard, file, match: str) -> str:  # type: ignore[no-untyped-def]
    """Import ``file`` on the secretariat's copy: refused, saying ``match``, nothing written
    (nor queued: its outbox holds only the secretariat's own member changes, as before)."""
    before = (file_digest(board.secretariat), _notes(board.secretariat), _queued(board))
    with pytest.raises(ChangeFileError, match=match) as refused:
        import_changes(file, board.secretariat, acting(board.secretariat))
    assert (file_digest(board.secretariat), _notes(board.secretariat), _queued(board)) == before
    return str(refused.value)


def test_the_issues_attack_a_members_status_change_and_a_note_by_the_chair_is_refused(board: OfflineBoard, capsys):
    mo = board.laptop("Mo Member")
    action = first_action(mo)
    _below_the_store(mo, "Mo Member (member)", status=ActionStatus.COMPLETE)
    _below_the_store(mo, "Mo Member (member)", note_by=CHAIR)
    with open_database(mo) as database:
        assert export_changes(database, board.tmp / "mo.changes") == 3  # the status, its revision, the note
    why = _refused(board, board.tmp / "mo.changes", "line 2: a change of an action's status needs the right to "
                   "edit action status and RAG, which Mo Member's role on this board \\(member\\) does not have")
    assert why.startswith(str(board.tmp / "mo.changes")) and why.endswith("nothing was imported")
    assert main(["import-changes", str(board.tmp / "mo.changes"), "--db", str(board.secretariat)]) == 2
    assert "action's status" in capsys.readouterr().err
    assert _status(board.secretariat, action) is not ActionStatus.COMPLETE
    assert f"Signed off by {CHAIR}" not in _notes(board.secretariat)


def test_a_forged_note_author_is_refused_naming_the_line_and_the_claimed_author(board: OfflineBoard):
    mo = board.laptop("Mo Member")
    with open_database(mo) as database:
        note(database, identity.acting(database), "Mo's own question")
    _below_the_store(mo, "Mo Member (member)", note_by=CHAIR)
    with open_database(mo) as database:
        assert export_changes(database, board.tmp / "mo.changes") == 2
    _refused(board, board.tmp / "mo.changes", f'line 3: a note "by" {CHAIR}, but the file is signed by Mo Member')
    assert "Mo's own question" not in _notes(board.secretariat)  # refused whole


def test_a_change_made_in_someone_elses_name_is_refused(board: OfflineBoard):
    mo = board.laptop("Mo Member")
    _below_the_store(mo, f"{CHAIR} (chair)", note_by=CHAIR)
    with open_database(mo) as database:
        export_changes(database, board.tmp / "mo.changes")
    _refused(board, board.tmp / "mo.changes", f"line 2: a change made by {CHAIR}, but the file is signed by Mo Member")


def test_a_good_member_file_is_accepted_and_queued_for_the_board_server(board: OfflineBoard):
    mo, bill = board.laptop("Mo Member"), board.laptop(CHAIR)
    with open_database(mo) as database:
        written = note(database, identity.acting(database), "Why is this late?")
        export_changes(database, board.tmp / "mo.changes")
    queued = _queued(board)  # the secretariat's own member changes (keys it registered)
    report = import_changes(board.tmp / "mo.changes", board.secretariat, acting(board.secretariat))
    assert (report.applied, report.signer) == (1, "Mo Member (member)")
    assert _notes(board.secretariat)["Why is this late?"] == "Mo Member"
    assert _queued(board) == queued + 1  # relayed at the next sync
    # The chair answers it on their own laptop (the note came to it in a publication).
    with open_database(board.secretariat) as database:
        export_changes(database, board.tmp / "board2.publication", publication=True)
    import_changes(board.tmp / "board2.publication", bill, acting(bill))
    with open_database(bill) as database:
        answer(database, identity.acting(database), written, "It is not; see the milestone.")
        export_changes(database, board.tmp / "bill.changes")
    assert import_changes(board.tmp / "bill.changes", board.secretariat, acting(board.secretariat)).applied == 1
    with open_database(board.secretariat, read_only=True) as database, database.sessions() as session:
        found = session.scalars(select(Annotation).where(Annotation.uuid == written)).one()
        assert (found.status, found.answered_by) == (AnnotationStatus.ANSWERED, CHAIR)


def test_a_member_may_not_answer_a_note(board: OfflineBoard):
    mo = board.laptop("Mo Member")
    with open_database(mo) as database:
        written = note(database, identity.acting(database), "A question")
    with open_database(mo) as database, database.session("Mo Member (member)") as session:
        found = session.scalars(select(Annotation).where(Annotation.uuid == written)).one()
        found.answer, found.answered_by, found.status = "answered myself", "Mo Member", AnnotationStatus.CLOSED
    with open_database(mo) as database:
        export_changes(database, board.tmp / "mo.changes")
    _refused(board, board.tmp / "mo.changes", "line 3: a change to a annotation needs the right to answer notes")


def test_a_key_the_board_has_not_registered_is_refused_saying_how_to_register_it(board: OfflineBoard):
    mo = board.laptop("Mo Member", registered=False)
    with open_database(mo) as database:
        note(database, identity.acting(database), "from an unregistered laptop")
        export_changes(database, board.tmp / "mo.changes")
    key = change_file_format.short_key(identity_key(mo))
    why = _refused(board, board.tmp / "mo.changes", f"signed by Mo Member's laptop key {key}, which this board has "
                   "not registered for Mo Member: the secretariat registers it with `boardapp members key`")
    assert why.startswith(str(board.tmp / "mo.changes"))


def identity_key(path) -> str:  # type: ignore[no-untyped-def]
    with open_database(path, read_only=True) as database:
        found = identity.laptop_identity(database)
        assert found is not None
        return found.public_key


def _forged(board: OfflineBoard, name: str, member_uuid: uuid.UUID, records: list, *, version: int = 2,
            kind: str = "changes") -> object:
    """A file someone wrote by hand: signed with a key of their own, naming ``name``."""
    key = Ed25519PrivateKey.generate()
    header = {
        "format": change_file_format.FORMAT, "version": version, "kind": kind, "schema": migrations.head_revision(),
        "file_id": str(uuid.uuid4()), "device_id": str(uuid.uuid4()), "made_at": datetime.now(UTC).isoformat(),
        "records": len(records),
        "signer": {"member_uuid": str(member_uuid), "name": name, "public_key": change_file_format.public_hex(key)},
    }
    path = board.tmp / f"forged-{uuid.uuid4().hex[:6]}.changes"
    if version == 1:  # the old format: a checksum and no signature
        del header["signer"]
        body = "".join(json.dumps(line) + "\n" for line in [header, *records]).encode()
        path.write_bytes(body + json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n")
    else:
        path.write_bytes(change_file_format.encode(header, records, key))
    return path


def test_a_file_signed_with_someone_elses_key_is_refused(board: OfflineBoard):
    mo = board.laptop("Mo Member")
    with open_database(mo) as database:
        note(database, identity.acting(database), "genuine")
        export_changes(database, board.tmp / "mo.changes")
    _, records = read_change_file(board.tmp / "mo.changes")
    with open_database(board.secretariat, read_only=True) as database:
        mo_uuid = next(m.uuid for m in identity.members(database) if m.name == "Mo Member")
    registered = change_file_format.short_key(identity_key(mo))
    why = _refused(board, _forged(board, "Mo Member", mo_uuid, records), "which this board has not registered for Mo Member")
    assert f"it has {registered} for them" in why


def test_an_unsigned_file_is_refused(board: OfflineBoard, capsys):
    forged = _forged(board, "Mo Member", uuid.uuid4(), [], version=1)
    _refused(board, forged, "an unsigned change file \\(version 1")
    assert main(["import-changes", str(forged), "--db", str(board.secretariat)]) == 2
    assert "unsigned" in capsys.readouterr().err


def test_a_signer_who_is_not_a_member_or_is_withdrawn_is_refused(board: OfflineBoard):
    _refused(board, _forged(board, "Nobody Known", uuid.uuid4(), []), "Nobody Known is not a member of this board")
    mo = board.laptop("Mo Member")
    with open_database(mo) as database:
        note(database, identity.acting(database), "after I left")
        export_changes(database, board.tmp / "mo.changes")
    with open_database(board.secretariat) as database:
        identity.withdraw(database, identity.acting(database), "Mo Member")
    _refused(board, board.tmp / "mo.changes", "signed by Mo Member, who has been withdrawn from this board")


def test_only_the_secretariat_publishes_and_a_publication_is_taken_only_from_the_secretariat(board: OfflineBoard,
                                                                                              capsys):
    olu, mo = board.laptop("Olu Observer"), board.laptop("Mo Member")
    for laptop in (olu, mo):
        with open_database(laptop, read_only=True) as database, pytest.raises(NotAllowed, match="Only the secretariat"):
            export_changes(database, board.tmp / "theirs.publication", publication=True)
    assert main(["export-changes", "--publication", "--out", str(board.tmp / "theirs.publication"),
                 "--db", str(olu)]) == 2
    assert "Only the secretariat publishes" in capsys.readouterr().err
    assert not (board.tmp / "theirs.publication").exists()
    # A publication Mo signs by hand is not taken from him.
    with open_database(mo, read_only=True) as database:
        key = identity.signing_key(database)
        mine = identity.laptop_identity(database)
    assert mine is not None
    header = {"format": change_file_format.FORMAT, "version": 2, "kind": "publication",
              "schema": migrations.head_revision(), "file_id": str(uuid.uuid4()), "device_id": "",
              "made_at": datetime.now(UTC).isoformat(), "records": 0,
              "signer": {"member_uuid": str(mine.member_uuid), "name": "Mo Member", "public_key": mine.public_key}}
    (board.tmp / "mo.publication").write_bytes(change_file_format.encode(header, [], key))
    with pytest.raises(ChangeFileError, match="a publication signed by Mo Member \\(member\\); only the secretariat's"):
        import_changes(board.tmp / "mo.publication", board.secretariat, acting(board.secretariat))


def test_a_publication_without_exempt_items_holds_none_nor_anything_under_one(board: OfflineBoard, capsys):
    with open_database(board.secretariat, read_only=True) as database, database.sessions() as session:
        exempt = session.scalars(select(Action.uuid).join(Milestone, Milestone.action_id == Action.id)).first()
    with open_database(board.secretariat) as database:
        boss = identity.acting(database)
        note(database, boss, "A note from before the action was exempt", exempt)
        with database.session(boss.label) as session:
            action = session.scalars(select(Action).where(Action.uuid == exempt)).one()
            action.exempt = True
            title = action.title
            milestones = [m.title for m in session.scalars(select(Milestone).where(Milestone.action_id == action.id))]
    assert milestones
    out = board.tmp / "observers.publication"
    assert main(["export-changes", "--publication", "--without-exempt", "--out", str(out),
                 "--db", str(board.secretariat)]) == 0
    assert f"signed as {people.SETTER} (secretariat)" in capsys.readouterr().out
    published = out.read_text(encoding="utf-8")
    for secret in [str(exempt), title, "A note from before the action was exempt", *milestones]:
        assert json.dumps(secret)[1:-1] not in published
    assert '"exempt": true' not in published
    # The same publication with exempt items does hold them (the test would see them).
    with open_database(board.secretariat, read_only=True) as database:
        export_changes(database, board.tmp / "all.publication", publication=True)
    assert title in (board.tmp / "all.publication").read_text(encoding="utf-8")
    # And an observer's copy that takes it shows none of them.
    olu = board.laptop("Olu Observer")
    import_changes(out, olu, acting(olu))
    assert "A note from before the action was exempt" not in _notes(olu)
