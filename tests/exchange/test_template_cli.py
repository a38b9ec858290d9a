"""``boardapp template``: the round trip (write the template, fill it in with openpyxl,
import it with ``boardapp import-readings``, find the readings in the database), an
untouched template importing nothing, the as-at and meeting options, and bad input
refused with exit 2 and any existing file left as it was."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.exchange.template import HEADER_ROW
from tests.cli.running import query, run
from tests.conftest import file_digest
from tests.exchange.workbooks import copy_database
from tests.people import passphrase_of, person_at

NOVEMBER_2011 = "November 2011 consolidated update to DfE"


@pytest.fixture
def db(pristine_demo, tmp_path):
    return copy_database(pristine_demo, tmp_path)


def reading(db, code, period):
    return query(db, "SELECT r.value, r.numerator, r.denominator, r.status, r.source, r.entered_by FROM reading r "
                     "JOIN indicator i ON i.id = r.indicator_id WHERE i.code = ? AND r.period = ?", code, period)


def due_rows(ws):
    """{(indicator cell, period): row number} of the Readings table."""
    return {(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value): r
            for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value}


def test_fill_in_the_template_and_import_it(db, tmp_path, capsys, monkeypatch):
    template = tmp_path / "readings.xlsx"
    code, out, err = run(capsys, "template", "--out", template, "--as-at", "2011-11-01", "--db", db)
    assert (code, err) == (0, "")
    assert "97 readings of 44 indicators due as at 1 November 2011; 75 indicators in the drop-down" in out
    assert not list(tmp_path.glob(".*partial"))

    workbook = openpyxl.load_workbook(template)
    ws = workbook["Readings"]
    column = {c.value: c.column for c in ws[HEADER_ROW]}
    rows = due_rows(ws)
    entries = {row[9].value.split(" - ")[0]: row[9].value for row in workbook["Indicators"].iter_rows(min_row=4)}
    ni59 = entries["NI 59"]
    ws.cell(row=rows[(ni59, "2011-09")], column=column["Value"], value=81.2)
    for heading, value in (("Numerator", 160), ("Denominator", 200), ("Status", "validated")):
        ws.cell(row=rows[(ni59, "2011-10")], column=column[heading], value=value)
    # a reading that was not listed, its indicator picked from the drop-down
    added = ws.max_row + 1
    for heading, value in (("Indicator", entries["CAF"]), ("Period", "FY2011/12"), ("Value", "1,100")):
        ws.cell(row=added, column=column[heading], value=value)
    workbook.save(template)

    person_at(db, "Pat Officer", Role.SECRETARIAT)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Pat Officer"))
    code, out, err = run(capsys, "import-readings", template, "--db", db, "--as", "Pat Officer")
    assert code == 0, err
    assert "3 new, 0 revised, 0 updated, 0 unchanged" in out
    assert "95 rows with no value (an indicator and period only); skipped" in err
    assert "not a column the importer knows" not in err  # Unit, Last period, Last figure are the template's own
    assert reading(db, "NI 59", "2011-09") == [(81.2, None, None, "provisional", "readings.xlsx", "Pat Officer")]
    assert reading(db, "NI 59", "2011-10") == [(80.0, 160.0, 200.0, "validated", "readings.xlsx", "Pat Officer")]
    assert reading(db, "CAF", "FY2011/12") == [(1100.0, None, None, "provisional", "readings.xlsx", "Pat Officer")]
    # nothing was made of the last figures beside the empty rows
    assert reading(db, "NI 60", "2011-09") == [] and reading(db, "CASELOAD-LAC", "2011-10") == []

    # Imported today, the figures are known from today: as at 1 November 2011 the same is
    # still due; as at today NI 59's last figure is October 2011's.
    code, out, _ = run(capsys, "template", "--out", template, "--as-at", "2011-11-01", "--db", db)
    assert code == 0 and "97 readings of 44 indicators due" in out
    assert run(capsys, "template", "--out", template, "--db", db)[0] == 0
    ws = openpyxl.load_workbook(template)["Readings"]
    last = {(ws.cell(row=r, column=4).value, ws.cell(row=r, column=5).value) for r in due_rows(ws).values()
            if ws.cell(row=r, column=1).value == ni59}
    assert last == {("2011-10", 80.0)}


def test_an_untouched_template_imports_nothing_and_says_so(db, tmp_path, capsys):
    template = tmp_path / "untouched.xlsx"
    assert run(capsys, "template", "--out", template, "--as-at", "2011-11-01", "--db", db)[0] == 0
    digest = file_digest(db)
    for dry_run in ([], ["--dry-run"]):
        code, out, err = run(capsys, "import-readings", template, "--db", db, *dry_run)
        assert code == 2 and out == ""
        assert ("none of the 97 rows under the header row gives a value (rows 4 to 100 name an indicator and "
                "period only): type the figures in the Value column") in err
    assert file_digest(db) == digest


def test_as_at_a_meeting(db, tmp_path, capsys):
    (uuid,) = query(db, "SELECT uuid FROM meeting WHERE title LIKE ?", NOVEMBER_2011 + "%")[0]
    template = tmp_path / "meeting.xlsx"
    code, out, err = run(capsys, "template", "--out", template, "--meeting", uuid, "--db", db)
    assert (code, err) == (0, "")
    assert f"97 readings of 44 indicators due as at 1 November 2011 ({NOVEMBER_2011}" in out
    book = openpyxl.load_workbook(template)
    assert NOVEMBER_2011 in book.properties.title and NOVEMBER_2011 in book["Instructions"]["A2"].value


def test_as_at_today_by_default(db, tmp_path, capsys):
    code, out, _ = run(capsys, "template", "--out", tmp_path / "today.xlsx", "--db", db)
    today = date.today()
    assert code == 0 and f"due as at {today.day} {today:%B %Y}" in out and "of 75 indicators" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-at", (date.today() + timedelta(days=1)).isoformat()], "is after today"),
        (["--meeting", "999"], "there is no meeting 999"),
        (["--meeting", "not-a-meeting"], "is not a meeting"),
    ],
)
def test_bad_options_leave_the_existing_file_as_it_was(db, tmp_path, capsys, argv, message):
    target = tmp_path / "readings.xlsx"
    target.write_bytes(b"the readings someone is still filling in")
    code, out, err = run(capsys, "template", "--out", target, *argv, "--db", db)
    assert (code, out) == (2, "") and message in err and err.startswith("boardapp: ")
    assert target.read_bytes() == b"the readings someone is still filling in"


def test_a_target_that_cannot_be_written_leaves_the_existing_file(db, tmp_path, capsys):
    target = tmp_path / "readings.xlsx"
    target.write_bytes(b"kept")
    (tmp_path / ".readings.xlsx.partial").mkdir()  # the temporary file cannot be made
    code, _, err = run(capsys, "template", "--out", target, "--db", db)
    assert code == 2 and "cannot be written" in err and "left as it was" in err
    assert target.read_bytes() == b"kept" and (tmp_path / ".readings.xlsx.partial").is_dir()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("readings.csv", "name it FILE.xlsx"),
        ("readings.xls", "name it FILE.xlsx"),
        ("nowhere/readings.xlsx", "there is no such folder"),
        ("folder.xlsx", "this is a folder"),
    ],
)
def test_a_bad_target_is_refused(db, tmp_path, capsys, name, message):
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "readings.csv").write_text("kept")
    code, out, err = run(capsys, "template", "--out", tmp_path / name, "--db", db)
    assert (code, out) == (2, "") and message in err
    assert (tmp_path / "readings.csv").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != db.name) == ["folder.xlsx", "readings.csv"]


def test_a_date_that_is_not_one_is_refused(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["template", "--out", str(tmp_path / "t.xlsx"), "--as-at", "2011-13", "--db", str(db)])
    assert exit_.value.code == 2 and "is not a date" in capsys.readouterr().err
    assert not (tmp_path / "t.xlsx").exists()
