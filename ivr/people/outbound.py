"""Calls the hotline places to callers on its own cost (``OutboundCall``): the free missed-call line
and a reporter's verdict call. Adapter-neutral; each public function is one transaction and
commits, like :mod:`ivr.calls`.

A call's life (``OutboundCall.status``)::

    scheduled (due_at) ──place──> calling (call_sid) ──answered──> answered ──> (finished_at)
        ▲   │                         │ busy, no-answer, failed, canceled
        │   │ outside CALLING_HOURS:  ├── first try: scheduled again (one retry) ──┘
        │   └ due_at = next opening   └── second try: failed
        └── the REST API failed for a while (429, 5xx): scheduled again, a minute later
    refused (refusal): never called (withheld, foreign, short code, service, limit, hours, gone,
    api_error: Twilio refused the request itself)

Placing is :mod:`ivr.people.placing`'s (the REST API; this module imports no telephony, so the
dashboard may schedule calls); its status callbacks (``CallStatus``, https://www.twilio.com/docs/voice/api/call-resource#call-status-values)
come back to :func:`call_status`. The number of a finished
call is cleared (personal data; the keyed hash stays for the daily limit); a verdict call reads
its number from the report when placed, so a number deleted by retention or withdrawal is never
called.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ivr.callers import caller_key, normalise_caller
from ivr.models import OutboundCall, Report, db, utcnow
from ivr.reports import hear_back

from . import outbound_rules as rules

MISSED_CALL, VERDICT = "missed_call", "verdict"
MAX_TRIES = 2  # the first call and one retry
MISSED_CALL_RETRY = timedelta(minutes=2)  # the caller just rang: try again soon
FAILED_STATUSES = frozenset({"busy", "no-answer", "failed", "canceled"})
ANSWERED_STATUSES = frozenset({"in-progress", "answered", "completed"})


def calling_hours(config: Mapping[str, Any]) -> rules.CallingHours:
    """``CALLING_HOURS`` as :class:`~ivr.people.outbound_rules.CallingHours` (``ValueError``)."""
    return rules.parse_calling_hours(config["CALLING_HOURS"])


def missed_call_enabled(config: Mapping[str, Any]) -> bool:
    """The free line is on: ``MISSED_CALL_CALLBACK`` with everything a callback needs
    (``HOTLINE_NUMBER``, ``PUBLIC_BASE_URL``, ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``);
    without one of them every caller is answered, never rejected for a call that cannot come."""
    needed = ("HOTLINE_NUMBER", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
    return bool(config.get("MISSED_CALL_CALLBACK")) and all(config.get(name) for name in needed)


# -- scheduling ---------------------------------------------------------------------------------

def schedule_missed_call(trigger_call_sid: str, raw_caller: str | None, secret: str,
                         config: Mapping[str, Any], now: datetime | None = None) -> OutboundCall:
    """A caller rang (CallSid ``trigger_call_sid``, ``From`` ``raw_caller``): schedule the
    callback due now, or store why not (``status="refused"``, ``refusal``); commits and returns
    the row. A repeated delivery of the same CallSid returns the first row unchanged (the
    unique ``trigger_call_sid``; two at once: the loser's insert is rolled back and it reads
    the winner's row). ``config``: ``MISSED_CALL_PER_DAY``, ``CALLING_HOURS``."""
    now = now or utcnow()
    existing = _by_trigger(trigger_call_sid)
    if existing is not None:
        return existing
    number = normalise_caller(raw_caller)
    key = caller_key(number, secret) if number else None
    pending = _pending(key) if key else None
    if pending is not None:  # rang again while the callback is on its way: that one is enough
        return pending
    refusal = rules.missed_call_refusal(raw_caller, _called_today(key, now) if key else 0,
                                        int(config["MISSED_CALL_PER_DAY"]), now,
                                        calling_hours(config))
    row = OutboundCall(purpose=MISSED_CALL, trigger_call_sid=trigger_call_sid, caller_key=key,
                       number=None if refusal else number, due_at=now, created_at=now,
                       status="refused" if refusal else "scheduled", refusal=refusal)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _by_trigger(trigger_call_sid)
        if existing is None:
            raise
        return existing
    return row


def _pending(key: str) -> OutboundCall | None:
    """The caller's missed-call callback still to be placed or ringing, if any."""
    return db.session.execute(sa.select(OutboundCall).where(
        OutboundCall.purpose == MISSED_CALL, OutboundCall.caller_key == key,
        OutboundCall.status.in_(("scheduled", "calling"))).order_by(OutboundCall.id.desc())
        .limit(1)).scalar_one_or_none()


def _by_trigger(trigger_call_sid: str) -> OutboundCall | None:
    return db.session.execute(sa.select(OutboundCall).where(
        OutboundCall.trigger_call_sid == trigger_call_sid)).scalar_one_or_none()


def _called_today(key: str, now: datetime) -> int:
    """Missed-call callbacks scheduled for the caller ``key`` since midnight in Vietnam."""
    return db.session.execute(sa.select(sa.func.count()).where(
        OutboundCall.purpose == MISSED_CALL, OutboundCall.caller_key == key,
        OutboundCall.status != "refused",
        OutboundCall.created_at >= rules.vietnam_day_start(now))).scalar_one()


def schedule_verdict_calls(report: Report, config: Mapping[str, Any],
                           now: datetime | None = None) -> list[OutboundCall]:
    """After a volunteer's decision on ``report`` (in the caller's transaction, not committed):
    schedule one verdict call for each opted-in report it brought to a verdict
    (:func:`ivr.reports.hear_back.reports_reaching_verdict`), due now or at the next opening of
    ``CALLING_HOURS``. Once per report: a report that already has a verdict call gets none."""
    now = now or utcnow()
    due = rules.next_opening(now, calling_hours(config))
    made = []
    for target in hear_back.reports_reaching_verdict(report):
        called = db.session.execute(sa.select(OutboundCall.id).where(
            OutboundCall.purpose == VERDICT, OutboundCall.report_id == target.id)).first()
        if called is None:
            row = OutboundCall(purpose=VERDICT, report_id=target.id, caller_key=target.caller_key,
                               due_at=due, created_at=now, status="scheduled")
            db.session.add(row)
            made.append(row)
    db.session.flush()
    return made


# -- what Twilio tells us -----------------------------------------------------------------------

def call_status(call_sid: str, status: str, config: Mapping[str, Any],
                now: datetime | None = None) -> OutboundCall | None:
    """A status callback of an outbound call (``CallStatus``); commits and returns its row, or
    ``None`` for a CallSid that is not a current outbound call (a late callback of an earlier
    try, another kind of call). Duplicates change nothing.

    Answered (``in-progress``, ``completed``) → ``answered``; ``busy``, ``no-answer``,
    ``failed``, ``canceled`` → scheduled again once (a missed call :data:`MISSED_CALL_RETRY`
    later, a verdict call ``CALLBACK_RETRY_MINUTES`` later, both inside ``CALLING_HOURS``),
    then ``failed``. A call that ended is finished and its number cleared.
    """
    now = now or utcnow()
    row = db.session.execute(sa.select(OutboundCall).where(OutboundCall.call_sid == call_sid)
                             .with_for_update()).scalar_one_or_none()
    if row is None or row.status not in ("calling", "answered"):
        db.session.commit()
        return row
    if status in ANSWERED_STATUSES:
        row.status = "answered"
        if status == "completed":
            row.finished_at, row.number = row.finished_at or now, None
    elif status in FAILED_STATUSES and row.status == "calling":
        _failed(row, config, now)
    db.session.commit()
    return row


def _failed(row: OutboundCall, config: Mapping[str, Any], now: datetime) -> None:
    if row.attempts >= MAX_TRIES:
        row.status, row.finished_at, row.number = "failed", now, None
        return
    wait = MISSED_CALL_RETRY if row.purpose == MISSED_CALL else \
        timedelta(minutes=int(config["CALLBACK_RETRY_MINUTES"]))
    hours = calling_hours(config)
    if row.purpose == MISSED_CALL and not rules.within_calling_hours(now + wait, hours):
        row.status, row.finished_at, row.number = "failed", now, None  # never the next morning
        return
    row.status = "scheduled"
    row.due_at = rules.next_opening(now + wait, hours)


def verdict_message(outbound_id: int, call_sid: str) -> tuple[str, str] | None:
    """What the verdict call ``outbound_id`` (answered as ``call_sid``) says: ``(reference,
    verdict)`` with the verdict read now (:func:`ivr.reports.hear_back.verdict_of`), or
    ``None`` when the id and the CallSid do not belong together or there is no verdict to say."""
    row = db.session.get(OutboundCall, outbound_id)
    if row is None or row.call_sid != call_sid or row.purpose != VERDICT or row.report_id is None:
        return None
    report = db.session.get(Report, row.report_id)
    verdict = hear_back.verdict_of(report) if report is not None else None
    return (report.reference, verdict) if verdict else None


__all__ = ["MISSED_CALL", "VERDICT", "MAX_TRIES", "calling_hours", "missed_call_enabled",
           "schedule_missed_call", "schedule_verdict_calls", "call_status", "verdict_message"]
