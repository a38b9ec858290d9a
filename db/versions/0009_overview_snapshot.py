"""The overview snapshot (issue 15): the overview's rows as judged as at a day, what
changed since, and triggers that say so on every write.

``overview_snapshot_indicator`` holds what ``boardapp status`` says of each indicator
with a target, judged with the rows. Local derived data on SQLite only: on PostgreSQL (the board server climbs the same
ladder) this step makes nothing. The triggers put the key of what a change touches into
``overview_snapshot_dirty`` (an indicator's id for its readings, their revisions, its
targets and their revisions, comparators, thresholds and its own settings; a
requirement's id for itself, its indicator links and its notes), whatever wrote the
change (the ORM, Core, a bulk import, a sync download, a change file, an undo), in the
same transaction; store/snapshot_hooks.py re-judges what is marked before the
transaction commits (store/snapshot.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARK = "INSERT OR IGNORE INTO overview_snapshot_dirty (kind, item_id)"

# The columns whose change can alter an overview row (an update of another column,
# a requirement's notice text or an indicator's description, marks nothing).
REQUIREMENT_COLUMNS = "id, uuid, ref, position, kind, title, status, exempt, known_on"
INDICATOR_COLUMNS = ("id, code, title, unit, polarity, decimals, tolerance, tolerance_kind, tolerance_set_by, "
                     "narrative_phrase, volume_phrase")


def _rows(table: str, indicator: str) -> dict[str, str]:
    """A trigger body per event for a table whose rows belong to an indicator through
    the column ``indicator`` (an expression of NEW or OLD)."""
    new, old = indicator.replace("ROW.", "NEW."), indicator.replace("ROW.", "OLD.")
    return {
        "INSERT": f"{MARK} SELECT 'indicator', {new} WHERE {new} IS NOT NULL;",
        "UPDATE": f"{MARK} SELECT 'indicator', {new} WHERE {new} IS NOT NULL"
                  f" UNION SELECT 'indicator', {old} WHERE {old} IS NOT NULL;",
        "DELETE": f"{MARK} SELECT 'indicator', {old} WHERE {old} IS NOT NULL;",
    }


def _triggers() -> dict[str, tuple[str, str, str]]:
    """Each trigger's name: (table, event, body)."""
    made: dict[str, tuple[str, str, str]] = {}
    for table in ("reading", "target", "comparator", "threshold"):
        for event, body in _rows(table, "ROW.indicator_id").items():
            made[f"overview_snapshot_{table}_{event.lower()}"] = (table, event, body)
    for event, body in _rows("reading_revision",
                             "(SELECT indicator_id FROM reading WHERE id = ROW.reading_id)").items():
        made[f"overview_snapshot_reading_revision_{event.lower()}"] = ("reading_revision", event, body)
    for event, body in _rows("indicator", "ROW.id").items():
        event_of = f"UPDATE OF {INDICATOR_COLUMNS}" if event == "UPDATE" else event
        made[f"overview_snapshot_indicator_{event.lower()}"] = ("indicator", event_of, body)
    # A target's revisions change what it was on a day (store/indicator_data._target_revisions).
    made["overview_snapshot_revision_insert"] = (
        "revision", "INSERT",
        f"{MARK} SELECT 'indicator', indicator_id FROM target"
        " WHERE NEW.item_kind = 'target' AND uuid = NEW.item_uuid;",
    )
    requirement = {
        "INSERT": f"{MARK} VALUES ('requirement', NEW.id);",
        "UPDATE": f"{MARK} VALUES ('requirement', NEW.id), ('requirement', OLD.id);",
        "DELETE": f"{MARK} VALUES ('requirement', OLD.id);",
    }
    for event, body in requirement.items():
        event_of = f"UPDATE OF {REQUIREMENT_COLUMNS}" if event == "UPDATE" else event
        made[f"overview_snapshot_requirement_{event.lower()}"] = ("requirement", event_of, body)
    link = {
        "INSERT": f"{MARK} VALUES ('requirement', NEW.requirement_id);",
        "UPDATE": f"{MARK} VALUES ('requirement', NEW.requirement_id), ('requirement', OLD.requirement_id);",
        "DELETE": f"{MARK} VALUES ('requirement', OLD.requirement_id);",
    }
    for event, body in link.items():
        made[f"overview_snapshot_requirement_indicator_{event.lower()}"] = ("requirement_indicator", event, body)
    # Open notes on a requirement, counted on its row.
    note = ("SELECT 'requirement', id FROM requirement"
            " WHERE uuid = {row}.target_uuid AND {row}.target_kind = 'requirement'")
    notes = {
        "INSERT": f"{MARK} {note.format(row='NEW')};",
        "UPDATE": f"{MARK} {note.format(row='NEW')} UNION {note.format(row='OLD')};",
        "DELETE": f"{MARK} {note.format(row='OLD')};",
    }
    for event, body in notes.items():
        made[f"overview_snapshot_annotation_{event.lower()}"] = ("annotation", event, body)
    return made


TRIGGERS = _triggers()


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return  # the board server holds no snapshot
    op.create_table(
        'overview_snapshot',
        sa.Column('requirement_uuid', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('ref', sa.Text(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('kind', sa.Text(), nullable=False),
        sa.Column('judged', sa.Text(), nullable=True),
        sa.Column('rag', sa.Text(), nullable=True),
        sa.Column('rag_reason', sa.Text(), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        sa.Column('driver', sa.Text(), nullable=True),
        sa.Column('indicators', sa.Text(), nullable=False),
        sa.Column('headline', sa.Text(), nullable=False),
        sa.Column('sparkline', sa.Text(), nullable=False),
        sa.Column('trajectory', sa.Text(), nullable=True),
        sa.Column('trajectory_text', sa.Text(), nullable=False),
        sa.Column('open_notes', sa.Integer(), nullable=False),
        sa.Column('exempt', sa.Integer(), nullable=False),
        sa.Column('due_soon', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('requirement_uuid', name=op.f('pk_overview_snapshot')),
    )
    op.create_table(
        'overview_snapshot_indicator',
        sa.Column('code', sa.Text(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('status', sa.Text(), nullable=False),
        sa.Column('figure', sa.Text(), nullable=False),
        sa.Column('target', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('unreported', sa.Text(), nullable=False),
        sa.Column('thresholds', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_overview_snapshot_indicator')),
    )
    op.create_table(
        'overview_snapshot_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('as_at', sa.Text(), nullable=False),
        sa.Column('built_at', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_overview_snapshot_state_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_overview_snapshot_state')),
    )
    op.create_table(
        'overview_snapshot_dirty',
        sa.Column('kind', sa.Text(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'item_id', name=op.f('pk_overview_snapshot_dirty')),
        sqlite_with_rowid=False,
    )
    for name, (table, event, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END")


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('overview_snapshot_dirty')
    op.drop_table('overview_snapshot_state')
    op.drop_table('overview_snapshot_indicator')
    op.drop_table('overview_snapshot')
