"""verdicts: who confirmed which report, for the two-person rule (issue 11)

Revision ID: 0008_verdicts
Revises: 0007_official
Create Date: 2026-12-02 20:00:00.000000

Existing confirmed reports get the confirmations the audit log shows (each user who moved one to
``confirmed`` since it last left the confirmed statuses), so a number one volunteer confirmed
before this revision is not announced until a second user confirms it, and nobody has to
confirm twice.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_verdicts'
down_revision = '0007_official'
branch_labels = None
depends_on = None

CONFIRMED = ("confirmed", "escalated")


def upgrade():
    op.create_table('report_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_admin_override', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('NOT is_admin_override OR reason IS NOT NULL', name=op.f('ck_report_confirmations_override_reason')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_confirmations_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_confirmations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_confirmations')),
    sa.UniqueConstraint('report_id', 'user_id', name='uq_report_confirmations_report_user')
    )
    with op.batch_alter_table('report_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_confirmations_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_confirmations_user_id'), ['user_id'], unique=False)
    _confirmations_from_audit_log()


def _confirmations_from_audit_log():
    bind = op.get_bind()
    audit = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime(timezone=True)),
                     sa.column('user_id', sa.Integer), sa.column('action', sa.String),
                     sa.column('target', sa.String), sa.column('detail', sa.JSON))
    reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('status', sa.String))
    users = sa.table('users', sa.column('id', sa.Integer))
    confirmed = set(bind.execute(sa.select(reports.c.id).where(reports.c.status.in_(CONFIRMED))).scalars())
    known_users = set(bind.execute(sa.select(users.c.id)).scalars())
    by_report: dict[int, dict[int, object]] = {}
    rows = bind.execute(sa.select(audit.c.target, audit.c.user_id, audit.c.at, audit.c.detail)
                        .where(audit.c.action == 'status').order_by(audit.c.id))
    for target, user_id, at, detail in rows:
        kind, _, ident = (target or "").partition(":")
        if kind != "report" or not ident.isdigit() or int(ident) not in confirmed or not isinstance(detail, dict):
            continue
        seen = by_report.setdefault(int(ident), {})
        if detail.get("to") not in CONFIRMED:
            seen.clear()  # it left the confirmed statuses: earlier confirmations no longer hold
        elif detail.get("to") == "confirmed" and user_id in known_users:
            seen.setdefault(user_id, at)
    table = sa.table('report_confirmations', sa.column('report_id', sa.Integer),
                     sa.column('user_id', sa.Integer), sa.column('is_admin_override', sa.Boolean),
                     sa.column('created_at', sa.DateTime(timezone=True)))
    values = [{"report_id": report_id, "user_id": user_id, "is_admin_override": False, "created_at": at}
              for report_id, seen in by_report.items() for user_id, at in seen.items()]
    if values:
        op.bulk_insert(table, values)


def downgrade():
    with op.batch_alter_table('report_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_confirmations_user_id'))
        batch_op.drop_index(batch_op.f('ix_report_confirmations_report_id'))
    op.drop_table('report_confirmations')
