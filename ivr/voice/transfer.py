"""Transfer webhooks (issue 12): the volunteer's whisper, their key 1, and the end of the ``<Dial>``.

Registered on the voice blueprint as ``/voice/transfer/*`` (``voice.transfer.*``) when imported
(``app.py`` imports it), so the voice blueprint's signature log, deadlines and apology apply too.
Every request is signature-checked first (:func:`.signature.twilio_signed`).

- ``POST /voice/transfer/whisper?transfer=&user=`` — a volunteer's leg answered (TwiML
  ``<Number url>``, https://www.twilio.com/docs/voice/twiml/number#url): the context, said twice
  in a ``<Gather numDigits=1>``, then ``<Hangup/>`` if no key: a voicemail never takes the call.
- ``POST /voice/transfer/accept?transfer=&user=`` — the whisper's key: ``1`` connects (an empty
  TwiML document ends the whisper and Twilio bridges the legs) unless the transfer is over,
  another volunteer took it, or this one went off shift; anything else hangs up their leg.
- ``POST /voice/transfer/done?turn=&transfer=`` — the ``<Dial action>``
  (https://www.twilio.com/docs/voice/twiml/dial#action) with ``DialCallStatus``,
  ``DialCallDuration`` (seconds) and the caller's own ``CallStatus`` (``completed`` when they hung
  up while it rang). The try's outcome is stored once. Unanswered, with another volunteer to try
  (:func:`ivr.people.transfers.next_try`: in turn, at most three, within the budget), the caller
  hears :data:`NEXT_TRY` and the next ``<Dial>``; otherwise the answer redirects the caller to
  the input webhook with ``event=transfer&outcome=…`` and the turn, where the engine steps
  (a duplicate delivery then replays the current question: nothing changes).

Failures on the volunteer's leg answer a short Vietnamese sentence and hang up; on the caller's
(``done``), the voice blueprint's apology.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, request, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse
from werkzeug.exceptions import BadRequest

from ivr.models import Call, db
from ivr.people import transfers
from ivr.people.outbound_rules import parse_calling_hours
from ivr.prompt_audio import audio_url

from . import twiml
from .signature import twilio_signed
from .views import FINAL_STATUSES, apologise, params, seconds, sid, text, voice

log = logging.getLogger(__name__)
transfer = Blueprint("transfer", __name__)
WHISPER_WAIT = 8  # seconds after the whisper for the volunteer's key
LEG_ERROR = "Xin lỗi, tổng đài đang gặp trục trặc, chưa nối máy được."  # to the volunteer
NEXT_TRY = "Đang gọi thêm một tình nguyện viên."  # to the caller, before each further try


@transfer.post("/whisper")
@twilio_signed
def whisper():
    transfer_id, user_id = _number("transfer"), _number("user")
    said = transfers.whisper(transfer_id)
    db.session.rollback()  # read only
    if said is None:  # the caller left, or someone else took the call
        return _twiml(_hangup(VoiceResponse()))
    response = VoiceResponse()
    gather = Gather(input="dtmf", num_digits=1, timeout=WHISPER_WAIT, finish_on_key="",
                    method="POST", action=url_for(".accept", transfer=transfer_id, user=user_id))
    for index in range(2):  # twice: a volunteer may pick up in the middle of the sentence
        gather.say(said, language="vi-VN", voice=current_app.config["SAY_VOICE"])
        if index == 0:
            gather.pause(length=1)
    response.append(gather)
    return _twiml(_hangup(response))


@transfer.post("/accept")
@twilio_signed
def accept():
    transfer_id, user_id = _number("transfer"), _number("user")
    taken = text("Digits") == "1" and transfers.accept(
        transfer_id, user_id, sid("CallSid"), int(current_app.config["SHIFT_MAX_HOURS"]),
        parse_calling_hours(current_app.config["CALLING_HOURS"]))
    db.session.commit()
    return _twiml(VoiceResponse() if taken else _hangup(VoiceResponse()))


@transfer.post("/done")
@twilio_signed
def done():
    transfer_id, turn = _number("transfer"), _number("turn")
    caller_gone = params().get("CallStatus") in FINAL_STATUSES
    try:
        outcome = transfers.finish(transfer_id, sid("CallSid"), text("DialCallStatus"),
                                   seconds("DialCallDuration"), caller_gone)
    except LookupError as error:
        raise BadRequest(str(error)) from error
    db.session.commit()
    if outcome == "unavailable" and not caller_gone:
        config = current_app.config
        plan = transfers.next_try(transfer_id, config.get("HOTLINE_NUMBER") or "",
                                  int(config["DIAL_TIMEOUT"]), int(config["SHIFT_MAX_HOURS"]),
                                  calling_hours=parse_calling_hours(config["CALLING_HOURS"]))
        node = _node(sid("CallSid"))
        db.session.commit()
        if plan is not None:
            return _next_dial(plan, turn, node)
    onward = url_for("voice.caller_input", turn=turn, event="transfer", outcome=outcome)
    response = VoiceResponse()
    response.redirect(onward, method="POST")
    return _twiml(response)


@transfer.errorhandler(Exception)
def failed(error: Exception):
    """The caller's ``done`` gets the voice apology; a volunteer's leg a short sentence and a
    hang-up (HTTP 200: Twilio plays only the TwiML of a 2xx answer)."""
    if request.endpoint == "voice.transfer.done":
        return apologise(error)
    g.webhook_error = error  # logged once by the voice blueprint's log_webhook
    db.session.rollback()
    response = VoiceResponse()
    response.say(LEG_ERROR, language="vi-VN", voice=current_app.config.get("SAY_VOICE"))
    return _twiml(_hangup(response))


def _next_dial(plan: transfers.Dial, turn: int, node: str) -> Response:
    """The short sentence, then the next try's ``<Dial>``; named by the call's node, as every
    answer of a turn is."""
    response = VoiceResponse()
    response.say(NEXT_TRY, language="vi-VN", voice=current_app.config["SAY_VOICE"])
    twiml.dial(response, plan, turn, audio_url, current_app.config["SAY_VOICE"], twiml.DialUrls())
    answer = _twiml(response)
    answer.headers["X-Hotline-Node"] = node
    return answer


def _node(call_sid: str) -> str:
    call = db.session.scalars(sa.select(Call).where(Call.call_sid == call_sid)).first()
    return str(((call.state if call else None) or {}).get("node") or "")


def _number(name: str) -> int:
    """A positive integer from the URL's query (which Twilio signs with it); ``BadRequest``
    naming it otherwise."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit() and 0 < len(value) <= 12):
        raise BadRequest(f"{name} missing or malformed")
    return int(value)


def _hangup(response: VoiceResponse) -> VoiceResponse:
    response.hangup()
    return response


def _twiml(response: VoiceResponse) -> Response:
    return Response(str(response), mimetype="text/xml")


voice.register_blueprint(transfer, url_prefix="/transfer")
