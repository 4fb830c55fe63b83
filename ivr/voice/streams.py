"""The WebSocket adapter: Twilio Media Streams at ``/voice/stream``, the browser phone at
``/phone/stream``; each socket drives one :class:`~ivr.voice.stream_call.StreamCall`.

Served by flask-sock on simple-websocket (https://flask-sock.readthedocs.io/): under gunicorn's
threaded worker in the ``stream`` process (Procfile; README "Live voice"), each WebSocket holds one
worker thread for the call, and simple-websocket reads the socket in a thread of its own, so the
receive loop only queues messages; the handler thread parses them, runs the call's recogniser
and steps the call. One call's slow decode never holds up another call's audio (Vosk's decoder
runs in C without the GIL), nor its own socket reads.

Twilio's upgrade request is signed: ``X-Twilio-Signature`` over the ``wss://`` URL of the
``<Stream>`` and no parameters (https://www.twilio.com/docs/usage/security#validating-requests,
https://www.twilio.com/docs/voice/twiml/stream#websocket-security); an unsigned or forged one is
answered 403 before any upgrade. The browser phone's socket follows the ``/phone`` page's access
(``PHONE_PAGE``: ``open``, ``login`` or ``off``).

Bad frames never crash a call: a message :class:`~ivr.voice.stream_protocol.StreamSession`
refuses is logged and ignored, and after :data:`MAX_BAD_MESSAGES` of them the stream is closed;
a message over :data:`MAX_MESSAGE_BYTES` closes the socket (simple-websocket's ``max_message_size``,
close code 1009). A failure of the call service closes the stream: Twilio then requests the
``<Connect action>``, whose webhook answers TwiML (the question again, or the apology), so a
stream failure is never silence.
"""
from __future__ import annotations

import logging
import secrets
import socket
import struct
import time
from functools import lru_cache

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request
from flask_sock import ConnectionClosed, Sock

from ivr.calls import answer_call, continue_call, end_call, resume_call
from ivr.hearing import question_grammar
from ivr.engine import Listen
from ivr.models import Report, VisitRequest, db
from speech.streaming import END_SILENCE_MS, UtteranceListener

from .signature import is_signed
from .stream_audio import PromptAudio
from .stream_call import Close, StreamCall, caption_message
from .stream_protocol import MAX_MESSAGE_CHARS, Start, StreamProtocolError, StreamSession

log = logging.getLogger(__name__)
streams = Blueprint("streams", __name__)
sock = Sock()
VOICE_PATH, PHONE_PATH = "/voice/stream", "/phone/stream"
MAX_BAD_MESSAGES = 50  # refused messages before the stream is closed (code 1008)
LOGGED_BAD_MESSAGES = 5  # each logged; the rest are counted in the stream's last line
SEND_TIMEOUT_SECONDS = 5  # a caller that does not read our audio for this long is dropped
MAX_MESSAGE_BYTES = 4 * MAX_MESSAGE_CHARS  # UTF-8 of the longest message parse_message reads
TICK_SECONDS = 0.5  # with no message for this long, the silence timeout still runs
DIGITS_END_SILENCE_MS = 900  # a spoken number comes in groups, with short pauses between them
APOLOGY = "Xin lỗi bác, tổng đài đang gặp sự cố. Bác vui lòng gọi lại sau ít phút."


def init_app(app) -> None:
    """Register the WebSocket routes and their settings on ``app``."""
    app.config.setdefault("SOCK_SERVER_OPTIONS", {"ping_interval": 25,
                                                  "max_message_size": MAX_MESSAGE_BYTES})
    sock.init_app(app)
    app.register_blueprint(streams)
    app.extensions["hotline.prompt_audio"] = PromptAudio(app.extensions["hotline.catalog"])


def stream_url(path: str) -> str:
    """The ``ws(s)://`` URL of ``path`` on the stream process: ``STREAM_BASE_URL``, else
    ``PUBLIC_BASE_URL`` with ``wss://``, else this request's host (``ws://`` over http)."""
    config = current_app.config
    base = config.get("STREAM_BASE_URL") or ""
    if not base and config.get("PUBLIC_BASE_URL"):
        public = config["PUBLIC_BASE_URL"]
        base = "wss://" + public.removeprefix("https://") if public.startswith("https://") \
            else "ws://" + public.removeprefix("http://")
    if not base:
        base = ("wss://" if request.scheme == "https" else "ws://") + request.host
    return base.rstrip("/") + path


