"""``flask call --local --callback ID --as USERNAME``: a callback ("Gọi lại") played without phones.

The hotline rings the volunteer ``USERNAME`` first (:func:`ivr.people.callbacks.call_volunteer`,
with the REST request replaced by a simulated CallSid: nothing is dialled), and the simulator is
both phones, driving the real signed webhooks of :mod:`ivr.voice.callback_calls`:

- the volunteer's phone: hears the whisper, presses keys from ``--keys`` (``1`` bridges);
- at the ``<Dial>``, shown in ``--json`` as ``{"dial": {"numbers": [masked], "timeout": s,
  "caller_id": "…"}}``, the caller's phone: ``caller:answer`` picks up, hears the
  intro and talks :data:`TALK_SECONDS`; ``caller:voicemail`` a voicemail answers
  (:data:`VOICEMAIL_SECONDS`); ``caller:none`` nobody picks up;
- then the ``<Dial action>`` (what the volunteer hears last) and the volunteer leg's final status
  callback, as Twilio sends them.

Each line of ``--json`` names its ``side`` (``volunteer`` or ``caller``). The try's outcome and
the request's status are printed at the end (``{"outcome": …, "status": …}``).
"""
from __future__ import annotations

import json
import secrets
from typing import Callable

import click
import sqlalchemy as sa

from ivr.models import CallbackAttempt, CallbackRequest, User, db, utcnow
from ivr.people import callbacks
from ivr.people.volunteers import mask_phone

from .client import CallSimulator, FlaskTransport, Heard

CALLER_KEYS = {"caller:answer": "the caller picks up and talks",
               "caller:voicemail": "the caller's voicemail answers",
               "caller:none": "the caller does not pick up"}
TALK_SECONDS = 90
VOICEMAIL_SECONDS = 8
Echo = Callable[[dict], None]


def play_callback(app, request_id: int, username: str, keys: list[str], echo: Echo) -> dict:
    """Play the callback of request ``request_id`` by ``username`` in-process with ``keys``
    (volunteer keys, ``-`` for silence, one ``caller:*`` item at the dial); every heard line goes
    to ``echo`` as a dict. Returns ``{"outcome": try outcome, "status": request status}``.

    Raises ``click.ClickException`` for an unknown request or user, outside ``CALLING_HOURS``, or
    a refusal of :func:`ivr.people.callbacks.call_volunteer` (its Vietnamese message).
    """
    attempt_id, sid, phone = _start(app, request_id, username)
    hotline = app.config["HOTLINE_NUMBER"]
    leg = CallSimulator(FlaskTransport(app), app.config["TWILIO_AUTH_TOKEN"],
                        app.config.get("PUBLIC_BASE_URL") or "http://localhost",
                        caller=hotline, called=phone, call_sid=sid)
    heard = leg.post(f"/voice/callback/volunteer?attempt={attempt_id}", _outbound())
    inputs = iter(keys)
    _show(echo, "volunteer", "answer", heard)
    while heard.action and not heard.dial:
        key = next(inputs, None)
        if key in (None, "-", ""):
            break  # silence: the gather times out; what follows it (already shown) ends the leg
        if key in CALLER_KEYS:
            raise click.ClickException(f"{key!r}: the caller is not being rung yet; the volunteer "
                                       "presses 1 first")
        heard = leg.post(heard.action, {**_outbound(), "Digits": key})
        _show(echo, "volunteer", key, heard)
    if heard.dial:
        heard = _bridge(app, leg, heard, next(inputs, "caller:none"), echo)
    _status(leg, attempt_id)
    return _result(app, request_id, attempt_id)


