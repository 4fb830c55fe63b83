"""Live transfers to the volunteers on shift (issue 12): who is rung, who took the call, how it ended.

The engine's :class:`~ivr.engine.Transfer` becomes either a :class:`Dial` (an adapter-neutral plan:
the number, the timeout, the caller ID) or, when nobody can be rung, the event
``TransferEnded("unavailable")`` at once. Volunteers are rung **in turn**, one ``<Dial>`` each:
at most :data:`MAX_TRIES` of them, each for ``min(DIAL_TIMEOUT, TRY_SECONDS)`` seconds, a new try
only while it ends within :data:`BUDGET` of the first one's start. The caller hears the hold
sentence once, then a short sentence before each further try (:mod:`ivr.voice.transfer`). Every
try is one :class:`~ivr.models.Transfer` row (``context``: ``try`` 1-3, ``first`` the first try's
id, ``rung`` the volunteer's user id)::

    ringing ──accept (key 1 in the whisper)──> answered_by set
       │
       └──dial over──> connected | no_answer | busy | failed | caller_hung_up
                          └─ no_answer, busy, failed: next_try() rings the next volunteer
    (nobody on shift or no HOTLINE_NUMBER: nobody_on_shift at once)

Why in turn and not all at once: Twilio's ``<Number>`` says "The first call to pick up is
connected to the current call and the rest are hung up"
(https://www.twilio.com/docs/voice/twiml/number ). Picking up is the answer itself, before the
``<Number url>`` screening runs on that leg (the url runs "after they answer, but before the
parties are connected", https://www.twilio.com/docs/voice/twiml/number#url ), and Twilio's own
note on simultaneous dialing warns that "in the case of calling a phone that automatically goes
to voicemail ... it's likely the call will be picked up faster by one of these machines than any
human being can answer" (https://www.twilio.com/blog/dialing-multiple-numbers-simultaneously-with-twilio-html ).
So one volunteer's voicemail answering first would hang up every other volunteer's ringing
phone; our whisper then hangs up the voicemail, and nobody was really asked. Ringing in turn,
each voicemail costs one try, never the others.

Twilio's ``<Dial>`` ends with ``DialCallStatus`` ``completed`` (the dialed party answered and
talked), ``busy``, ``no-answer``, ``failed`` or ``canceled``
(https://www.twilio.com/docs/voice/twiml/dial#action). A leg answered by voicemail never presses 1
in the whisper (https://www.twilio.com/docs/voice/twiml/number#url), so a transfer counts as
connected only when a volunteer accepted. Each function works in the current session; the caller
commits (the webhook's one transaction).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ivr.engine import Prompt, Transfer as TransferCommand
from ivr.engine.commands import Sound
from ivr.models import Transfer, User, db, utcnow

from datetime import datetime, timedelta

from .outbound_rules import CallingHours
from .shifts import SWITCH_HOURS, aware, is_on_shift, on_shift_now

MAX_TRIES = 3  # volunteers rung in turn for one transfer
TRY_SECONDS = 15  # the longest one volunteer rings (DIAL_TIMEOUT, if shorter, wins)
# From the first try's start to the end of the last ring: the hold sentence (~5 s), three rings
# of 15 s and the short sentence before each further try. An elderly caller on hold for longer
# hangs up; then the callback offer is the better answer.
BUDGET = timedelta(seconds=55)
RETRIED = ("no_answer", "busy", "failed")  # a try that ended like this may be followed by another
DIAL_OUTCOMES = {"completed": "connected", "answered": "connected", "busy": "busy",
                 "no-answer": "no_answer", "failed": "failed", "canceled": "no_answer"}
ENDED = ("connected", "no_answer", "busy", "failed", "caller_hung_up", "nobody_on_shift")


@dataclass(frozen=True)
class Dial:
    """Ring ``volunteers`` (``(user id, E.164 phone)``: one, the next in turn) for ``timeout``
    seconds, showing ``caller_id``; say ``prompts`` to the caller first (the hold sentence on the
    first try, nothing on the next ones). The volunteer hears ``whisper`` and is connected only
    after key 1. ``transfer_id`` names the stored try; ``attempt`` is 1 to :data:`MAX_TRIES`."""

    transfer_id: int
    prompts: tuple[Sound, ...]
    whisper: Prompt | None
    volunteers: tuple[tuple[int, str], ...]
    timeout: int
    caller_id: str
    attempt: int = 1


def place(call_sid: str, command: TransferCommand, hotline_number: str,
          timeout: int, switch_hours: int = SWITCH_HOURS,
          calling_hours: CallingHours | None = None) -> Dial | None:
    """Plan the first try for ``command`` on the call ``call_sid``: the volunteer longest on
    shift, or ``None`` when nobody can be rung (no ``hotline_number``, nobody on shift), stored as
    ``nobody_on_shift``.

    A try still ringing for this call is reused (a repeated delivery of the webhook that started
    it), so one try is one row. ``timeout`` is ``DIAL_TIMEOUT`` in seconds (each ring lasts
    ``min(timeout, TRY_SECONDS)``, TwiML ``<Dial timeout>``); ``switch_hours`` is
    ``SHIFT_MAX_HOURS`` and ``calling_hours`` the parsed ``CALLING_HOURS`` (the switch counts
    within both, :func:`ivr.people.shifts.on_shift_now`).
    """
    ringing = db.session.scalars(sa.select(Transfer).where(
        Transfer.call_sid == call_sid, Transfer.outcome == "ringing")
        .order_by(Transfer.id.desc())).first()
    volunteers = on_shift_now(max_hours=switch_hours, calling_hours=calling_hours) if hotline_number else []
    if ringing is not None:
        rung = [u for u in volunteers if u.id == (ringing.context or {}).get("rung")]
        volunteers = rung or volunteers
    volunteers = volunteers[:1]
    if ringing is None:
        ringing = Transfer(call_sid=call_sid, reason=command.reason,
                           context={**command.context(), "whisper": command.whisper.text, "try": 1},
                           volunteers_dialed=len(volunteers))
        db.session.add(ringing)
    if not volunteers:
        _end(ringing, "nobody_on_shift")
        db.session.flush()
        return None
    db.session.flush()
    ringing.context = {**(ringing.context or {}), "first": (ringing.context or {}).get("first", ringing.id),
                       "rung": volunteers[0].id}
    return Dial(ringing.id, command.prompts, command.whisper,
                tuple((user.id, user.phone) for user in volunteers), min(timeout, TRY_SECONDS),
                hotline_number, (ringing.context or {}).get("try", 1))


def next_try(transfer_id: int, hotline_number: str, timeout: int,
             switch_hours: int = SWITCH_HOURS, now: datetime | None = None,
             calling_hours: CallingHours | None = None) -> Dial | None:
    """After the try ``transfer_id`` ended unanswered (``no_answer``, ``busy``, ``failed``), plan
    the next: the on-shift volunteer longest on shift who was not rung yet in this transfer, for
    ``min(timeout, TRY_SECONDS)`` s. ``None`` when the transfer is over: it was answered or the
    caller left, :data:`MAX_TRIES` were rung, nobody else is on shift, no ``hotline_number``, or
    the ring would end past :data:`BUDGET` from the first try's start (``now``, default now).

    A repeated delivery of the ended try's ``<Dial action>`` gets the same next try while it
    rings (never a second one), and ``None`` once it ended. Not committed.
    """
    done = db.session.get(Transfer, transfer_id)
    context = dict(done.context or {}) if done is not None else {}
    first_id, number = context.get("first", transfer_id), int(context.get("try", 1))
    chain = db.session.scalars(sa.select(Transfer).where(
        Transfer.call_sid == (done.call_sid if done else ""), Transfer.id >= first_id)
        .order_by(Transfer.id)).all()
    chain = [row for row in chain if (row.context or {}).get("first", row.id) == first_id]
    later = [row for row in chain if int((row.context or {}).get("try", 1)) > number]
    if later:  # a repeated delivery: the next try exists already
        row = later[0]
        user = db.session.get(User, (row.context or {}).get("rung"))
        return _plan(row, user, timeout, hotline_number) if row.outcome == "ringing" and user else None
    if done is None or done.outcome not in RETRIED or number >= MAX_TRIES or not hotline_number:
        return None
    ring = min(timeout, TRY_SECONDS)
    if (now or utcnow()) + timedelta(seconds=ring) > aware(chain[0].started_at) + BUDGET:
        return None
    tried = {(row.context or {}).get("rung") for row in chain}
    fresh = [u for u in on_shift_now(max_hours=switch_hours, calling_hours=calling_hours) if u.id not in tried]
    if not fresh:
        return None
    row = Transfer(call_sid=done.call_sid, reason=done.reason, volunteers_dialed=1,
                   context={**context, "try": number + 1, "first": first_id, "rung": fresh[0].id})
    db.session.add(row)
    db.session.flush()
    return _plan(row, fresh[0], timeout, hotline_number)


def _plan(row: Transfer, user: User, timeout: int, hotline_number: str) -> Dial:
    """The :class:`Dial` of a further try: no hold sentence, one volunteer."""
    return Dial(row.id, (), None, ((user.id, user.phone),), min(timeout, TRY_SECONDS),
                hotline_number, int((row.context or {}).get("try", 1)))


def whisper(transfer_id: int) -> str | None:
    """What the volunteer hears before accepting (``None`` when the transfer is no longer ringing:
    the caller hung up or someone else took the call)."""
    transfer = db.session.get(Transfer, transfer_id)
    if transfer is None or transfer.outcome != "ringing" or transfer.answered_by_id is not None:
        return None
    return (transfer.context or {}).get("whisper")


def accept(transfer_id: int, user_id: int, leg_sid: str, switch_hours: int = SWITCH_HOURS,
           calling_hours: CallingHours | None = None) -> bool:
    """The volunteer ``user_id`` pressed 1 on the leg ``leg_sid``: True when they are connected
    (the transfer still rings, nobody took it first, they are still on shift: one who went off
    shift mid-ring, or whose switch expired after ``switch_hours``, is not connected).
    Idempotent for the same leg."""
    transfer = db.session.get(Transfer, transfer_id, with_for_update=True)
    user = db.session.get(User, user_id)
    if transfer is None or user is None or transfer.outcome != "ringing":
        return False
    if transfer.answered_by_id is not None:
        return transfer.answered_by_id == user_id and transfer.dial_call_sid == leg_sid
    if not is_on_shift(user, max_hours=switch_hours, calling_hours=calling_hours):
        return False
    transfer.answered_by_id, transfer.dial_call_sid = user_id, leg_sid
    return True


def finish(transfer_id: int, call_sid: str, dial_status: str, seconds: int | None,
           caller_gone: bool) -> str:
    """Store how the dial ended (Twilio's ``DialCallStatus``; ``DialCallDuration`` in seconds;
    ``caller_gone`` when the caller's own call is over) and return the engine's outcome:
    ``completed``, ``unavailable`` or ``caller_hung_up``. A transfer already ended keeps its
    outcome (a duplicate delivery changes nothing). Raises ``LookupError`` for a transfer that
    is not this call's."""
    transfer = db.session.get(Transfer, transfer_id, with_for_update=True)
    if transfer is None or transfer.call_sid != call_sid:
        raise LookupError(f"no transfer {transfer_id} on this call")
    if transfer.outcome == "ringing":
        outcome = DIAL_OUTCOMES.get(dial_status, "failed")
        if outcome == "connected" and transfer.answered_by_id is None:
            outcome = "no_answer"  # answered, but nobody pressed 1 (a voicemail, a refusal)
        if caller_gone and outcome != "connected":
            outcome = "caller_hung_up"
        transfer.seconds = seconds if outcome == "connected" else None
        _end(transfer, outcome)
    elif transfer.outcome == "connected" and transfer.seconds is None:
        transfer.seconds = seconds  # the caller's status callback came first
    return engine_outcome(transfer.outcome)


def engine_outcome(stored: str) -> str:
    """The :class:`~ivr.engine.TransferEnded` outcome for a stored one."""
    if stored == "connected":
        return "completed"
    return "caller_hung_up" if stored == "caller_hung_up" else "unavailable"


def caller_gone(call_sid: str) -> int:
    """The caller's call ended (status callback): transfers still ringing end as
    ``caller_hung_up``. Returns how many; idempotent."""
    ringing = db.session.scalars(sa.select(Transfer).where(
        Transfer.call_sid == call_sid, Transfer.outcome == "ringing")).all()
    for transfer in ringing:
        _end(transfer, "connected" if transfer.answered_by_id else "caller_hung_up")
    return len(ringing)


def _end(transfer: Transfer, outcome: str) -> None:
    transfer.outcome = outcome
    transfer.ended_at = utcnow()


__all__ = ["BUDGET", "DIAL_OUTCOMES", "Dial", "ENDED", "MAX_TRIES", "TRY_SECONDS", "accept",
           "caller_gone", "engine_outcome", "finish", "next_try", "place", "whisper"]
