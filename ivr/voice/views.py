"""The webhook views. Each one: check the signature, parse the form, step the call, render TwiML.

Any exception inside a TwiML webhook becomes HTTP 200 with a Vietnamese apology (never Twilio's
English "application error"); see :func:`apologise`. Every webhook leaves one log line; see
:func:`log_webhook`.
"""
from __future__ import annotations

import logging
import re
import time
from functools import lru_cache

from flask import Blueprint, Response, current_app, g, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException

from ivr.calls import Turn, answer_call, continue_call, end_call, recording_status, recover_call
from ivr.engine import Digits, Event, NoInput, NoRecording, RecordingDone
from ivr.models import db
from ivr.replay import database_down, replay_after_response
from ivr.reports.spool import SpooledRecording

from ivr.hearing import Utterance, speech_on

from . import outage, twiml
from .media import fetch_utterance
from .signature import twilio_signed

log = logging.getLogger(__name__)
webhook_log = logging.getLogger("hotline.webhook")
voice = Blueprint("voice", __name__)
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
# Twilio ids: two letters and 32 hex digits (CallSid "CA…", RecordingSid "RE…").
_SID = {"CallSid": re.compile(r"CA[0-9a-f]{32}"), "RecordingSid": re.compile(r"RE[0-9a-f]{32}")}
CALLBACKS = ("voice.status", "voice.recording_status_callback")


@voice.post("/incoming")
@twilio_signed
def incoming():
    config = current_app.config
    turn = answer_call(_flow(), sid("CallSid"), request.form.get("From"),
                       config["SECRET_KEY"], config["RESUME_WITHIN_DAYS"], _speech())
    return _twiml(turn)


@voice.post("/input")
@twilio_signed
def caller_input():
    config = current_app.config
    turn = continue_call(_flow(), sid("CallSid"), request.args.get("turn", type=int),
                         parse_event(), request.form.get("From"), config["SECRET_KEY"],
                         _speech(), config["SPEECH_MIN_CONFIDENCE"])
    return _twiml(turn)


@voice.post("/recover")
@twilio_signed
def recover():
    turn = recover_call(_flow(), sid("CallSid"), request.form.get("From"),
                        current_app.config["SECRET_KEY"], _speech(),
                        resume=request.args.get("resume") == "1")
    return _twiml(turn)


@voice.post("/fallback")
@twilio_signed
def fallback():
    log.error("Twilio used the fallback URL: ErrorCode=%s ErrorUrl=%s",
              request.form.get("ErrorCode"), request.form.get("ErrorUrl"))
    return apologise()


@voice.post("/recording-status")
@twilio_signed
def recording_status_callback():
    payload = recording_payload("callback")
    recording_status(payload.call_sid, payload.recording_sid, payload.url, payload.seconds,
                     payload.status)
    return Response(status=204)


@voice.post("/status")
@twilio_signed
def status():
    call_sid = sid("CallSid")  # every status callback names its call; one without is bad input
    if request.form.get("CallStatus") in FINAL_STATUSES:
        end_call(call_sid, request.form["CallStatus"], seconds("CallDuration"))
    return Response(status=204)


def sid(name: str, source=None) -> str:
    """The Twilio id ``name`` from the form (or ``source``); raises ``BadRequest`` if missing or
    malformed."""
    value = (request.form if source is None else source).get(name, "")
    if not _SID[name].fullmatch(value):
        raise BadRequest(f"{name} missing or malformed")
    return value


def required(name: str) -> str:
    """The non-empty form field ``name``; raises ``BadRequest`` naming it when missing or empty
    (instead of a ``KeyError``, which Werkzeug answers with a message naming nothing)."""
    value = request.form.get(name, "")
    if not value:
        raise BadRequest(f"{name} missing")
    return value


def seconds(name: str, source=None) -> int | None:
    """A duration in seconds from the form (or ``source``): a whole number from 0 to a day, else
    ``None``."""
    value = (request.form if source is None else source).get(name, type=int)
    return value if value is not None and 0 <= value <= 86_400 else None


