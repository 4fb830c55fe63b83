"""privacy: Twilio's copy of a recording scheduled for deletion, withdrawal attempts counted

Revision ID: 0004_privacy
Revises: 0003
Create Date: 2026-12-02 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('withdrawal_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('caller_key', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_attempts'))
    )
    with op.batch_alter_table('withdrawal_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_withdrawal_attempts_call_sid'), ['call_sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_withdrawal_attempts_caller_key'), ['caller_key'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recording_delete_due', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('recording_deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_recording_delete_due'), ['recording_delete_due'], unique=False)

    # Recordings retired before this revision left Twilio's copy: delete it now (jobs/twilio_delete.py).
    op.execute(sa.text("UPDATE reports SET recording_delete_due = CURRENT_TIMESTAMP "
                       "WHERE audio_state = 'deleted' AND recording_sid IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_recording_delete_due'))
        batch_op.drop_column('recording_deleted_at')
        batch_op.drop_column('recording_delete_due')

    with op.batch_alter_table('withdrawal_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withdrawal_attempts_caller_key'))
        batch_op.drop_index(batch_op.f('ix_withdrawal_attempts_call_sid'))
        batch_op.drop_index(batch_op.f('ix_withdrawal_attempts_at'))

    op.drop_table('withdrawal_attempts')
