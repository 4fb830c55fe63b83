"""Alembic migrations upgrade and downgrade on both databases (SQLite and PostgreSQL)."""
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")


def tables_and_revision():
    inspector = sa.inspect(db.engine)
    revision = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    db.session.rollback()
    return set(inspector.get_table_names()), revision


def test_0003_adds_caller_preferences_and_downgrades_cleanly(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # migrated to the head
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision="0003")  # later migrations have their own tests
        tables, revision = tables_and_revision()
        assert revision == "0003" and "caller_preferences" in tables
        columns = {c["name"]: c for c in sa.inspect(db.engine).get_columns("caller_preferences")}
        assert set(columns) == {"id", "caller_key", "slow", "safety_notice_at", "updated_at"}
        assert columns["safety_notice_at"]["nullable"] and not columns["slow"]["nullable"]
        unique = sa.inspect(db.engine).get_unique_constraints("caller_preferences")
        assert [u["column_names"] for u in unique] == [["caller_key"]]
        db.session.execute(sa.text("INSERT INTO caller_preferences (caller_key, slow, updated_at) "
                                   "VALUES ('k', true, CURRENT_TIMESTAMP)"))
        db.session.commit()
        with pytest.raises(sa.exc.IntegrityError):  # one row per caller
            db.session.execute(sa.text("INSERT INTO caller_preferences (caller_key, slow, "
                                       "updated_at) VALUES ('k', false, CURRENT_TIMESTAMP)"))
        db.session.rollback()

        downgrade(directory=MIGRATIONS, revision="0002")
        tables, revision = tables_and_revision()
        assert revision == "0002" and "caller_preferences" not in tables
        assert {"calls", "tutorial_progress", "reports"} <= tables

        upgrade(directory=MIGRATIONS, revision="0003")
        tables, revision = tables_and_revision()
        assert revision == "0003" and "caller_preferences" in tables
        db.engine.dispose()
