"""caller preferences: tutorial pace and when the safety notice was last heard

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('caller_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caller_key', sa.String(length=64), nullable=False),
    sa.Column('slow', sa.Boolean(), nullable=False),
    sa.Column('safety_notice_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caller_preferences')),
    sa.UniqueConstraint('caller_key', name=op.f('uq_caller_preferences_caller_key'))
    )


def downgrade():
    op.drop_table('caller_preferences')