def parse_event() -> Event:
    """Turn the input webhook's form into an engine event.

    ``event=recorded`` is the ``<Record>`` action (``Digits=hangup`` when the caller hung up);
    ``event=no_recording`` / ``event=timeout`` are our redirects after an empty recording or a
    silent gather. ``#`` alone ending a number gather may arrive as ``Digits=#`` or as empty
    ``Digits`` with ``FinishedOnKey=#``; both mean "#".
    """
    form, kind = request.form, request.args.get("event")
    if kind == "speech":
        return _spoken_answer(form)
    if form.get("SpeechResult") and not form.get("Digits"):
        return Utterance(text=form["SpeechResult"], confidence=confidence(form.get("Confidence")))
    if kind == "recorded":
        payload = recording_payload("action")
        return RecordingDone(payload.recording_sid, payload.url, payload.seconds or 0,
                             form.get("Digits") == "hangup")
    if kind == "no_recording":
        return NoRecording()
    digits = form.get("Digits", "")
    if not digits and form.get("FinishedOnKey") == "#" and kind != "timeout":
        digits = "#"
    if kind == "timeout" or not digits:
        return NoInput()
    return Digits(digits)


def recording_payload(kind: str) -> SpooledRecording:
    """The recording fields of the ``<Record>`` action (``kind="action"``, with the action URL's
    turn) or of the recording status callback (``"callback"``). On the action's wait redirect
    (:mod:`.outage`) they come back in the URL's query, which the signature covers. Raises
    ``BadRequest`` naming a missing or malformed field."""
    source = request.args if kind == "action" and "RecordingSid" in request.args else request.form
    url = source.get("RecordingUrl", "")
    if kind == "action" and not url:  # a callback saying "absent" may come without one
        raise BadRequest("RecordingUrl missing")
    status = "completed" if kind == "action" else source.get("RecordingStatus", "")
    return SpooledRecording(kind, sid("CallSid"), sid("RecordingSid", source), url,
                            seconds("RecordingDuration", source), status,
                            request.args.get("turn", type=int) if kind == "action" else None)


def confidence(raw: str | None) -> float | None:
    """Twilio's ``Confidence`` (0.0–1.0, https://www.twilio.com/docs/voice/twiml/gather#action)
    as a number; ``None`` when absent or not a number in that range (then no threshold applies)."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if 0.0 <= value <= 1.0 else None


def _spoken_answer(form) -> Event | Utterance:
    """The short ``<Record>`` of a spoken answer ended: by a key (``Digits``), by hanging up, or by
    silence — then the audio is fetched from Twilio and recognised."""
    digits = form.get("Digits", "")
    if digits == "hangup":
        return NoInput()  # nobody is listening any more; the status callback ends the call
    if digits:
        return Digits(digits)
    wav = fetch_utterance(form.get("RecordingUrl", ""), current_app.config)
    return Utterance(wav=wav or b"")


def _speech() -> bool:
    """Whether this app's questions also listen for speech (``SPEECH_MODE``, resolved at start)."""
    return speech_on(current_app.config["SPEECH_MODE"])


def _flow():
    return current_app.extensions["hotline.flow"]


def _audio_url(prompt) -> str | None:
    name = current_app.extensions["hotline.catalog"].filename(prompt)
    return f"{request.script_root}/audio/{name}" if name else None


def _twiml(turn: Turn) -> Response:
    catalog = current_app.extensions["hotline.catalog"]
    config = current_app.config
    speech = twiml.Listening(config["SPEECH_MODE"], config["SPEECH_SILENCE_SECONDS"],
                             config["SPEECH_MAX_SECONDS"])
    key = (tuple(turn.commands), turn.turn, url_for("voice.caller_input"),
           url_for("voice.recording_status_callback"), request.script_root,
           config["SAY_VOICE"], speech, catalog, catalog.generation())
    response = Response(_render(*key), mimetype="text/xml")
    # For the simulator and logs: which node answered and which prompts it played, in order.
    response.headers["X-Hotline-Node"] = turn.node
    return response


