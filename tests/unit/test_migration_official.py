"""Migration 0007_official (issue 11, item 2) upgrades and downgrades on both databases."""
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from ivr.models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")


def test_official_numbers_table_comes_and_goes(database_url, tmp_path):
    app = make_app(database_url, tmp_path)  # at the head, whatever it is after the merge
    with app.app_context():
        head = ScriptDirectory(MIGRATIONS).get_current_head()
        assert "official_numbers" in sa.inspect(db.engine).get_table_names()
        unique = sa.inspect(db.engine).get_unique_constraints("official_numbers")
        assert [u["column_names"] for u in unique] == [["number"]]
        db.session.execute(sa.text(
            "INSERT INTO official_numbers (number, display, organisation, kind, source_url, verified,"
            " created_at, edited_by_admin, active) VALUES ('113', '113', 'Cảnh sát', 'police',"
            " 'https://a.vn/', true, CURRENT_TIMESTAMP, false, true)"))
        db.session.commit()
        with pytest.raises(sa.exc.IntegrityError):  # one row per number
            db.session.execute(sa.text(
                "INSERT INTO official_numbers (number, display, organisation, kind, source_url,"
                " verified, created_at, edited_by_admin, active) VALUES ('113', '113', 'X', 'police',"
                " 'https://a.vn/', false, CURRENT_TIMESTAMP, false, true)"))
        db.session.rollback()
        downgrade(directory=MIGRATIONS, revision="0005")
        assert "official_numbers" not in sa.inspect(db.engine).get_table_names()
        upgrade(directory=MIGRATIONS, revision=head)
        assert "official_numbers" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
