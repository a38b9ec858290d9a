"""A withdrawn member's laptop: its unsent notes leave sealed to the secretariat, and the
board's data leaves the copy. Only a secretariat copy opens the sealed file; afterwards
the database file holds no note's text, and the app still opens it and says why."""

from __future__ import annotations

import pytest

from boardapp.domain.terms import Role
from boardapp.exchange.change_files import ChangeFileError, import_changes
from boardapp.exchange.withdrawal import empty_this_copy
from boardapp.store import dataset_info, identity, migrations
from boardapp.store.connection import open_database
from boardapp.store.database_key import database_key
from boardapp.store.emptying import EMPTIED_BECAUSE
from tests import people
from tests.sync.boards import CHAIR, OfflineBoard, acting, offline_board
from tests.sync.helpers import note

WORDS = "Children's services: the respite placement for child K is at risk"


@pytest.fixture
def board(tmp_path, pristine_demo) -> OfflineBoard:  # type: ignore[no-untyped-def]
    return offline_board(tmp_path, pristine_demo)


def _withdrawn_laptop_with_a_note(board: OfflineBoard):  # type: ignore[no-untyped-def]
    board.laptop("Pat Clerk")  # a second secretariat member, whose keys are now registered
    board.republish()  # Mo's laptop learns the secretariat's receiving keys from the publication
    mo = board.laptop("Mo Member")
    with open_database(mo) as database:
        note(database, identity.acting(database), WORDS)
    with open_database(board.secretariat) as database:
        identity.withdraw(database, identity.acting(database), "Mo Member")
    return mo


def _on_disk(path) -> bytes:  # type: ignore[no-untyped-def]
    """The database file and anything beside it that SQLite or a migration keeps."""
    found = b""
    for part in [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                 *migrations.backups_of(path)]:
        if part.exists():
            found += part.read_bytes()
    return found


def test_the_unsent_notes_leave_sealed_and_only_the_secretariat_opens_them(board: OfflineBoard):
    mo = _withdrawn_laptop_with_a_note(board)
    sealed = empty_this_copy(mo, board.tmp / "out")
    assert sealed is not None and sealed.name.startswith("unsent-changes-Mo-Member-")
    assert sealed.suffix == ".boardapp-sealed"
    assert WORDS.encode() not in sealed.read_bytes() and b"respite" not in sealed.read_bytes()
    # Another member's copy (the chair's) cannot open it, and says whose it is.
    bill = board.laptop(CHAIR)
    with pytest.raises(ChangeFileError, match=f"sealed for Pat Clerk and {people.SETTER}; this copy is {CHAIR}'s"):
        import_changes(sealed, bill, acting(bill))
    # The secretariat's copy opens it; the withdrawn member's last notes are taken.
    report = import_changes(sealed, board.secretariat, acting(board.secretariat))
    assert (report.kind, report.applied, report.signer) == ("changes", 1, "Mo Member (member)")
    with open_database(board.secretariat, read_only=True) as database, database.sessions() as session:
        from boardapp.store.annotations import list_notes

        assert [n.author for n in list_notes(session) if n.text == WORDS] == ["Mo Member"]


def test_an_altered_sealed_file_is_refused(board: OfflineBoard):
    mo = _withdrawn_laptop_with_a_note(board)
    sealed = empty_this_copy(mo, board.tmp / "out")
    assert sealed is not None
    data = bytearray(sealed.read_bytes())
    data[-5] ^= 1
    sealed.write_bytes(bytes(data))
    with pytest.raises(ChangeFileError, match="altered or damaged"):
        import_changes(sealed, board.secretariat, acting(board.secretariat))


def test_after_emptying_the_file_holds_no_note_and_the_app_opens_it_saying_why(board: OfflineBoard):
    mo = _withdrawn_laptop_with_a_note(board)
    migrations.backup(mo, "test", database_key())  # a migration's backup beside it holds the same data
    assert migrations.backups_of(mo)
    empty_this_copy(mo, board.tmp / "out")
    on_disk = _on_disk(mo)
    assert WORDS.encode() not in on_disk and b"respite placement" not in on_disk
    for name in ("Pat Clerk", "Olu Observer", CHAIR, people.SETTER):  # no member list is left either
        assert name.encode() not in on_disk
    assert migrations.backups_of(mo) == []
    with open_database(mo) as database:
        assert identity.laptop_identity(database) is None
        assert identity.members(database, include_withdrawn=True) == []
        with database.sessions() as session:
            about = dataset_info.read(session)
            from boardapp.store.models import DatasetInfo

            because = session.get(DatasetInfo, EMPTIED_BECAUSE)
        assert about.origin == "emptied" and because is not None and because.value == "the board withdrew Mo Member"


def test_a_copy_with_nothing_unsent_is_emptied_and_writes_no_file(board: OfflineBoard):
    olu = board.laptop("Olu Observer")
    assert empty_this_copy(olu, board.tmp / "out") is None
    assert not (board.tmp / "out").exists() or list((board.tmp / "out").iterdir()) == []
    with open_database(olu) as database:
        assert identity.laptop_identity(database) is None


def test_a_sealed_file_is_refused_to_a_copy_no_one_has_signed_in_on(board: OfflineBoard, tmp_path):
    mo = _withdrawn_laptop_with_a_note(board)
    sealed = empty_this_copy(mo, board.tmp / "out")
    assert sealed is not None
    with pytest.raises(ChangeFileError, match="a sealed file, and no one has signed in on this copy"):
        import_changes(sealed, mo, None)
    assert Role.SECRETARIAT  # the recipients are the secretariat's members (see the first test)
