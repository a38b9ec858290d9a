"""``boardapp import-readings``: the dry run, idempotence, the revision record, and every
hostile or malformed file refused with exit 2 and the database left byte for byte as it
was. (``boardapp template`` and its round trip: tests/exchange/test_template_cli.py.)"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime, timedelta

import pytest

from boardapp.domain.terms import Role
from tests import raw
from tests.cli.running import query, run
from tests.conftest import file_digest
from tests.exchange.workbooks import (
    copy_database,
    demo_database,
    entity_bomb,
    ole_file,
    replace_part,
    truncated,
    with_macros,
    write_readings,
    zip_bomb,
)
from tests.people import passphrase_of, person_at, sign_in_at


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The demo, signed in on as Sam Secretariat; Pat Officer (secretariat) and the demo's
    chair Bill McCarthy are members with passphrases (tests/people.py)."""
    path = demo_database(tmp_path_factory.mktemp("pristine"))
    person_at(path, "Pat Officer", Role.SECRETARIAT)
    person_at(path, "Bill McCarthy", Role.CHAIR)
    sign_in_at(path, "Sam Secretariat", Role.SECRETARIAT)
    return path


@pytest.fixture
def db(pristine, tmp_path):
    return copy_database(pristine, tmp_path)


def reading(db, code, period):
    return query(
        db,
        "SELECT r.value, r.numerator, r.denominator, r.status, r.source, r.commentary, r.entered_by "
        "FROM reading r JOIN indicator i ON i.id = r.indicator_id WHERE i.code = ? AND r.period = ?",
        code,
        period,
    )


def sample(tmp_path, name="august.xlsx"):
    return write_readings(
        tmp_path / name,
        [
            ["NI 59", "2011-08", 80.5],  # unchanged
            ["NI 59", "Aug 2010", 79.1, None, None, "validated"],  # revised from 78.3
            ["NI 59", "Sep 2011", 81.0, 81, 100],  # new
            ["NI 60", "2011-09", 0.9],  # new, formatted as a percentage: 90%
        ],
        formats={"C5": "0%"},
    )


def test_dry_run_lists_new_revised_unchanged_and_writes_nothing(db, tmp_path, capsys):
    path = sample(tmp_path)
    digest = file_digest(db)
    code, out, err = run(capsys, "import-readings", path, "--dry-run", "--db", db)
    assert (code, err) == (0, "")
    assert "august.xlsx, sheet Readings: 2 new, 1 revised, 0 updated, 1 unchanged" in out
    assert "  NI 59 2011-09: 81 (provisional)" in out and "  NI 60 2011-09: 90 (provisional)" in out
    assert "revised (1):\n  NI 59 2010-08: 78.3 (validated) -> 79.1 (validated)" in out
    assert "unchanged (1):\n  NI 59 2011-08: 80.5 (validated)" in out
    assert "dry run: nothing was written" in out
    assert file_digest(db) == digest


def test_applying_twice_changes_nothing_the_second_time(db, tmp_path, capsys):
    path = sample(tmp_path)
    assert run(capsys, "import-readings", path, "--db", db)[0] == 0
    digest = file_digest(db)
    counts = query(db, "SELECT (SELECT count(*) FROM reading), (SELECT count(*) FROM reading_revision)")
    code, out, _ = run(capsys, "import-readings", path, "--db", db)
    assert code == 0 and "all 4 readings are already in the database; nothing to change" in out
    assert file_digest(db) == digest
    assert query(db, "SELECT (SELECT count(*) FROM reading), (SELECT count(*) FROM reading_revision)") == counts


def test_a_revised_reading_keeps_its_old_value_with_who_when_and_which_file(db, tmp_path, capsys, monkeypatch):
    before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Pat Officer"))
    code, out, _ = run(capsys, "import-readings", sample(tmp_path), "--db", db, "--as", "Pat Officer")
    assert code == 0 and "as Pat Officer (secretariat): 2 new, 1 revised" in out
    revisions = query(
        db,
        "SELECT v.old_value, v.new_value, v.old_status, v.new_status, v.changed_by, v.changed_at, v.reason "
        "FROM reading_revision v JOIN reading r ON r.id = v.reading_id JOIN indicator i ON i.id = r.indicator_id "
        "WHERE i.code = 'NI 59' AND r.period = '2010-08'",
    )
    assert len(revisions) == 1
    old, new, old_status, new_status, who, when, reason = revisions[0]
    assert (old, new, old_status, new_status, who, reason) == (
        78.3, 79.1, "validated", "validated", "Pat Officer", "imported from august.xlsx"
    )
    assert before <= datetime.fromisoformat(when) <= datetime.now(UTC).replace(tzinfo=None)
    assert reading(db, "NI 59", "2010-08")[0][0] == 79.1
    assert reading(db, "NI 60", "2011-09")[0][0] == 90.0
    audit = query(db, "SELECT actor, changes FROM audit_log WHERE table_name = 'reading_revision' ORDER BY id DESC LIMIT 1")
    assert audit[0][0] == "Pat Officer" and "august.xlsx" in audit[0][1]