@lru_cache(maxsize=4096)
def _render(commands: tuple, turn: int, input_url: str, recording_status_url: str,
            _script_root: str, voice: str, speech: twiml.Listening, _catalog,
            _audio_generation: int) -> str:
    # Most answers repeat (every new call hears the same menu at turn 1), and building the XML is
    # a tenth of a webhook's time. The document depends only on these arguments: the audio URLs
    # on the catalog, its generation and the script root.
    return twiml.render(list(commands), input_url, turn, _audio_url, voice, recording_status_url,
                        speech)


@voice.errorhandler(Exception)
def apologise(error: Exception | None = None):
    """Answer any failure with valid Vietnamese TwiML and HTTP 200 (callbacks: plain 400 or 500);
    :func:`log_webhook` logs the failure, once."""
    if error is not None:
        g.webhook_error = error  # logged once, with the request's line, by log_webhook
        try:
            db.session.rollback()
        except Exception:  # the database may be the thing that failed
            log.exception("rollback after webhook failure also failed")
        if database_down(error) and (answer := _outage_answer()) is not None:
            return answer
    if request.endpoint in CALLBACKS:  # no caller listens: say plainly what went wrong
        if isinstance(error, BadRequest):
            return Response(f"bad request: {error.description}\n", 400, mimetype="text/plain")
        return Response("status callback failed\n", 500, mimetype="text/plain")
    try:
        body = twiml.apology(_flow().message("error"), url_for("voice.recover"), _audio_url,
                             current_app.config["SAY_VOICE"])
    except Exception:
        log.exception("could not render the apology; using the static one")
        body = twiml.static_apology(current_app.config.get("SAY_VOICE", twiml.DEFAULT_VOICE))
    return Response(body, mimetype="text/xml")


def _outage_answer() -> Response | None:
    """:func:`.outage.answer`; malformed input met on the way is answered as bad input."""
    try:
        return outage.answer(recording_payload)
    except BadRequest as error:
        g.webhook_error = error
        return None


@voice.before_request
def _start_clock() -> None:
    g.webhook_started = time.perf_counter()
    g.webhook_error = g.webhook_refused = None


@voice.after_request
def log_webhook(response: Response) -> Response:
    """Log one line per webhook on ``hotline.webhook``, with the fields ``call_sid``, ``route`` (the
    endpoint), ``node`` (``X-Hotline-Node``), ``status`` (HTTP) and ``ms`` (since the blueprint's
    first hook).

    INFO when answered; WARNING, without a traceback, for bad input (an HTTP 4xx error such as a
    malformed ``CallSid``, even when the caller hears the apology with HTTP 200, or a refused
    signature) with the reason; ERROR with the traceback for any other exception: the one place
    it is logged (Flask does not log an exception a handler answered).
    """
    seconds = time.perf_counter() - g.pop("webhook_started", time.perf_counter())
    error, refused = g.pop("webhook_error", None), g.pop("webhook_refused", None)
    fields = {"call_sid": _logged_sid(), "route": request.endpoint,
              "node": response.headers.get("X-Hotline-Node"), "status": response.status_code,
              "ms": round(seconds * 1000, 1)}
    if error is not None and not _is_bad_input(error):
        webhook_log.error("failed: %s: %s", type(error).__name__, error, exc_info=error, extra=fields)
    elif error is not None or refused or response.status_code >= 400:
        reason = error.description if error is not None else refused or response.status
        webhook_log.warning("bad request: %s (from %s)", reason, request.remote_addr, extra=fields)
    else:
        webhook_log.info("answered", extra=fields)
        replay_after_response(response)
    return response


def _is_bad_input(error: BaseException) -> bool:
    return isinstance(error, HTTPException) and error.code is not None and 400 <= error.code < 500


def _logged_sid() -> str | None:
    """The request's CallSid if it is well formed: a malformed one stays out of the log."""
    try:
        value = request.form.get("CallSid", "")
    except HTTPException:  # a body the form parser refused (too large, …)
        return None
    return value if _SID["CallSid"].fullmatch(value) else None
