"""Who uses a copy, and the keys that prove it (issue 13): each member's passphrase
hash, registered public keys and withdrawal; this copy's own identity and private keys
in ``laptop_identity`` (local only).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from boardapp.store.models.base import UTCDateTime

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ('chair', 'secretariat', 'member', 'observer')


def upgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passphrase_hash', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('public_key', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('receiving_key', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'laptop_identity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_uuid', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.Enum(*ROLES, name='role', native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column('how', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('established_at', UTCDateTime(), nullable=False),
        sa.Column('server_login', sa.String(length=63), nullable=False),
        sa.Column('last_server_contact', UTCDateTime(), nullable=True),
        sa.Column('unlock_hash', sa.Text(), nullable=False),
        sa.Column('signing_key', sa.String(length=64), nullable=False),
        sa.Column('receiving_key', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_laptop_identity')),
    )


def downgrade() -> None:
    op.drop_table('laptop_identity')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('withdrawn')
        batch_op.drop_column('receiving_key')
        batch_op.drop_column('public_key')
        batch_op.drop_column('passphrase_hash')