def test_the_import_acts_as_the_person_signed_in_on_this_copy_never_the_os_user(db, tmp_path, capsys):
    code, out, _ = run(capsys, "import-readings", sample(tmp_path), "--db", db)
    assert code == 0 and "as Sam Secretariat (secretariat): 2 new, 1 revised" in out
    assert query(db, "SELECT DISTINCT changed_by FROM reading_revision WHERE reason LIKE 'imported%'") == [
        ("Sam Secretariat",)]
    assert getpass.getuser() != "Sam Secretariat"


def test_a_member_whose_role_may_not_edit_readings_is_refused(db, tmp_path, capsys, monkeypatch):
    digest = file_digest(db)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Bill McCarthy"))
    code, _, err = run(capsys, "import-readings", sample(tmp_path), "--db", db, "--as", "Bill McCarthy")
    assert code == 2 and "Only the secretariat can edit readings" in err
    assert file_digest(db) == digest


@pytest.mark.parametrize(("name", "secret"), [
    ("Pat Officer", "not Pat's passphrase"),  # a member, the wrong passphrase
    ("Mo Member", "Mo Member / Mo Member"),  # no such member
    ("Pat Officer", ""),  # an empty passphrase
])
def test_as_someone_else_needs_their_passphrase(db, tmp_path, capsys, monkeypatch, name, secret):
    digest = file_digest(db)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", secret)
    code, out, err = run(capsys, "import-readings", sample(tmp_path), "--db", db, "--as", name)
    assert (code, out) == (2, "")
    assert err == f"boardapp: {name}: no member of this board has that name and passphrase\n"
    assert file_digest(db) == digest


def test_as_someone_else_without_a_passphrase_to_be_had_is_refused(db, tmp_path, capsys, monkeypatch):
    """No BOARDAPP_PASSPHRASE and no terminal to ask on (pytest's stdin is not one)."""
    digest = file_digest(db)
    monkeypatch.delenv("BOARDAPP_PASSPHRASE", raising=False)
    code, _, err = run(capsys, "import-readings", sample(tmp_path), "--db", db, "--as", "Pat Officer")
    assert code == 2 and "a passphrase is needed: set BOARDAPP_PASSPHRASE" in err
    assert file_digest(db) == digest


def test_a_copy_no_one_has_signed_in_on_imports_nothing(tmp_path_factory, tmp_path, capsys):
    unsigned = demo_database(tmp_path_factory.mktemp("unsigned"))
    digest = file_digest(unsigned)
    code, out, err = run(capsys, "import-readings", sample(tmp_path), "--db", unsigned)
    assert (code, out) == (2, "")
    assert "no one has signed in on this copy yet" in err and "boardapp sign-in NAME --first-user" in err
    assert "Traceback" not in err
    assert file_digest(unsigned) == digest
    assert query(unsigned, "SELECT count(*) FROM reading_revision") == [(0,)]


def test_a_file_with_ten_errors_reports_them_all_and_writes_nothing(db, tmp_path, capsys):
    rows = [
        ["NI 99", "2011-08", 80.5],
        ["NI 59", "08/11", 80.5],
        ["NI 59", "2011-09", "abc"],
        ["NI 59", "2011-10", 120],
        ["CAF", "FY2011/12", -3],
        ["NI 59", "2011-11", 80, 90, 80],
        ["NI 59", "2011-12", 80.5, 70, 100],
        ["NI 59", "2012-01", 80.5, None, None, "final"],
        ["NI 59", "1985-01", 80.5],
        ["NI 59", "2012-02", 80.5],
        ["NI 59", "Feb 2012", 80.5],
        ["NI 59", "2012-03", 80.5],  # a sound row: not written either
    ]
    path = write_readings(tmp_path / "ten.xlsx", rows)
    digest = file_digest(db)
    code, out, err = run(capsys, "import-readings", path, "--db", db)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[-1] == "boardapp: ten.xlsx: 10 problems found; nothing was written"
    places = [line.split(":")[1].strip() for line in lines[:-1]]
    assert places == [
        "ten.xlsx, sheet Readings, row 2, column A (Indicator)",
        "ten.xlsx, sheet Readings, row 3, column B (Period)",
        "ten.xlsx, sheet Readings, row 4, column C (Value)",
        "ten.xlsx, sheet Readings, row 5, column C (Value)",
        "ten.xlsx, sheet Readings, row 6, column C (Value)",
        "ten.xlsx, sheet Readings, row 7, column D (Numerator)",
        "ten.xlsx, sheet Readings, row 8, column C (Value)",
        "ten.xlsx, sheet Readings, row 9, column F (Status)",
        "ten.xlsx, sheet Readings, row 10, column B (Period)",
        "ten.xlsx, sheet Readings, row 12, column B (Period)",
    ]
    assert file_digest(db) == digest


