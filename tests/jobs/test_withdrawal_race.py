"""A withdrawal and a recording's callback for the same report at the same moment (the spool
replayed after an outage, or a late callback, while the caller withdraws): the withdrawal wins,
whichever transaction reads first. PostgreSQL only: SQLite runs one writer at a time."""
from __future__ import annotations

import secrets
import threading
import time

import pytest
import sqlalchemy as sa

from ivr.models import Report, db
from ivr.reports import intake
from tests.jobs.conftest import add_report, make_app, report_state


# PostgreSQL only: SQLite is a local file with one writer (no network, no row locks)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_callback_racing_a_withdrawal_never_makes_the_report_fetchable(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    call_sid = "CA" + secrets.token_hex(16)
    report_id = add_report(app, call_sid=call_sid, audio_state="none")
    recording_sid = "RE" + secrets.token_hex(16)
    outcome = {}

    def late_callback() -> None:
        with app.app_context():
            report = intake.attach_recording(call_sid, recording_sid,
                                             "https://api.twilio.com/x", 5, "completed",
                                             from_action=False)
            outcome["fetch"] = report is not None
            db.session.commit()

    # The withdrawal holds the row (as intake.withdraw does with FOR UPDATE) while the callback
    # comes in; it commits a moment later.
    with app.app_context():
        engine = db.engine
    with engine.connect() as withdrawal:
        withdrawal.execute(sa.select(Report.id).where(Report.id == report_id).with_for_update())
        withdrawal.execute(sa.update(Report).where(Report.id == report_id)
                           .values(status="withdrawn", caller=None))
        racing = threading.Thread(target=late_callback)
        racing.start()
        time.sleep(0.5)  # the callback has read the row by now
        withdrawal.commit()
    racing.join(10)
    row = report_state(app, report_id)
    assert outcome == {"fetch": False}
    assert row["audio_state"] == "none" and row["status"] == "withdrawn"
    assert row["recording_sid"] == recording_sid and row["recording_delete_due"]
    with app.app_context():
        db.engine.dispose()
