"""Migration 0006_triage (issue 11: the user's last look at the queue, partner API keys) upgrades
and downgrades on SQLite and PostgreSQL. The revision before it is read from the migration itself,
so the test survives re-chaining."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")
REVISION = "0006_triage"


def _state():
    inspector = sa.inspect(db.engine)
    tables = set(inspector.get_table_names())
    user_columns = {column["name"] for column in inspector.get_columns("users")}
    return tables, user_columns


def test_0006_triage_adds_partner_keys_and_queue_seen_at_and_downgrades_cleanly(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # migrated to the head
    with app.app_context():
        previous = ScriptDirectory(MIGRATIONS).get_revision(REVISION).down_revision
        tables, user_columns = _state()
        assert "partner_keys" in tables and "queue_seen_at" in user_columns
        columns = {c["name"]: c for c in sa.inspect(db.engine).get_columns("partner_keys")}
        assert set(columns) == {"id", "organisation", "key_prefix", "key_hash", "created_by_id",
                                "created_at", "revoked_at", "revoked_by_id", "last_used_at"}
        assert not columns["key_hash"]["nullable"] and columns["revoked_at"]["nullable"]
        db.session.execute(sa.text("INSERT INTO partner_keys (organisation, key_prefix, key_hash, "
                                   "created_at) VALUES ('156', 'abcdefgh', 'h', CURRENT_TIMESTAMP)"))
        db.session.commit()
        with pytest.raises(sa.exc.IntegrityError):  # one row per key hash
            db.session.execute(sa.text("INSERT INTO partner_keys (organisation, key_prefix, key_hash, "
                                       "created_at) VALUES ('x', 'abcdefgh', 'h', CURRENT_TIMESTAMP)"))
        db.session.rollback()

        downgrade(directory=MIGRATIONS, revision=previous)
        tables, user_columns = _state()
        assert "partner_keys" not in tables and "queue_seen_at" not in user_columns
        assert {"users", "reports", "audit_log"} <= tables

        upgrade(directory=MIGRATIONS, revision=REVISION)
        tables, user_columns = _state()
        assert "partner_keys" in tables and "queue_seen_at" in user_columns
        db.engine.dispose()
