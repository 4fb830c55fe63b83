"""The callback's calls (issue 12, items 3 and 6): Twilio's webhooks of the volunteer's leg.

A volunteer's "Gọi lại" (``ivr.review.callbacks``, :func:`ivr.people.callbacks.call_volunteer`)
asks Twilio's REST API to ring the volunteer's phone with the first URL and the last as its status
callback; all are signed by Twilio and registered on the ``voice`` blueprint:

- ``/voice/callback/volunteer?attempt=ID``: the volunteer answered; the whisper of the context and
  "Bấm 1 để gọi cho bác." (``<Gather numDigits=1>``); no key → goodbye and hang up;
- ``/voice/callback/accept?attempt=ID``: key 1 → ``<Dial callerId=HOTLINE_NUMBER timeout=…
  action=…><Number url=…/intro>caller</Number></Dial>``, so neither side sees the other's number;
- ``/voice/callback/intro?attempt=ID``: the caller's leg answered (``<Number url>``, run on the
  called party's end before the legs are bridged,
  https://www.twilio.com/docs/voice/twiml/number#url): "Tổng đài Công Dân Số gọi lại cho bác.",
  then the bridge; ``<Hangup/>`` instead when the try is over (the volunteer hung up meanwhile).
  Its CallSid is the caller leg's own; ``ParentCallSid`` is the volunteer's leg;
- ``/voice/callback/dialed?attempt=ID``: the ``<Dial>`` ended (:func:`dial_outcome`):
  ``completed``/``answered`` for at least :data:`TALKED_MIN_SECONDS` → ``talked``; answered but
  shorter (a voicemail, a pick-up and drop) and ``no-answer``, ``busy``, ``failed`` →
  ``no_answer``; ``canceled`` → ``failed`` (not counted against the caller).
  https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus
- ``/voice/callback/status?attempt=ID``: the volunteer leg's status callback; a final status while
  nobody was dialled yet (``busy``, ``no-answer``, ``canceled``, or ``completed`` without key 1)
  → ``volunteer_missed`` (not counted against the caller); ``failed`` → ``failed``.
  https://www.twilio.com/docs/voice/api/call-resource#statuscallback

Repeated deliveries change nothing (an ended try stays ended). Every failure of a TwiML route
answers Vietnamese TwiML that ends the volunteer's call politely; the status callback answers a
plain 400 or 500, as the other callbacks do. The volunteer is addressed as "bạn".
"""
from __future__ import annotations

import logging
from functools import wraps

import sqlalchemy as sa
from flask import Response, current_app, g, request, url_for
from twilio.twiml.voice_response import VoiceResponse
from werkzeug.exceptions import BadRequest, HTTPException

from ivr.models import CallbackAttempt, db
from ivr.people.callbacks import CLOSED, Limits, context_text, finish_attempt

from .signature import twilio_signed
from .views import FINAL_STATUSES, params, seconds, sid, voice

log = logging.getLogger(__name__)
METHODS = ("GET", "POST")  # Twilio is asked for POST; a GET is answered the same, never a 405
WHISPER_SECONDS = 10  # the volunteer's time to press 1 after the whisper
DIALED = {"completed": "talked", "answered": "talked", "no-answer": "no_answer",
          "busy": "no_answer", "failed": "no_answer", "canceled": "failed"}
# DialCallDuration counts from the moment the caller's leg answered, the intro included
# (https://www.twilio.com/docs/voice/twiml/dial#dialcallduration). The intro takes about 3 s; a
# voicemail greeting runs 5-10 s before the volunteer realises it is a machine and hangs up, and
# a caller who picks up and drops at once stays under that too. A real talk, even "I am busy,
# call me tomorrow", takes longer than 15 s; a shorter one the volunteer can still mark
# "Đã nói chuyện" in the queue.
TALKED_MIN_SECONDS = 15
LEG_ENDED = {"busy": "volunteer_missed", "no-answer": "volunteer_missed",
             "canceled": "volunteer_missed", "completed": "volunteer_missed", "failed": "failed"}

SORRY = "Xin lỗi bạn, tổng đài đang gặp trục trặc. Yêu cầu gọi lại vẫn còn trong hàng đợi. Chào bạn."
OVER = "Yêu cầu gọi lại này đã xong, hoặc đang có người khác gọi. Cảm ơn bạn. Chào bạn."
NO_KEY = "Tổng đài chưa nhận được phím nào. Yêu cầu gọi lại vẫn còn trong hàng đợi. Chào bạn."
WRONG_KEY = "Phím bạn vừa bấm không đúng."
DIALLING = "Tổng đài đang gọi cho bác. Bạn chờ máy nhé."
INTRO = "Tổng đài Công Dân Số gọi lại cho bác."  # to the caller, before the bridge
AFTER = {"talked": "Cuộc gọi với bác đã kết thúc. Cảm ơn bạn. Chào bạn.",
         "no_answer": "Bác chưa nghe máy. Tổng đài sẽ để yêu cầu này gọi lại sau. Chào bạn.",
         "failed": "Cuộc gọi tới bác chưa thực hiện được. Yêu cầu vẫn còn trong hàng đợi. Chào bạn."}