def good_workbook(tmp_path):
    return write_readings(tmp_path / "good.xlsx", [["NI 59", "2011-09", 81.0]])


HOSTILE = {
    "csv text": (lambda t: _bytes(t / "r.xlsx", b"Indicator,Period,Value\nNI 59,2011-08,80.5\n"), "looks like text (a CSV file?)"),
    "random bytes": (lambda t: _bytes(t / "r.xlsx", bytes(range(256)) * 4), "the file is not a zip package"),
    "empty": (lambda t: _bytes(t / "r.xlsx", b""), "the file is empty"),
    "truncated": (lambda t: truncated(good_workbook(t), t / "cut.xlsx"), "damaged or truncated"),
    "password-protected": (lambda t: ole_file(t / "secret.xlsx", encrypted=True), "password-protected (encrypted)"),
    "old xls": (lambda t: ole_file(t / "old.xls", encrypted=False), "Excel 97-2003 workbook (.xls)"),
    "xlsm": (lambda t: _rename(good_workbook(t), t / "macros.xlsm"), "macro-enabled workbook (.xlsm) is refused"),
    "vbaProject.bin": (lambda t: with_macros(good_workbook(t), t / "m.xlsx"), "contains macros (xl/vbaProject.bin)"),
    "entity expansion": (lambda t: entity_bomb(good_workbook(t), t / "laughs.xlsx"), "'entity expansion' attack"),
    "entities in workbook.xml": (
        lambda t: replace_part(good_workbook(t), t / "wb.xlsx", "xl/workbook.xml", b'<?xml version="1.0"?>'
                               b'<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'),
        "'entity expansion' attack",
    ),
    "zip bomb": (lambda t: zip_bomb(good_workbook(t), t / "bomb.xlsx"), "a zip bomb is refused"),
    "ods": (lambda t: _ods(t / "sheet.xlsx"), "not an Excel workbook (it has no xl/workbook.xml)"),
    "not well-formed": (
        lambda t: replace_part(good_workbook(t), t / "bad.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet><sheetData>"),
        "damaged",
    ),
    "over the size limit": (lambda t: _sparse(t / "huge.xlsx", 51 * 1024 * 1024), "at most 50 MiB"),
    "no header row": (
        lambda t: write_readings(t / "h.xlsx", [["NI 59", "2011-08", 80.5]], header=["Code", "When", "Figure"]),
        "no sheet has a header row",
    ),
    "no readings": (lambda t: write_readings(t / "n.xlsx", []), "no readings under the header row"),
    "missing file": (lambda t: t / "nowhere.xlsx", "there is no such file"),
}


def _bytes(path, data):
    path.write_bytes(data)
    return path


def _rename(path, target):
    path.rename(target)
    return target


def _sparse(path, size):
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(size)
    return path


def _ods(path):
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("dry_run", [False, True])
def test_hostile_and_malformed_files_exit_2_and_leave_the_database_as_it_was(db, tmp_path, capsys, kind, dry_run):
    make, message = HOSTILE[kind]
    path = make(tmp_path)
    digest = file_digest(db)
    code, out, err = run(capsys, "import-readings", path, "--db", db, *(["--dry-run"] if dry_run else []))
    assert code == 2, err
    assert message in err and str(path.name) in err
    assert err.startswith("boardapp: ") and "Traceback" not in err
    assert file_digest(db) == digest
    wal = tmp_path / "board.sqlite-wal"  # a read-only reader of a WAL database may leave it, empty
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_database_at_an_older_schema_is_not_migrated_when_the_file_is_refused(db, tmp_path, capsys):
    con = raw.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    digest = file_digest(db)
    code, _, err = run(capsys, "import-readings", tmp_path / "nowhere.xlsx", "--db", db)
    assert code == 2 and file_digest(db) == digest
    assert not list(tmp_path.glob("*backup*"))


def test_db_may_be_given_before_the_command_and_a_missing_database_is_exit_2(db, tmp_path, capsys):
    code, out, _ = run(capsys, "--db", db, "import-readings", sample(tmp_path), "--dry-run")
    assert code == 0 and "2 new, 1 revised" in out
    code, _, err = run(capsys, "import-readings", sample(tmp_path), "--db", tmp_path / "none.sqlite")
    assert code == 2 and "there is no database here" in err
    assert not (tmp_path / "none.sqlite").exists()
