"""official numbers: admins' list of official hotlines, with source and verification

Revision ID: 0007_official
Revises: 0006_triage
Create Date: 2026-12-02 20:00:00.000000

The seed (ivr/reports/data/official_numbers.yaml) is loaded by ``flask official seed``, which
``scripts/run`` and the Procfile's ``release`` run after ``flask db upgrade``: data that admins
edit stays out of the schema's history.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_official'
down_revision = '0006_triage'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('official_numbers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('display', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('edited_by_admin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_official_numbers_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_numbers')),
    sa.UniqueConstraint('number', name=op.f('uq_official_numbers_number'))
    )


def downgrade():
    op.drop_table('official_numbers')
