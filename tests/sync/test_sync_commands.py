"""The command line for IT and for a laptop: server init (with a prepared database),
add-member, sync, export-changes and import-changes."""

from __future__ import annotations

import io
import secrets

from boardapp.__main__ import main
from boardapp.store.connection import open_database
from boardapp.store.sync.server_schema import BoardRoles
from tests.sync.conftest import Board, admin_address, drop_board
from tests.sync.helpers import local_state, server_state
from tests.sync.signing import keep_server_identity


def test_it_sets_up_a_server_people_sync_and_a_file_carries_changes(pg_available, tmp_path, demo_file, capsys,
                                                                     monkeypatch):
    name = f"bt_{secrets.token_hex(5)}"
    board = Board(name, admin_address(name))
    admin = board.admin.url.render_as_string(hide_password=False)
    try:
        assert main(["server", "init", "--url", admin, "--from-db", str(demo_file)]) == 0
        assert "schema revision" in capsys.readouterr().out
        assert main(["server", "init", "--url", admin]) == 0  # again: a no-op migration, policies re-applied
        assert main(["server", "add-member", "Mia Member", "--role", "member", "--url", admin]) == 0
        out = capsys.readouterr().out
        login = BoardRoles.of(name).login_for("Mia Member")
        assert f"logs in as: {login}" in out and "one-time password" in out
        url = board.url_for(login)
        monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
        laptop = tmp_path / "laptop.sqlite"
        assert main(["sync", "--server", url, "--db", str(laptop)]) == 0  # a new copy: made, then filled
        assert "full download" in capsys.readouterr().out
        with open_database(laptop) as database:
            assert local_state(database) == server_state(board)
        # Change files are signed as the copy's user (issue 13): the copy keeps the server login's identity.
        keep_server_identity(laptop, url, "Mia Member")
        assert main(["export-changes", "--out", str(tmp_path / "none.changes"), "--db", str(laptop)]) == 0
        assert "wrote 0 changes to" in capsys.readouterr().out
        assert main(["export-changes", "--publication", "--out", str(tmp_path / "pub"), "--db", str(laptop)]) == 2
        assert "Only the secretariat publishes" in capsys.readouterr().err
        assert main(["sync", "--server", "postgresql+psycopg://x@127.0.0.1:1/board", "--db", str(laptop)]) == 2
        assert "cannot reach the board server" in capsys.readouterr().err
    finally:
        drop_board(board)
