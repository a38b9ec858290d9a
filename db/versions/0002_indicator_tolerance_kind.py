"""Indicator tolerance kind: an amber band measured in the unit (absolute) or as a share of the target (relative).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:09:15.512995
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tolerance_kind', sa.Enum('absolute', 'relative', name='tolerancekind', native_enum=False, create_constraint=True, length=32), server_default='absolute', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('tolerance_kind')