def _start(app, request_id: int, username: str) -> tuple[int, str, str]:
    """Begin the try as "Gọi lại" does, with a simulated CallSid for the volunteer's leg."""
    config = app.config
    if not config.get("HOTLINE_NUMBER"):
        raise click.ClickException("HOTLINE_NUMBER is not set: a callback needs the hotline's number")
    if not callbacks.within_calling_hours(config["CALLING_HOURS"], utcnow()):
        raise click.ClickException(f"outside CALLING_HOURS ({config['CALLING_HOURS']}): the "
                                   "hotline calls nobody now")
    user = db.session.scalars(sa.select(User).where(User.username == username)).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    sid = "CA" + secrets.token_hex(16)
    try:
        attempt = callbacks.call_volunteer(request_id, user, lambda _attempt: sid,
                                           callbacks.Limits.from_config(config))
    except LookupError as error:
        raise click.ClickException(f"no callback request {request_id}") from error
    except callbacks.CallbackError as error:
        raise click.ClickException(str(error)) from error
    found = attempt.id, sid, user.phone
    db.session.commit()
    return found


def _bridge(app, leg: CallSimulator, heard: Heard, choice: str, echo: Echo) -> Heard:
    """The caller's leg of the ``<Dial>``, then its action on the volunteer's leg."""
    if choice not in CALLER_KEYS:
        raise click.ClickException(f"the caller is being rung: answer as their phone with "
                                   f"{' or '.join(CALLER_KEYS)} (got {choice!r})")
    dial = heard.dial
    echo({"side": "volunteer", "dial": {"numbers": [mask_phone(n) for n in dial.numbers],
                                        "timeout": dial.timeout, "caller_id": dial.caller_id}})
    status, seconds = "no-answer", 0
    if choice != "caller:none":
        caller = CallSimulator(leg.transport, app.config["TWILIO_AUTH_TOKEN"], leg.sign_base,
                               caller=dial.caller_id, called=dial.numbers[0])
        intro = caller.post(dial.whispers[0], {"ParentCallSid": leg.call_sid,
                                              "Direction": "outbound-dial"})
        _show(echo, "caller", choice, intro)
        status = "completed" if not intro.hung_up else "no-answer"
        seconds = TALK_SECONDS if choice == "caller:answer" else VOICEMAIL_SECONDS
    ended = leg.post(dial.action, {**_outbound(), "DialCallStatus": status,
                                   "DialCallDuration": str(seconds),
                                   "DialCallSid": "CA" + secrets.token_hex(16)})
    _show(echo, "volunteer", choice, ended)
    return ended


def _status(leg: CallSimulator, attempt_id: int) -> None:
    """The volunteer leg's final status callback, signed, as Twilio posts it."""
    path = f"/voice/callback/status?attempt={attempt_id}"
    form = {**leg.base_form("completed"), **_outbound(), "CallDuration": "30",
            "CallbackSource": "call-progress-events", "SequenceNumber": "3"}
    leg.transport.post(path, form, {"X-Twilio-Signature": leg.sign(path, form)})


def _result(app, request_id: int, attempt_id: int) -> dict:
    db.session.expire_all()
    attempt = db.session.get(CallbackAttempt, attempt_id)
    request = db.session.get(CallbackRequest, request_id)
    result = {"outcome": attempt.outcome, "status": request.status}
    db.session.commit()
    return result


def _outbound() -> dict[str, str]:
    return {"Direction": "outbound-api"}


def _show(echo: Echo, side: str, action: str, heard: Heard) -> None:
    for prompt in heard.prompts:
        echo({"side": side, "input": action, "text": prompt.text})
    if heard.hung_up:
        echo({"side": side, "input": action, "hung_up": True})


def printer(as_json: bool) -> Echo:
    """Print each line as JSON, or as text ("[tình nguyện viên] 🔊 …", "[người dân] 🔊 …")."""
    names = {"volunteer": "tình nguyện viên", "caller": "người dân"}

    def echo(line: dict) -> None:
        if as_json:
            click.echo(json.dumps(line, ensure_ascii=False))
        elif "dial" in line:
            dial = line["dial"]
            click.echo(f"  ☎ tổng đài gọi người dân ({', '.join(dial['numbers'])}), hiện số "
                       f"{dial['caller_id']}, tối đa {dial['timeout']} giây")
        elif line.get("hung_up"):
            click.echo(f"  [{names[line['side']]}] (gác máy)")
        else:
            click.echo(f"  [{names[line['side']]}] 🔊 {line['text']}")

    return echo


__all__ = ["CALLER_KEYS", "play_callback", "printer"]
