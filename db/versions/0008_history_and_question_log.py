"""History for everything (issue 14): a dated revision per change of an action,
milestone, plan, recommendation, requirement, target or indicator band; and the
question log's meetings on each note.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from boardapp.store.models.base import UTCDateTime

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRACKED = ('action', 'milestone', 'plan', 'recommendation', 'requirement', 'target', 'indicator')
KINDS = ('created', 'changed')


def upgrade() -> None:
    op.create_table(
        'revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_kind', sa.Enum(*TRACKED, name='trackedkind', native_enum=False, create_constraint=True,
                                       length=32), nullable=False),
        sa.Column('item_uuid', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='revisionkind', native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        sa.Column('changed_at', UTCDateTime(), nullable=False),
        sa.Column('changed_by', sa.String(length=120), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('uuid', sa.Uuid(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revision')),
        sa.UniqueConstraint('uuid', name=op.f('uq_revision_uuid')),
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index('ix_revision_item', ['item_kind', 'item_uuid', 'effective_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_effective_on'), ['effective_on'], unique=False)
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answered_meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_annotation_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_annotation_meeting_id_meeting'), 'meeting', ['meeting_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_annotation_answered_meeting_id_meeting'), 'meeting',
                                    ['answered_meeting_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_annotation_answered_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_annotation_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_annotation_meeting_id'))
        batch_op.drop_column('answered_meeting_id')
        batch_op.drop_column('meeting_id')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_effective_on'))
        batch_op.drop_index('ix_revision_item')
    op.drop_table('revision')
