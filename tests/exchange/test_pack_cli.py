"""``boardapp export-pack``: exit codes and messages (DESIGN.md, "Command line")."""

from __future__ import annotations

import os
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from boardapp.__main__ import main
from boardapp.cli.pack_command import AUDIENCES, day_or_month
from boardapp.exchange.pack import Audience
from boardapp.exchange.pack.frame import SHEETS
from tests.conftest import file_digest


def cover(path: Path) -> dict[str, object]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Cover").to_python()
    # Everything in column A: each heading, then its value on the next row.
    return {label[0]: value[0] for label, value in pairwise(rows) if label and label[0]}


def test_the_parser_names_every_audience():
    assert AUDIENCES == tuple(a.value for a in Audience)


@pytest.mark.parametrize(("text", "day"), [("2011-08-31", date(2011, 8, 31)), ("2011-08", date(2011, 8, 31)),
                                           ("2012-02", date(2012, 2, 29))])
def test_dates_and_months(text, day):
    assert day_or_month(text) == day


def test_export_as_at_a_month(pristine_demo, tmp_path, capsys):
    out = tmp_path / "pack.xlsx"
    assert main(["export-pack", "--out", str(out), "--as-at", "2011-08", "--db", str(pristine_demo)]) == 0
    said = capsys.readouterr()
    assert said.out.startswith(
        f"wrote the board pack as at 31 August 2011 to {out}: {len(SHEETS)} sheets; 23 requirements")
    assert said.err == ""
    assert cover(out)["As at"] == date(2011, 8, 31)


def test_export_for_a_meeting_and_dfe(pristine_demo, tmp_path, capsys):
    out = tmp_path / "dfe.xlsx"
    code = main(["--db", str(pristine_demo), "export-pack", "--out", str(out), "--meeting", "4", "--audience", "dfe"])
    assert code == 0
    said = capsys.readouterr().out
    assert "the DfE pack as at 1 November 2011 (Improvement Board, November 2011)" in said
    assert said.rstrip().endswith("withheld as exempt: none")
    page = cover(out)
    assert (page["Audience"], page["Protective marking"]) == ("DfE pack", "OFFICIAL-SENSITIVE")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--meeting", "99"], "there is no meeting 99"),
        (["--meeting", "1", "--as-at", "2011-08"], "not allowed with argument"),
        (["--as-at", "2011-13"], "'2011-13' is not a date"),
        (["--audience", "press"], "invalid choice: 'press'"),
    ],
)
def test_bad_input_exits_2_with_the_reason(pristine_demo, tmp_path, capsys, arguments, message):
    out = tmp_path / "pack.xlsx"
    out.write_bytes(b"last month's pack")
    before = file_digest(out)
    try:
        code = main(["export-pack", "--out", str(out), "--db", str(pristine_demo), *arguments])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert file_digest(out) == before


def test_a_target_open_elsewhere_exits_2_and_says_so(pristine_demo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "pack.xlsx"
    out.write_bytes(b"open in Excel")
    before = file_digest(out)

    def locked(source, destination):  # noqa: ANN001
        raise PermissionError(13, "being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    assert main(["export-pack", "--out", str(out), "--db", str(pristine_demo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"boardapp: {out}: the file is open in another program")
    assert "close it and export again" in err
    assert file_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_no_such_folder_or_database(pristine_demo, tmp_path, capsys):
    assert main(["export-pack", "--out", str(tmp_path / "nowhere" / "p.xlsx"), "--db", str(pristine_demo)]) == 2
    assert "there is no such folder" in capsys.readouterr().err
    assert main(["export-pack", "--out", str(tmp_path / "p.xlsx"), "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "there is no database here" in capsys.readouterr().err
    assert not (tmp_path / "p.xlsx").exists()