def _twiml(view):
    """A TwiML route of the volunteer's leg: any failure is said, in Vietnamese, then hang up."""
    @wraps(view)
    def guarded(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 (every failure must still answer TwiML)
            g.webhook_error = error  # logged once by views.log_webhook
            db.session.rollback()
            return _goodbye(SORRY)
    return guarded


@voice.route("/callback/volunteer", methods=METHODS)
@twilio_signed
@_twiml
def callback_volunteer():
    attempt = _attempt()
    if attempt is None or attempt.outcome != "calling" or attempt.request.status in CLOSED:
        return _goodbye(OVER)
    return _whisper(attempt)


@voice.route("/callback/accept", methods=METHODS)
@twilio_signed
@_twiml
def callback_accept():
    attempt = _attempt(lock=True)
    if attempt is None or attempt.outcome != "calling" or attempt.request.status in CLOSED \
            or not attempt.request.number:
        return _goodbye(OVER)  # a closed request is never called again
    if params().get("Digits") != "1":
        return _whisper(attempt, lead=WRONG_KEY)
    attempt.outcome = "dialing"  # the caller's phone rings; the Dial action says how it went
    number = attempt.request.number
    db.session.commit()
    response = VoiceResponse()
    _say(response, DIALLING)
    dial = response.dial(caller_id=current_app.config["HOTLINE_NUMBER"],
                         timeout=current_app.config["DIAL_TIMEOUT"],
                         action=url_for("voice.callback_dialed", attempt=request.args["attempt"]),
                         method="POST")
    dial.number(number, url=url_for("voice.callback_intro", attempt=request.args["attempt"]),
                method="POST")
    return _xml(response)


@voice.route("/callback/intro", methods=METHODS)
@twilio_signed
def callback_intro():
    try:
        attempt = _attempt(parent=True)
        live = attempt is not None and attempt.outcome == "dialing"
        db.session.rollback()  # read only
    except Exception as error:  # noqa: BLE001 (the caller's leg is never left without TwiML)
        g.webhook_error = error
        db.session.rollback()
        live = False
    response = VoiceResponse()
    if live:
        _say(response, INTRO)  # nothing follows: Twilio bridges the legs
    else:
        response.hangup()  # the volunteer left: never bridge the caller to nobody
    return _xml(response)


def dial_outcome(dial_status: str, seconds: int | None) -> str:
    """The try's outcome for the caller leg's ``DialCallStatus`` and ``DialCallDuration``
    (seconds, ``None`` when absent): ``talked`` only for an answered leg that lasted at least
    :data:`TALKED_MIN_SECONDS`; an answered but shorter one is ``no_answer`` (a voicemail);
    ``canceled`` is ``failed``; anything unknown ``failed``."""
    outcome = DIALED.get(dial_status, "failed")
    if outcome == "talked" and (seconds or 0) < TALKED_MIN_SECONDS:
        return "no_answer"
    return outcome


@voice.route("/callback/dialed", methods=METHODS)
@twilio_signed
@_twiml
def callback_dialed():
    attempt = _attempt(lock=True)
    if attempt is None:
        return _goodbye(OVER)
    duration = seconds("DialCallDuration")
    outcome = dial_outcome(params().get("DialCallStatus", ""), duration)
    finish_attempt(attempt, outcome, Limits.from_config(current_app.config), seconds=duration)
    db.session.commit()
    return _goodbye(AFTER[outcome])


@voice.route("/callback/status", methods=METHODS)
@twilio_signed
def callback_status():
    try:
        attempt = _attempt(lock=True)
        status = params().get("CallStatus", "")
        if attempt is not None and status in FINAL_STATUSES and attempt.outcome == "calling":
            finish_attempt(attempt, LEG_ENDED[status], Limits.from_config(current_app.config),
                           seconds=seconds("CallDuration"))
        db.session.commit()
    except HTTPException as error:
        g.webhook_error = error
        db.session.rollback()
        return Response(f"bad request: {error.description}\n", error.code, mimetype="text/plain")
    except Exception as error:  # noqa: BLE001 (a plain 500 that says so, never a traceback page)
        g.webhook_error = error
        db.session.rollback()
        return Response("status callback failed\n", 500, mimetype="text/plain")
    return Response(status=204)


def _attempt(lock: bool = False, parent: bool = False) -> CallbackAttempt | None:
    """The try named by the URL's ``attempt``, if this webhook's CallSid (``ParentCallSid`` with
    ``parent``: the caller's leg, dialled from the volunteer's) is its volunteer leg.
    Raises ``BadRequest`` for a missing or malformed id or CallSid, or a CallSid of another call."""
    raw = request.args.get("attempt", "")
    if not (raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31):
        raise BadRequest("attempt missing or malformed")
    call_sid = sid("ParentCallSid" if parent else "CallSid")
    query = sa.select(CallbackAttempt).where(CallbackAttempt.id == int(raw))
    attempt = db.session.scalars(query.with_for_update() if lock else query).first()
    if attempt is not None and attempt.volunteer_call_sid not in (None, call_sid):
        raise BadRequest("CallSid is not this attempt's call")
    return attempt


def _whisper(attempt: CallbackAttempt, lead: str = "") -> Response:
    spoken = context_text(attempt.request).replace(" — ", ", ").replace(" · ", ". ")
    said = f"{lead} Tổng đài Công Dân Số: một bác cần gọi lại. {spoken}. Bấm 1 để gọi cho bác."
    response = VoiceResponse()
    gather = response.gather(num_digits=1, timeout=WHISPER_SECONDS, method="POST",
                             action=url_for("voice.callback_accept", attempt=attempt.id))
    _say(gather, said.strip())
    _say(response, NO_KEY)
    response.hangup()
    return _xml(response)


def _goodbye(text: str) -> Response:
    response = VoiceResponse()
    _say(response, text)
    response.hangup()
    return _xml(response)


def _say(parent, text: str) -> None:
    parent.say(text, language="vi-VN", voice=current_app.config["SAY_VOICE"])


def _xml(response: VoiceResponse) -> Response:
    return Response(str(response), mimetype="text/xml")