@streams.before_request
def _refuse_unsigned():
    """403 before the upgrade for a Twilio stream without a valid signature, or a browser phone
    the page's access does not allow."""
    config = current_app.config
    if request.path == VOICE_PATH:
        token = config["TWILIO_AUTH_TOKEN"]
        if config.get("VALIDATE_TWILIO_SIGNATURE", True) and not is_signed(token, stream_url(VOICE_PATH)):
            log.warning("refused stream upgrade from %s: invalid or missing X-Twilio-Signature",
                        request.remote_addr)
            return Response("Forbidden: invalid or missing X-Twilio-Signature\n", 403,
                            mimetype="text/plain")
    elif request.path == PHONE_PATH:
        access = config.get("PHONE_PAGE", "open")
        if access == "off":
            return Response("Not Found\n", 404, mimetype="text/plain")
        if access != "open":
            from flask_login import current_user

            from ivr.review.auth import session_expired

            # The dashboard's login with its session limit, as the /phone page checks it.
            authenticated = current_user.is_authenticated and not session_expired()
            # Loading the login read the database in this request, whose context lasts as long as
            # the call: end that transaction now (else SQLite stays locked for the call's own
            # writes, and PostgreSQL holds a connection idle in transaction).
            db.session.close()
            if not authenticated:
                return Response("Forbidden: log in to use the browser phone\n", 403,
                                mimetype="text/plain")
    return None


@sock.route(VOICE_PATH, bp=streams)
def twilio_stream(ws) -> None:
    """A Twilio ``<Connect><Stream>``: the call named in ``start``."""
    serve(ws, new_call(current_app._get_current_object()))


@sock.route(PHONE_PATH, bp=streams)
def phone_stream(ws) -> None:
    """The browser phone: a call of its own (a CallSid made here, the caller withheld)."""
    app = current_app._get_current_object()
    call = new_call(app, call_sid="CA" + secrets.token_hex(16), browser=True)
    serve(ws, call, on_end=lambda call, seconds: call.service.end(call.call_sid, seconds))


def new_call(app, call_sid: str | None = None, browser: bool = False) -> StreamCall:
    """A :class:`StreamCall` on ``app``'s call service, prompt audio and recogniser."""
    flow = app.extensions["hotline.flow"]
    return StreamCall(AppCallService(app), app.extensions["hotline.prompt_audio"].mulaw,
                      listener_factory(app), call_sid=call_sid, browser=browser,
                      no_recording=flow.messages.get("phone_no_recording"),
                      main_menu_key=flow.keys.main_menu)


def serve(ws, call: StreamCall, on_end=None) -> None:
    """Run one stream until it stops, the caller hangs up or the call ends: receive, parse,
    drive ``call``, send what it answers; then ``on_end(call, seconds)`` if given. Never raises
    (a WebSocket handler's exception would only end the socket less cleanly)."""
    session, bad, began = StreamSession(), 0, time.monotonic()
    last, code, ended = began, 1000, "closed"
    _limit_sends(ws)
    try:
        while True:
            message = ws.receive(timeout=TICK_SECONDS)
            now = time.monotonic()
            if message is None:
                out = call.tick((now - last) * 1000)
            else:
                try:
                    event = session.receive(message)
                except StreamProtocolError as error:
                    bad += 1
                    if bad <= LOGGED_BAD_MESSAGES:
                        log.warning("stream %s: message refused (%s)", session.stream_sid or "(no start yet)", error)
                    if bad >= MAX_BAD_MESSAGES:
                        ended, code = f"{bad} bad messages", 1008  # policy violation
                        break
                    continue
                out = call.receive(event)
                if isinstance(event, Start):
                    log.info("stream %s of call %s started (%s, turn %s)", call.stream_sid, call.call_sid,
                             "browser phone" if call.browser else "Twilio",
                             event.custom_parameters.get("turn", "0"))
            last = now
            if _send(ws, out):
                ended = "hung up by the hotline" if call.phase == "ended" and call.node else "handed to TwiML"
                break
            if session.stopped:
                ended = "stopped by the caller"
                break
    except (ConnectionClosed, OSError) as error:
        # The caller hung up, the network went, or the caller stopped reading (a send timed out):
        # the call's state is saved.
        ended = "caller gone" if isinstance(error, ConnectionClosed) else f"socket: {error}"
    except Exception:
        ended, code = "failed", 1011
        log.exception("stream %s of call %s failed; closing it%s", call.stream_sid, call.call_sid,
                      "" if call.browser else " (TwiML continues the call at the <Connect action>)")
        if call.browser and call.stream_sid:
            try:
                ws.send(caption_message(call.stream_sid, APOLOGY))
            except Exception:  # noqa: BLE001 - the socket may be what failed
                pass
    finally:
        timings = call.timings
        log.info("stream %s of call %s ended (%s) at node %s after %.0f s: %d spoken answers, "
                 "%d voice barge-ins, %d bad messages", call.stream_sid, call.call_sid, ended,
                 call.node or "-", time.monotonic() - began, len(timings.answers),
                 len(timings.barge_ins), bad)
        if on_end is not None and call.call_sid and call.node:
            try:
                on_end(call, round(time.monotonic() - began))
            except Exception:  # noqa: BLE001 - logged; the socket still closes
                log.exception("stream %s: ending call %s failed", call.stream_sid, call.call_sid)
        try:
            db.session.remove()
        except Exception:  # noqa: BLE001 - the database may be what failed
            pass
        try:
            ws.close(reason=code)
        except Exception:  # noqa: BLE001 - already gone
            pass


