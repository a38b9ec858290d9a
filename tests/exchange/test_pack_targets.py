"""A pack as at a day shows each target as it stood that day: a target changed later
keeps its old value, and the judgement made against it, in a pack as at before."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from boardapp.domain.terms import Role
from boardapp.exchange.pack import Audience
from boardapp.exchange.pack.content import gather
from boardapp.store import edits
from boardapp.store.connection import open_database
from boardapp.store.models import Indicator, Target
from tests.exchange.workbooks import demo_database
from tests.people import person

PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)


def test_a_pack_before_a_target_changed_shows_the_old_target(tmp_path):
    path = demo_database(tmp_path)
    with open_database(path) as database:
        sam = person(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.session(sam.label) as session:
            target = session.scalars(select(Target).join(Indicator).where(Indicator.code == "NI 117")).one()
            edits.set_target_value(session, sam, target.uuid, 8.5, reason="revised by the board",
                                   effective_on=date(2011, 11, 15))

        def ni117(day: date):
            with database.session() as session:
                content = gather(session, database=path, as_at=day, meeting=None, audience=Audience.DFE,
                                 reader=Role.SECRETARIAT, produced=PRODUCED)
            block = next(b for b in content.indicators if b.indicator.code == "NI 117")
            return [t.value for t in block.level_targets], [t.value for t in block.targets if t is not None]

        assert ni117(date(2011, 11, 14)) == ([6.8], [6.8])
        assert ni117(date(2011, 11, 30)) == ([8.5], [8.5])
