"""Migration 0004_privacy (issue 10): withdrawal attempts and the deletion of Twilio's copy of a
recording; upgrades and downgrades on both databases, and matches the models."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")


def test_0004_privacy_adds_attempts_and_deletion_columns_and_downgrades(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # migrated to the head
    with app.app_context():
        inspector = sa.inspect(db.engine)
        columns = {c["name"]: c for c in inspector.get_columns("withdrawal_attempts")}
        assert set(columns) == {"id", "at", "call_sid", "caller_key"}
        assert columns["caller_key"]["nullable"] and not columns["call_sid"]["nullable"]
        report_columns = {c["name"] for c in inspector.get_columns("reports")}
        assert {"recording_delete_due", "recording_deleted_at"} <= report_columns
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []  # the models and the migrations describe the same schema

        downgrade(directory=MIGRATIONS, revision="0003")
        inspector = sa.inspect(db.engine)
        assert "withdrawal_attempts" not in inspector.get_table_names()
        assert "recording_delete_due" not in {c["name"] for c in inspector.get_columns("reports")}
        # A recording retired before 0004 left Twilio's copy: the upgrade marks it for deletion.
        db.session.execute(sa.text(
            "INSERT INTO reports (reference, call_sid, audio_state, audio_attempts, status, "
            "created_at, updated_at, recording_sid) VALUES ('1', 'CA1', 'deleted', 0, 'confirmed', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'RE1'), ('2', 'CA2', 'stored', 0, 'new', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'RE2')"))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        assert "withdrawal_attempts" in sa.inspect(db.engine).get_table_names()
        due = dict(db.session.execute(sa.text("SELECT reference, recording_delete_due FROM reports")).all())
        assert due["1"] is not None and due["2"] is None
