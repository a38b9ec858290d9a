"""The demo file's keys for standing targets, who set a target or a band, an indicator's
phrases, what a reading measures, and thresholds (docs/demo-data-format.md): each read
into its column, each malformed one refused by name with nothing written."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from sqlalchemy import select

from boardapp.domain.terms import TargetBasis, ThresholdKind
from boardapp.store.models import Indicator, Reading, Target, Threshold
from tests.store.demo_files import assert_refused, loaded

SMALL = """
[dataset]
name = "small"

[[indicators]]
code = "CASELOAD"
title = "Average social worker caseload"
unit = "number"
polarity = "lower"
frequency = "monthly"
tolerance = 2.0
tolerance_set_by = "the improvement plan"
narrative_phrase = "cases per social worker"
volume_phrase = "cases"
source = "003 ¶CASELOAD"

[[indicators]]
code = "NI 59"
title = "Initial assessments within 7 working days"
unit = "percent"
polarity = "higher"
frequency = "monthly"
source = "003 ¶NI 59"

[[targets]]
indicator = "NI 59"
value = 85.0
basis = "standing"
period = "2011-04"
known = 2011-04-01
set_by = "the improvement plan"
source = "003 ¶NI 59"

[[targets]]
indicator = "NI 59"
value = 72.0
basis = "period"
period = "2010-06"
known = 2010-03-01
source = "003 ¶NI 59"

[[readings]]
indicator = "NI 59"
period = "2011-08"
value = 80.5
status = "validated"
known = 2011-11-01
source = "003 ¶NI 59, para 1"

[[readings]]
indicator = "CASELOAD"
period = "2011-08"
value = -3.0
status = "validated"
measure = "change over three years"
known = 2011-11-01
source = "003 ¶CASELOAD, para 2"

[[thresholds]]
indicator = "CASELOAD"
value = 25.0
kind = "alert"
label = "senior managers act where individual caseloads exceed 25"
known = 2011-11-01
source = "003 ¶CASELOAD, para 3"

[[thresholds]]
indicator = "NI 59"
value = 60.0
kind = "key_threshold"
label = "key threshold 60"
source = "001 §3.2"
"""


def test_the_new_keys_reach_their_columns(tmp_path):
    with loaded(tmp_path, tomllib.loads(SMALL)) as db, db.session() as session:
        caseload = session.scalars(select(Indicator).where(Indicator.code == "CASELOAD")).one()
        assert (caseload.tolerance_set_by, caseload.narrative_phrase, caseload.volume_phrase) == (
            "the improvement plan", "cases per social worker", "cases"
        )
        ni59 = session.scalars(select(Indicator).where(Indicator.code == "NI 59")).one()
        assert (ni59.tolerance, ni59.tolerance_set_by, ni59.narrative_phrase, ni59.volume_phrase) == (None, "", "", "")
        targets = {t.period: t for t in session.scalars(select(Target))}
        assert (targets["2011-04"].basis, targets["2011-04"].set_by) == (TargetBasis.STANDING, "the improvement plan")
        assert (targets["2010-06"].basis, targets["2010-06"].set_by) == (TargetBasis.PERIOD, "")
        measures = {r.indicator.code: r.measure for r in session.scalars(select(Reading))}
        assert measures == {"NI 59": "", "CASELOAD": "change over three years"}
        thresholds = [
            (t.indicator.code, t.value, t.kind, t.label, t.known_on, t.source)
            for t in session.scalars(select(Threshold).order_by(Threshold.value))
        ]
        assert thresholds == [
            ("CASELOAD", 25.0, ThresholdKind.ALERT, "senior managers act where individual caseloads exceed 25",
             date(2011, 11, 1), "003 ¶CASELOAD, para 3"),
            ("NI 59", 60.0, ThresholdKind.KEY_THRESHOLD, "key threshold 60", None, "001 §3.2"),
        ]
        assert [t.label for t in caseload.thresholds] == ["senior managers act where individual caseloads exceed 25"]


def _break(table: str, n: int, key: str, value: object) -> dict:
    data = tomllib.loads(SMALL)
    row = data[table][n - 1]
    if value is None:
        row.pop(key)
    else:
        row[key] = value
    return data


@pytest.mark.parametrize(
    ("table", "n", "key", "value", "message"),
    [
        ("targets", 1, "basis", "forever", r"\[\[targets\]\] #1: 'basis' is 'forever'; expected one of .*standing"),
        ("targets", 1, "set_by", 3, r"\[\[targets\]\] #1: 'set_by' must be text"),
        ("targets", 1, "set_by", "x" * 121, r"\[\[targets\]\] #1: 'set_by' is 121 characters long; at most 120"),
        ("indicators", 1, "tolerance_set_by", True, r"\[\[indicators\]\] #1: 'tolerance_set_by' must be text"),
        ("indicators", 1, "narrative_phrase", ["cases"], r"\[\[indicators\]\] #1: 'narrative_phrase' must be text"),
        ("indicators", 1, "volume_phrase", 2, r"\[\[indicators\]\] #1: 'volume_phrase' must be text"),
        ("readings", 2, "measure", 3.0, r"\[\[readings\]\] #2: 'measure' must be text"),
        ("thresholds", 1, "indicator", "NI 999", r"\[\[thresholds\]\] #1: no indicator 'NI 999' in \[\[indicators\]\]"),
        ("thresholds", 1, "indicator", None, r"\[\[thresholds\]\] #1: 'indicator' must be text"),
        ("thresholds", 1, "value", None, r"\[\[thresholds\]\] #1: 'value' is missing; it must be a number"),
        ("thresholds", 1, "value", "25", r"\[\[thresholds\]\] #1: 'value' must be a number, found '25'"),
        ("thresholds", 1, "kind", "target", r"\[\[thresholds\]\] #1: 'kind' is 'target'; expected one of alert, "
                                            r"key_threshold, band, benchmark, goal"),
        ("thresholds", 1, "kind", None, r"\[\[thresholds\]\] #1: 'kind' is None; expected one of alert"),
        ("thresholds", 2, "label", None, r"\[\[thresholds\]\] #2: 'label' must be text"),
        ("thresholds", 2, "label", "  ", r"\[\[thresholds\]\] #2: 'label' must say what the line is"),
        ("thresholds", 1, "known", "2011-11-01", r"\[\[thresholds\]\] #1: 'known' must be a date such as 2011-08-31"),
        ("thresholds", 2, "source", None, r"\[\[thresholds\]\] #2: every row must name its source"),
    ],
)
def test_a_malformed_new_key_is_named_and_nothing_is_written(tmp_path, table, n, key, value, message):
    assert_refused(tmp_path, _break(table, n, key, value), message, Indicator, Threshold)
