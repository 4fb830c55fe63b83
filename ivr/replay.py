"""Spooled payloads (:mod:`ivr.reports.spool`: recordings, a call's end) applied to the database once it is back.

Run by the sweeper every minute (``jobs/sweeper.py``: the worker, on the web server's machine or
sharing ``SPOOL_DIR``) and, in every web process, after a webhook that reached the database
(``ivr/voice/views.py``: the spool is local to the web server that wrote it, so its own process
empties it as soon as it can, whatever machine the worker is on).

Idempotent: a payload goes through :func:`ivr.calls.attach` (a report's, or a visit request's;
RecordingSid is
unique; a duplicate changes nothing) and its file is removed only after the commit, so a crash
in between replays it again, harmlessly. Two replayers taking the same file both apply it; the
second changes nothing. A spooled ``<Record>`` action is authoritative (it may replace an earlier
take) only while the call is still at the turn it was sent for: once the call moved on, a later
recording may exist and the payload only fills an empty slot, as a status callback does.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Response, current_app

from ivr.calls import attach, end_call
from ivr.models import Call, db
from ivr.postgres import WebhookDeadline
from ivr.reports import spool
from ivr.work import work_queue

log = logging.getLogger(__name__)

# SQLite's OperationalError also names schema mistakes ("no such table"): only these mean the file
# could not be used for a moment.
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o")


def database_down(error: BaseException) -> bool:
    """True if ``error`` means the database could not be reached or dropped the connection (rather
    than refusing a statement): connection refused, reset or timed out, the pool exhausted, a
    SQLite file locked or unreadable. A missing table or a constraint is not an outage."""
    if isinstance(error, sa.exc.TimeoutError):
        return True
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return any(word in str(error.orig).lower() for word in _SQLITE_UNAVAILABLE)
    return True


@dataclass
class ReplayResult:
    """One replay run: payload files applied, ids of reports whose fetch was queued, and whether
    the database was still down (the run stopped; the rest waits for the next run)."""

    applied: list[str] = field(default_factory=list)
    fetches: list[int] = field(default_factory=list)
    database_down: bool = False


def replay_spool(folder: str | Path, limit: int = 100) -> ReplayResult:
    """Apply up to ``limit`` spooled payloads from ``folder``, oldest first, each in its own
    transaction, then queue their fetches. Runs in an app context; never raises for a database
    that is still down (stops and says so) or for one bad payload (logged, kept for the next run).
    """
    result = ReplayResult()
    for path, payload in spool.pending(folder, limit):
        try:
            report_id = apply(payload)
        except Exception as exc:  # noqa: BLE001 (the payload stays for the next run)
            db.session.rollback()
            if database_down(exc):
                result.database_down = True
                log.warning("spool: database still down (%s); %s kept", type(exc).__name__, path.name)
                break
            log.exception("spool: could not apply %s; kept for the next run", path.name)
            continue
        spool.remove(path)
        result.applied.append(path.name)
        if report_id is not None:
            result.fetches.append(report_id)
            keeps = getattr(payload, "keeps", "report")
            if keeps == "report":
                work_queue().fetch_recording(report_id)
            else:  # a home visit request's recording (issue 12)
                work_queue().fetch_recording(report_id, kind=keeps)
    if result.applied:
        log.info("spool: applied %d recording payloads (%d fetches queued)", len(result.applied),
                 len(result.fetches))
    return result


def apply(payload: spool.Payload) -> int | None:
    """Attach one spooled recording payload to its call's report, or end the call of a spooled
    final status (:func:`ivr.calls.end_call`: the report gets what was keyed after the
    recording), and commit; return the report id when its audio should now be fetched, else
    ``None`` (a call's end, a duplicate, an absent recording)."""
    if isinstance(payload, spool.SpooledCallEnd):
        end_call(payload.call_sid, payload.status, payload.seconds)  # idempotent, commits
        return None
    call = db.session.execute(sa.select(Call).where(Call.call_sid == payload.call_sid)
                              .with_for_update()).scalar_one_or_none()
    current = (payload.kind == "action" and call is not None and payload.turn is not None
               and call.turn == payload.turn)
    report_id = attach(payload.call_sid, payload.recording_sid, payload.url, payload.seconds,
                       payload.status, payload.keeps, from_action=current, call=call)
    db.session.commit()
    return report_id


# A web process looks at its spool at most this often (s), and one thread of it replays at a time.
LOOK_EVERY = 2.0
_look = {"next": 0.0}
_replaying = threading.Lock()


def replay_after_response(response: Response) -> None:
    """In a web process, after a webhook that reached the database: if ``SPOOL_DIR`` holds
    payloads (looked at no more than every :data:`LOOK_EVERY` s), replay them once ``response``
    has been sent (``call_on_close``), so the caller waits for nothing; under the same database
    deadline as a webhook (:class:`ivr.postgres.WebhookDeadline`), so a database that stops
    answering meanwhile cannot hold the web worker."""
    now = time.monotonic()
    if now < _look["next"]:
        return
    _look["next"] = now + LOOK_EVERY
    folder = current_app.config["SPOOL_DIR"]
    if not spool.has_pending(folder):
        return
    app = current_app._get_current_object()

    def replay() -> None:
        if not _replaying.acquire(blocking=False):
            return  # another thread of this process is at it
        deadline = WebhookDeadline()  # a database that hangs now must not hold this worker
        try:
            with app.app_context():
                replay_spool(folder)
        except Exception:  # noqa: BLE001 (after the response: nobody to tell but the log)
            log.exception("spool: replay after a webhook failed")
        finally:
            deadline.cancel()
            _replaying.release()

    response.call_on_close(replay)


__all__ = ["replay_after_response", "replay_spool", "apply", "database_down", "ReplayResult"]
