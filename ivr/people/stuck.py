"""Calls whose end Twilio never told us about (issue 12, item 8: nothing stays stuck).

Twilio posts a status callback when a call ends, but a delivery can be lost (our server down for
longer than Twilio's retries, a network cut). The sweeper (``jobs.sweeper.sweep_calls``, every
minute) then asks Twilio's REST API how the call is (:func:`ivr.voice.twilio_rest.call_status`,
https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource ) and applies the
answer through the same rules as the status callback:

| row | checked after | Twilio says | then |
|---|---|---|---|
| ``OutboundCall`` ``calling`` | :func:`outbound_bound` | a final status / ``in-progress`` | :func:`ivr.people.outbound.call_status` (retry rule) / ``answered`` |
| ``OutboundCall`` ``answered`` | :data:`LONGEST_CALL` | ``completed``, or nothing | finished, number cleared |
| ``CallbackAttempt`` ``calling`` | :func:`attempt_bound` | a final status | ``volunteer_missed`` (``failed`` for ``failed``) |
| ``CallbackAttempt`` ``dialing`` | :func:`attempt_bound` | a final status | ``failed``: how the caller's leg went is unknown; open again at once |

A live transfer (``Transfer`` ``ringing``) needs no REST request: the caller's own status callback
or the ``<Dial action>`` ends it; when both were lost, :func:`end_stuck_transfers` ends one nobody
accepted after :data:`TRANSFER_STUCK_AFTER` (``no_answer``), one a volunteer accepted after
:data:`LONGEST_CALL` (``connected``).

Twilio knows no such call (404), or no REST client: as if it had failed. Twilio still says
``queued``/``ringing``/``in-progress``: the call lives, it is asked again at the next sweep, until
:data:`LONGEST_CALL`. A REST error that may pass (429, 5xx): asked again at the next sweep, and
after :data:`LONGEST_CALL` the row ends as failed anyway. Each row is committed on its own; a row
that ended meanwhile (the callback came after all) is left alone, so a late or duplicate status
callback and the sweeper never count one try twice.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Mapping

import sqlalchemy as sa

from ivr.models import CallbackAttempt, OutboundCall, Transfer, db, utcnow
from ivr.voice.twilio_rest import RING_SECONDS, TwilioApiError, TransientApiError, call_status

from . import callbacks, outbound
from .shifts import aware

log = logging.getLogger("hotline.outbound")

# Twilio posts status callbacks within seconds of the change; two minutes more covers its own
# retries of a callback our server did not answer at once.
GRACE = timedelta(minutes=2)
# The whisper on the volunteer's leg: the context said (about 15 s), the 10 s wait for key 1, a
# wrong key and the whisper again.
WHISPER_BUDGET = timedelta(seconds=60)
# Twilio ends any call after 4 hours (the default and maximum ``timeLimit`` of ``<Dial>``, 14400 s,
# https://www.twilio.com/docs/voice/twiml/dial#timelimit): a call older than that has ended.
LONGEST_CALL = timedelta(hours=4)
# A try rings at most TRY_SECONDS, the whisper and the key take under a minute: ten minutes without
# an end is a lost <Dial action>, never a phone still ringing.
TRANSFER_STUCK_AFTER = timedelta(minutes=10)
LIVE = frozenset({"queued", "initiated", "ringing", "in-progress"})
BATCH = 100


def outbound_bound() -> timedelta:
    """How long an outbound call may stay ``calling`` before Twilio is asked: it rings at most
    :data:`~ivr.voice.twilio_rest.RING_SECONDS` (Twilio's ``Timeout``), plus :data:`GRACE`."""
    return timedelta(seconds=RING_SECONDS) + GRACE


def attempt_bound(config: Mapping[str, Any]) -> timedelta:
    """How long a callback try may stay ``calling``/``dialing`` before Twilio is asked: the
    volunteer's phone and then the caller's ring ``DIAL_TIMEOUT`` s each, the whisper
    (:data:`WHISPER_BUDGET`), plus :data:`GRACE`."""
    return 2 * timedelta(seconds=int(config["DIAL_TIMEOUT"])) + WHISPER_BUDGET + GRACE


def end_stuck_outbound(client, config: Mapping[str, Any], now: datetime | None = None) -> list[int]:
    """Ask Twilio about outbound calls left ``calling`` past :func:`outbound_bound` or
    ``answered`` past :data:`LONGEST_CALL` (``due_at`` is when the call was placed) and apply the
    answer (module table). ``client``: :func:`ivr.voice.twilio_rest.rest_client` or ``None``.
    Returns the ids of the rows that changed; commits."""
    now = now or utcnow()
    query = sa.select(OutboundCall.id, OutboundCall.call_sid, OutboundCall.status,
                      OutboundCall.due_at).where(
        OutboundCall.call_sid.is_not(None), sa.or_(
            sa.and_(OutboundCall.status == "calling", OutboundCall.due_at <= now - outbound_bound()),
            sa.and_(OutboundCall.status == "answered", OutboundCall.finished_at.is_(None),
                    OutboundCall.due_at <= now - LONGEST_CALL))).order_by(OutboundCall.id).limit(BATCH)
    rows = db.session.execute(query).all()
    db.session.commit()  # no transaction is held during the REST requests
    changed = []
    for row_id, call_sid, status, placed_at in rows:
        remote = _remote(client, call_sid)
        if remote is _UNKNOWN and aware(placed_at) <= now - LONGEST_CALL:
            remote = None  # Twilio could not be asked for hours: the call is over by now
        if remote is _UNKNOWN or remote in LIVE - {"in-progress"} or \
                (remote == "in-progress" and status == "answered"):
            continue  # ask again at the next sweep
        if remote is None:  # Twilio has no such call: it never rang, or it is long over
            remote = "completed" if status == "answered" else "failed"
        after = outbound.call_status(call_sid, remote, config, now)
        if after is not None and (after.status != status or after.finished_at is not None):
            changed.append(row_id)
            log.warning("outbound call %s: no status callback came; Twilio says %s", row_id, remote)
    return changed


def end_stuck_attempts(client, config: Mapping[str, Any], now: datetime | None = None) -> list[int]:
    """End callback tries left ``calling``/``dialing`` past :func:`attempt_bound` whose
    volunteer leg Twilio reports over (or does not know, or was never placed), as the module
    table says; the request moves on by :func:`ivr.people.callbacks.finish_attempt`'s rules
    (audited as ``system``). Returns the attempt ids ended; commits each."""
    now = now or utcnow()
    query = sa.select(CallbackAttempt.id, CallbackAttempt.volunteer_call_sid, CallbackAttempt.started_at).where(
        CallbackAttempt.outcome.in_(callbacks.IN_PROGRESS),
        CallbackAttempt.started_at <= now - attempt_bound(config)).order_by(CallbackAttempt.id).limit(BATCH)
    rows = db.session.execute(query).all()
    db.session.commit()
    limits = callbacks.Limits.from_config(config)
    ended = []
    for attempt_id, call_sid, started_at in rows:
        remote = _remote(client, call_sid) if call_sid else None
        too_old = aware(started_at) <= now - LONGEST_CALL
        if (remote is _UNKNOWN or remote in LIVE) and not too_old:
            continue
        attempt = db.session.scalars(sa.select(CallbackAttempt).where(
            CallbackAttempt.id == attempt_id).with_for_update()).first()
        if attempt is None or attempt.outcome not in callbacks.IN_PROGRESS:
            db.session.commit()
            continue  # the webhook came meanwhile
        leg_over = remote not in (None, _UNKNOWN, "failed") and remote not in LIVE
        # A volunteer leg that ended before key 1 never rang the caller; once dialing, how the
        # caller's leg went is unknown: failed, not counted, open again (the volunteer may mark it).
        outcome = "volunteer_missed" if attempt.outcome == "calling" and leg_over else "failed"
        callbacks.finish_attempt(attempt, outcome, limits, now=now)
        db.session.commit()
        ended.append(attempt_id)
        log.warning("callback try %s: no webhook ended it; Twilio says %s; ended %s",
                    attempt_id, remote if remote is not _UNKNOWN else "nothing", outcome)
    return ended


def end_stuck_transfers(now: datetime | None = None) -> list[int]:
    """End transfer tries still ``ringing`` whose end never came: nobody accepted and started
    more than :data:`TRANSFER_STUCK_AFTER` ago → ``no_answer``; accepted and started more than
    :data:`LONGEST_CALL` ago → ``connected``. Returns their ids; commits."""
    now = now or utcnow()
    rows = db.session.scalars(sa.select(Transfer).where(
        Transfer.outcome == "ringing", sa.or_(
            sa.and_(Transfer.answered_by_id.is_(None), Transfer.started_at <= now - TRANSFER_STUCK_AFTER),
            Transfer.started_at <= now - LONGEST_CALL)).order_by(Transfer.id).limit(BATCH)
        .with_for_update(skip_locked=True)).all()
    for row in rows:
        row.outcome = "connected" if row.answered_by_id else "no_answer"
        row.ended_at = now
    ended = [row.id for row in rows]
    db.session.commit()
    if ended:
        log.warning("transfers %s: no end came from Twilio; ended", ended)
    return ended


_UNKNOWN = object()  # Twilio could not be asked this time (no client, an error that may pass)


def _remote(client, call_sid: str):
    """Twilio's status of ``call_sid``; ``None`` for a call Twilio does not know (or a request it
    refuses for good); :data:`_UNKNOWN` without a client or for an error that may pass."""
    if client is None:
        return None
    try:
        return call_status(client, call_sid)
    except TransientApiError as error:
        log.info("call %s: Twilio could not be asked now (%s)", call_sid, error)
        return _UNKNOWN
    except TwilioApiError as error:
        log.error("call %s: Twilio refused the status request (%s)", call_sid, error)
        return None


__all__ = ["GRACE", "LONGEST_CALL", "TRANSFER_STUCK_AFTER", "attempt_bound", "end_stuck_attempts",
           "end_stuck_outbound", "end_stuck_transfers", "outbound_bound"]
