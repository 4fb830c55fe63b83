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

import sqlalchemy as sa

from ivr import audit
from ivr.models import Call, Report, db, utcnow
from ivr.phone import classify_number

from .lifecycle import IDENTITIES
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
    while True:
        reference = "".join(secrets.choice("0123456789") for _ in range(REFERENCE_DIGITS))
        taken = db.session.execute(sa.select(Report.id).where(Report.reference == reference)).first()
        if not taken:
            return reference


def attach_recording(call_sid: str, recording_sid: str, url: str, seconds: int | None, status: str,
                     *, from_action: bool, call: Call | None = None) -> Report | None:
    """Record that Twilio has (or has not) a recording for the call's report; returns the report
    when its audio should now be fetched, else ``None``.

    ``status`` is Twilio's ``RecordingStatus`` (``completed``, ``absent``, ``failed``; the
    ``<Record>`` action counts as ``completed``). The action is authoritative for which recording is
    current (the caller may record again); a status callback only fills an empty slot or confirms
    the same RecordingSid. Sources: https://www.twilio.com/docs/voice/twiml/record#attributes-action
    and https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback .
    """
    report = report_for_call(call_sid)
    if report is None:
        call = call or db.session.execute(sa.select(Call).where(Call.call_sid == call_sid)).scalar_one_or_none()
        report = save_from_answers(call, (call.state or {}).get("answers", {})) if call else \
            _orphan_report(call_sid)
    if status != "completed":
        if not report.recording_sid and report.audio_state == "none":
            report.audio_state = "absent"
        return None
    if report.recording_sid == recording_sid:
        return None  # a duplicate or the other callback for the same recording
    if report.recording_sid and not from_action:
        return None  # a late callback for a recording the caller has since replaced
    if report.recording_sid and report.audio_path:
        _delete_audio_or_log(report)  # the caller recorded again: the old take goes
    report.recording_sid, report.recording_url = recording_sid, url
    report.recording_seconds, report.audio_state, report.audio_attempts = seconds, "pending", 0
    report.audio_error, report.audio_path = None, None
    db.session.flush()
    return report


def _orphan_report(call_sid: str) -> Report:
    """A recording for a call we never saw (e.g. lost state): keep it rather than drop it."""
    report = Report(call_sid=call_sid, reference=_new_reference(), audio_state="none", status="new")
    db.session.add(report)
    return report


def withdraw(reference: str, caller_key: str | None) -> bool:
    """Withdraw the report with ``reference`` made from the same phone; delete its audio.

    Returns False when no such report exists for this caller (withheld callers cannot withdraw,
    since nothing proves the report is theirs). The audit log keeps that it happened.
    """
    if not caller_key or not reference:
        return False
    query = sa.select(Report).where(Report.reference == reference,
                                    Report.caller_key == caller_key,
                                    Report.status != "withdrawn")
    report = db.session.execute(query).scalar_one_or_none()
    if report is None:
        return False
    _delete_audio_or_log(report)
    report.status, report.withdrawn_at = "withdrawn", utcnow()
    audit.record("withdraw", f"report:{report.id}", actor="caller", detail={"reference": reference})
    return True


def _delete_audio_or_log(report: Report) -> None:
    """:func:`~ivr.reports.storage.delete_audio`; a file that cannot be removed is logged, and the
    caller's request (withdrawal, a new recording) goes on."""
    try:
        delete_audio(report)
    except OSError:
        log.exception("could not delete audio of report %s", report.id)


__all__ = ["report_for_call", "save_from_answers", "keep_late_answers", "attach_recording", "withdraw", "REFERENCE_DIGITS"]
