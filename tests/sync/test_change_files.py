"""Change files: a laptop that never connects sends its notes as a file; the
secretariat's publication goes the other way. Twice changes nothing; a cut, altered or
unsigned file is refused whole, the database byte for byte as it was."""

from __future__ import annotations

import hashlib
import json

import pytest

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.exchange.change_files import ChangeFileError, export_changes, import_changes
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.sync.service import sync_now
from tests import people
from tests.conftest import file_digest
from tests.people import person
from tests.sync.boards import OfflineBoard
from tests.sync.conftest import Board
from tests.sync.helpers import local_state, note, outbox_size, server_state
from tests.sync.signing import acting, keys_of, offline_laptop, register, server_copy


def test_a_never_connected_laptops_notes_reach_the_server_through_the_secretariat_once(
    seeded_board: Board, tmp_path, demo_file
):
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    # Mia's laptop has never connected: it has the board (Mia the server's member, so the
    # same member everywhere) from the secretariat's publication, and her passphrase.
    sam = server_copy(tmp_path, "sam", sam_url, "Sam Secretariat")
    with open_database(tmp_path / "sam.sqlite") as sams:
        identity.set_passphrase(sams, sam, "Mia Member", people.passphrase_of("Mia Member"))
        export_changes(sams, tmp_path / "board.publication", publication=True)
    laptop = OfflineBoard(tmp_path, tmp_path / "sam.sqlite", tmp_path / "board.publication").laptop("Mia Member")
    mia = acting(laptop)  # the secretariat registered her laptop's keys
    with open_database(laptop) as offline:
        typed = [note(offline, mia, f"from the train {n}") for n in range(3)]
        assert export_changes(offline, tmp_path / "mia.changes") == 3
    with open_database(tmp_path / "sam.sqlite", read_only=True) as sams:
        registered = outbox_size(sams)  # the secretariat's registration of Mia's keys goes up too
    first = import_changes(tmp_path / "mia.changes", tmp_path / "sam.sqlite", sam)
    again = import_changes(tmp_path / "mia.changes", tmp_path / "sam.sqlite", sam)
    assert (first.applied, again.applied, again.skipped) == (3, 0, 3)
    assert first.signer == "Mia Member (member)"
    with open_database(tmp_path / "sam.sqlite") as sams:
        assert outbox_size(sams) == registered + 3
        sync_now(sams, sam_url, None)
        assert local_state(sams) == server_state(seeded_board)
    for written in typed:
        assert seeded_board.scalar("SELECT author_name FROM annotation WHERE uuid = %s", written) == "Mia Member"
    # The laptop connects at last: its notes are already there, nothing doubles.
    with open_database(laptop) as offline:
        result = sync_now(offline, mia_url, None)
        assert (result.uploaded, result.already_there) == (0, 3)
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 3


def test_a_publication_reaches_a_new_copy_on_its_confirmed_key_and_twice_changes_nothing(tmp_path, demo_file, capsys):
    source, setter = offline_laptop(tmp_path, demo_file, people.SETTER, Role.SECRETARIAT, "secretariat")
    with open_database(source) as database:
        people.person(database, "Ola Observer", Role.OBSERVER)
        export_changes(database, tmp_path / "board.publication", publication=True, without_exempt=True)
    key, _ = keys_of(source)
    target = tmp_path / "observer.sqlite"
    create_database(target, synthetic_size="typical")
    # A copy no one has signed in on cannot check the signer: it asks for the key.
    with pytest.raises(ChangeFileError, match="--trust-key"):
        import_changes(tmp_path / "board.publication", target, None)
    assert main(["import-changes", str(tmp_path / "board.publication"), "--db", str(target),
                 "--trust-key", "00" * 32]) == 2
    assert "not the key you gave" in capsys.readouterr().err
    assert main(["import-changes", str(tmp_path / "board.publication"), "--db", str(target), "--trust-key", key]) == 0
    assert f"signed by {people.SETTER} (secretariat)" in capsys.readouterr().out
    with open_database(source) as a, open_database(target) as b:
        watched = {"requirement": "ref, title, status", "action": "ref, status", "reading": "period, value"}
        assert local_state(a, watched) == local_state(b, watched)
        # The members came with their passphrases: the observer signs in on the new copy.
        ola = identity.sign_in(b, "Ola Observer", people.passphrase_of("Ola Observer")).identity
    second = import_changes(tmp_path / "board.publication", target, ola)
    assert second.applied == 0
    assert setter.role is Role.SECRETARIAT


