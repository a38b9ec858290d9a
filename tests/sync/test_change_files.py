"""Change files: a laptop that never connects sends its notes as a file; the
secretariat's publication goes the other way. Twice changes nothing; a cut or altered
file is refused whole, the database byte for byte as it was."""

from __future__ import annotations

import hashlib
import json

import pytest

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.exchange.change_files import ChangeFileError, export_changes, import_changes
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.sync.service import sync_now, sync_status
from tests.conftest import file_digest
from tests.people import person
from tests.sync.conftest import Board
from tests.sync.helpers import copy, local_state, note, outbox_size, server_state


def _offline_copy(tmp_path, demo_file, name="offline"):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.sqlite"
    path.write_bytes(demo_file.read_bytes())
    return path


def test_a_never_connected_laptops_notes_reach_the_server_through_the_secretariat_once(
    seeded_board: Board, tmp_path, demo_file
):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    laptop = _offline_copy(tmp_path, demo_file)
    with open_database(laptop) as offline:
        typed = [note(offline, mia, f"from the train {n}") for n in range(3)]
        assert export_changes(offline, tmp_path / "mia.changes") == 3
    with copy(tmp_path, "sam") as sams:
        sync_now(sams, sam_url, None)
    first = import_changes(tmp_path / "mia.changes", tmp_path / "sam.sqlite")
    again = import_changes(tmp_path / "mia.changes", tmp_path / "sam.sqlite")
    assert (first.applied, again.applied, again.skipped) == (3, 0, 3)
    with open_database(tmp_path / "sam.sqlite") as sams:
        assert outbox_size(sams) == 3
        sync_now(sams, sam_url, None)
        assert local_state(sams) == server_state(seeded_board)
    for written in typed:
        assert seeded_board.scalar("SELECT author_name FROM annotation WHERE uuid = %s", written) == "Mia Member"
    # The laptop connects at last: its notes are already there, nothing doubles.
    with open_database(laptop) as offline:
        result = sync_now(offline, mia_url, None)
        assert (result.uploaded, result.already_there) == (0, 3)
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 3


def test_a_publication_applied_twice_changes_nothing_the_second_time(tmp_path, demo_file):
    source = _offline_copy(tmp_path, demo_file, "secretariat")
    with open_database(source) as database:
        export_changes(database, tmp_path / "board.publication", publication=True, without_exempt=True)
    target = tmp_path / "observer.sqlite"
    create_database(target, synthetic_size="typical")
    first = import_changes(tmp_path / "board.publication", target)
    second = import_changes(tmp_path / "board.publication", target)
    assert first.applied > 0 and second.applied == 0
    with open_database(source) as a, open_database(target) as b:
        watched = {"requirement": "ref, title, status", "action": "ref, status", "reading": "period, value"}
        assert local_state(a, watched) == local_state(b, watched)


def _damaged(path, how):  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    if how == "cut":
        return data[: len(data) // 2]
    if how == "altered":
        return data.replace(b"from the train 1", b"from the plane 1")
    if how == "no checksum":
        return data[: data.rstrip(b"\n").rfind(b"\n") + 1]
    if how == "rehashed but miscounted":
        lines = data.splitlines(keepends=True)
        body = b"".join(lines[:2])
        return body + json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n"
    return b"not a change file\n"


@pytest.mark.parametrize("how", ["cut", "altered", "no checksum", "rehashed but miscounted", "not one"])
def test_a_cut_or_altered_file_is_refused_whole_and_the_database_is_untouched(tmp_path, demo_file, capsys, how):
    laptop = _offline_copy(tmp_path, demo_file)
    with open_database(laptop) as offline:
        mia = person(offline, "Mia Member", Role.MEMBER)
        for n in range(3):
            note(offline, mia, f"from the train {n}")
        export_changes(offline, tmp_path / "mia.changes")
    bad = tmp_path / "bad.changes"
    bad.write_bytes(_damaged(tmp_path / "mia.changes", how))
    target = _offline_copy(tmp_path, demo_file, "secretariat")
    before = file_digest(target)
    with pytest.raises(ChangeFileError):
        import_changes(bad, target)
    assert main(["import-changes", str(bad), "--db", str(target)]) == 2
    assert "bad.changes" in capsys.readouterr().err
    assert file_digest(target) == before


def test_only_the_secretariat_may_relay_someone_elses_notes(seeded_board: Board, tmp_path, demo_file):
    mia, _ = seeded_board.add("Mia Member", Role.MEMBER)
    max_, max_url = seeded_board.add("Max Member", Role.MEMBER)
    laptop = _offline_copy(tmp_path, demo_file)
    with open_database(laptop) as offline:
        for n in range(2):
            note(offline, mia, f"Mia's {n}")
        export_changes(offline, tmp_path / "mia.changes")
    with copy(tmp_path, "max") as maxs:
        sync_now(maxs, max_url, None)
        own = note(maxs, max_, "Max's own")
    import_changes(tmp_path / "mia.changes", tmp_path / "max.sqlite")
    with open_database(tmp_path / "max.sqlite") as maxs:
        result = sync_now(maxs, max_url, None)
        assert result.uploaded == 1 and len(result.refused) == 2
        assert all("your role" in line for line in result.refused)
        assert sync_status(maxs).refused == 2  # kept, with the reason, not lost
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 1
    assert seeded_board.scalar("SELECT author_name FROM annotation WHERE uuid = %s", own) == "Max Member"
