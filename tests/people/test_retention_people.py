"""Retention of the numbers a person behind the line needs (issue 12): callback requests, numbers
keyed for a callback, calls the hotline placed. Nothing younger than CALLER_NUMBER_DAYS, and
nothing still needed (an open request, a call still to be placed), is touched."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ivr.models import AuditEntry, Call, CallbackRequest, OutboundCall, db, utcnow
from ivr.reports import retention

POLICY = retention.RetentionPolicy(reviewed_audio_days=30, report_audio_days=90,
                                   caller_number_days=30)
NUMBER = "+84912345678"


def test_old_numbers_go_and_young_or_needed_ones_stay(app):
    now = utcnow()
    old, young = now - timedelta(days=31), now - timedelta(days=5)
    with app.app_context():
        db.session.add_all([
            CallbackRequest(number=NUMBER, reason="asked", status="done", created_at=old,
                            closed_at=old),
            CallbackRequest(number=NUMBER, reason="asked", status="done", created_at=old,
                            closed_at=young),  # closed recently: kept for now
            CallbackRequest(number=NUMBER, reason="stuck", status="open", created_at=old),
            CallbackRequest(number=NUMBER, reason="stuck", status="open", created_at=young),
            Call(call_sid="CA1", started_at=old,
                 state={"node": "main_menu", "answers": {"callback_number": "0912345678",
                                                         "callback_reason": "asked"}}),
            Call(call_sid="CA2", started_at=young,
                 state={"node": "main_menu", "answers": {"callback_number": "0912345678"}}),
            OutboundCall(purpose="missed_call", number=NUMBER, status="answered", created_at=old),
            OutboundCall(purpose="missed_call", number=NUMBER, status="scheduled", created_at=old),
            OutboundCall(purpose="verdict", number=NUMBER, status="failed", created_at=young),
        ])
        db.session.commit()

        planned = retention.plan(POLICY, now)
        assert (planned.callback_numbers, planned.keyed_numbers, planned.outbound_numbers) == (2, 1, 1)
        done = retention.apply(POLICY, now)
        assert (done.callback_numbers, done.keyed_numbers, done.outbound_numbers) == (2, 1, 1)

        requests = db.session.scalars(sa.select(CallbackRequest).order_by(CallbackRequest.id)).all()
        assert [(r.number, r.status) for r in requests] == [
            (None, "done"), (NUMBER, "done"), (None, "gave_up"), (NUMBER, "open")]
        calls = {c.call_sid: c.state["answers"] for c in db.session.scalars(sa.select(Call))}
        assert calls["CA1"] == {"callback_reason": "asked"}
        assert calls["CA2"] == {"callback_number": "0912345678"}
        placed = db.session.scalars(sa.select(OutboundCall).order_by(OutboundCall.id)).all()
        assert [p.number for p in placed] == [None, NUMBER, NUMBER]
        entry = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.target == "callback_numbers")).one()
        assert entry.detail["callback_requests"] == 2 and NUMBER not in str(entry.detail)
        # a second run finds nothing more to do
        assert retention.forget_people_numbers(POLICY, now) == (0, 0, 0)
