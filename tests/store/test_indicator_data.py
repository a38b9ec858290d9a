"""The store's rows reach the engine's records with who set a target and a band, the
indicator's phrases, what a reading measures, and the thresholds (domain.model)."""

from __future__ import annotations

import tomllib
from datetime import date

from boardapp.domain.model import Threshold
from boardapp.domain.terms import TargetBasis, ThresholdKind
from boardapp.store.connection import open_database
from boardapp.store.demo import load_demo
from boardapp.store.indicator_data import load_indicator_data
from tests.store.test_demo_keys import SMALL


def test_the_records_carry_the_new_fields(tmp_path):
    with open_database(tmp_path / "small.sqlite", create=True) as db:
        load_demo(db, tomllib.loads(SMALL))
        with db.engine.connect() as connection:
            every = {d.code: d for d in load_indicator_data(connection)}
            [only] = load_indicator_data(connection, ["CASELOAD"])

    caseload, ni59 = every["CASELOAD"], every["NI 59"]
    assert only == caseload
    assert caseload.indicator.tolerance == 2.0
    assert caseload.indicator.tolerance_set_by == "the improvement plan"
    assert (caseload.indicator.narrative_phrase, caseload.indicator.volume_phrase) == ("cases per social worker", "cases")
    # A phrase the store holds as '' is no phrase at all; no tolerance is no band.
    assert (ni59.indicator.narrative_phrase, ni59.indicator.volume_phrase) == (None, None)
    assert (ni59.indicator.tolerance, ni59.indicator.tolerance_set_by) == (None, "")

    assert [r.measure for r in caseload.readings] == ["change over three years"]
    assert [r.measure for r in ni59.readings] == [""]
    standing = {t.period.code: t for t in ni59.targets}
    assert (standing["2011-04"].basis, standing["2011-04"].set_by) == (TargetBasis.STANDING, "the improvement plan")
    assert standing["2010-06"].set_by == ""

    assert tuple(caseload.thresholds) == (
        Threshold("CASELOAD", 25.0, ThresholdKind.ALERT, "senior managers act where individual caseloads exceed 25",
                  date(2011, 11, 1)),
    )
    assert tuple(ni59.thresholds) == (Threshold("NI 59", 60.0, ThresholdKind.KEY_THRESHOLD, "key threshold 60", None),)
