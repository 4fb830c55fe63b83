"""Placing the hotline's outbound calls to callers (``OutboundCall``: the missed-call line, verdict
calls) through Twilio's REST API; the rules are :mod:`ivr.people.outbound`'s and
:mod:`ivr.people.placing`'s.

- the incoming webhook queues :func:`place_outbound_call` right after its commit (a missed-call
  callback rings within seconds, well inside the minute);
- every minute :func:`place_due_task` queues what is due (verdict calls at the opening of
  ``CALLING_HOURS``, retries, calls whose queueing failed or whose worker died); a row is claimed
  before it is placed, so a call queued twice is placed once.

URLs given to Twilio are absolute, built from ``PUBLIC_BASE_URL`` (nothing is placed without it,
or without ``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN`` and ``HOTLINE_NUMBER``: the rows wait).
"""
from __future__ import annotations

import logging

from flask import current_app
from huey import crontab

from ivr.people import placing
from ivr.voice.twilio_rest import rest_client

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")

# Paths of the voice blueprint (mounted at /voice, ivr/voice/views.py and outbound_calls.py).
INCOMING_PATH, VERDICT_PATH, STATUS_PATH = (
    "/voice/incoming", "/voice/outbound/verdict", "/voice/outbound/status")


@huey.task(retries=1, retry_delay=30)
def place_outbound_call(outbound_id: int) -> None:
    """Huey task: :func:`place_now` for ``outbound_id``."""
    with task_context():
        place_now(outbound_id)


def place_now(outbound_id: int) -> str:
    """Place outbound call ``outbound_id`` if due (:func:`ivr.people.placing.place`); returns its
    outcome, ``skipped`` without ``PUBLIC_BASE_URL``. Runs in an app context."""
    config = current_app.config
    base = (config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if not base:
        log.warning("outbound call %s waits: PUBLIC_BASE_URL is not set", outbound_id)
        return "skipped"
    urls = placing.Urls(base + INCOMING_PATH, base + VERDICT_PATH, base + STATUS_PATH)
    return placing.place(outbound_id, rest_client(config), config, urls)


def enqueue_outbound_call(outbound_id: int, delay: float = 0.0) -> None:
    """Queue :func:`place_outbound_call` for ``outbound_id`` in ``delay`` seconds. Call after the
    commit that scheduled it. Never raises for an unreachable queue: :func:`place_due_task`
    finds the row within a minute."""
    try:
        if delay > 0:
            place_outbound_call.schedule((int(outbound_id),), delay=delay)
        else:
            place_outbound_call(int(outbound_id))
    except QUEUE_ERRORS as exc:
        log.warning("outbound call %s: could not queue it (%s); the minute sweep will", outbound_id, exc)


@huey.periodic_task(crontab(minute="*"))
def place_due_task() -> None:
    """Huey periodic task, every minute: :func:`queue_due_calls`."""
    with task_context():
        queue_due_calls()


def queue_due_calls() -> list[int]:
    """Queue every outbound call that is due now (:func:`ivr.people.placing.due_calls`); return
    their ids."""
    ids = placing.due_calls()
    for outbound_id in ids:
        enqueue_outbound_call(outbound_id)
    return ids


__all__ = ["place_outbound_call", "place_now", "enqueue_outbound_call", "place_due_task",
           "queue_due_calls"]
