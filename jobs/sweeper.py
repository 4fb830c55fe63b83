"""Periodic work: hand stuck recording fetches back to the queue, apply retention, tidy up.

Huey's scheduler, in every consumer started with periodic tasks (the default), runs
:func:`sweep_task` every minute and :func:`maintenance_task` every hour (at minute 23);
``flask jobs sweep`` runs both once. Several consumers sweeping at once is safe: rows are taken
with a locking select and a conditional update, so each is re-queued once.

Recording fetches (times from the settings):

| ``audio_state`` | taken when | then |
|---|---|---|
| ``fetching`` | its lease ended: the worker was killed or hangs | ``pending``, queued for a new round |
| ``pending`` | its lease ended, or it has none and was untouched for ``FETCH_LEASE_SECONDS`` (the queue lost it) | queued for a new round |
| ``failed`` | its retry time (``audio_lease_until``) passed, fewer than ``FETCH_GIVE_UP_ATTEMPTS`` attempts | queued for one more attempt |

Taking a row moves its lease forward, so it is not queued again while the queue works on it.
Home visit requests' recordings (issue 12, item 7) are swept the same way, in their own table
(``SweepResult.visits``).

Every minute too: outbound calls and callback tries whose status callback never came are ended
from what Twilio's REST API says of them (:mod:`ivr.people.stuck`, :func:`sweep_calls`).

Every minute, first: recording payloads the webhooks spooled while the database was down
(``SPOOL_DIR``) are applied (:mod:`ivr.replay`). Every minute too: Twilio's copies of withdrawn
or retired recordings that are due for deletion are queued (``jobs.twilio_delete``).

Maintenance: retention (``ivr.reports.retention``: recordings and transcripts ``RETENTION_DAYS``
after review and ``REPORT_AUDIO_DAYS`` after the call, callers' numbers ``CALLER_NUMBER_DAYS``
after the call, old withdrawal attempts; the reports stay, audit entries record it), Twilio's
copies due for deletion, active warnings without audio are queued for rendering, partial
downloads left by killed workers are removed, and Twilio is asked for the recordings of reports
that never heard of theirs (:mod:`jobs.reconcile`).

"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from huey import crontab

from ivr.models import ScamWarning, db, utcnow
from ivr.people import stuck
from ivr.reports import retention
from ivr.reports.retention import RetentionPolicy
from ivr.reports.storage import RECORDING_KINDS, recording_model
from ivr.replay import replay_spool
from ivr.voice.twilio_rest import rest_client
from speech.catalog import AudioCatalog

from .fetch import fetch_recording, lease_expired
from .queue import QUEUE_ERRORS, huey, task_context
from .reconcile import reconcile_recordings
from .twilio_delete import queue_due_deletions
from .warnings import enqueue_render_warning, warning_prompt

log = logging.getLogger("hotline.jobs")

BATCH = 500  # rows per kind per run; the next run takes the rest
PARTIAL_MIN_AGE = 3600.0  # seconds; partial downloads younger than this may belong to a live worker


@dataclass
class SweepResult:
    """Report ids re-queued by one sweep, by the state they were found in; ``visits``: the same
    for home visit requests' recordings (issue 12), when any was re-queued."""

    expired: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    visits: "SweepResult | None" = None

    def as_dict(self) -> dict:
        found = asdict(self)
        if self.visits is None:
            found.pop("visits")
        return found

    def __bool__(self) -> bool:
        return bool(self.expired or self.stale or self.failed or self.visits)


@huey.periodic_task(crontab(minute="*"))
def sweep_task() -> None:
    """Huey periodic task, every minute: :func:`replay_spooled_recordings`, then
    :func:`sweep_recordings`, the deletion of Twilio's copies that are due
    (``jobs.twilio_delete.queue_due_deletions``) and :func:`sweep_calls`."""
    with task_context():
        replay_spooled_recordings()
        sweep_recordings()
        queue_due_deletions()
        queue_due_deletions(kind="visit")  # home visit requests' recordings (issue 12)
        sweep_calls()


