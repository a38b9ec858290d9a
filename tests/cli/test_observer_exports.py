"""An observer cannot produce any file holding an exempt item from the command line
(issue 13): each pack audience an observer may choose, the readings template and the
status, read back; the Board audience is refused naming why. The same database gives
the secretariat every exempt item, so the check is not vacuous."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boardapp.domain.terms import Role
from boardapp.exchange.pack import Audience, audiences_for
from tests.cli.running import run
from tests.conftest import file_digest
from tests.exchange.workbooks import copy_database, demo_database
from tests.exempt import cell_texts, leaks, make_exempt
from tests.people import SETTER, passphrase_of, person_at, sign_in_at

OBSERVER = "Olu Observer"
TODAY = date.today().isoformat()  # the notes, written today, are in a pack as at today


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The demo with exempt items; the test secretariat signed in; an observer with a passphrase."""
    path = demo_database(tmp_path_factory.mktemp("observer"))
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    exempt = make_exempt(path)
    person_at(path, OBSERVER, Role.OBSERVER)
    return path, exempt


@pytest.fixture
def observers_copy(prepared, tmp_path):
    """A copy of it signed in on as the observer (the command line acts as them)."""
    path, exempt = prepared
    copy = copy_database(path, tmp_path)
    sign_in_at(copy, OBSERVER, Role.OBSERVER)
    return copy, exempt


def test_an_observer_may_choose_only_the_audiences_without_exempt_items():
    assert audiences_for(Role.OBSERVER) == (Audience.DFE, Audience.PUBLIC)
    for role in (Role.MEMBER, Role.CHAIR, Role.SECRETARIAT):
        assert audiences_for(role) == (Audience.BOARD, Audience.DFE, Audience.PUBLIC)


@pytest.mark.parametrize("audience", [a.value for a in audiences_for(Role.OBSERVER)] + [None])
def test_an_observers_pack_holds_no_exempt_item_in_any_audience_it_may_choose(capsys, observers_copy, tmp_path,
                                                                               audience):
    db, exempt = observers_copy
    out = tmp_path / "pack.xlsx"
    code, said, err = run(capsys, "export-pack", "--out", out, "--as-at", TODAY, "--db", db,
                          *(["--audience", audience] if audience else []))
    assert (code, err) == (0, "")
    assert f"to {out}" in said and "withheld as exempt: 1 requirement" in said
    assert leaks(out, exempt) == set()


def test_an_observer_asking_for_the_board_pack_is_refused_naming_why(capsys, observers_copy, tmp_path):
    db, _ = observers_copy
    out = tmp_path / "board.xlsx"
    code, said, err = run(capsys, "export-pack", "--audience", "board", "--out", out, "--db", db)
    assert (code, said) == (2, "")
    assert err == ("boardapp: Olu Observer (observer) may not export a Board pack: it carries the exempt items, which "
                   "only board members, the chair and the secretariat may read; choose a DfE or Public pack (exempt "
                   "items left out)\n")
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_the_secretariats_board_pack_from_the_same_data_has_every_exempt_item(capsys, prepared, tmp_path):
    db, exempt = prepared
    out = tmp_path / "board.xlsx"
    assert run(capsys, "export-pack", "--audience", "board", "--out", out, "--as-at", TODAY, "--db", db)[0] == 0
    assert leaks(out, exempt) == set(exempt.giveaways) | {exempt.action_ref}


def test_the_observers_status_shows_no_exempt_requirement_and_the_secretariats_does(capsys, prepared,
                                                                                     observers_copy):
    db, exempt = observers_copy
    code, text, err = run(capsys, "status", "--as-at", TODAY, "--db", db)
    assert (code, err) == (0, "") and exempt.requirement_title not in text and "[EXEMPT]" not in text
    code, out, _ = run(capsys, "status", "--as-at", TODAY, "--json", "--db", db)
    refs = {item["ref"] for item in json.loads(out) if "ref" in item}
    assert code == 0 and exempt.requirement_ref not in refs and len(refs) == 22
    assert all(not item.get("exempt") for item in json.loads(out))
    secretariats, _ = prepared
    code, text, _ = run(capsys, "status", "--as-at", TODAY, "--db", secretariats)
    assert code == 0 and f"{exempt.requirement_title}  [EXEMPT]" in text


def test_the_observers_readings_template_holds_no_exempt_item(capsys, observers_copy, tmp_path):
    db, exempt = observers_copy
    out = tmp_path / "readings.xlsx"
    assert run(capsys, "template", "--out", out, "--as-at", "2011-11-01", "--db", db)[0] == 0
    assert leaks(out, exempt) == set()
    assert cell_texts(out)  # the template was read back


def test_as_the_observer_on_the_secretariats_copy_needs_their_passphrase_and_gets_their_view(
    capsys, prepared, tmp_path, monkeypatch
):
    db, exempt = prepared
    digest = file_digest(db)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of(OBSERVER))
    out = tmp_path / "pack.xlsx"
    code, _, err = run(capsys, "export-pack", "--as", OBSERVER, "--audience", "board", "--out", out, "--db", db)
    assert code == 2 and "may not export a Board pack" in err and not out.exists()
    code, _, err = run(capsys, "export-pack", "--as", OBSERVER, "--audience", "public", "--out", out,
                       "--as-at", TODAY, "--db", db)
    assert (code, err) == (0, "") and leaks(out, exempt) == set()
    assert file_digest(db) == digest
