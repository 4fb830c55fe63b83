"""Migration 0009_people (issue 12): volunteers on shift, transfers, callbacks, outbound calls.
Upgrades and downgrades on both databases, matches the models, and keeps every row it does not
own: on SQLite a column added with an expression default would copy the table, and dropping the
old copy would cascade into report_confirmations and review_sessions."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")
NEW_TABLES = {"transfers", "callback_requests", "callback_attempts", "outbound_calls"}


def _count(table: str) -> int:
    return db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_people_migration_keeps_confirmations_and_sessions_and_downgrades(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # migrated to the head
    with app.app_context():
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
        downgrade(directory=MIGRATIONS, revision="0008_verdicts")
        assert not NEW_TABLES & set(sa.inspect(db.engine).get_table_names())
        db.session.execute(sa.text(
            "INSERT INTO users (id, username, password_hash, role, active, created_at) "
            "VALUES (1, 'lan', 'x', 'volunteer', true, CURRENT_TIMESTAMP)"))
        db.session.execute(sa.text(
            "INSERT INTO reports (id, reference, call_sid, audio_state, audio_attempts, status, "
            "created_at, updated_at) VALUES (1, '123456', 'CA1', 'none', 0, 'confirmed', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        db.session.execute(sa.text(
            "INSERT INTO report_confirmations (report_id, user_id, is_admin_override, created_at) "
            "VALUES (1, 1, false, CURRENT_TIMESTAMP)"))
        db.session.execute(sa.text(
            "INSERT INTO review_sessions (id, user_id, created_at) VALUES ('s', 1, CURRENT_TIMESTAMP)"))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        assert (_count("report_confirmations"), _count("review_sessions")) == (1, 1)
        flags = db.session.execute(sa.text(
            "SELECT users.on_shift, reports.notify_verdict FROM users, reports")).one()
        assert tuple(bool(flag) for flag in flags) == (False, False)
        db.session.commit()  # end the read (SQLite's transactions here are BEGIN IMMEDIATE)
        assert NEW_TABLES <= set(sa.inspect(db.engine).get_table_names())
        downgrade(directory=MIGRATIONS, revision="0008_verdicts")
        assert not NEW_TABLES & set(sa.inspect(db.engine).get_table_names())
        db.engine.dispose()
