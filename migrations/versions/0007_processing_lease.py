"""processing lease: which worker converts an upload, and until when

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 10:00:00

A worker claims an upload for a lease that it renews while ffmpeg runs; the sweep and a starting
worker take over only uploads whose lease ran out, so that a long conversion is never started twice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows have no lease: any unfinished upload among them may be claimed at once.
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_owner', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('processing_lease_until', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.drop_column('processing_lease_until')
        batch_op.drop_column('processing_owner')
