"""Scam reports made by phone: created from the caller's answers, recordings attached idempotently.

A report is committed as soon as the caller reaches the recording step (with what they keyed) and
again whenever Twilio first tells us a recording exists — from the ``<Record>`` action or the
recording status callback, whichever comes first — before any audio is fetched. CallSid and
RecordingSid are unique keys, so duplicate and out-of-order deliveries change nothing.
Callers of these functions commit.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ivr import audit
from ivr.models import Call, Report, VisitRequest, WithdrawalAttempt, db, utcnow
from ivr.phone import classify_number

from .lifecycle import IDENTITIES
from .retention import forget_withdrawn
from .storage import delete_audio

log = logging.getLogger(__name__)
REFERENCE_DIGITS = 6  # the reference read to the caller, e.g. "042917"


def report_for_call(call_sid: str) -> Report | None:
    """Return the report made during call ``call_sid``, if any."""
    return db.session.execute(sa.select(Report).where(Report.call_sid == call_sid)).scalar_one_or_none()


def save_from_answers(call: Call, answers: dict[str, str]) -> Report:
    """Create or update the report of ``call`` from the caller's answers; returns it (not committed).

    ``answers``: ``reported_number`` (keys as typed, may be empty), ``claimed_identity`` (one of
    :data:`~ivr.reports.lifecycle.IDENTITIES`), ``money_lost`` (``"yes"``/``"no"``).
    """
    report = report_for_call(call.call_sid)
    if report is None:
        report = Report(call_sid=call.call_sid, reference=_new_reference(), audio_state="none",
                        status="new")
        db.session.add(report)
    if report.status != "withdrawn":  # a report withdrawn in this very call stays as it was left
        report.caller, report.caller_key = call.caller, call.caller_key
        _apply_answers(report, answers)
    db.session.flush()
    return report


def keep_late_answers(call: Call) -> Report | None:
    """At the end of ``call``: the report made during it takes the answers in the call's state.

    The report is saved before the beep; the caller keys the scammer's number and who they claimed
    to be after the recording, and may hang up before the thanks that saves them again. Returns
    the report (not committed), or ``None`` when the call made none or it was withdrawn.
    """
    report = report_for_call(call.call_sid)
    if report is None or report.status == "withdrawn":
        return None
    _apply_answers(report, (call.state or {}).get("answers", {}))
    return report


def _apply_answers(report: Report, answers: dict[str, str]) -> None:
    raw = answers.get("reported_number")
    if raw:
        info = classify_number(raw)
        report.reported_number_raw, report.reported_number = raw[:32], info.key[:32]
        report.number_kind = info.kind
    identity = answers.get("claimed_identity")
    if identity in IDENTITIES:
        report.claimed_identity = identity
    if answers.get("money_lost") in ("yes", "no"):
        report.money_lost = answers["money_lost"] == "yes"


def _new_reference() -> str:
    return new_reference()


def new_reference() -> str:
    """A random six-digit reference that no report and no home visit request has: the caller
    keys either kind at the same "báo cáo cũ" step, so one reference names one thing."""
    while True:
        reference = "".join(secrets.choice("0123456789") for _ in range(REFERENCE_DIGITS))
        if not reference_taken(reference):
            return reference


def reference_taken(reference: str) -> bool:
    """True when a report or a home visit request already has ``reference``."""
    for column in (Report.reference, VisitRequest.reference):
        if db.session.execute(sa.select(column).where(column == reference)).first():
            return True
    return False


def attach_recording(call_sid: str, recording_sid: str, url: str, seconds: int | None, status: str,
                     *, from_action: bool, call: Call | None = None) -> Report | None:
    """Record that Twilio has (or has not) a recording for the call's report; returns the report
    when its audio should now be fetched, else ``None``.

    ``status`` is Twilio's ``RecordingStatus`` (``completed``, ``absent``, ``failed``; the
    ``<Record>`` action counts as ``completed``). The action is authoritative for which recording is
    current (the caller may record again); a status callback only fills an empty slot or confirms
    the same RecordingSid. Sources: https://www.twilio.com/docs/voice/twiml/record#attributes-action
    and https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback .

    The report's row is read with ``FOR UPDATE`` (PostgreSQL), as :func:`withdraw` reads it: a
    withdrawal committed while this waited is seen, so its recording is never made fetchable.
    """
    report = db.session.execute(sa.select(Report).where(Report.call_sid == call_sid)
                                .with_for_update()
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    if report is None:
        call = call or db.session.execute(sa.select(Call).where(Call.call_sid == call_sid)).scalar_one_or_none()
        report = save_from_answers(call, (call.state or {}).get("answers", {})) if call else \
            _orphan_report(call_sid)
    if report.status == "withdrawn":
        _forget_late_recording(report, recording_sid if status == "completed" else None)
        return None
    return report if take_recording(report, recording_sid, url, seconds, status,
                                     from_action=from_action) else None


def take_recording(row, recording_sid: str, url: str, seconds: int | None, status: str, *,
                   from_action: bool) -> bool:
    """Put a recording Twilio told us about on ``row`` (a :class:`~ivr.models.Report` or a
    :class:`~ivr.models.VisitRequest`: the same recording columns); return True when its audio
    should now be fetched (``pending``). Flushed, not committed.

    ``status`` other than ``completed`` marks a row without any recording ``absent``. The same
    RecordingSid again (a duplicate, or the other callback) changes nothing; a status callback
    (``from_action`` false) for a row that already names another recording is a late one for a
    take the caller replaced, and changes nothing; the action replaces the take and deletes the
    old take's file.
    """
    if status != "completed":
        if not row.recording_sid and row.audio_state == "none":
            row.audio_state = "absent"
        return False
    if row.recording_sid == recording_sid:
        return False  # a duplicate or the other callback for the same recording
    if row.recording_sid and not from_action:
        return False  # a late callback for a recording the caller has since replaced
    if row.recording_sid and row.audio_path:
        _delete_audio_or_log(row)  # the caller recorded again: the old take goes
    row.recording_sid, row.recording_url = recording_sid, url
    row.recording_seconds, row.audio_state, row.audio_attempts = seconds, "pending", 0
    row.audio_error, row.audio_path = None, None
    db.session.flush()
    return True


def _forget_late_recording(report: Report, recording_sid: str | None) -> None:
    """A recording Twilio reports after its report was withdrawn is never fetched; Twilio's
    copy is deleted when the report does not yet name one (a later take stays named by neither)."""
    if recording_sid and not report.recording_sid:
        report.recording_sid, report.recording_delete_due = recording_sid, utcnow()
        report.recording_deleted_at = None  # an earlier run found nothing, or not this one
        db.session.flush()


def _orphan_report(call_sid: str) -> Report:
    """A recording for a call we never saw (e.g. lost state): keep it rather than drop it."""
    report = Report(call_sid=call_sid, reference=_new_reference(), audio_state="none", status="new")
    db.session.add(report)
    return report


# What :func:`withdraw` reports; the flow's ``withdraw_result`` node says each (prompts/nodes/report.yaml).
WITHDRAWN, NOT_FOUND, TOO_MANY = "withdrawn", "not_found", "too_many"
DAY = timedelta(hours=24)


@dataclass(frozen=True)
class WithdrawalLimits:
    """Wrong references allowed: ``per_call`` in one call, ``per_day`` from one caller (keyed
    hash) in the last 24 hours (``WITHDRAW_ATTEMPTS_PER_CALL``, ``WITHDRAW_ATTEMPTS_PER_DAY``)."""

    per_call: int = 3
    per_day: int = 10


def withdraw(reference: str, caller_key: str | None, call_sid: str,
             limits: WithdrawalLimits = WithdrawalLimits(), now: datetime | None = None) -> str:
    """Withdraw the report with ``reference`` made from the same phone (not committed).

    Returns :data:`WITHDRAWN` (also when it already was: nothing changes twice), :data:`NOT_FOUND`
    (no such report from this caller; withheld callers cannot withdraw, since nothing proves the
    report is theirs; the attempt is counted) or :data:`TOO_MANY` (``limits`` reached: checked
    before the reference, so guessing stops even on a right one). A withdrawal removes what the
    report holds of its caller (:func:`ivr.reports.retention.forget_withdrawn`), keeps the
    non-personal fields and adds an audit entry ``withdraw`` (actor ``caller``).
    """
    now = now or utcnow()
    if limit_reached(caller_key, call_sid, limits, now):
        return TOO_MANY
    report = None
    if caller_key and reference:
        query = (sa.select(Report).where(Report.reference == reference,
                                         Report.caller_key == caller_key).with_for_update())
        report = db.session.execute(query).scalar_one_or_none()
    if report is None:
        db.session.add(WithdrawalAttempt(call_sid=call_sid, caller_key=caller_key, at=now))
        return NOT_FOUND
    if report.status == "withdrawn":
        return WITHDRAWN
    removed = forget_withdrawn(report, now)
    previous = report.status
    report.status, report.withdrawn_at = "withdrawn", now
    # from/to: every status change is in the audit log (issue 11); the number's verdict follows.
    audit.record("withdraw", f"report:{report.id}", actor="caller",
                 detail={"reference": reference, "removed": removed, "from": previous, "to": "withdrawn"})
    return WITHDRAWN


def limit_reached(caller_key: str | None, call_sid: str, limits: WithdrawalLimits,
                  now: datetime) -> bool:
    """True when wrong references (``WithdrawalAttempt`` rows) reached ``limits``: per call, and
    per caller in the last 24 hours. Shared by withdrawals and status questions
    (:mod:`ivr.reports.hear_back`), which guess the same six digits."""
    in_call = sa.select(sa.func.count()).where(WithdrawalAttempt.call_sid == call_sid)
    if db.session.execute(in_call).scalar_one() >= limits.per_call:
        return True
    if not caller_key:
        return False
    today = sa.select(sa.func.count()).where(WithdrawalAttempt.caller_key == caller_key,
                                             WithdrawalAttempt.at >= now - DAY)
    return db.session.execute(today).scalar_one() >= limits.per_day


def _delete_audio_or_log(report) -> None:
    """:func:`~ivr.reports.storage.delete_audio`; a file that cannot be removed is logged, and the
    caller's request (withdrawal, a new recording) goes on."""
    try:
        delete_audio(report)
    except OSError:
        log.exception("could not delete audio of report %s", report.id)


__all__ = ["report_for_call", "save_from_answers", "keep_late_answers", "attach_recording", "withdraw",
           "take_recording", "new_reference", "reference_taken",
           "limit_reached",
           "WithdrawalLimits", "WITHDRAWN", "NOT_FOUND", "TOO_MANY", "REFERENCE_DIGITS"]
