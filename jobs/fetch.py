"""The recording fetch job: take a report's fetch, download its recording from Twilio, store it
converted, and queue its transcription; retries, leases and fencing make it safe to run twice.

The same job fetches a home visit request's recording (issue 12, item 7): every function takes
``kind`` (``report``, the default, or ``visit``; ``ivr.reports.storage.RECORDING_KINDS``), whose
table has the same recording columns; "report" below stands for either row.

The recording callbacks carry ``RecordingUrl``, ``RecordingSid`` and ``RecordingDuration``
(https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback); the download
itself and its errors are the Twilio adapter's (``ivr.voice.media``), the file's name, path and
format the report domain's (``ivr.reports.storage``).

One attempt (:func:`fetch_once`)::

    claim ──> download (Basic auth, checks) ──> convert (ffmpeg) ──> store (fenced) ──> transcription
      │ the row goes pending | failed | fetching with an expired lease ──> fetching,
      │ audio_attempts + 1, audio_lease_until = now + FETCH_LEASE_SECONDS
      └ not claimable (stored, deleted, held by a live worker, round used up): nothing to do

``audio_attempts`` after the claim is the attempt's number, and every later write checks it
(fencing): a worker that outlived its lease cannot overwrite the work of the one that took over.

The download has a total deadline, ``FETCH_DEADLINE`` seconds from the claim (connect, headers
and body, however slowly the server sends: ``ivr.voice.media``), shorter than the lease (the
settings refuse anything else), so the download is over before the sweeper may hand the report
to another worker: a stalled URL is never read twice at once, and a slow media server holds at
most one worker thread per recording. An attempt that fails is retried no sooner than it lasted
(a slow server keeps a thread at most about half the time), doubling as below. A full disk is a
failure like the others: ``audio_error`` says so and the fetch is retried.

A *round* of attempts ends at attempt ``until``: the first task of a round (``until=None``, which
only claims a ``pending`` row or an expired lease) sets it ``FETCH_MAX_ATTEMPTS`` past the attempts
so far; each retry is a new task carrying it, scheduled ``FETCH_RETRY_DELAY`` seconds later and
doubling. When the round is used up, or retrying soon cannot help (credentials refused), the
report becomes ``failed`` with ``audio_error`` and keeps its remote URL; ``jobs.sweeper`` tries
again later.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

import sqlalchemy as sa
from flask import current_app

from ivr.models import Report, db, utcnow
from ivr.reports.storage import convert_to_pcm, recording_file_name, recording_model
from ivr.voice.media import (DiskError, FetchError, PermanentFetchError, TransientFetchError,
                             allowed_origins, download, media_url, twilio_auth)
from speech.telephone import AudioError

from .queue import QUEUE_ERRORS, huey, task_context
from .transcribe import queue_transcription

log = logging.getLogger("hotline.jobs")

MAX_RETRY_DELAY = 3600.0  # seconds; the doubling stops here
ERROR_LENGTH = 300  # Report.audio_error is String(300)


@dataclass(frozen=True)
class Claim:
    """A fetch attempt this worker holds. ``attempt`` is also the fencing token; ``taken_at`` is
    ``time.monotonic()`` just before the claim (its lease runs from no earlier than that)."""

    report_id: int
    attempt: int
    until: int
    url: str | None
    recording_sid: str | None
    taken_at: float
    kind: str = "report"  # the row's table (ivr.reports.storage.RECORDING_KINDS)


# -- the tasks -------------------------------------------------------------------------------------

@huey.task(retries=2, retry_delay=30)
def fetch_recording(report_id: int, until: int | None = None, kind: str = "report") -> None:
    """Huey task: one attempt at fetching ``report_id``'s recording (see the module docstring);
    ``kind``: ``report`` or ``visit`` (the row's table).

    Huey's own retries cover failures outside an attempt, such as the database being unreachable
    before the claim; failures inside one are handled by :func:`fetch_once`.
    """
    with task_context():
        fetch_once(report_id, until, kind)


def enqueue_fetch_recording(report_id: int, kind: str = "report") -> None:
    """Queue a fetch of ``report_id``'s recording (a visit request's with ``kind="visit"``). Call
    after the commit that made it ``pending``.

    Never raises for an unreachable queue: the row stays ``pending`` and the sweeper queues it.
    """
    try:
        if kind == "report":
            fetch_recording(int(report_id))  # the task's arguments as before visits existed
        else:
            fetch_recording(int(report_id), None, recording_kind(kind))
    except QUEUE_ERRORS as exc:
        log.warning("%s %s: could not queue the recording fetch (%s); the sweeper will", kind,
                    report_id, exc)


def recording_kind(kind: str) -> str:
    """``kind`` if it names a table with recordings; raises ``ValueError`` otherwise."""
    recording_model(kind)
    return kind


# -- one attempt -----------------------------------------------------------------------------------

def fetch_once(report_id: int, until: int | None = None, kind: str = "report") -> str:
    """Make one fetch attempt for ``report_id``; return ``stored``, ``retry``, ``failed`` or ``skipped``.

    Runs in an app context. ``until`` is the last attempt number of the current round (``None``
    starts a round); ``kind`` the row's table (``report`` or ``visit``). Errors of the attempt
    itself are recorded on the row, not raised.
    """
    config = current_app.config
    model = recording_model(kind)
    claim = claim_fetch(report_id, until, config["FETCH_MAX_ATTEMPTS"], config["FETCH_LEASE_SECONDS"],
                        kind)
    if claim is None:
        log.info("%s %s: nothing to fetch (already stored, held or not pending)", kind, report_id)
        return "skipped"
    try:
        name, seconds = download_and_convert(claim, config)
    except PermanentFetchError as exc:
        return _give_up(claim, exc, config)
    except TransientFetchError as exc:
        if claim.attempt >= claim.until:
            return _give_up(claim, exc, config)
        return _retry_later(claim, exc, config)
    if not _finish(claim, audio_state="stored", audio_path=name, audio_error=None,
                   audio_lease_until=None,
                   recording_seconds=sa.func.coalesce(model.recording_seconds, round(seconds))):
        _discard_if_orphaned(claim, Path(config["RECORDINGS_DIR"]) / name)
        return "skipped"
    log.info("%s %s: recording stored as %s (%.1f s, attempt %d)", kind, report_id, name, seconds,
             claim.attempt)
    queue_transcription(claim.report_id, config, kind)
    return "stored"


def claim_fetch(report_id: int, until: int | None, max_attempts: int,
                lease_seconds: float, kind: str = "report") -> Claim | None:
    """Atomically take the fetch of ``report_id`` (a row of ``kind``'s table) for
    ``lease_seconds``; ``None`` if not claimable.

    Claimable: ``pending``, or ``fetching`` whose lease expired, or (only with an explicit
    ``until``) ``failed``; and with ``until``, fewer than ``until`` attempts so far.
    """
    model = recording_model(kind)
    taken_at, now = time.monotonic(), utcnow()
    expired = sa.and_(model.audio_state == "fetching", lease_expired(now, model))
    claimable = [model.audio_state == "pending", expired]
    query = sa.update(model).where(model.id == report_id)
    if until is not None:
        claimable.append(model.audio_state == "failed")
        query = query.where(model.audio_attempts < until)
    query = (query.where(sa.or_(*claimable))
             .values(audio_state="fetching", audio_attempts=model.audio_attempts + 1,
                     audio_lease_until=now + timedelta(seconds=lease_seconds))
             .execution_options(synchronize_session=False))
    if db.session.execute(query).rowcount != 1:
        db.session.rollback()
        return None
    row = db.session.execute(sa.select(model.audio_attempts, model.recording_url,
                                       model.recording_sid).where(model.id == report_id)).one()
    db.session.commit()  # short transactions: SQLite holds its write lock until here
    last = until if until is not None else row.audio_attempts - 1 + max_attempts
    return Claim(report_id, row.audio_attempts, last, row.recording_url, row.recording_sid, taken_at,
                 kind)


def lease_expired(now, model: type = Report) -> sa.ColumnElement[bool]:
    """SQL condition: the row's lease ended before ``now`` (no lease counts as ended); ``model``
    is :class:`~ivr.models.Report` or :class:`~ivr.models.VisitRequest`."""
    return sa.or_(model.audio_lease_until.is_(None), model.audio_lease_until < now)


def download_and_convert(claim: Claim, config: Mapping[str, Any]) -> tuple[str, float]:
    """Download the claim's media and store it converted; return ``(file name, seconds)``.

    The download ends by :func:`fetch_deadline` seconds after the claim. Raises
    :class:`FetchError` (:class:`DiskError` when ``RECORDINGS_DIR`` cannot be written). The
    download goes to a hidden temporary file in ``RECORDINGS_DIR``, removed in every case; the
    result replaces its file atomically.
    """
    folder = Path(config["RECORDINGS_DIR"])
    url = media_url(claim.url, allowed_origins(config["RECORDING_ORIGINS"]))
    seconds = fetch_deadline(config)
    deadline = claim.taken_at + seconds
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{claim.kind}-{claim.report_id}.",
                                    suffix=".download")
        os.close(fd)
    except OSError as exc:
        raise DiskError(exc) from exc
    try:
        download(url, Path(temp), twilio_auth(config), float(config["FETCH_TIMEOUT"]), deadline,
                 seconds)
        name = recording_file_name(claim.report_id, claim.recording_sid, claim.kind)
        try:
            return name, convert_to_pcm(Path(temp), folder / name)
        except AudioError as exc:
            raise TransientFetchError(f"undecodable audio: {exc}") from exc
        except OSError as exc:  # the converted file could not be written
            raise DiskError(exc) from exc
    finally:
        Path(temp).unlink(missing_ok=True)


def fetch_deadline(config: Mapping[str, Any]) -> float:
    """Seconds a download may take in all: ``FETCH_DEADLINE``, and never more than 80 % of
    ``FETCH_LEASE_SECONDS`` (the settings check refuses a deadline as long as the lease; this
    also holds for settings handed to ``create_app`` directly, which that check does not see)."""
    return min(float(config["FETCH_DEADLINE"]), 0.8 * float(config["FETCH_LEASE_SECONDS"]))


# -- outcomes --------------------------------------------------------------------------------------

def _finish(claim: Claim, **values: Any) -> bool:
    """Write ``values`` if this worker still holds the claim; commit. Fenced by the attempt number
    and the RecordingSid (the caller may have recorded again, which resets the attempts)."""
    model = recording_model(claim.kind)
    query = (sa.update(model)
             .where(model.id == claim.report_id, model.audio_state == "fetching",
                    model.audio_attempts == claim.attempt,
                    model.recording_sid.is_not_distinct_from(claim.recording_sid))
             .values(**values).execution_options(synchronize_session=False))
    done = db.session.execute(query).rowcount == 1
    db.session.commit()
    return done


def _give_up(claim: Claim, error: FetchError, config: Mapping[str, Any]) -> str:
    retry_at = utcnow() + timedelta(seconds=float(config["FETCH_FAILED_RETRY_SECONDS"]))
    _finish(claim, audio_state="failed", audio_error=_clip(error), audio_lease_until=retry_at)
    log.warning("%s %s: recording fetch failed (attempt %d): %s; the sweeper retries later",
                claim.kind, claim.report_id, claim.attempt, error)
    return "failed"


def _retry_later(claim: Claim, error: FetchError, config: Mapping[str, Any]) -> str:
    delay = retry_delay(float(config["FETCH_RETRY_DELAY"]), int(config["FETCH_MAX_ATTEMPTS"]), claim)
    # No sooner than the attempt lasted: a slow server holds a worker thread at most half the time.
    delay = min(max(delay, time.monotonic() - claim.taken_at), MAX_RETRY_DELAY)
    # The lease now covers the wait too, so the sweeper leaves the scheduled retry alone.
    hold = timedelta(seconds=delay + float(config["FETCH_LEASE_SECONDS"]))
    if not _finish(claim, audio_state="pending", audio_error=_clip(error),
                   audio_lease_until=utcnow() + hold):
        return "skipped"
    log.info("%s %s: attempt %d failed (%s); retry in %.1f s", claim.kind, claim.report_id,
             claim.attempt, error, delay)
    args = (claim.report_id, claim.until) + (() if claim.kind == "report" else (claim.kind,))
    try:
        fetch_recording.schedule(args=args, delay=delay)
    except QUEUE_ERRORS as exc:
        log.warning("%s %s: could not schedule the retry (%s); the sweeper will", claim.kind,
                    claim.report_id, exc)
    return "retry"


def retry_delay(base: float, max_attempts: int, claim: Claim) -> float:
    """Seconds before the next attempt: ``base``, doubled for each earlier attempt of the round."""
    in_round = max(1, claim.attempt - (claim.until - max_attempts))
    return min(base * 2 ** (in_round - 1), MAX_RETRY_DELAY)


def _discard_if_orphaned(claim: Claim, path: Path) -> None:
    """Remove a file written by a worker that lost its claim, unless another worker owns it now.

    Kept while the report is ``fetching`` (the new holder is about to replace it) or ``stored``
    (it is the stored file); removed otherwise, e.g. when the report was withdrawn meanwhile.
    """
    model = recording_model(claim.kind)
    state = db.session.execute(sa.select(model.audio_state)
                               .where(model.id == claim.report_id)).scalar_one_or_none()
    db.session.commit()
    if state not in ("fetching", "stored"):
        path.unlink(missing_ok=True)


def _clip(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= ERROR_LENGTH else text[:ERROR_LENGTH - 1] + "…"


__all__ = ["fetch_recording", "enqueue_fetch_recording", "recording_kind", "fetch_once", "claim_fetch", "lease_expired",
           "download_and_convert", "fetch_deadline", "retry_delay", "Claim"]
