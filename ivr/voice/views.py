"""The webhook views. Each one: check the signature, parse the form, step the call, render TwiML.

Any exception inside a TwiML webhook becomes HTTP 200 with a Vietnamese apology (never Twilio's
English "application error"); see :func:`apologise`. Every webhook leaves one log line; see
:func:`log_webhook`.

Hostile input, even signed, never answers 500. Twilio plays the TwiML of a 2xx answer only; on
any other status it tries the number's fallback URL or says its English "application error"
(https://www.twilio.com/docs/usage/webhooks/webhooks-overview), and it retries nothing by default.
So:

- the routes a caller listens to (TwiML: incoming, input, recover, fallback) answer HTTP 200 with
  Vietnamese TwiML: the caller's own answer that is not usable (a key no keypad has, words with a
  NUL byte or longer than :data:`MAX_VALUE`) is heard as an answer we do not accept and the
  question is asked again; any other unusable value (CallSid, From, RecordingSid, RecordingUrl)
  is the apology, since the call cannot go on without it;
- the callbacks no caller hears (status, recording status) answer a plain 4xx that says what was
  wrong: the request will not become right by repeating it, and Twilio's debugger shows the text;
- a wrong HTTP method is answered like bad input: the apology on a TwiML route (HTTP 200), a plain
  405 on a callback. The numbers' own URLs (voice, fallback, status callback) also accept GET,
  which Twilio offers for them (https://www.twilio.com/docs/usage/webhooks/voice-webhooks): its
  parameters then come in the query string, which the signature covers.
"""
from __future__ import annotations

import logging
import re
import time
from functools import lru_cache

from flask import Blueprint, Response, current_app, g, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed

from ivr.calls import Turn, answer_call, continue_call, end_call, recording_status, recover_call
from ivr.engine import Digits, Event, NoInput, NoRecording, RecordingDone, Replay, TransferEnded
from ivr.models import db
from ivr.postgres import WebhookDeadline
from ivr.prompt_audio import audio_url
from ivr.replay import database_down, replay_after_response
from ivr.reports.spool import SpooledCallEnd, SpooledRecording
from ivr.reports.storage import RECORDING_KINDS

from ivr.hearing import Utterance, speech_on

from . import free_line, outage, twiml
from .media import fetch_utterance
from .signature import twilio_signed
from .streams import VOICE_PATH, stream_url

log = logging.getLogger(__name__)
webhook_log = logging.getLogger("hotline.webhook")
voice = Blueprint("voice", __name__)
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
# Twilio ids: two letters and 32 hex digits (CallSid "CA…", RecordingSid "RE…").
_SID = {"CallSid": re.compile(r"CA[0-9a-f]{32}"), "RecordingSid": re.compile(r"RE[0-9a-f]{32}"),
        "ParentCallSid": re.compile(r"CA[0-9a-f]{32}")}  # a child leg's parent (issue 12)
CALLBACKS = ("voice.status", "voice.recording_status_callback",
             "voice.outbound_status")  # issue 12: ivr/voice/outbound_calls.py
TWIML_ROUTES = ("voice.incoming", "voice.caller_input", "voice.recover", "voice.fallback",
                "voice.outbound_verdict", "voice.outbound_verdict_input")  # issue 12
# The URLs set on the phone number, where Twilio lets the owner choose GET instead of POST.
NUMBER_URL_METHODS = ("GET", "POST")
# Characters: the widest column a Twilio value is kept in (reports.recording_url); Twilio's own
# values (URLs, E.164 or SIP callers, ids, keys) are far shorter.
MAX_VALUE = 500
# Keys on a telephone keypad, ASCII only: str.isdigit() is also true for "¹", "１" and "٣".
_KEYS = re.compile(r"[0-9*#]{1,32}")
NOT_A_KEY = "?"  # what a caller "pressed" when Digits holds anything else: no option has it


@voice.route("/incoming", methods=NUMBER_URL_METHODS)
@twilio_signed
def incoming():
    config = current_app.config
    if (busy := free_line.rejected(sid("CallSid"), params())) is not None:  # issue 12
        return busy
    if config["SPEECH_MODE"] == "stream":  # issue 13: the call begins on a Media Stream
        return _stream_first()
    turn = answer_call(_flow(), sid("CallSid"), caller(),
                       config["SECRET_KEY"], config["RESUME_WITHIN_DAYS"], _speech())
    return _twiml(turn)


