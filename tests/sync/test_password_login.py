"""A real password login: a login made by `boardapp server add-member` (its password is
sent only as a SCRAM verifier) and a pg_hba.conf rule requiring scram-sha-256 for that
login on 127.0.0.1, written by this test before the server's trust rule and removed
after. A wrong password gives a clear message and exit 2; the right one syncs."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from boardapp.__main__ import main
from boardapp.store import identity
from boardapp.store.connection import open_database
from tests.sync.conftest import Board


def _reload(board: Board) -> None:
    with board.admin_connection() as admin:
        assert admin.execute("SELECT pg_reload_conf()").fetchone()[0]
        # The rule is read at reload: check the server took it (and the file has no error).
        errors = admin.execute("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL").fetchone()[0]
        assert errors == 0, "pg_hba.conf has a line the server cannot read"


@pytest.fixture
def password_rule(board: Board) -> Iterator[Callable[[str], None]]:
    """Require scram-sha-256 for one login on this board's database, for this test only."""
    hba = Path(str(board.scalar("SHOW hba_file")))
    if not os.access(hba, os.W_OK):
        pytest.fail(
            f"{hba}: this test writes a scram-sha-256 rule into the server's pg_hba.conf and cannot write it; "
            "run the tests as a user who may (CI runs them as root), or add before the trust rule a line "
            "'host all all 127.0.0.1/32 scram-sha-256' for the board's test logins"
        )
    original = hba.read_text()

    def require(login: str) -> None:
        hba.write_text(f"host {board.database} {login} 127.0.0.1/32 scram-sha-256\n{original}")
        _reload(board)

    try:
        yield require
    finally:
        hba.write_text(original)
        _reload(board)


def test_a_wrong_password_is_refused_clearly_and_the_right_one_syncs(board, password_rule, tmp_path, capsys,
                                                                     monkeypatch):
    admin = board.admin.url.render_as_string(hide_password=False)
    assert main(["server", "add-member", "Pia Password", "--role", "member", "--url", admin]) == 0
    out = capsys.readouterr().out
    login = re.search(r"logs in as: (\S+)", out).group(1)
    password = re.search(r"one-time password .*: (\S+)$", out, re.MULTILINE).group(1)
    password_rule(login)
    url = board.url_for(login)
    laptop = tmp_path / "pia.sqlite"

    monkeypatch.setattr("sys.stdin", io.StringIO("not the password\n"))
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 2
    err = capsys.readouterr().err
    assert f"refused the login '{login}': check the password" in err
    assert "Traceback" not in err and "not the password" not in err

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no password at all
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 2
    assert "check the password" in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0
    assert "now acts as Pia Password (member)" in capsys.readouterr().out
    with open_database(laptop) as database:
        assert identity.acting(database).name == "Pia Password"
        assert identity.unlock(database, password)  # the password that established it unlocks the window
        assert not identity.unlock(database, "not the password")
