"""The free line at the incoming webhook (``MISSED_CALL_CALLBACK``): reject the ring busy and call
the caller back on the hotline's cost; who is called back is :mod:`ivr.people.outbound_rules`'.

Twilio says who placed a call in ``Direction`` (``inbound`` for a caller's ring, ``outbound-api``
for a call the hotline placed through the REST API, sent with every TwiML request:
https://www.twilio.com/docs/voice/twiml#request-parameters). Only an ``inbound`` ring may be
rejected; the callback itself (``outbound-api``) runs the normal flow, and its caller is the
call's ``To``, not its ``From`` (the hotline's own number): :func:`caller_number`.

``<Reject reason="busy"/>`` (https://www.twilio.com/docs/voice/twiml/reject) is not answered, so
the caller is not charged; the caller hears a busy tone and the phone rings back within a
minute. An ineligible caller is answered as always (never turned away).
"""
from __future__ import annotations

from flask import Response, current_app
from twilio.twiml.voice_response import VoiceResponse

from ivr.people import outbound
from ivr.work import work_queue

OUTBOUND_API = "outbound-api"


def caller_number(form) -> str:
    """The caller's raw number from Twilio's parameters ``form``: ``To`` on a call the hotline
    placed (``Direction=outbound-api``), else ``From``."""
    return form.get("To", "") if form.get("Direction") == OUTBOUND_API else form.get("From", "")


def busy_reject() -> Response:
    """``<Response><Reject reason="busy"/></Response>``; the header names no node (no turn)."""
    response = VoiceResponse()
    response.reject(reason="busy")
    answer = Response(str(response), mimetype="text/xml")
    answer.headers["X-Hotline-Node"] = "free_line"
    return answer


def rejected(call_sid: str, form) -> Response | None:
    """The busy rejection when the free line takes this ring, else ``None`` (answer it as usual).

    Taken: the free line is on (:func:`ivr.people.outbound.missed_call_enabled`), the ring is
    ``inbound``, and :func:`ivr.people.outbound.schedule_missed_call` scheduled a callback (a
    repeated delivery of the same CallSid finds the same row, so it is answered the same way
    and nothing is scheduled twice). The callback is queued after that commit.
    """
    config = current_app.config
    if not outbound.missed_call_enabled(config) or form.get("Direction", "inbound") != "inbound":
        return None
    row = outbound.schedule_missed_call(call_sid, form.get("From", ""), config["SECRET_KEY"], config)
    if row.status == "refused":
        return None
    if row.status == "scheduled" and row.call_sid is None and row.attempts == 0:
        work_queue().place_outbound_call(row.id)
    return busy_reject()


__all__ = ["caller_number", "busy_reject", "rejected", "OUTBOUND_API"]
