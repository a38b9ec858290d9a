"""``boardapp status`` and ``boardapp meetings``: the verdicts as the board would read
them, in text and as JSON for the secretariat's scripts, as at a date or a meeting."""

from __future__ import annotations

import json

import pytest

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from tests.cli.running import run
from tests.conftest import file_digest
from tests.exchange.workbooks import demo_database
from tests.people import SETTER, sign_in_at


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The demo, its first user (the test secretariat) signed in: the command line acts as them."""
    path = demo_database(tmp_path_factory.mktemp("status"))
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    return path


def test_json_gives_every_requirement_and_indicator_with_status_and_reason(capsys, db):
    code, out, err = run(capsys, "status", "--as-at", "2011-11-30", "--json", "--db", db)
    assert (code, err) == (0, "")
    items = json.loads(out)
    assert all("status" in item and "reason" in item and ("ref" in item or "code" in item) for item in items)
    requirements = {item["ref"]: item for item in items if "ref" in item}
    indicators = {item["code"]: item for item in items if "code" in item}
    assert len(requirements) == 23
    assert requirements["1"]["status"] == "green" and requirements["1"]["judged"] == "Met"
    assert requirements["20"]["status"] == "red" and requirements["20"]["driver"] == "CASELOAD"
    assert requirements["8"]["status"] == "no target"
    ni59 = indicators["NI 59"]
    assert (ni59["status"], ni59["figure"]) == ("green", "80.5% for August 2011")
    assert ni59["target"] == "80% standing target set by the improvement plan"
    assert ni59["unreported"].startswith("no figure reported for June 2010 (72%)")
    assert indicators["NI 79"]["status"] == "red" and indicators["NI 117"]["status"] == "red"
    assert indicators["CASELOAD"]["thresholds"][0].startswith("alert at 25")
    assert {item["as_at"] for item in items} == {"2011-11-30"}
    # Indicators in the order a reader expects: NI 59 before NI 102.
    codes = [item["code"] for item in items if "code" in item]
    assert codes.index("NI 59") < codes.index("NI 102")


def test_text_says_each_verdict_with_its_reason(capsys, db):
    code, out, _err = run(capsys, "--db", db, "status", "--as-at", "2011-11")
    assert code == 0
    assert out.startswith("As at 30 November 2011\n")
    assert "Red: Average social worker caseload (CASELOAD): 21 for September 2011 is 1 above the 20 standing target" in out
    assert "green: 80.5% for August 2011 meets the 80% standing target set by the improvement plan" in out


def test_as_at_a_meeting(capsys, db):
    code, out, _err = run(capsys, "meetings", "--db", db)
    assert code == 0
    line = next(line for line in out.splitlines() if "Improvement Board, November 2011" in line)
    number = line.split()[0]
    code, out, _err = run(capsys, "status", "--meeting", number, "--db", db)
    assert code == 0
    assert out.startswith("As at 1 November 2011 (Improvement Board, November 2011)")


def test_a_meeting_that_is_not_there_is_exit_2_and_nothing_changes(capsys, db):
    before = file_digest(db)
    code, out, err = run(capsys, "status", "--meeting", "999", "--db", db)
    assert (code, out) == (2, "")
    assert "there is no meeting 999" in err
    assert file_digest(db) == before


def test_a_missing_database_is_exit_2(capsys, tmp_path):
    code, _out, err = run(capsys, "status", "--db", tmp_path / "nowhere.sqlite")
    assert code == 2 and "nowhere.sqlite" in err
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_a_bad_date_is_refused_by_the_parser(capsys, db):
    with pytest.raises(SystemExit) as exit_:
        main(["status", "--as-at", "30/11/2011", "--db", str(db)])
    assert exit_.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_a_reader_that_stops_early_is_no_error(db):
    """`boardapp status | head`: the reader goes away before the output is written (here
    at once); no traceback, exit 0."""
    import subprocess
    import sys

    command = f'"{sys.executable}" -m boardapp status --json --as-at 2011-11-30 --db "{db}" | true'
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
