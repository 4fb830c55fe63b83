"""Placing the hotline's outbound calls (:mod:`ivr.people.outbound`'s rows) through Twilio's REST
API: :func:`ivr.voice.twilio_rest.place_call` with ``From`` = ``HOTLINE_NUMBER`` and a status
callback (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource).

A row is claimed before its REST request (``scheduled`` → ``calling`` in one UPDATE), so two
workers never place the same call; a claim whose worker died before placing is taken again after
:data:`STUCK_AFTER`. Outside ``CALLING_HOURS`` a due call moves to the next opening; a REST
failure that may pass (429, 5xx, network) keeps it scheduled a minute later; one that will not
(a bad number, bad credentials) refuses it (``refusal="api_error"``), logged. Each function
commits; no transaction is held during the HTTP request.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping

import sqlalchemy as sa

from ivr.models import OutboundCall, Report, db, utcnow
from ivr.reports import hear_back
from ivr.voice.twilio_rest import PermanentApiError, TransientApiError, place_call

from . import outbound_rules as rules
from .outbound import MISSED_CALL, calling_hours
from .shifts import aware

log = logging.getLogger("hotline.outbound")

API_RETRY = timedelta(minutes=1)  # Twilio's API failed for a while (429, 5xx, network)
STUCK_AFTER = timedelta(minutes=10)  # claimed but never placed (the worker died): place again
GONE = "gone"  # refusal: the report was withdrawn, lost its verdict or its caller's number
EXPIRED = "expired"  # refusal: a missed-call callback that could not be placed while it was fresh
# A missed-call callback rings within a minute or two of the caller's ring, or not at all: an
# unexplained call hours later (the worker was down, the hours closed) would puzzle the caller.
MISSED_CALL_FRESH = timedelta(minutes=10)
API_ERROR = "api_error"  # refusal: Twilio refused the request (a bad number, credentials)


@dataclass(frozen=True)
class Urls:
    """Absolute URLs Twilio is given for an outbound call: ``incoming`` (the normal flow, for a
    missed-call callback), ``verdict`` (the verdict message; ``/<id>`` is added) and
    ``status`` (the status callback)."""

    incoming: str
    verdict: str
    status: str


def due_calls(now: datetime | None = None) -> list[int]:
    """Ids of scheduled calls whose time has come, and of calls claimed more than
    :data:`STUCK_AFTER` ago but never placed (their worker died); oldest first."""
    now = now or utcnow()
    query = sa.select(OutboundCall.id).where(sa.or_(
        sa.and_(OutboundCall.status == "scheduled", OutboundCall.due_at <= now),
        sa.and_(OutboundCall.status == "calling", OutboundCall.call_sid.is_(None),
                OutboundCall.due_at <= now - STUCK_AFTER))).order_by(OutboundCall.due_at, OutboundCall.id)
    ids = list(db.session.scalars(query))
    db.session.commit()
    return ids


def place(outbound_id: int, client, config: Mapping[str, Any], urls: Urls,
          now: datetime | None = None) -> str:
    """Place the outbound call ``outbound_id`` if it is due; commits. Returns ``placed``,
    ``skipped`` (not due, taken by another worker, or no REST client), ``later`` (outside
    ``CALLING_HOURS``: moved to the next opening; or the API failed for a while: a minute
    later), ``refused`` (nobody to call any more, or Twilio refused the request).

    ``client``: :func:`ivr.voice.twilio_rest.rest_client` (``None``: nothing happens, the row
    waits); ``config``: ``HOTLINE_NUMBER``, ``CALLING_HOURS``.
    """
    now = now or utcnow()
    if client is None or not config.get("HOTLINE_NUMBER") or not _claim(outbound_id, now):
        db.session.commit()
        return "skipped"
    row = db.session.get(OutboundCall, outbound_id)
    hours = calling_hours(config)
    if row.purpose == MISSED_CALL and (not rules.within_calling_hours(now, hours)
                                       or aware(row.created_at) < now - MISSED_CALL_FRESH):
        row.status, row.refusal, row.finished_at, row.number = "refused", EXPIRED, now, None
        db.session.commit()
        log.info("outbound call %s: a missed-call callback no longer fresh; not placed", row.id)
        return "refused"
    if not rules.within_calling_hours(now, hours):
        return _later(row, rules.next_opening(now, hours), "outside calling hours")
    number, url = _target(row, urls)
    if number is not None and rules.number_refusal(number) is not None:
        number = None  # never abroad, never a short code or a premium number
    if number is None:
        row.status, row.refusal, row.finished_at, row.number = "refused", GONE, now, None
        db.session.commit()
        return "refused"
    db.session.commit()  # no transaction is held during the HTTP request
    try:
        sid = place_call(client, number, config["HOTLINE_NUMBER"], url, urls.status)
    except TransientApiError as exc:
        return _later(db.session.get(OutboundCall, outbound_id), now + API_RETRY, str(exc))
    except PermanentApiError as exc:
        log.error("outbound call %s: Twilio refused it (%s)", outbound_id, exc)
        row = db.session.get(OutboundCall, outbound_id)
        row.status, row.refusal, row.finished_at, row.number = "refused", API_ERROR, now, None
        db.session.commit()
        return "refused"
    row = db.session.get(OutboundCall, outbound_id)
    row.call_sid, row.attempts = sid, row.attempts + 1
    db.session.commit()
    log.info("outbound call %s (%s): placed, try %d, CallSid %s", outbound_id, row.purpose,
             row.attempts, sid)
    return "placed"


def _claim(outbound_id: int, now: datetime) -> bool:
    """``scheduled`` (due) → ``calling`` in one UPDATE: True for the one worker that took it.
    A claim that never placed its call (``call_sid`` still empty) is taken again after
    :data:`STUCK_AFTER`."""
    taken = db.session.execute(
        sa.update(OutboundCall).where(OutboundCall.id == outbound_id, sa.or_(
            sa.and_(OutboundCall.status == "scheduled", OutboundCall.due_at <= now),
            sa.and_(OutboundCall.status == "calling", OutboundCall.call_sid.is_(None),
                    OutboundCall.due_at <= now - STUCK_AFTER)))
        .values(status="calling", call_sid=None, due_at=now)
        .execution_options(synchronize_session=False))
    return taken.rowcount == 1


def _later(row: OutboundCall, due: datetime, why: str) -> str:
    row.status, row.due_at = "scheduled", due
    db.session.commit()
    log.info("outbound call %s: %s; due again at %s", row.id, why, due.isoformat())
    return "later"


def _target(row: OutboundCall, urls: Urls) -> tuple[str | None, str]:
    """The number to ring and the TwiML URL for ``row``; no number when nobody may be called:
    a verdict call whose report was withdrawn, lost its verdict or its caller's number."""
    if row.purpose == MISSED_CALL:
        return row.number, urls.incoming
    report = db.session.get(Report, row.report_id) if row.report_id else None
    if report is None or hear_back.verdict_of(report) is None:
        return None, urls.verdict
    return report.caller, f"{urls.verdict}/{row.id}"




__all__ = ["Urls", "due_calls", "place", "API_RETRY", "STUCK_AFTER", "GONE", "API_ERROR",
           "EXPIRED", "MISSED_CALL_FRESH"]
