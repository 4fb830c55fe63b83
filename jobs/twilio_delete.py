"""Deleting Twilio's copy of a recording the hotline no longer keeps (withdrawn, or retired by
retention), through Twilio's REST API: ``DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/
{RecordingSid}.json`` (https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource).

The row is the record of the work (``ivr.reports.retention``): ``Report.recording_delete_due`` is
set when the copy should go. Every minute the sweeper takes due rows (:func:`queue_due_deletions`),
moves their due time :data:`LEASE` ahead, so they are not queued twice, and queues
:func:`delete_twilio_recording`. One attempt (:func:`delete_once`)::

    due and not yet deleted? ──> DELETE (204 deleted, 404 already gone) ──> recording_deleted_at = now,
      │ no: nothing to do            │ 429, 5xx, network: retry in TWILIO_DELETE_RETRY_DELAY s
      │                              │   (doubling), TWILIO_DELETE_ATTEMPTS in all; then the sweeper
      │                              │   tries again when the lease ends
      │                              └ 400/401/403: logged; the sweeper tries again after the lease
      └ no credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): nothing is taken or queued

Every recording Twilio holds of the call the report was made in goes with it, listed through
``GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json``
(https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources): a take the
caller recorded over ("kể lại từ đầu") is named by no report, yet it is the same caller's story.

Deleting twice is harmless: Twilio answers 404 for a copy already gone, which counts as done.

A home visit request's recording (issue 12, item 7; ``kind="visit"``, same columns) goes the same
way, but only its own RecordingSid: the call it was made in may also hold a report's recording,
which has its own retention.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ivr.models import db, utcnow
from ivr.reports.storage import recording_model
from ivr.voice.twilio_rest import (PermanentApiError, TransientApiError, call_recordings,
                                   delete_recording, rest_client)

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")

LEASE = timedelta(hours=1)  # a taken row is not queued again before this
BATCH = 200  # rows per sweep
MAX_RETRY_DELAY = 3600.0  # seconds; the doubling stops here


@huey.task(retries=2, retry_delay=30)
def delete_twilio_recording(report_id: int, attempt: int = 1, kind: str = "report") -> None:
    """Huey task: one attempt at deleting Twilio's copy of ``report_id``'s recording
    (:func:`delete_once`; ``kind``: ``report`` or ``visit``). Huey's own retries cover failures
    outside the attempt (the database)."""
    with task_context():
        delete_once(report_id, attempt, kind)


def delete_once(report_id: int, attempt: int = 1, kind: str = "report") -> str:
    """Make attempt number ``attempt``: delete the report's recording and every other recording
    of its call at Twilio (see the module docstring); return ``deleted``, ``gone`` (Twilio had no
    copy of the report's recording), ``retry`` (queued again), ``failed`` (left to the sweeper) or
    ``skipped`` (nothing due, or no credentials). Runs in an app context; API errors are handled
    here, not raised. ``kind="visit"``: a home visit request's recording, and only that one."""
    config = current_app.config
    model = recording_model(kind)
    report = db.session.get(model, report_id)
    due = report is not None and report.recording_delete_due is not None and \
        report.recording_deleted_at is None and bool(report.recording_sid or report.call_sid)
    sid, call_sid = (report.recording_sid, report.call_sid) if due else (None, None)
    if kind != "report":
        call_sid = None  # the call's other recordings may be a report's
    db.session.commit()  # no transaction is held during the HTTP requests
    client = rest_client(config) if due else None
    if client is None:
        return "skipped"
    try:
        others = [r.sid for r in call_recordings(client, call_sid) if r.sid != sid] \
            if call_sid else []
        found = [delete_recording(client, other) for other in others]  # first: then the row
        deleted = delete_recording(client, sid) if sid else any(found)  # says all are gone
    except TransientApiError as exc:
        return _retry(report_id, sid, attempt, exc, kind)
    except PermanentApiError as exc:
        log.error("%s %s: Twilio refused to delete recording %s (%s); the sweeper will try "
                  "again in %s", kind, report_id, sid, exc, LEASE)
        return "failed"
    db.session.execute(sa.update(model).where(model.id == report_id,
                                              model.recording_sid.is_not_distinct_from(sid))
                       .values(recording_delete_due=None, recording_deleted_at=utcnow())
                       .execution_options(synchronize_session=False))
    db.session.commit()
    log.info("%s %s: Twilio's copy of recording %s %s", kind, report_id, sid,
             "deleted" if deleted else "was already gone")
    return "deleted" if deleted else "gone"


def _retry(report_id: int, sid: str, attempt: int, exc: Exception, kind: str = "report") -> str:
    config = current_app.config
    if attempt >= int(config["TWILIO_DELETE_ATTEMPTS"]):
        log.warning("report %s: deleting Twilio's recording %s failed %d times (%s); the sweeper "
                    "will try again", report_id, sid, attempt, exc)
        return "failed"
    delay = min(float(config["TWILIO_DELETE_RETRY_DELAY"]) * 2 ** (attempt - 1), MAX_RETRY_DELAY)
    log.info("report %s: deleting Twilio's recording %s failed (%s); retry in %.1f s", report_id,
             sid, exc, delay)
    try:
        args = (report_id, attempt + 1) + (() if kind == "report" else (kind,))
        delete_twilio_recording.schedule(args, delay=delay)
    except QUEUE_ERRORS as error:
        log.warning("report %s: could not queue the retry (%s); the sweeper will", report_id, error)
        return "failed"
    return "retry"


def queue_due_deletions(now: datetime | None = None, kind: str = "report") -> list[int]:
    """Take reports (``kind="visit"``: home visit requests) whose Twilio copy is due for
    deletion, move their due time :data:`LEASE` ahead, commit and queue
    :func:`delete_twilio_recording` for each; return their ids.

    Nothing is taken without Twilio credentials (the rows wait for them). Rows are taken with a
    locking select (``SKIP LOCKED`` on PostgreSQL), so several sweepers queue each once.
    """
    if rest_client(current_app.config) is None:
        return []
    now = now or utcnow()
    model = recording_model(kind)
    query = (sa.select(model.id).where(model.recording_delete_due <= now,
                                       model.recording_deleted_at.is_(None))
             .order_by(model.id).limit(BATCH).with_for_update(skip_locked=True))
    ids = list(db.session.execute(query).scalars())
    if ids:
        db.session.execute(sa.update(model).where(model.id.in_(ids))
                           .values(recording_delete_due=now + LEASE)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    queued = []
    for report_id in ids:
        try:
            delete_twilio_recording(report_id, *(() if kind == "report" else (1, kind)))
        except QUEUE_ERRORS as exc:
            log.warning("%s %s: could not queue the deletion of Twilio's copy (%s)", kind,
                        report_id, exc)
            continue
        queued.append(report_id)
    return queued


__all__ = ["delete_twilio_recording", "delete_once", "queue_due_deletions", "LEASE"]
