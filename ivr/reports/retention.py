"""What the hotline keeps of a caller, and for how long: forgetting a report's recording, a
withdrawn report's personal data, and applying the retention periods.

Personal data, and when it goes (the README's "What is kept, and for how long" is the same table):

| data | withdrawn by the caller | otherwise |
|---|---|---|
| the recording here (WAV) and its transcript | at once | ``RETENTION_DAYS`` after review, and ``REPORT_AUDIO_DAYS`` after the call whatever the review |
| Twilio's copy of the recording | deleted by a job within a minute | with the recording here |
| the caller's number on the report | at once | ``CALLER_NUMBER_DAYS`` after the call |
| the caller's number on the call | at once (the call the report was made in) | ``CALLER_NUMBER_DAYS`` after the call |
| volunteers' notes | at once | with the report |
| wrong withdrawal references (keyed hash only) | | after :data:`ATTEMPTS_KEPT` |
| a callback request's number (issue 12) | | ``CALLER_NUMBER_DAYS`` after it closed; an open request that old is given up |
| a number keyed for a callback (the call's answers) | | ``CALLER_NUMBER_DAYS`` after the call |
| the number of a call the hotline placed (free line, verdict) | | ``CALLER_NUMBER_DAYS`` after it was scheduled, once it is over |
| a home visit request's recording here, its transcript, Twilio's copy (issue 12) | at once | ``RETENTION_DAYS`` after it was closed, and ``REPORT_AUDIO_DAYS`` after the call whatever its status |
| a home visit request's number to call back (issue 12) | at once | ``CALLER_NUMBER_DAYS`` after it was closed; an open request's ``CALLER_NUMBER_DAYS`` after the call |

The keyed hash of the caller (``caller_key``, ``ivr.callers.caller_key``) stays: it cannot be
turned back into a number without the ``SECRET_KEY``, and it proves which phone a withdrawal
comes from. A report keeps its non-personal fields (reference, dates, status, the scammer's
number, who they claimed to be, category, money lost, recording length).

Twilio's copy is not deleted here: :func:`forget_recording` sets ``Report.recording_delete_due``
and the jobs' sweeper hands it to ``jobs.twilio_delete``, which calls Twilio's REST API and sets
``recording_deleted_at``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

import sqlalchemy as sa

from ivr import audit
from ivr.models import (Call, CallbackRequest, OutboundCall, Report, ScamWarning, VisitRequest,
                        WithdrawalAttempt, db, utcnow)

from .lifecycle import AUDIO_HELD, REVIEWED
from .storage import delete_audio

log = logging.getLogger(__name__)

ATTEMPTS_KEPT = timedelta(days=2)  # longer than the 24 hours the per-day withdrawal limit counts
BATCH = 500  # reports per run whose recordings are retired; the next run takes the rest


@dataclass(frozen=True)
class RetentionPolicy:
    """The retention periods, in days: ``reviewed_audio_days`` (``RETENTION_DAYS``, after review),
    ``report_audio_days`` (``REPORT_AUDIO_DAYS``, after the call), ``caller_number_days``
    (``CALLER_NUMBER_DAYS``, after the call)."""

    reviewed_audio_days: int
    report_audio_days: int
    caller_number_days: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RetentionPolicy":
        """Read the three settings from a Flask config mapping."""
        return cls(int(config["RETENTION_DAYS"]), int(config["REPORT_AUDIO_DAYS"]),
                   int(config["CALLER_NUMBER_DAYS"]))


@dataclass
class RetentionPlan:
    """What retention removes (or removed): ``recordings``, ``withdrawn`` (withdrawn reports that
    still held personal data, e.g. withdrawn before withdrawal removed it) and ``report_numbers``
    as ``(report id, reference)``; ``call_numbers`` and ``withdrawal_attempts`` as counts."""

    recordings: list[tuple[int, str]] = field(default_factory=list)
    withdrawn: list[tuple[int, str]] = field(default_factory=list)
    report_numbers: list[tuple[int, str]] = field(default_factory=list)
    call_numbers: int = 0
    withdrawal_attempts: int = 0
    callback_numbers: int = 0  # callback requests whose number was removed (issue 12)
    keyed_numbers: int = 0  # calls whose answers held a number keyed for a callback
    outbound_numbers: int = 0  # calls the hotline placed, their number removed
    visit_recordings: list[tuple[int, str]] = field(default_factory=list)  # (id, reference), issue 12
    visit_numbers: int = 0  # home visit requests whose number to call back was removed


def forget_recording(report: Report | VisitRequest, now: datetime | None = None) -> list[str]:
    """Remove ``report``'s recording and transcript (not committed); return what was there
    (``"audio"``, ``"transcript"``). A home visit request (issue 12) has the same columns and
    goes the same way.

    The file goes through :func:`ivr.reports.storage.delete_audio` (raises ``OSError`` with the
    row already changed, as it documents); the transcript, its word timings and the media URL are
    cleared; Twilio's copy is due for deletion now unless Twilio already confirmed it gone.
    """
    removed = []
    if report.audio_path or report.audio_state in AUDIO_HELD:
        removed.append("audio")
    if report.transcript is not None:
        removed.append("transcript")
    report.transcript, report.transcript_words, report.recording_url = None, None, None
    if report.recording_sid and report.recording_deleted_at is None:
        report.recording_delete_due = now or utcnow()
    delete_audio(report)
    return removed


def forget_withdrawn(report: Report, now: datetime | None = None) -> list[str]:
    """Remove what a withdrawn report holds of its caller (not committed); return what was there.

    The recording and transcript (:func:`forget_recording`; a file that resists removal is
    logged and named still, for the maintenance to try again), Twilio's recordings of the call
    (due for deletion even when no RecordingSid is known), the caller's number on the report and
    on the call it was made in, volunteers' notes; active warnings written from the report are
    retired (audited, actor ``system``).
    """
    name, transcribed = report.audio_path, report.transcript is not None
    try:
        removed = forget_recording(report, now)
    except OSError:
        # The caller's request goes on; the name stays, so the maintenance tries the file again
        # (finish_withdrawals), while the audio state already keeps it from being served.
        log.exception("could not delete the audio file of withdrawn report %s", report.id)
        report.audio_path, removed = name, ["audio", "transcript"] if transcribed else ["audio"]
    if not report.recording_sid and report.recording_deleted_at is None:
        # Twilio may hold a recording of the call that nobody told us about (both callbacks
        # lost): the deletion job lists the call's recordings and deletes them (jobs.twilio_delete).
        report.recording_delete_due = now or utcnow()
    if report.caller:
        removed.append("caller")
    if report.notes:
        removed.append("notes")
    report.caller, report.notes = None, None
    db.session.execute(sa.update(Call).where(Call.call_sid == report.call_sid)
                       .values(caller=None).execution_options(synchronize_session=False))
    warnings = db.session.execute(sa.select(ScamWarning).where(
        ScamWarning.report_id == report.id, ScamWarning.active.is_(True))).scalars().all()
    for warning in warnings:
        warning.active = False
        audit.record("warning_retire", f"warning:{warning.id}", actor="system",
                     detail={"reason": "report withdrawn", "report_id": report.id})
    return removed


# -- retention periods -----------------------------------------------------------------------------

def _recordings_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    held = sa.or_(Report.audio_state.in_(AUDIO_HELD), Report.audio_path.is_not(None),
                  Report.transcript.is_not(None))
    reviewed = sa.and_(Report.status.in_(REVIEWED),
                       Report.reviewed_at < now - timedelta(days=policy.reviewed_audio_days))
    old = Report.created_at < now - timedelta(days=policy.report_audio_days)
    return sa.and_(held, sa.or_(reviewed, old))


def _withdrawn_due() -> sa.ColumnElement[bool]:
    return sa.and_(Report.status == "withdrawn",
                   sa.or_(Report.audio_path.is_not(None), Report.audio_state.in_(AUDIO_HELD),
                          Report.transcript.is_not(None), Report.caller.is_not(None),
                          Report.notes.is_not(None)))


def _report_numbers_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Report.caller.is_not(None),
                   Report.created_at < now - timedelta(days=policy.caller_number_days))


def _call_numbers_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Call.caller.is_not(None),
                   Call.started_at < now - timedelta(days=policy.caller_number_days))


def _attempts_due(now: datetime) -> sa.ColumnElement[bool]:
    return WithdrawalAttempt.at < now - ATTEMPTS_KEPT


def plan(policy: RetentionPolicy, now: datetime | None = None) -> RetentionPlan:
    """What :func:`apply` would remove at ``now`` (default: now); reads only, then commits."""
    now = now or utcnow()
    result = RetentionPlan(recordings=_references(_recordings_due(policy, now)),
                           withdrawn=_references(_withdrawn_due()),
                           report_numbers=_references(_report_numbers_due(policy, now)),
                           call_numbers=_count(Call, _call_numbers_due(policy, now)),
                           callback_numbers=_count(CallbackRequest, _callbacks_due(policy, now)),
                           keyed_numbers=_count(Call, _keyed_due(policy, now)),
                           outbound_numbers=_count(OutboundCall, _outbound_due(policy, now)),
                           withdrawal_attempts=_count(WithdrawalAttempt, _attempts_due(now)),
                           visit_recordings=_visit_references(_visit_recordings_due(policy, now)),
                           visit_numbers=_count(VisitRequest, _visit_numbers_due(policy, now)))
    db.session.commit()
    return result


def _references(due: sa.ColumnElement[bool], limit: int | None = None) -> list[tuple[int, str]]:
    query = sa.select(Report.id, Report.reference).where(due).order_by(Report.id).limit(limit)
    return [(row.id, row.reference) for row in db.session.execute(query)]


def _count(model: type, due: sa.ColumnElement[bool]) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model).where(due)).scalar_one()


def apply(policy: RetentionPolicy, now: datetime | None = None) -> RetentionPlan:
    """Remove everything due at ``now`` (default: now); return what was removed.

    Recordings and transcripts one report at a time (:func:`retire_recordings`), withdrawn
    reports that still hold personal data (:func:`finish_withdrawals`), then the callers' numbers
    on calls and reports, then old withdrawal attempts, each committed.
    """
    now = now or utcnow()
    result = RetentionPlan(recordings=retire_recordings(policy, now),
                           withdrawn=finish_withdrawals(now))
    result.report_numbers, result.call_numbers = forget_caller_numbers(policy, now)
    result.callback_numbers, result.keyed_numbers, result.outbound_numbers = \
        forget_people_numbers(policy, now)
    result.visit_recordings = retire_visit_recordings(policy, now)
    result.visit_numbers = forget_visit_numbers(policy, now)
    result.withdrawal_attempts = db.session.execute(
        sa.delete(WithdrawalAttempt).where(_attempts_due(now))).rowcount
    db.session.commit()
    return result


def retire_recordings(policy: RetentionPolicy, now: datetime | None = None) -> list[tuple[int, str]]:
    """Remove the recordings and transcripts due at ``now`` (at most :data:`BATCH`); return the
    ``(id, reference)`` of each report done.

    Per report, in one transaction: an audit entry ``retention_delete`` (actor ``system``, detail
    ``file``, ``removed``, ``rule`` and ``retention_days``), :func:`forget_recording`, then the commit.
    Should the commit fail, the file is already gone and the next run completes the row; should
    the file resist removal, the row is rolled back and kept for the next run.
    """
    now = now or utcnow()
    due = _recordings_due(policy, now)
    rows = _references(due, BATCH)
    db.session.commit()
    done = [(rid, reference) for rid, reference in rows if _retire_one(rid, due, policy, now)]
    if done:
        log.info("retention: removed the recordings and transcripts of %d reports", len(done))
    return done


def _retire_one(report_id: int, due: sa.ColumnElement[bool], policy: RetentionPolicy,
                now: datetime) -> bool:
    report = db.session.execute(sa.select(Report).where(Report.id == report_id, due)
                                .with_for_update()).scalar_one_or_none()
    if report is None:  # changed meanwhile
        db.session.rollback()
        return False
    reviewed = report.status in REVIEWED and report.reviewed_at is not None and \
        _aware(report.reviewed_at) < now - timedelta(days=policy.reviewed_audio_days)
    detail = {"file": report.audio_path, "rule": "reviewed" if reviewed else "age",
              "retention_days": policy.reviewed_audio_days if reviewed else policy.report_audio_days,
              "reviewed_at": report.reviewed_at.isoformat() if report.reviewed_at else None}
    try:
        detail["removed"] = forget_recording(report, now)
    except OSError as exc:
        db.session.rollback()
        log.error("retention: could not delete the audio of report %s: %s", report_id, exc)
        return False
    audit.record("retention_delete", f"report:{report_id}", actor="system", detail=detail)
    db.session.commit()
    return True


def finish_withdrawals(now: datetime | None = None) -> list[tuple[int, str]]:
    """Apply :func:`forget_withdrawn` to withdrawn reports that still hold personal data (withdrawn
    before withdrawals removed it); return their ``(id, reference)``. Audited ``retention_delete``
    (actor ``system``, detail ``removed``); committed per report."""
    now = now or utcnow()
    rows = _references(_withdrawn_due(), BATCH)
    db.session.commit()
    done = []
    for report_id, reference in rows:
        report = db.session.execute(sa.select(Report).where(Report.id == report_id, _withdrawn_due())
                                    .with_for_update()).scalar_one_or_none()
        if report is None:
            db.session.rollback()
            continue
        removed = forget_withdrawn(report, now)
        audit.record("retention_delete", f"report:{report_id}", actor="system",
                     detail={"rule": "withdrawn", "removed": removed})
        db.session.commit()
        done.append((report_id, reference))
    return done


def forget_caller_numbers(policy: RetentionPolicy, now: datetime | None = None
                          ) -> tuple[list[tuple[int, str]], int]:
    """Remove the callers' numbers older than ``CALLER_NUMBER_DAYS`` from reports and calls
    (``caller_key`` stays); return the reports' ``(id, reference)`` and the number of calls.

    One audit entry ``retention_delete`` on target ``caller_numbers`` records the counts when
    anything was removed; committed.
    """
    now = now or utcnow()
    reports = _references(_report_numbers_due(policy, now))
    if reports:
        db.session.execute(sa.update(Report).where(Report.id.in_([r[0] for r in reports]))
                           .values(caller=None).execution_options(synchronize_session=False))
    calls = db.session.execute(sa.update(Call).where(_call_numbers_due(policy, now))
                               .values(caller=None).execution_options(synchronize_session=False)).rowcount
    if reports or calls:
        audit.record("retention_delete", "caller_numbers", actor="system",
                     detail={"reports": len(reports), "calls": calls,
                             "retention_days": policy.caller_number_days})
        log.info("retention: removed the caller's number from %d reports and %d calls",
                 len(reports), calls)
    db.session.commit()
    return reports, calls


# Issue 12: the numbers a person behind the line needs, kept no longer than the callers' own.
CLOSED_CALLBACKS = ("done", "gave_up", "cancelled")
OVER = ("answered", "failed", "refused")
KEYED = "callback_number"  # the answer a withheld caller keys for a callback (prompts/nodes)


def _callbacks_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    old = now - timedelta(days=policy.caller_number_days)
    closed_long_ago = sa.and_(CallbackRequest.status.in_(CLOSED_CALLBACKS),
                              sa.func.coalesce(CallbackRequest.closed_at,
                                               CallbackRequest.created_at) < old)
    left_open = sa.and_(CallbackRequest.status == "open", CallbackRequest.created_at < old)
    return sa.and_(CallbackRequest.number.is_not(None), sa.or_(closed_long_ago, left_open))


def _keyed_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Call.started_at < now - timedelta(days=policy.caller_number_days),
                   sa.cast(Call.state, sa.Text).like(f'%"{KEYED}"%'))


def _outbound_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(OutboundCall.number.is_not(None), OutboundCall.status.in_(OVER),
                   OutboundCall.created_at < now - timedelta(days=policy.caller_number_days))


def forget_people_numbers(policy: RetentionPolicy, now: datetime | None = None
                          ) -> tuple[int, int, int]:
    """Remove the numbers issue 12 keeps, ``CALLER_NUMBER_DAYS`` on: a closed callback request's
    number (an open request that old is given up first: nobody called back within the period),
    the number a withheld caller keyed for a callback (``callback_number`` in the call's answers),
    and the number of a call the hotline placed once it is over. Returns the three counts; one
    audit entry ``retention_delete`` on target ``callback_numbers`` when anything was removed;
    committed."""
    now = now or utcnow()
    requests = db.session.scalars(sa.select(CallbackRequest).where(_callbacks_due(policy, now))
                                  .with_for_update()).all()
    for request in requests:
        if request.status == "open":
            request.status, request.closed_at = "gave_up", now
        request.number = None
    calls = db.session.scalars(sa.select(Call).where(_keyed_due(policy, now))).all()
    for call in calls:
        answers = dict((call.state or {}).get("answers") or {})
        answers.pop(KEYED, None)
        call.state = {**call.state, "answers": answers}
    outbound = db.session.execute(sa.update(OutboundCall).where(_outbound_due(policy, now))
                                  .values(number=None)
                                  .execution_options(synchronize_session=False)).rowcount
    if requests or calls or outbound:
        audit.record("retention_delete", "callback_numbers", actor="system",
                     detail={"callback_requests": len(requests), "keyed": len(calls),
                             "outbound_calls": outbound,
                             "retention_days": policy.caller_number_days})
    db.session.commit()
    return len(requests), len(calls), outbound


# -- home visit requests (issue 12, item 7) -------------------------------------------------------

VISIT_CLOSED = ("closed", "withdrawn")


def _visit_references(due: sa.ColumnElement[bool], limit: int | None = None) -> list[tuple[int, str]]:
    query = (sa.select(VisitRequest.id, VisitRequest.reference).where(due)
             .order_by(VisitRequest.id).limit(limit))
    return [(row.id, row.reference) for row in db.session.execute(query)]


def _visit_recordings_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    held = sa.or_(VisitRequest.audio_path.is_not(None), VisitRequest.audio_state.in_(AUDIO_HELD),
                  VisitRequest.transcript.is_not(None), VisitRequest.recording_url.is_not(None))
    closed = sa.and_(VisitRequest.status.in_(VISIT_CLOSED), VisitRequest.closed_at.is_not(None),
                     VisitRequest.closed_at < now - timedelta(days=policy.reviewed_audio_days))
    old = VisitRequest.created_at < now - timedelta(days=policy.report_audio_days)
    # A file that resisted deletion on the caller's request (withdrawal, an admin's deletion):
    # the row says deleted but still names it, so the next run removes it, whatever its age.
    leftover = sa.and_(VisitRequest.audio_state == "deleted", VisitRequest.audio_path.is_not(None))
    return sa.and_(held, sa.or_(leftover, closed, old))


def _visit_numbers_due(policy: RetentionPolicy, now: datetime) -> sa.ColumnElement[bool]:
    old = now - timedelta(days=policy.caller_number_days)
    closed = sa.and_(VisitRequest.status.in_(VISIT_CLOSED),
                     sa.func.coalesce(VisitRequest.closed_at, VisitRequest.created_at) < old)
    left_open = sa.and_(VisitRequest.status.not_in(VISIT_CLOSED), VisitRequest.created_at < old)
    return sa.and_(VisitRequest.caller.is_not(None), sa.or_(closed, left_open))


def retire_visit_recordings(policy: RetentionPolicy, now: datetime | None = None
                            ) -> list[tuple[int, str]]:
    """Remove the home visit requests' recordings and transcripts due at ``now`` (at most
    :data:`BATCH`; ``RETENTION_DAYS`` after closing, ``REPORT_AUDIO_DAYS`` after the call, at
    once for a file that resisted deletion on the caller's request);
    return the ``(id, reference)`` of each request done.

    Per request, in one transaction, as for reports (:func:`retire_recordings`): an audit entry
    ``retention_delete`` on ``visit:<id>`` (actor ``system``), :func:`forget_recording` (Twilio's
    copy due for deletion), the commit; a file that resists removal rolls the row back for the
    next run.
    """
    now = now or utcnow()
    due = _visit_recordings_due(policy, now)
    rows = _visit_references(due, BATCH)
    db.session.commit()
    done = []
    for visit_id, reference in rows:
        visit = db.session.execute(sa.select(VisitRequest).where(VisitRequest.id == visit_id, due)
                                   .with_for_update()).scalar_one_or_none()
        if visit is None:
            db.session.rollback()
            continue
        detail = {"file": visit.audio_path, "status": visit.status}
        try:
            detail["removed"] = forget_recording(visit, now)
        except OSError as exc:
            db.session.rollback()
            log.error("retention: could not delete the audio of visit request %s: %s", visit_id, exc)
            continue
        audit.record("retention_delete", f"visit:{visit_id}", actor="system", detail=detail)
        db.session.commit()
        done.append((visit_id, reference))
    return done


def forget_visit_numbers(policy: RetentionPolicy, now: datetime | None = None) -> int:
    """Remove the number to call back from home visit requests ``CALLER_NUMBER_DAYS`` after they
    closed (an open one: after the call); return how many. One audit entry ``retention_delete``
    on target ``visit_numbers`` when any was removed; committed."""
    now = now or utcnow()
    removed = db.session.execute(sa.update(VisitRequest).where(_visit_numbers_due(policy, now))
                                 .values(caller=None)
                                 .execution_options(synchronize_session=False)).rowcount
    if removed:
        audit.record("retention_delete", "visit_numbers", actor="system",
                     detail={"visit_requests": removed, "retention_days": policy.caller_number_days})
    db.session.commit()
    return removed


def forget_visit(visit: VisitRequest, now: datetime | None = None) -> list[str]:
    """Remove what a home visit request holds of its caller (not committed), when the caller
    asks for their data to go: the recording and transcript (:func:`forget_recording`, Twilio's
    copy due for deletion), the number to call back, and the number on the call it was made in.
    Returns what was there (``"audio"``, ``"transcript"``, ``"caller"``). Raises ``OSError`` as
    :func:`forget_recording` does, with the numbers already removed."""
    had_number = bool(visit.caller)
    visit.caller = None  # the numbers first: a file that resists removal does not keep them
    db.session.execute(sa.update(Call).where(Call.call_sid == visit.call_sid)
                       .values(caller=None).execution_options(synchronize_session=False))
    removed = forget_recording(visit, now)
    return removed + ["caller"] if had_number else removed


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


__all__ = ["RetentionPolicy", "RetentionPlan", "forget_people_numbers", "forget_recording",
           "forget_withdrawn", "plan",
           "apply", "retire_recordings", "finish_withdrawals", "forget_caller_numbers",
           "retire_visit_recordings", "forget_visit_numbers", "forget_visit",
           "ATTEMPTS_KEPT"]