def _damaged(path, how):  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    if how == "cut":
        return data[: len(data) // 2]
    if how == "altered":
        return data.replace(b"from the train 1", b"from the plane 1")
    if how == "altered and rehashed":  # the checksum made again; the signature cannot be
        body, _, trailer = data[:-1].rpartition(b"\n")
        body = body.replace(b"from the train 1", b"from the plane 1") + b"\n"
        signed = json.loads(trailer) | {"sha256": hashlib.sha256(body).hexdigest()}
        return body + json.dumps(signed).encode() + b"\n"
    if how == "no checksum":
        return data[: data.rstrip(b"\n").rfind(b"\n") + 1]
    if how == "rehashed but miscounted":
        lines = data.splitlines(keepends=True)
        body = b"".join(lines[:2])
        return body + json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n"
    return b"not a change file\n"


@pytest.mark.parametrize(
    "how", ["cut", "altered", "altered and rehashed", "no checksum", "rehashed but miscounted", "not one"]
)
def test_a_cut_or_altered_file_is_refused_whole_and_the_database_is_untouched(tmp_path, demo_file, capsys, how):
    laptop, mia = offline_laptop(tmp_path, demo_file, "Mia Member", Role.MEMBER)
    with open_database(laptop) as offline:
        mia = person(offline, "Mia Member", Role.MEMBER)
        for n in range(3):
            note(offline, mia, f"from the train {n}")
        export_changes(offline, tmp_path / "mia.changes")
    bad = tmp_path / "bad.changes"
    bad.write_bytes(_damaged(tmp_path / "mia.changes", how))
    target, boss = offline_laptop(tmp_path, demo_file, people.SETTER, Role.SECRETARIAT, "secretariat")
    with open_database(target) as database:
        identity.add_member(database, boss, "Mia Member", Role.MEMBER)
    register(target, "Mia Member", laptop)
    before = file_digest(target)
    with pytest.raises(ChangeFileError):
        import_changes(bad, target, acting(target))
    assert main(["import-changes", str(bad), "--db", str(target)]) == 2
    assert "bad.changes" in capsys.readouterr().err
    assert file_digest(target) == before


def test_only_the_secretariat_imports_a_members_change_file(seeded_board: Board, tmp_path, demo_file, capsys):
    seeded_board.add("Mia Member", Role.MEMBER)
    max_, max_url = seeded_board.add("Max Member", Role.MEMBER)
    laptop, mia = offline_laptop(tmp_path, demo_file, "Mia Member", Role.MEMBER)
    with open_database(laptop) as offline:
        for n in range(2):
            note(offline, mia, f"Mia's {n}")
        export_changes(offline, tmp_path / "mia.changes")
    maxs = server_copy(tmp_path, "max", max_url, "Max Member")
    with open_database(tmp_path / "max.sqlite") as database:
        note(database, maxs, "Max's own")
    with pytest.raises(ChangeFileError, match="only the secretariat imports members' change files") as refused:
        import_changes(tmp_path / "mia.changes", tmp_path / "max.sqlite", maxs)
    assert "this copy is Max Member (member)'s" in str(refused.value)
    assert main(["import-changes", str(tmp_path / "mia.changes"), "--db", str(tmp_path / "max.sqlite")]) == 2
    assert "only the secretariat" in capsys.readouterr().err
    with open_database(tmp_path / "max.sqlite") as database:
        assert outbox_size(database) == 1
        assert sync_now(database, max_url, None).uploaded == 1
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 1
    assert seeded_board.scalar("SELECT author_name FROM annotation") == "Max Member"
    assert max_.name == "Max Member"
