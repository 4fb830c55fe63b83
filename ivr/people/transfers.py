"""Live transfers to the volunteers on shift (issue 12): who is rung, who took the call, how it ended.

The engine's :class:`~ivr.engine.Transfer` becomes either a :class:`Dial` (an adapter-neutral plan:
the numbers, the timeout, the caller ID) or, when nobody can be rung, the event
``TransferEnded("unavailable")`` at once. Every attempt is one :class:`~ivr.models.Transfer` row:

    ringing ──accept (key 1 in the whisper)──> answered_by set
       │
       └──dial over──> connected | no_answer | busy | failed | caller_hung_up
    (nobody on shift or no HOTLINE_NUMBER: nobody_on_shift at once)

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

from .shifts import SWITCH_HOURS, is_on_shift, on_shift_now

MAX_RUNG = 5  # volunteers rung at once (Twilio allows ten <Number> nouns in one <Dial>)
DIAL_OUTCOMES = {"completed": "connected", "answered": "connected", "busy": "busy",
                 "no-answer": "no_answer", "failed": "failed", "canceled": "no_answer"}
ENDED = ("connected", "no_answer", "busy", "failed", "caller_hung_up", "nobody_on_shift")


@dataclass(frozen=True)
class Dial:
    """Ring ``volunteers`` (``(user id, E.164 phone)``, longest on shift first) at once for
    ``timeout`` seconds, showing ``caller_id``; say ``prompts`` to the caller first. Each
    volunteer hears ``whisper`` and is connected only after key 1. ``transfer_id`` names the
    stored attempt."""

    transfer_id: int
    prompts: tuple[Sound, ...]
    whisper: Prompt
    volunteers: tuple[tuple[int, str], ...]
    timeout: int
    caller_id: str


def place(call_sid: str, command: TransferCommand, hotline_number: str,
          timeout: int, switch_hours: int = SWITCH_HOURS) -> Dial | None:
    """Plan the dial for ``command`` on the call ``call_sid``, or ``None`` when nobody can be rung
    (no ``hotline_number``, nobody on shift), stored as ``nobody_on_shift``.

    A transfer still ringing for this call is reused (a repeated delivery of the webhook that
    started it), so one attempt is one row. ``timeout`` is seconds (TwiML ``<Dial timeout>``);
    ``switch_hours`` is ``SHIFT_MAX_HOURS`` (:func:`ivr.people.shifts.on_shift_now`).
    """
    ringing = db.session.scalars(sa.select(Transfer).where(
        Transfer.call_sid == call_sid, Transfer.outcome == "ringing")).first()
    volunteers = on_shift_now(max_hours=switch_hours)[:MAX_RUNG] if hotline_number else []
    if ringing is None:
        ringing = Transfer(call_sid=call_sid, reason=command.reason,
                           context={**command.context(), "whisper": command.whisper.text},
                           volunteers_dialed=len(volunteers))
        db.session.add(ringing)
    if not volunteers:
        _end(ringing, "nobody_on_shift")
        db.session.flush()
        return None
    db.session.flush()
    return Dial(ringing.id, command.prompts, command.whisper,
                tuple((user.id, user.phone) for user in volunteers), timeout, hotline_number)


def whisper(transfer_id: int) -> str | None:
    """What the volunteer hears before accepting (``None`` when the transfer is no longer ringing:
    the caller hung up or someone else took the call)."""
    transfer = db.session.get(Transfer, transfer_id)
    if transfer is None or transfer.outcome != "ringing" or transfer.answered_by_id is not None:
        return None
    return (transfer.context or {}).get("whisper")


def accept(transfer_id: int, user_id: int, leg_sid: str, switch_hours: int = SWITCH_HOURS) -> bool:
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
    if not is_on_shift(user, max_hours=switch_hours):
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


__all__ = ["DIAL_OUTCOMES", "Dial", "ENDED", "MAX_RUNG", "accept", "caller_gone", "engine_outcome",
           "finish", "place", "whisper"]
