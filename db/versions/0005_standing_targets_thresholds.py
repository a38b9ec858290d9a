"""Standing targets, who set a target and an amber band, what a reading measures, the
phrases an indicator's sentences use, and thresholds that are not targets (issue 10).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# target.basis is a non-native Enum: its words live in a CHECK constraint, named by the
# models' naming convention (ck_<table>_<vocabulary>). Only the constraint changes.
OLD_BASES = ('period', 'cumulative', 'academic_year', 'count', 'gap_change', 'trend')
NEW_BASES = (*OLD_BASES, 'standing')


def _basis_check(words: Sequence[str]) -> str:
    return 'basis IN (' + ', '.join(f"'{w}'" for w in words) + ')'


def upgrade() -> None:
    op.create_table('threshold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('kind', sa.Enum('alert', 'key_threshold', 'band', 'benchmark', 'goal', name='thresholdkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('known_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_threshold_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threshold')),
    sa.UniqueConstraint('uuid', name=op.f('uq_threshold_uuid'))
    )
    with op.batch_alter_table('threshold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_threshold_indicator_id'), ['indicator_id'], unique=False)

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tolerance_set_by', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('narrative_phrase', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('volume_phrase', sa.String(length=120), server_default='', nullable=False))

    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=80), server_default='', nullable=False))

    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_by', sa.String(length=120), server_default='', nullable=False))
        batch_op.drop_constraint(op.f('ck_target_targetbasis'), type_='check')
        batch_op.create_check_constraint(op.f('ck_target_targetbasis'), _basis_check(NEW_BASES))


def downgrade() -> None:
    # A standing target has no meaning before 0005: it goes with the word.
    op.execute("DELETE FROM target WHERE basis = 'standing'")
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_target_targetbasis'), type_='check')
        batch_op.create_check_constraint(op.f('ck_target_targetbasis'), _basis_check(OLD_BASES))
        batch_op.drop_column('set_by')

    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.drop_column('measure')

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('volume_phrase')
        batch_op.drop_column('narrative_phrase')
        batch_op.drop_column('tolerance_set_by')

    with op.batch_alter_table('threshold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threshold_indicator_id'))

    op.drop_table('threshold')