@voice.post("/input")
@twilio_signed
def caller_input():
    config = current_app.config
    event = parse_event()
    turn = continue_call(_flow(), sid("CallSid"), request.args.get("turn", type=int),
                         event, caller(), config["SECRET_KEY"],
                         _speech(), config["SPEECH_MIN_CONFIDENCE"])
    # After a Media Stream ended (issue 13), this one question is asked in ordinary TwiML: the
    # stream handed over (a recording, a transfer) or failed, and must not be tried again at once.
    return _twiml(turn, stream=request.args.get("event") != "stream")


@voice.post("/recover")
@twilio_signed
def recover():
    turn = recover_call(_flow(), sid("CallSid"), caller(),
                        current_app.config["SECRET_KEY"], _speech(),
                        resume=request.args.get("resume") == "1")
    return _twiml(turn)


@voice.route("/fallback", methods=NUMBER_URL_METHODS)
@twilio_signed
def fallback():
    log.error("Twilio used the fallback URL: ErrorCode=%.40r ErrorUrl=%.300r",
              params().get("ErrorCode"), params().get("ErrorUrl"))
    return apologise()


@voice.post("/recording-status")
@twilio_signed
def recording_status_callback():
    payload = recording_payload("callback")
    recording_status(payload.call_sid, payload.recording_sid, payload.url, payload.seconds,
                     payload.status, payload.keeps)
    return Response(status=204)


@voice.route("/status", methods=NUMBER_URL_METHODS)
@twilio_signed
def status():
    ended = call_end_payload()  # every status callback names its call; one without is bad input
    if ended is not None:
        end_call(ended.call_sid, ended.status, ended.seconds)
    return Response(status=204)


def call_end_payload() -> SpooledCallEnd | None:
    """The call's final status callback as a spoolable payload, ``None`` for a status that is not
    final (ringing, in-progress: nothing to record). Raises ``BadRequest`` for a bad CallSid."""
    call_sid = sid("CallSid")
    status = params().get("CallStatus")
    if status not in FINAL_STATUSES:
        return None
    return SpooledCallEnd(call_sid, status, seconds("CallDuration"))


def params():
    """Twilio's parameters: the form of a POST, the query string of a GET (a number's URLs set to
    GET, https://www.twilio.com/docs/usage/webhooks/voice-webhooks)."""
    return request.form if request.method == "POST" else request.args


def usable(value: str) -> bool:
    """True if ``value`` may be stored, logged or followed: no NUL byte (PostgreSQL refuses it in
    text) and at most :data:`MAX_VALUE` characters."""
    return "\x00" not in value and len(value) <= MAX_VALUE


def text(name: str) -> str:
    """Twilio's parameter ``name`` (``""`` when absent); raises ``BadRequest`` naming it when it
    holds a NUL byte or more than :data:`MAX_VALUE` characters (see :func:`usable`)."""
    value = params().get(name, "")
    if not usable(value):
        raise BadRequest(f"{name} holds a NUL byte or more than {MAX_VALUE} characters")
    return value


def caller() -> str:
    """The caller's number as Twilio sent it: ``From``, or ``To`` on a call the hotline placed
    (issue 12, :func:`.free_line.caller_number`); checked like :func:`text`."""
    value = free_line.caller_number(params())
    if not usable(value):
        raise BadRequest(f"From/To holds a NUL byte or more than {MAX_VALUE} characters")
    return value


def sid(name: str, source=None) -> str:
    """The Twilio id ``name`` (``CallSid``, ``RecordingSid``) from Twilio's parameters (or
    ``source``); raises ``BadRequest`` if missing or malformed."""
    value = (params() if source is None else source).get(name, "")
    if not _SID[name].fullmatch(value):
        raise BadRequest(f"{name} missing or malformed")
    return value


def required(name: str) -> str:
    """The non-empty parameter ``name``; raises ``BadRequest`` naming it when missing or empty
    (instead of a ``KeyError``, which Werkzeug answers with a message naming nothing), or not
    :func:`usable`."""
    value = text(name)
    if not value:
        raise BadRequest(f"{name} missing")
    return value


def seconds(name: str, source=None) -> int | None:
    """A duration in seconds from Twilio's parameters (or ``source``): ASCII digits for 0 to a
    day (86,400), else ``None``."""
    value = (params() if source is None else source).get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 5):
        return None
    return int(value) if int(value) <= 86_400 else None


def keys(digits: str) -> Digits:
    """The caller's keys from Twilio's ``Digits``: keypad keys as pressed; anything else (a key no
    keypad has, ``"¹"``, ``"１"``, ``"٣"``, a NUL, more than 32 keys) is :data:`NOT_A_KEY`, which
    the engine answers like any key that is not an option here."""
    return Digits(digits if _KEYS.fullmatch(digits) else NOT_A_KEY)