def sweep_calls(now: datetime | None = None) -> dict[str, list[int]]:
    """End outbound calls and callback tries left in progress after their bound
    (:func:`ivr.people.stuck.end_stuck_outbound`, :func:`ivr.people.stuck.end_stuck_attempts`),
    asking Twilio's REST API (``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN``) how each call is.
    Transfer tries left ringing are ended too (:func:`ivr.people.stuck.end_stuck_transfers`).
    Returns ``{"outbound": [OutboundCall ids], "attempts": [CallbackAttempt ids],
    "transfers": [Transfer ids]}`` changed."""
    config = current_app.config
    client = rest_client(config)
    return {"outbound": stuck.end_stuck_outbound(client, config, now),
            "attempts": stuck.end_stuck_attempts(client, config, now),
            "transfers": stuck.end_stuck_transfers(now)}


def replay_spooled_recordings() -> list[str]:
    """Apply the recording payloads the webhooks spooled while the database was down
    (:func:`ivr.replay.replay_spool` on ``SPOOL_DIR``); return the files applied."""
    return replay_spool(current_app.config["SPOOL_DIR"]).applied


@huey.periodic_task(crontab(minute="23"))
def maintenance_task() -> None:
    """Huey periodic task, hourly: :func:`run_maintenance`."""
    with task_context():
        run_maintenance()


def sweep_recordings(now: datetime | None = None) -> SweepResult:
    """Re-queue fetches that are stuck, lost or due for another try (table in the module
    docstring): reports', then home visit requests' (``visits``, set when any was re-queued)."""
    now = now or utcnow()
    result = sweep_kind("report", now)
    visits = sweep_kind("visit", now)
    result.visits = visits if visits else None
    if result:
        log.info("sweeper re-queued recording fetches: %s", result.as_dict())
    return result


def sweep_kind(kind: str, now: datetime) -> SweepResult:
    """:func:`sweep_recordings` for one table (``kind``: ``report`` or ``visit``)."""
    config = current_app.config
    model = recording_model(kind)
    lease = timedelta(seconds=float(config["FETCH_LEASE_SECONDS"]))
    expired = sa.and_(model.audio_state == "fetching", lease_expired(now, model))
    taken = _take(model, expired, audio_state="pending", audio_lease_until=now + lease,
                  audio_error="the worker stopped during the fetch (lease expired)")
    result = SweepResult(expired=[rid for rid, _ in taken if _queue(rid, None, kind)])
    stale = sa.and_(model.audio_state == "pending",
                    sa.or_(model.audio_lease_until < now,
                           sa.and_(model.audio_lease_until.is_(None), model.updated_at < now - lease)))
    result.stale = [rid for rid, _ in _take(model, stale, audio_lease_until=now + lease)
                    if _queue(rid, None, kind)]
    retry_at = now + timedelta(seconds=float(config["FETCH_FAILED_RETRY_SECONDS"]))
    due = sa.and_(model.audio_state == "failed", lease_expired(now, model),
                  model.audio_attempts < int(config["FETCH_GIVE_UP_ATTEMPTS"]))
    # One attempt each: the quick retries of the round are spent; this is the slow lane.
    result.failed = [rid for rid, attempts in _take(model, due, audio_lease_until=retry_at)
                     if _queue(rid, attempts + 1, kind)]
    return result


