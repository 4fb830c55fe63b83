"""Migration 0008_verdicts (issue 11): who confirmed which report. Upgrades and downgrades on both
databases, matches the models, and gives confirmed reports the confirmations the audit log shows."""
import json

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")


def _insert(statement: str, **values) -> None:
    db.session.execute(sa.text(statement), values)


def test_verdicts_migration_adds_confirmations_from_the_audit_log_and_downgrades(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # migrated to the head
    with app.app_context():
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []  # the models and the migrations describe the same schema
        downgrade(directory=MIGRATIONS, revision=_previous())
        assert "report_confirmations" not in sa.inspect(db.engine).get_table_names()
        for user_id, name in ((1, "lan"), (2, "minh"), (3, "hoa")):
            _insert("INSERT INTO users (id, username, password_hash, role, active, created_at) "
                    "VALUES (:id, :name, 'x', 'volunteer', true, CURRENT_TIMESTAMP)", id=user_id, name=name)
        for report_id, status in ((1, "confirmed"), (2, "in_review"), (3, "escalated")):
            _insert("INSERT INTO reports (id, reference, call_sid, audio_state, audio_attempts, status, "
                    "created_at, updated_at) VALUES (:id, :ref, :sid, 'none', 0, :status, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id=report_id, ref=str(report_id),
                    sid=f"CA{report_id}", status=status)
        history = [  # (user, report, from, to)
            (1, 1, "in_review", "confirmed"), (1, 1, "confirmed", "in_review"),  # lan's no longer holds
            (2, 1, "in_review", "confirmed"),
            (3, 2, "in_review", "confirmed"), (3, 2, "confirmed", "in_review"),  # report 2 left
            (1, 3, "in_review", "confirmed"), (2, 3, "confirmed", "escalated")]  # escalating: no row
        for user_id, report_id, old, new in history:
            _insert("INSERT INTO audit_log (at, user_id, actor, action, target, detail) VALUES "
                    "(CURRENT_TIMESTAMP, :user, 'x', 'status', :target, :detail)", user=user_id,
                    target=f"report:{report_id}", detail=json.dumps({"from": old, "to": new}))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        rows = db.session.execute(sa.text(
            "SELECT report_id, user_id, is_admin_override FROM report_confirmations "
            "ORDER BY report_id, user_id")).all()
        assert [tuple(row) for row in rows] == [(1, 2, False), (3, 1, False)]
        db.session.commit()  # end the read's transaction: PostgreSQL's DROP TABLE waits for it
        downgrade(directory=MIGRATIONS, revision=_previous())
        assert "report_confirmations" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def _previous() -> str:
    """The revision before this one, read from the migration (it moves when migrations re-chain)."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory(str(MIGRATIONS)).get_revision("0008_verdicts").down_revision