def parse_event() -> Event:
    """Turn the input webhook's form into an engine event.

    ``event=stream`` is the ``<Connect action>`` after a Media Stream (issue 13): the call's
    current question again (``Replay``). ``event=recorded`` is the ``<Record>`` action (``Digits=hangup`` when the caller hung up);
    ``event=no_recording`` / ``event=timeout`` are our redirects after an empty recording or a
    silent gather. ``#`` alone ending a number gather may arrive as ``Digits=#`` or as empty
    ``Digits`` with ``FinishedOnKey=#``; both mean "#". Keys are read by :func:`keys`; words
    (``SpeechResult``) that are not :func:`usable` are heard as words we did not catch. Raises
    ``BadRequest`` for an unusable ``RecordingSid`` or ``RecordingUrl`` of a recording.
    """
    form, kind = request.form, request.args.get("event")
    if kind == "stream":  # the <Connect action> after a Media Stream ended (issue 13)
        return Replay()
    if kind == "speech":
        return _spoken_answer(form)
    if form.get("SpeechResult") and not form.get("Digits"):
        said = form["SpeechResult"]
        return Utterance(text=said if usable(said) else "",
                         confidence=confidence(form.get("Confidence")))
    if kind == "recorded":
        payload = recording_payload("action")
        return RecordingDone(payload.recording_sid, payload.url, payload.seconds or 0,
                             form.get("Digits") == "hangup", payload.keeps)
    if kind == "no_recording":
        return NoRecording()
    if kind == "transfer":  # our redirect after a <Dial> (ivr/voice/transfer.py)
        try:
            return TransferEnded(request.args.get("outcome", ""))
        except ValueError as error:
            raise BadRequest(str(error)) from error
    digits = form.get("Digits", "")
    if not digits and form.get("FinishedOnKey") == "#" and kind != "timeout":
        digits = "#"
    if kind == "timeout" or not digits:
        return NoInput()
    return keys(digits)


def recording_payload(kind: str) -> SpooledRecording:
    """The recording fields of the ``<Record>`` action (``kind="action"``, with the action URL's
    turn) or of the recording status callback (``"callback"``). On the action's wait redirect
    (:mod:`.outage`) they come back in the URL's query, which the signature covers. Raises
    ``BadRequest`` naming a missing or malformed field."""
    source = request.args if kind == "action" and "RecordingSid" in request.args else params()
    url = source.get("RecordingUrl", "")
    if kind == "action" and not url:  # a callback saying "absent" may come without one
        raise BadRequest("RecordingUrl missing")
    status = "completed" if kind == "action" else source.get("RecordingStatus", "")
    for name, value in (("RecordingUrl", url), ("RecordingStatus", status)):
        if not usable(value):
            raise BadRequest(f"{name} holds a NUL byte or more than {MAX_VALUE} characters")
    return SpooledRecording(kind, sid("CallSid"), sid("RecordingSid", source), url,
                            seconds("RecordingDuration", source), status,
                            request.args.get("turn", type=int) if kind == "action" else None,
                            keeps=keeps())


def keeps() -> str:
    """What a recording belongs to, from the ``keeps`` of the URL we gave Twilio (signed with it):
    ``visit`` for a home visit request (issue 12), else ``report``. Raises ``BadRequest`` for
    any other value."""
    value = request.args.get("keeps", "report")
    if value not in RECORDING_KINDS:
        raise BadRequest("keeps must be report or visit")
    return value


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
        return keys(digits)
    url = form.get("RecordingUrl", "")
    wav = fetch_utterance(url, current_app.config) if usable(url) else None
    return Utterance(wav=wav or b"")


def _speech() -> bool:
    """Whether this app's questions also listen for speech (``SPEECH_MODE``, resolved at start)."""
    return speech_on(current_app.config["SPEECH_MODE"])


def _flow():
    return current_app.extensions["hotline.flow"]


def _stream_first() -> Response:
    """The incoming call with ``SPEECH_INPUT=stream``: ``<Connect><Stream>`` at turn 0 (issue 13)."""
    target = twiml.StreamTarget(stream_url(VOICE_PATH), sid("CallSid"), caller())
    response = Response(twiml.stream_first(target, url_for("voice.caller_input")), mimetype="text/xml")
    response.headers["X-Hotline-Node"] = "stream"
    return response


