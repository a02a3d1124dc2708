"""slot release: when each render slot was last given back

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 02:00:00

A freed slot rests before its next stream, so that its Icecast source has left the mount (the render
node no longer stops and starts outputs over telnet).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'slot_release',
        sa.Column('node', sa.String(length=32), nullable=False),
        sa.Column('slot', sa.Integer(), nullable=False),
        sa.Column('released_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('node', 'slot', name=op.f('pk_slot_release')),
    )


def downgrade():
    op.drop_table('slot_release')