def _take(model: type, condition: sa.ColumnElement[bool], **values: Any) -> list[tuple[int, int]]:
    """Lock up to :data:`BATCH` rows of ``model`` matching ``condition``, write ``values``, commit.

    Returns their ``(id, audio_attempts)``. ``SKIP LOCKED`` (PostgreSQL) lets two sweepers split
    the work; SQLite serialises them with ``BEGIN IMMEDIATE``.
    """
    query = (sa.select(model.id, model.audio_attempts).where(condition).order_by(model.id)
             .limit(BATCH).with_for_update(skip_locked=True))
    rows = [(row.id, row.audio_attempts) for row in db.session.execute(query)]
    if rows:
        db.session.execute(sa.update(model).where(model.id.in_([r[0] for r in rows]))
                           .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    return rows


def _queue(report_id: int, until: int | None, kind: str = "report") -> bool:
    try:
        fetch_recording(report_id, until, *(() if kind == "report" else (kind,)))
    except QUEUE_ERRORS as exc:
        log.warning("%s %s: could not re-queue the fetch (%s); next sweep", kind, report_id, exc)
        return False
    return True


def run_maintenance(now: datetime | None = None) -> dict[str, Any]:
    """Apply retention, queue the deletion of Twilio's copies that are due, queue warnings without
    audio, remove stale partial downloads, ask Twilio for recordings nobody told us about
    (:func:`jobs.reconcile.reconcile_recordings`).

    Returns ``{"retention_deleted": [report ids], "withdrawals_finished": [report ids],
    "caller_numbers_removed": {"reports": n,
    "calls": n, "callback_requests": n, "keyed": n, "outbound_calls": n}, "withdrawal_attempts_removed": n, "twilio_deletions_queued": [report ids],
    "visits": {"recordings_deleted": [visit request ids], "numbers_removed": n},
    "visit_twilio_deletions_queued": [visit request ids],
    "warnings_queued": [ids], "partials_removed": n,
    "reconciled": {"asked": [CallSids], "attached": [ids], "stopped": reason or None}}``.
    """
    removed = retention.apply(RetentionPolicy.from_config(current_app.config), now)
    return {"retention_deleted": [report_id for report_id, _ in removed.recordings],
            "withdrawals_finished": [report_id for report_id, _ in removed.withdrawn],
            "caller_numbers_removed": {"reports": len(removed.report_numbers),
                                       "calls": removed.call_numbers,
                                       "callback_requests": removed.callback_numbers,
                                       "keyed": removed.keyed_numbers,
                                       "outbound_calls": removed.outbound_numbers},
            "withdrawal_attempts_removed": removed.withdrawal_attempts,
            "visits": {"recordings_deleted": [visit_id for visit_id, _ in removed.visit_recordings],
                       "numbers_removed": removed.visit_numbers},
            "twilio_deletions_queued": queue_due_deletions(now),
            "visit_twilio_deletions_queued": queue_due_deletions(now, kind="visit"),
            "warnings_queued": queue_missing_warning_audio(),
            "partials_removed": remove_partial_downloads(),
            "reconciled": reconcile_recordings(now).as_dict()}


def apply_retention(now: datetime | None = None) -> list[int]:
    """Remove the recordings and transcripts due under the retention settings; return the report
    ids done (:func:`ivr.reports.retention.retire_recordings`: ``RETENTION_DAYS`` after review,
    ``REPORT_AUDIO_DAYS`` after the call; each audited, the report itself stays)."""
    policy = RetentionPolicy.from_config(current_app.config)
    return [report_id for report_id, _ in retention.retire_recordings(policy, now)]


def queue_missing_warning_audio() -> list[int]:
    """Queue rendering for active warnings whose audio is missing or older than their text."""
    # A fresh catalog: the app's own rereads the manifest at most once a second.
    catalog = AudioCatalog(current_app.config["AUDIO_DIR"])
    warnings = db.session.execute(sa.select(ScamWarning).where(ScamWarning.active.is_(True))).scalars()
    missing = [w.id for w in warnings if catalog.filename(warning_prompt(w)) is None]
    db.session.commit()
    for warning_id in missing:
        enqueue_render_warning(warning_id)
    return missing


def remove_partial_downloads(now: float | None = None) -> int:
    """Remove partial files (``.report-*``, ``.visit-*``) that killed workers left in
    ``RECORDINGS_DIR``.

    Only files older than twice the lease (at least an hour) go: younger ones may be in use.
    Returns how many were removed.
    """
    config = current_app.config
    folder = Path(config["RECORDINGS_DIR"])
    max_age = max(2 * float(config["FETCH_LEASE_SECONDS"]), PARTIAL_MIN_AGE)
    now = time.time() if now is None else now
    removed = 0
    partials = [path for kind in RECORDING_KINDS for path in folder.glob(f".{kind}-*")]
    for path in partials:
        try:
            if now - path.stat().st_mtime > max_age:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # finished or removed by someone else meanwhile
    return removed


__all__ = ["sweep_task", "maintenance_task", "sweep_recordings", "run_maintenance", "sweep_calls",
           "replay_spooled_recordings",
           "apply_retention", "queue_missing_warning_audio", "remove_partial_downloads",
           "SweepResult"]