def _twiml(turn: Turn, stream: bool = True) -> Response:
    catalog = current_app.extensions["hotline.catalog"]
    config = current_app.config
    mode, target = config["SPEECH_MODE"], None
    if mode == "stream" and stream:  # issue 13: a listening question connects a Media Stream
        target = twiml.StreamTarget(stream_url(VOICE_PATH), sid("CallSid"), caller())
    elif mode == "stream":
        mode = "vosk"  # the stream just ended: this question listens with a short <Record>
    speech = twiml.Listening(mode, config["SPEECH_SILENCE_SECONDS"], config["SPEECH_MAX_SECONDS"])
    dial_urls = twiml.DialUrls(url_for("voice.transfer.whisper"), url_for("voice.transfer.done"))
    key = (tuple(turn.commands), turn.turn, url_for("voice.caller_input"),
           url_for("voice.recording_status_callback"), request.script_root,
           config["SAY_VOICE"], speech, catalog, catalog.generation(), dial_urls, target)
    # A stream's document names its call: never the same twice, so not worth the cache.
    body = _render.__wrapped__(*key) if target is not None else _render(*key)
    response = Response(body, mimetype="text/xml")
    # For the simulator and logs: which node answered and which prompts it played, in order.
    response.headers["X-Hotline-Node"] = turn.node
    return response


@lru_cache(maxsize=4096)
def _render(commands: tuple, turn: int, input_url: str, recording_status_url: str,
            _script_root: str, voice: str, speech: twiml.Listening, _catalog,
            _audio_generation: int, dial_urls: twiml.DialUrls,
            stream: twiml.StreamTarget | None = None) -> str:
    # Most answers repeat (every new call hears the same menu at turn 1), and building the XML is
    # a tenth of a webhook's time. The document depends only on these arguments: the audio URLs
    # on the catalog, its generation and the script root.
    return twiml.render(list(commands), input_url, turn, audio_url, voice, recording_status_url,
                        speech, dial_urls, stream)


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
        if _is_bad_input(error):  # 400, or 413 for a body too large to parse
            return Response(f"bad request: {error.description}\n", error.code, mimetype="text/plain")
        return Response("status callback failed\n", 500, mimetype="text/plain")
    return _apology()


def _apology() -> Response:
    try:
        body = twiml.apology(_flow().message("error"), url_for("voice.recover"), audio_url,
                             current_app.config["SAY_VOICE"])
    except Exception:
        log.exception("could not render the apology; using the static one")
        body = twiml.static_apology(current_app.config.get("SAY_VOICE", twiml.DEFAULT_VOICE))
    return Response(body, mimetype="text/xml")


@voice.app_errorhandler(MethodNotAllowed)
def wrong_method(error: MethodNotAllowed):
    """Answer a request whose HTTP method a voice route does not take (Flask's page is English).

    A TwiML route answers the Vietnamese apology with HTTP 200: Twilio plays the TwiML of a 2xx
    answer only (https://www.twilio.com/docs/usage/webhooks/webhooks-overview), so a number
    misconfigured with another method still speaks Vietnamese to its caller. A callback answers a
    plain 405 with ``Allow``. Any other route keeps Flask's answer. Registered on the application
    because routing fails before any blueprint is known, and logged here for the same reason (the
    blueprint's :func:`log_webhook` does not run).
    """
    endpoint = _endpoint_for("POST")
    if endpoint not in TWIML_ROUTES + CALLBACKS:
        return error
    webhook_log.warning("bad request: method %.16s not allowed (from %s)", request.method,
                        request.remote_addr, extra={"route": endpoint, "status": error.code})
    if endpoint in CALLBACKS:
        return Response(f"method not allowed: {request.method[:16]}\n", 405,
                        {"Allow": ", ".join(error.valid_methods or ("POST",))},
                        mimetype="text/plain")
    return _apology()


def _endpoint_for(method: str) -> str | None:
    """The endpoint this request's URL would reach with ``method``, or ``None``."""
    try:
        endpoint, _ = current_app.create_url_adapter(request).match(method=method)
    except HTTPException:
        return None
    return endpoint


def _outage_answer() -> Response | None:
    """:func:`.outage.answer`; malformed input met on the way is answered as bad input."""
    try:
        return outage.answer(lambda kind: call_end_payload() if kind == "ended"
                             else recording_payload(kind))
    except BadRequest as error:
        g.webhook_error = error
        return None


@voice.before_request
def _start_clock() -> None:
    g.webhook_started = time.perf_counter()
    g.webhook_error = g.webhook_refused = None
    # A PostgreSQL server that stops answering on an open connection is cut in time for the
    # webhook to answer as for any outage (ivr/postgres.py).
    g.database_deadline = WebhookDeadline()


@voice.teardown_request
def _stop_clock(_error: BaseException | None = None) -> None:
    deadline = g.pop("database_deadline", None)
    if deadline is not None:
        deadline.cancel()


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
        value = params().get("CallSid", "")
    except HTTPException:  # a body the form parser refused (too large, …)
        return None
    return value if _SID["CallSid"].fullmatch(value) else None
