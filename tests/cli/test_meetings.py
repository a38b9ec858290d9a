"""``boardapp meetings``: every meeting with its number, date, held or planned, kind in
words and id, and the meeting a pack is for by default; and ``--meeting`` by date in
``boardapp status``."""

from __future__ import annotations

import re

import pytest

from boardapp.domain.terms import Role
from boardapp.store import board
from boardapp.store.connection import open_database
from tests.cli.running import run
from tests.conftest import file_digest
from tests.exchange.workbooks import demo_database
from tests.people import SETTER, sign_in_at


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The demo, its first user (the test secretariat) signed in: the command line acts as them."""
    path = demo_database(tmp_path_factory.mktemp("meetings"))
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    return path


def test_the_list_gives_number_date_held_or_planned_kind_id_and_title(capsys, db):
    before = file_digest(db)
    code, out, err = run(capsys, "--db", db, "meetings")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert re.match(r"^\s+#\s+date\s+held\?\s+kind\s+id\s+meeting$", lines[0])
    with open_database(db, read_only=True) as database, database.session() as session:
        listed = board.meetings(session)
    rows = lines[1 : 1 + len(listed)]
    for number, (line, meeting) in enumerate(zip(rows, listed, strict=True), start=1):
        assert line.split()[0] == str(number)
        assert str(meeting.uuid) in line and meeting.label in line
    november = rows[3]
    assert november.split()[:5] == ["4", "2011-11", "held", "Improvement", "Board"]
    assert november.endswith("Improvement Board, November 2011 (data as at 1 November 2011)")
    assert rows[0].split()[:4] == ["1", "2020-03", "planned", "Executive"]
    dfe = next(line for line in rows if "consolidated update to DfE" in line)
    assert "DfE progress review" in dfe and " held " in dfe
    day = next(line for line in rows if "20 March 2019" in line)
    assert day.split()[1] == "2019-03-20"
    assert any("Scrutiny board" in line for line in rows) and any("Other meeting" in line for line in rows)
    assert lines[-2] == "--meeting takes a meeting's number, its id, or its date (2011-11, or 2011-11-01 for a day)."
    assert lines[-1] == ("With no meeting or date named, a pack is for number 4: Improvement Board, November 2011"
                         " (the last Improvement Board held).")
    assert file_digest(db) == before


def test_an_empty_database_says_it_records_no_meetings(capsys, tmp_path):
    with open_database(tmp_path / "empty.sqlite", create=True):
        pass
    code, out, _err = run(capsys, "meetings", "--db", tmp_path / "empty.sqlite")
    assert (code, out) == (0, "This database records no meetings.\n")


@pytest.mark.parametrize(("text", "said"), [
    ("2011-11", "As at 1 November 2011 (Improvement Board, November 2011)"),
    ("2011-11-01", "As at 1 November 2011 (Improvement Board, November 2011)"),
    ("2011-11-02", "As at 2 November 2011 (Executive Board: most recent improvement update, 2 November 2011)"),
    ("2011-05", "As at 9 May 2011 (Improvement Board: discussed the interim improvement update for DfE, 9 May 2011)"),
])
def test_status_as_at_a_meeting_by_its_date(capsys, db, text, said):
    code, out, err = run(capsys, "status", "--meeting", text, "--db", db)
    assert (code, err) == (0, "")
    assert out.startswith(said + "\n")


def test_a_date_that_could_mean_several_meetings_is_exit_2_listing_them(capsys, db):
    code, out, err = run(capsys, "status", "--meeting", "2007-11", "--db", db)
    assert (code, out) == (2, "")
    assert err.startswith("boardapp status: 3 meetings were held in November 2007: give the number or the id of one")
    assert "Leader Management Team" in err and "Overview and Scrutiny Committee" in err
    code, _out, err = run(capsys, "status", "--meeting", "2012-01", "--db", db)
    assert code == 2 and "no meeting in this database was held in January 2012; the nearest before is" in err
