"""The call session service: one engine step per webhook, with the call's state in the database.

Adapter-neutral (used by the Twilio webhooks and the simulator). Each function is one transaction:
load the call by CallSid, step the engine, save state, the path event and tutorial progress, commit.
The web tier stays stateless, so any web process can serve a call's next webhook.

Duplicate and late webhook deliveries change nothing: every answer carries a turn number, and a
request whose turn is not the call's current turn is answered by repeating the current question
(:class:`~ivr.engine.Replay`) without stepping.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from ivr.callers import caller_key, normalise_caller
from ivr.engine import (CallStarted, Command, Digits, Event, Flow, HungUp, NoInput, Replay, Resume,
                        SaveProgress, State, spoken_prompts, step)
from ivr.models import Call, CallEvent, TutorialProgress, db, utcnow


@dataclass(frozen=True)
class Turn:
    """What to send back: the commands, the turn number to put in the next action URL, the node."""

    commands: list[Command]
    turn: int
    node: str


def answer_call(flow: Flow, call_sid: str, raw_caller: str | None, secret: str,
                resume_within_days: int = 60) -> Turn:
    """Start a call (the incoming-call webhook). A repeated delivery repeats the current question.

    ``raw_caller`` is Twilio's ``From``; withheld numbers get no resume offer and no progress.
    ``secret`` keys the caller hash under which progress is stored.
    """
    call = _load(call_sid)
    if call is not None:
        return _apply(flow, call, Replay())
    number = normalise_caller(raw_caller)
    key = caller_key(number, secret) if number else None
    call = Call(call_sid=call_sid, caller=number, caller_key=key, turn=0, state={})
    db.session.add(call)
    resume = _resume_for(flow, key, resume_within_days) if key else None
    return _apply(flow, call, CallStarted(resume=resume))


def continue_call(flow: Flow, call_sid: str, turn: int | None, event: Event,
                  raw_caller: str | None, secret: str) -> Turn:
    """Feed one caller event (keys, no input) into an existing call.

    ``turn`` is the number from the action URL; a stale one makes this a replay. A call the database
    does not know (e.g. lost in a restore) is started afresh rather than failing the caller.
    """
    call = _load(call_sid)
    if call is None:
        return answer_call(flow, call_sid, raw_caller, secret)
    if turn != call.turn and not isinstance(event, HungUp):
        event = Replay()
    return _apply(flow, call, event)


def recover_call(flow: Flow, call_sid: str, raw_caller: str | None, secret: str) -> Turn:
    """Take a caller back to the main menu after an error apology (any key pressed)."""
    call = _load(call_sid)
    if call is None:
        return answer_call(flow, call_sid, raw_caller, secret)
    return _apply(flow, call, Digits(flow.keys.main_menu))


def end_call(call_sid: str, status: str, duration_seconds: int | None) -> bool:
    """Record the final status of a call (status callback). Idempotent; returns False if unknown."""
    call = _load(call_sid)
    if call is None:
        return False
    call.status = status[:20]
    call.duration_seconds = duration_seconds
    call.ended_at = call.ended_at or utcnow()
    state = State.from_dict(call.state)
    if not state.ended:
        call.state = replace(state, ended=True).to_dict()
    db.session.commit()
    return True


def _load(call_sid: str) -> Call | None:
    query = sa.select(Call).where(Call.call_sid == call_sid).with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def _apply(flow: Flow, call: Call, event: Event) -> Turn:
    before = State.from_dict(call.state)
    commands, after = step(flow, before, event)
    if not isinstance(event, Replay):
        call.turn += 1
        call.state = after.to_dict()
        heard = " ".join(p.id for p in spoken_prompts(commands))
        db.session.add(CallEvent(call=call, turn=call.turn, node=before.node, input=_label(event),
                                 next_node=after.node, prompts=heard[:4000]))
        _save_progress(call.caller_key, commands)
    db.session.commit()
    return Turn(commands, call.turn, after.node)


def _label(event: Event) -> str:
    if isinstance(event, Digits):
        return event.keys[:32]
    return {CallStarted: "start", NoInput: "no-input", HungUp: "hangup"}[type(event)]


def _save_progress(key: str | None, commands: list[Command]) -> None:
    if key is None:
        return
    for command in commands:
        if not isinstance(command, SaveProgress):
            continue
        query = sa.select(TutorialProgress).where(TutorialProgress.caller_key == key,
                                                  TutorialProgress.tutorial == command.tutorial)
        row = db.session.execute(query).scalar_one_or_none()
        if row is None:
            row = TutorialProgress(caller_key=key, tutorial=command.tutorial)
            db.session.add(row)
        row.step, row.completed, row.updated_at = command.step, command.completed, utcnow()


def _resume_for(flow: Flow, key: str, within_days: int) -> Resume | None:
    since = datetime.now(timezone.utc) - timedelta(days=within_days)
    query = (sa.select(TutorialProgress)
             .where(TutorialProgress.caller_key == key)
             .where(TutorialProgress.completed.is_(False))
             .where(TutorialProgress.step > 0)
             .where(TutorialProgress.updated_at >= since)
             .order_by(TutorialProgress.updated_at.desc()).limit(1))
    row = db.session.execute(query).scalar_one_or_none()
    if row is None or row.tutorial not in flow.nodes:
        return None
    return Resume(row.tutorial, row.step)
