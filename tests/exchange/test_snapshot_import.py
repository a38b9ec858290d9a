"""A readings workbook imported (``boardapp import-readings``, store/bulk.py's bulk
writes) keeps the overview snapshot equal to the board judged afresh, in the import's
own transaction."""

from __future__ import annotations

import contextlib
import io

from boardapp.__main__ import main
from boardapp.store.connection import open_database
from tests.exchange.workbooks import write_readings
from tests.store.snapshot_checks import assert_current, row_of


def test_an_imported_workbook_is_judged_into_the_snapshot(demo_db, tmp_path):
    with open_database(demo_db) as database:
        before = row_of(assert_current(database), "NI 59")
    sheet = write_readings(tmp_path / "september.xlsx", [
        ["NI 59", "2011-08", 41.5, None, None, "validated"],  # revised
        ["NI 59", "Sep 2011", 42.5, None, None, "validated"],  # new
        ["NI 60", "2011-09", 0.9],  # new
    ])
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert main(["import-readings", str(sheet), "--db", str(demo_db)]) == 0, out.getvalue()
    with open_database(demo_db) as database:
        after = row_of(assert_current(database), "NI 59")
    assert "42.5%" in after.headline and after != before
