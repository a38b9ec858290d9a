"""The overview snapshot (issue 15): the overview's rows as judged as at a day, what
changed since, and triggers that say so on every write.

``overview_snapshot_indicator`` holds what ``boardapp status`` says of each indicator
with a target, judged with the rows. Local derived data: never synced, never in a
change file, never audited. On PostgreSQL (the board server climbs the same ladder)
the tables are made, as every copy's local-only table is (laptop_identity,
sync_outbox: the schema matches the models everywhere), and stay empty, readable by no
member (the server grants only the synced tables); no trigger is made there.

On SQLite the triggers put the key of what a change touches into
``overview_snapshot_dirty`` (an indicator's id for its readings, their revisions, its
targets and their revisions, comparators, thresholds and its own settings; a
requirement's id for itself, its indicator links and its notes), whatever wrote the
change (the ORM, Core, a bulk import, a sync download, a change file, an undo), in the
same transaction; store/snapshot_hooks.py re-judges what is marked before the
transaction commits (store/snapshot.py). A later migration that rebuilds one of these
tables (SQLite's batch_alter_table copies it) must make its triggers again.

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

def _mark(*selects: str) -> str:
    """A trigger body that marks the (kind, item_id) rows the ``selects`` give, each
    once. Not INSERT OR IGNORE: SQLite lets the statement that fired the trigger
    override a trigger's conflict clause, and a sync download's upsert (ON CONFLICT
    ... DO UPDATE) would turn an already marked key into an error."""
    union = " UNION ".join(selects)
    return ("INSERT INTO overview_snapshot_dirty (kind, item_id) SELECT k, i FROM (" + union + ") AS m"
            " WHERE m.i IS NOT NULL AND NOT EXISTS (SELECT 1 FROM overview_snapshot_dirty AS d"
            " WHERE d.kind = m.k AND d.item_id = m.i);")


# The columns whose change can alter an overview row (an update of another column,
# a requirement's notice text or an indicator's description, marks nothing).
REQUIREMENT_COLUMNS = "id, uuid, ref, position, kind, title, status, exempt, known_on"
INDICATOR_COLUMNS = ("id, code, title, unit, polarity, decimals, tolerance, tolerance_kind, tolerance_set_by, "
                     "narrative_phrase, volume_phrase")


def _one(kind: str, key: str) -> str:
    """Mark ``kind`` ``key`` (one value) unless it is already marked or null: the cheap
    form the bulk writes fire 54,000 times in an import."""
    return (f"INSERT INTO overview_snapshot_dirty (kind, item_id) SELECT '{kind}', {key} WHERE {key} IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM overview_snapshot_dirty WHERE kind = '{kind}' AND item_id = {key});")


def _by_event(kind: str, key: str) -> dict[str, str]:
    """A trigger body per event that marks ``kind`` ``key`` (an expression of ROW, the
    row as it is after an insert or before a delete, and both around an update)."""
    new, old = (_one(kind, key.replace("ROW.", row + ".")) for row in ("NEW", "OLD"))
    return {"INSERT": new, "UPDATE": f"{new} {old}", "DELETE": old}


def _triggers() -> dict[str, tuple[str, str, str]]:
    """Each trigger's name: (table, event, body)."""
    made: dict[str, tuple[str, str, str]] = {}

    def add(table: str, bodies: dict[str, str], update_of: str = "") -> None:
        for event, body in bodies.items():
            event_of = f"UPDATE OF {update_of}" if event == "UPDATE" and update_of else event
            made[f"overview_snapshot_{table}_{event.lower()}"] = (table, event_of, body)

    for table in ("reading", "target", "comparator", "threshold"):
        add(table, _by_event("indicator", "ROW.indicator_id"))
    add("reading_revision", _by_event("indicator", "(SELECT indicator_id FROM reading WHERE id = ROW.reading_id)"))
    add("indicator", _by_event("indicator", "ROW.id"), INDICATOR_COLUMNS)
    # A target's revisions change what it was on a day (store/indicator_data._target_revisions).
    made["overview_snapshot_revision_insert"] = ("revision", "INSERT", _mark(
        "SELECT 'indicator' AS k, indicator_id AS i FROM target"
        " WHERE NEW.item_kind = 'target' AND uuid = NEW.item_uuid"))
    add("requirement", _by_event("requirement", "ROW.id"), REQUIREMENT_COLUMNS)
    add("requirement_indicator", _by_event("requirement", "ROW.requirement_id"))
    # Open notes on a requirement, counted on its row.
    note = ("SELECT 'requirement' AS k, id AS i FROM requirement"
            " WHERE uuid = {row}.target_uuid AND {row}.target_kind = 'requirement'")
    add("annotation", {"INSERT": _mark(note.format(row="NEW")),
                       "UPDATE": _mark(note.format(row="NEW"), note.format(row="OLD")),
                       "DELETE": _mark(note.format(row="OLD"))})
    return made


TRIGGERS = _triggers()


def upgrade() -> None:
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
    if op.get_bind().dialect.name != 'sqlite':
        return  # the board server keeps the tables empty, as it does every copy's local-only table
    for name, (table, event, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('overview_snapshot_dirty')
    op.drop_table('overview_snapshot_state')
    op.drop_table('overview_snapshot_indicator')
    op.drop_table('overview_snapshot')
