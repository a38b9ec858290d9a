"""Running the command line as a user would, and reading a database's rows back."""

from __future__ import annotations

from boardapp.__main__ import main
from tests import raw


def run(capsys, *argv):
    """``boardapp ARGV...``: the exit code and what it printed (stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def query(db, sql, *params):
    """Rows of ``sql`` on the database file ``db``, read with a raw keyed connection."""
    con = raw.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()
