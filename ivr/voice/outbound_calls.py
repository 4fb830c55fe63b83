"""Webhooks of the calls the hotline places to callers (issue 12), on the ``voice`` blueprint:

- ``POST /voice/outbound/status``: the status callback of every outbound call (``CallStatus``,
  https://www.twilio.com/docs/voice/api/call-resource#statuscallback); answered, or retried once
  (:func:`ivr.people.outbound.call_status`); a missed-call callback's flow is ended as by
  ``/voice/status``. No caller hears it: 204, or a plain 4xx for bad input.
- ``POST /voice/outbound/verdict/<id>``: TwiML of a reporter's verdict call: who is calling, the
  report's reference, the verdict and what to do (the flow's ``status_result`` sentences), then
  "Muốn nghe lại, bấm phím sao."; with no key the goodbye.
- ``POST /voice/outbound/verdict/<id>/input``: ``*`` says it all again; anything else, or
  silence, the goodbye.

A missed-call callback needs no route of its own: Twilio fetches the normal incoming webhook, and
the flow runs with the call's ``To`` as its caller (:mod:`.free_line`). Every request is
signature-checked first; every failure is the Vietnamese apology (``views.apologise``).
"""
from __future__ import annotations

from flask import Response, current_app, request, url_for

from ivr.calls import end_call
from ivr.engine import Ask, Flow, Hangup, Play
from ivr.engine.commands import Sound
from ivr.engine.speaking import digit_prompts, fill
from ivr.models import db
from ivr.people import outbound
from ivr.prompt_audio import audio_url

from . import twiml
from .signature import twilio_signed
from .views import call_end_payload, params, sid, voice

STATUS_NODE = "status_result"  # prompts/nodes/report.yaml: the verdict sentences
VERDICT_TIMEOUT = 6  # seconds of silence after the message before the goodbye


@voice.post("/outbound/status")
@twilio_signed
def outbound_status():
    outbound.call_status(sid("CallSid"), params().get("CallStatus", ""), current_app.config)
    ended = call_end_payload()  # a missed-call callback ran the flow: end that call as /status does
    if ended is not None:
        end_call(ended.call_sid, ended.status, ended.seconds)
    return Response(status=204)


@voice.post("/outbound/verdict/<int:call_id>")
@twilio_signed
def outbound_verdict(call_id: int):
    return _verdict(call_id)


@voice.post("/outbound/verdict/<int:call_id>/input")
@twilio_signed
def outbound_verdict_input(call_id: int):
    if request.args.get("event") != "timeout" and request.form.get("Digits") == "*":
        return _verdict(call_id)
    return _goodbye(call_id)


def verdict_prompts(flow: Flow, reference: str, verdict: str) -> tuple[Sound, ...]:
    """What the verdict call says: ``verdict_call_intro``, the reference digit by digit (3-3),
    the ``status_result`` outcome ``verdict`` (``confirmed`` or ``not_scam``) and
    ``verdict_call_repeat``. Raises ``KeyError`` for a flow without them."""
    said = fill(flow, flow.nodes[STATUS_NODE].outcomes[verdict], {})
    return (flow.message("verdict_call_intro"), *digit_prompts(flow, reference), *said,
            flow.message("verdict_call_repeat"))


def _verdict(call_id: int) -> Response:
    message = outbound.verdict_message(call_id, sid("CallSid"))
    db.session.commit()
    if message is None:  # not this call's id, or the verdict is gone: only the goodbye
        return _goodbye(call_id)
    flow = current_app.extensions["hotline.flow"]
    ask = Ask(verdict_prompts(flow, *message), VERDICT_TIMEOUT, keys="*")
    body = twiml.render([ask], url_for("voice.outbound_verdict_input", call_id=call_id), 1,
                        audio_url, current_app.config["SAY_VOICE"])
    return _xml(body, "verdict_call")


def _goodbye(call_id: int) -> Response:
    flow = current_app.extensions["hotline.flow"]
    body = twiml.render([Play((flow.message("verdict_call_goodbye"),)), Hangup()], "", 0,
                        audio_url, current_app.config["SAY_VOICE"])
    return _xml(body, "verdict_call_goodbye")


def _xml(body: str, node: str) -> Response:
    response = Response(body, mimetype="text/xml")
    response.headers["X-Hotline-Node"] = node
    return response


__all__ = ["outbound_status", "outbound_verdict", "outbound_verdict_input", "verdict_prompts"]
