"""The covering report's text, kept with each meeting: the secretariat's conclusion and
what is asked (of DfE or the board), exported into the meeting's pack as written
(issue 12).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NOT NULL with a server default: every meeting already there gets '' (nothing written yet).
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conclusion', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('asks', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    # The text goes with the columns: a 0005 app has nowhere to keep it.
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('asks')
        batch_op.drop_column('conclusion')
