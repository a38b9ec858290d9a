"""``boardapp target set`` changes a target with its reason (a revision naming who, when
and why, and the audit log's old and new value), refused without a reason or for a role
that may not; ``boardapp target list`` shows the targets as they stood on a day."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from boardapp.domain.terms import Role
from boardapp.store import history
from tests.cli.running import query, run
from tests.conftest import file_digest
from tests.exchange.workbooks import copy_database, demo_database
from tests.people import passphrase_of, person_at, sign_in_at

SAM = "Sam Secretariat (secretariat)"
PERIOD = "Nov 2010 to Jan 2011"  # NI 117's one target: 6.8%, set by the Improvement Notice


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The demo, signed in on as Sam Secretariat; Ann Member is a member with a passphrase."""
    path = demo_database(tmp_path_factory.mktemp("pristine"))
    person_at(path, "Ann Member", Role.MEMBER)
    sign_in_at(path, "Sam Secretariat", Role.SECRETARIAT)
    return path


@pytest.fixture
def db(pristine, tmp_path):
    return copy_database(pristine, tmp_path)


def ni117_target(db):
    [(value,)] = query(db, "SELECT t.value FROM target t JOIN indicator i ON i.id = t.indicator_id "
                           "WHERE i.code = 'NI 117'")
    return value


def target_revisions(db):
    return query(db, "SELECT changes, reason, changed_by, effective_on FROM revision WHERE item_kind = 'target'")


def test_set_changes_the_target_and_keeps_why_who_and_the_old_value(db, capsys):
    code, out, err = run(capsys, "target", "set", "NI 117", PERIOD, "8.5%", "--reason", "revised by the board",
                         "--from", "2011-11-15", "--db", db)
    assert (code, err) == (0, "")
    assert out == ("NI 117's period target for November 2010 to January 2011: 8.5% from 15 Nov 2011, was 6.8%: "
                   f"revised by the board — {SAM}\n")
    assert ni117_target(db) == 8.5
    [(changes, reason, by, effective)] = target_revisions(db)
    assert (json.loads(changes), reason, by, effective) == ({"value": [6.8, 8.5]}, "revised by the board", SAM,
                                                            "2011-11-15")
    [(actor, logged)] = query(db, "SELECT actor, changes FROM audit_log WHERE table_name = 'target' "
                                  "AND operation = 'update'")
    assert (actor, json.loads(logged)) == (SAM, {"value": [6.8, 8.5]})

    # As at the day before it took effect, the target is as it was; from that day, as it is.
    code, before, _ = run(capsys, "target", "list", "NI 117", "--as-at", "2011-11-14", "--db", db)
    assert code == 0 and "  6.8% period, November 2010 to January 2011" in before
    assert "not changed since it was set" in before
    code, after, _ = run(capsys, "target", "list", "ni 117", "--db", db)
    assert code == 0 and "(revised 15 Nov 2011)" in after
    assert f"      8.5% from 15 Nov 2011, was 6.8%: revised by the board — {SAM}" in after


def test_a_change_without_a_reason_is_refused(db, capsys):
    digest = file_digest(db)
    with pytest.raises(SystemExit) as refused:
        run(capsys, "target", "set", "NI 117", PERIOD, "8.5", "--db", db)
    assert refused.value.code == 2 and "the following arguments are required: --reason" in capsys.readouterr().err
    code, out, err = run(capsys, "target", "set", "NI 117", PERIOD, "8.5", "--reason", "  ", "--db", db)
    assert (code, out) == (2, "") and "say why the target changes" in err
    assert file_digest(db) == digest


def test_a_member_is_refused(db, capsys, monkeypatch):
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Ann Member"))
    code, out, err = run(capsys, "target", "set", "NI 117", PERIOD, "8.5", "--reason", "I think so",
                         "--as", "Ann Member", "--db", db)
    assert (code, out) == (2, "") and "Only the secretariat can edit targets" in err
    assert ni117_target(db) == 6.8 and target_revisions(db) == []


def test_a_target_that_is_not_there_is_named_with_the_ones_that_are(db, capsys):
    code, _, err = run(capsys, "target", "set", "NI 117", "2011-01", "8.5", "--reason", "x", "--db", db)
    assert code == 2 and "NI 117 has no target for January 2011; its targets: 2010-11..2011-01 (period)" in err
    code, _, err = run(capsys, "target", "set", "NI 999", PERIOD, "8.5", "--reason", "x", "--db", db)
    assert code == 2 and "there is no indicator 'NI 999'" in err
    code, _, err = run(capsys, "target", "set", "NI 117", PERIOD, "8.5", "--reason", "x", "--from",
                       (history.today() + timedelta(days=1)).isoformat(), "--db", db)
    assert code == 2 and "cannot take effect after today" in err
    assert target_revisions(db) == []


def test_the_same_value_changes_nothing(db, capsys):
    code, out, _ = run(capsys, "target", "set", "NI 117", PERIOD, "6.8", "--reason", "no change", "--db", db)
    assert code == 0 and "is already 6.8%: nothing was changed" in out
    assert target_revisions(db) == []