def _limit_sends(ws) -> None:
    """A caller that stops reading (a frozen browser tab, a stuck proxy) must not hold a thread:
    a send blocked for :data:`SEND_TIMEOUT_SECONDS` fails (``SO_SNDTIMEO``, socket(7)) and the
    stream ends."""
    sock = getattr(ws, "sock", None)
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", SEND_TIMEOUT_SECONDS, 0))
    except OSError as error:
        log.warning("no send timeout on a stream socket (%s)", error)


def _send(ws, out) -> bool:
    """Send ``out``'s messages; True when it ends with a :class:`Close`."""
    for item in out:
        if isinstance(item, Close):
            return True
        ws.send(item)
    return False


class AppCallService:
    """:class:`~ivr.voice.stream_call.CallService` on a Flask app: each call of the service in
    an app context, as one webhook would be (one transaction)."""

    def __init__(self, app):
        self.app = app
        self.flow = app.extensions["hotline.flow"]

    def start(self, call_sid: str, caller: str | None):
        """``ivr.calls.answer_call`` (speech on): the call begins on this stream."""
        with self.app.app_context():
            config = self.app.config
            return answer_call(self.flow, call_sid, caller, config["SECRET_KEY"],
                               config["RESUME_WITHIN_DAYS"], speech=True)

    def resume(self, call_sid: str, caller: str | None):
        """``ivr.calls.resume_call``: the question a webhook just asked."""
        with self.app.app_context():
            return resume_call(self.flow, call_sid, caller, self.app.config["SECRET_KEY"])

    def end(self, call_sid: str, seconds: int) -> None:
        """A browser phone's call is over (no status callback will come): end it as Twilio's
        would (``ivr.calls.end_call``), and delete what a call with no phone line left half made:
        a scam report or home visit request without a recording (the browser cannot record;
        nothing in them could be reviewed)."""
        with self.app.app_context():
            end_call(call_sid, "completed", seconds)
            for model in (Report, VisitRequest):
                db.session.execute(sa.delete(model).where(model.call_sid == call_sid,
                                                          model.recording_sid.is_(None)))
            db.session.commit()

    def answer(self, call_sid: str, turn: int, event):
        """``ivr.calls.continue_call`` with the caller's key, words or silence at ``turn``."""
        with self.app.app_context():
            config = self.app.config
            return continue_call(self.flow, call_sid, turn, event, None, config["SECRET_KEY"],
                                 True, config["SPEECH_MIN_CONFIDENCE"])


def listener_factory(app):
    """``listen → UtteranceListener`` for ``app``'s Vosk model, or always ``None`` when this
    hotline does not listen (``SPEECH_MODE`` not ``stream``/``vosk``): keys only."""
    if app.config.get("SPEECH_MODE") not in ("stream", "vosk"):
        return lambda listen: None
    from speech.model import get_model

    model = get_model(app.config.get("VOSK_MODEL_PATH"))
    grammars = lru_cache(maxsize=256)(lambda listen: _grammar(model, listen))

    def listener_for(listen: Listen) -> UtteranceListener | None:
        grammar = grammars(listen)
        if grammar is None:
            return None
        end = DIGITS_END_SILENCE_MS if listen.mode == "digits" else END_SILENCE_MS
        return UtteranceListener(model, grammar, no_speech_ms=None, end_silence_ms=end)

    return listener_for


def _grammar(model, listen: Listen):
    """The question's grammar (its options, the controls, ``[unk]``), built once per question."""
    from speech.grammar import GrammarError

    try:
        return question_grammar(listen, model)
    except GrammarError as error:
        log.warning("no grammar for a %s question (%s): keys only there", listen.mode, error)
        return None
