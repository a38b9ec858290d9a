"""The pack of the typical synthetic board looks as it did: every sheet's cells (values,
types, styles), row heights, column widths, merged ranges, tables and charts read back by
openpyxl have the fingerprint recorded (fixtures/pack_typical_fingerprint.json) with the
code before the pack's writing was made faster. A change to how cells are written must
leave what the pack says and how it looks as it was; a deliberate change to the pack's
look or words records a new fingerprint (python -m tests.exchange.test_pack_fingerprint)."""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from boardapp.domain.terms import Role
from boardapp.exchange.pack import export_pack
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from tests.exchange.pack_fingerprint import fingerprint
from tests.people import SETTER, sign_in_at

RECORDED = Path(__file__).parent / "fixtures" / "pack_typical_fingerprint.json"


def typical_fingerprint(folder: Path) -> dict[str, dict[str, str]]:
    database = folder / "typical.sqlite"
    create_database(database, synthetic_size="typical")
    sign_in_at(database, SETTER, Role.SECRETARIAT)
    with open_database(database, read_only=True) as db:
        export_pack(db, folder / "pack.xlsx", who=identity.acting(db), as_at=date(2026, 9, 30),
                    produced=datetime(2026, 10, 1, tzinfo=UTC))
    return fingerprint(folder / "pack.xlsx", str(folder))


def test_the_typical_pack_has_the_recorded_cells_and_look(tmp_path):
    recorded = json.loads(RECORDED.read_text())
    found = typical_fingerprint(tmp_path)
    assert sorted(found) == sorted(recorded)
    for sheet, parts in recorded.items():
        for part, digest in parts.items():
            assert found[sheet][part] == digest, f"{sheet}: {part} differ from the recorded pack"


if __name__ == "__main__":  # record a new fingerprint (a deliberate change to the pack)
    with tempfile.TemporaryDirectory() as name:
        RECORDED.write_text(json.dumps(typical_fingerprint(Path(name)), indent=1, sort_keys=True) + "\n")
    sys.exit(0)
