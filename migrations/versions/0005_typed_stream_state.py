"""typed stream state: JSON columns, the stream's placement stored once

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:30:00

The listener state's lists and maps become JSON columns; a stream's render slot is kept only on
its listener state (node, slot: unique together), so `stream_slot` and the `active` flag (a stream
is live while it holds a slot) go. Stored playlists are a cache and are rebuilt on demand.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

JSON_COLUMNS = ("tag_ids", "played_at", "proximity_banned", "playlist", "tracks")


def upgrade():
    op.execute("UPDATE listener_state SET playlist = NULL, playlist_version = NULL")
    # A stream whose slot row was lost is not live.
    op.execute("UPDATE listener_state SET node = NULL, slot = NULL WHERE active = false OR node IS NULL")
    with op.batch_alter_table('listener_state', schema=None) as batch_op:
        # 0004 gave `tracks` a text default, which PostgreSQL cannot turn into JSON: the models set it.
        batch_op.alter_column('tracks', existing_type=sa.Text(), existing_server_default='[]', server_default=None)
    with op.batch_alter_table('listener_state', schema=None) as batch_op:
        for column in JSON_COLUMNS:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.JSON(),
                                  postgresql_using=f"{column}::json")
        batch_op.drop_index('ix_listener_state_active')
        batch_op.drop_column('active')
        batch_op.create_index(batch_op.f('ix_listener_state_node'), ['node'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_listener_state_node'), ['node', 'slot'])
    op.drop_table('stream_slot')


def downgrade():
    op.create_table('stream_slot',
    sa.Column('node', sa.String(length=32), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_stream_slot_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('node', 'slot', name=op.f('pk_stream_slot')),
    sa.UniqueConstraint('session_id', name=op.f('uq_stream_slot_session_id'))
    )
    op.execute("INSERT INTO stream_slot (node, slot, session_id) "
               "SELECT node, slot, session_id FROM listener_state WHERE node IS NOT NULL")
    with op.batch_alter_table('listener_state', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_listener_state_node'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_listener_state_node'))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_listener_state_active', ['active'], unique=False)
        for column in JSON_COLUMNS:
            batch_op.alter_column(column, existing_type=sa.JSON(), type_=sa.Text(),
                                  postgresql_using=f"{column}::text")
    op.execute("UPDATE listener_state SET active = (node IS NOT NULL)")
