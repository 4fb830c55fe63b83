"""What the Twilio webhooks answer while the database is down (from ``views.apologise``).

- **Recording status callback**: its payload goes to the local spool (:mod:`ivr.reports.spool`)
  and Twilio gets 204; :mod:`ivr.replay` applies it when the database is back.
- **The ``<Record>`` action** (``event=recorded``): spooled the same way; the caller hears
  ``messages.db_wait_recording`` and a pause, and the call comes back to the same action
  (``<Redirect>``, the recording's fields in the signed URL) up to :data:`WAIT_ROUNDS` times,
  :data:`WAIT_SECONDS` each. The database back in time: the call goes on exactly as it would have
  (the review menu, later the reference). Still down: ``messages.db_recording_kept`` says the
  story is kept and says its reference twice (the report was saved before the beep, and the
  ``<Record>`` action URL carries its reference, ``ref``), and the call ends.
- **Any other TwiML webhook**: ``messages.db_wait``, a pause, then ``/voice/recover?resume=1``,
  which says again the question the call was at (:func:`ivr.calls.recover_call`): the call
  continues where it was. Still down after :data:`WAIT_ROUNDS`: ``messages.db_goodbye``.
- **The call's final status callback**: spooled too (:class:`ivr.reports.spool.SpooledCallEnd`),
  204; the replay ends the call, so what the caller keyed after the recording reaches the report.
- Anything else: ``None``, and the caller of this module answers as for any other failure.

A round's number travels in the URL (``wait=1…``), so any web process can serve the next one.
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from flask import Response, current_app, request, url_for

from ivr.engine.speaking import digit_prompts
from ivr.prompt_audio import audio_url
from ivr.reports import spool
from ivr.reports.intake import REFERENCE_DIGITS

from . import twiml

log = logging.getLogger(__name__)

WAIT_SECONDS = 3  # one round's pause: three rounds and their sentences keep the caller ~15 s
WAIT_ROUNDS = 3
_REFERENCE = re.compile(rf"[0-9]{{{REFERENCE_DIGITS}}}")  # ASCII digits only
# kind -> this request's payload ("ended": the call's end, None when its status is not final)
PayloadOf = Callable[[str], spool.Payload | None]


def answer(payload_of: PayloadOf) -> Response | None:
    """The answer to this request, made while the database is down (see the module docstring);
    ``None`` when this webhook has none of its own. ``payload_of(kind)`` reads the request's
    recording fields (raises ``BadRequest`` when they are malformed)."""
    endpoint = request.endpoint
    if endpoint == "voice.recording_status_callback":
        return Response(status=204) if _spooled(payload_of("callback")) else None
    if endpoint == "voice.status":
        ended = payload_of("ended")
        return Response(status=204) if ended is None or _spooled(ended) else None
    if endpoint == "voice.caller_input" and request.args.get("event") == "recorded":
        return _recording_wait(payload_of)
    if endpoint in ("voice.incoming", "voice.caller_input", "voice.recover"):
        return _wait_then_resume()
    return None


def _round() -> int:
    """This request's wait round: 0 for the webhook that first met the outage."""
    value = request.args.get("wait", type=int)
    return value if value is not None and 0 <= value <= WAIT_ROUNDS else 0


def _recording_wait(payload_of: PayloadOf) -> Response:
    payload = payload_of("action")
    kept, done, reference = _spooled(payload), _round(), _reference()
    if done >= WAIT_ROUNDS or request.form.get("Digits") == "hangup":
        return _xml(twiml.goodbye(_kept(reference) if kept else (_message("db_goodbye"),),
                                  audio_url, _voice()))
    again = url_for("voice.caller_input", turn=request.args.get("turn", type=int),
                    event="recorded", wait=done + 1, **({"ref": reference} if reference else {}),
                    **({"keeps": payload.keeps} if payload.keeps != "report" else {}),
                    RecordingSid=payload.recording_sid, RecordingUrl=payload.url,
                    RecordingDuration=payload.seconds or 0)
    said = _message("db_wait_recording" if done == 0 else "db_still_waiting")
    return _xml(twiml.wait(said, again, WAIT_SECONDS, audio_url, _voice()))


def _reference() -> str | None:
    """The report's reference from the action URL (``ref``, put there with the ``<Record>``)."""
    value = request.args.get("ref", "")
    return value if _REFERENCE.fullmatch(value) else None


def _kept(reference: str | None) -> tuple:
    """The story is kept; its reference said twice, digit by digit in groups, when known."""
    if reference is None:
        return (_message("db_recording_kept_noref"),)
    flow = current_app.extensions["hotline.flow"]
    digits = digit_prompts(flow, reference)
    return (_message("db_recording_kept"), *digits, _message("db_reference_again"), *digits,
            _message("db_kept_goodbye"))


def _wait_then_resume() -> Response:
    done = _round()
    if done >= WAIT_ROUNDS:
        return _xml(twiml.goodbye((_message("db_goodbye"),), audio_url, _voice()))
    again = url_for("voice.recover", resume=1, wait=done + 1)
    said = _message("db_wait" if done == 0 else "db_still_waiting")
    return _xml(twiml.wait(said, again, WAIT_SECONDS, audio_url, _voice()))


def _spooled(payload: spool.Payload) -> bool:
    """Spool ``payload``; False (logged) when the disk refuses it."""
    try:
        spool.append(current_app.config["SPOOL_DIR"], payload)
    except OSError:
        log.exception("could not spool %s of call %s", payload.file_name, payload.call_sid)
        return False
    log.warning("database down: %s of call %s spooled", payload.file_name, payload.call_sid)
    return True


def _message(name: str):
    return current_app.extensions["hotline.flow"].message(name)


def _voice() -> str:
    return current_app.config["SAY_VOICE"]


def _xml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


__all__ = ["answer", "WAIT_SECONDS", "WAIT_ROUNDS"]
