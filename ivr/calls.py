"""The call session service: one engine step per webhook, with the call's state in the database.

Adapter-neutral (used by the Twilio webhooks and the simulator). Each function is one transaction:
load the call by CallSid, step the engine, save state, the path event and tutorial progress, commit.
The web tier stays stateless, so any web process can serve a call's next webhook.

Duplicate and late webhook deliveries change nothing: every answer carries a turn number, and a
request whose turn is not the call's current turn is answered by repeating the current question
(:class:`~ivr.engine.Replay`) without stepping.

What is remembered of a caller across calls is stored under the caller's keyed hash, never for a
withheld number: tutorial progress (``SaveProgress``), the tutorial pace (``SavePace``) and when
the safety notice was last heard (``SafetyNoticeHeard``). Times come from ``utcnow()``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ivr import effects
from ivr.hearing import Utterance, understand
from ivr.callers import caller_key, normalise_caller
from ivr.engine import (CallStarted, Command, Digits, Effect, Event, Flow, HungUp, NoInput,
                        NoRecording, RecordingDone, Replay, Result, Resume, SafetyNoticeHeard,
                        SavePace, SaveProgress, Spoken, State, Transfer, TransferEnded,
                        spoken_prompts, step)
from ivr.engine.listening import listening
from ivr.models import Call, CallEvent, CallerPreference, TutorialProgress, db, utcnow
from ivr.people import transfers, visits
from ivr.people.outbound_rules import CallingHours, parse_calling_hours
from ivr.reports import intake
from ivr.work import work_queue


@dataclass(frozen=True)
class Turn:
    """What to send back: the commands, the turn number to put in the next action URL, the node."""

    commands: list[Command]
    turn: int
    node: str


def answer_call(flow: Flow, call_sid: str, raw_caller: str | None, secret: str,
                resume_within_days: int = 60, speech: bool = False) -> Turn:
    """Start a call (the incoming-call webhook). A repeated delivery repeats the current question.

    ``raw_caller`` is Twilio's ``From``; withheld numbers get no resume offer, no stored pace and
    the safety notice on every call, and nothing is stored for them.
    ``secret`` keys the caller hash under which progress and preferences are stored;
    ``resume_within_days``: older unfinished progress is not offered.

    Two deliveries at once (Twilio retried, or a proxy repeated the request) both find no call; on
    PostgreSQL the second insert waits for the first transaction and then violates the unique
    CallSid (``uq_calls_call_sid``). That one is rolled back and answered like any duplicate: the
    current question, replayed (:func:`_start_once`).
    """
    call = _load(call_sid)
    if call is not None:
        return _apply(flow, call, Replay())
    number = normalise_caller(raw_caller)
    key = caller_key(number, secret) if number else None
    # Look for progress before adding the call, so the call and its first event are written in one
    # flush at commit rather than the call alone by an autoflush before this query.
    started = CallStarted(speech=speech)
    if key:
        started = replace(_caller_start(flow, key, _resume_for(flow, key, resume_within_days)),
                          speech=speech)
    call = Call(call_sid=call_sid, caller=number, caller_key=key, turn=0, state={})
    db.session.add(call)
    return _start_once(flow, call, started)


def _start_once(flow: Flow, call: Call, started: CallStarted) -> Turn:
    """Apply ``started`` to the new ``call``; if another request inserted the same CallSid first,
    replay that call's question instead (the same answer as a sequential duplicate)."""
    call_sid = call.call_sid
    try:
        return _apply(flow, call, started)
    except IntegrityError:
        db.session.rollback()
        existing = _load(call_sid)
        if existing is None:  # another unique key failed: not a duplicate delivery
            raise
        return _apply(flow, existing, Replay())


def continue_call(flow: Flow, call_sid: str, turn: int | None, event: Event | Utterance,
                  raw_caller: str | None, secret: str, speech: bool = False,
                  min_confidence: float = 0.0) -> Turn:
    """Feed one caller event (keys, speech, no input, a recording) into an existing call.

    ``turn`` is the number from the action URL; a stale one makes this a replay. A call the database
    does not know (e.g. lost in a restore) is started afresh (with ``speech`` as in
    :func:`answer_call`) rather than failing the caller. A spoken answer whose recogniser
    confidence is below ``min_confidence`` (0–1) is confirmed before it acts
    (:func:`ivr.hearing.understand`).
    """
    if isinstance(event, Utterance):
        event = _hear(flow, call_sid, event, min_confidence)
    call = _load(call_sid)
    if call is None:
        return answer_call(flow, call_sid, raw_caller, secret, speech=speech)
    if turn != call.turn and not isinstance(event, HungUp):
        event = Replay()
    return _apply(flow, call, event)


def _hear(flow: Flow, call_sid: str, utterance: Utterance, min_confidence: float) -> Spoken:
    """Understand speech before taking the call's row lock: recognition takes tens of ms and must
    not hold up other calls' webhooks (on SQLite every transaction holds the write lock)."""
    state = db.session.execute(sa.select(Call.state).where(Call.call_sid == call_sid)).scalar_one_or_none()
    db.session.rollback()
    return understand(listening(flow, State.from_dict(state)), utterance, min_confidence)


def resume_call(flow: Flow, call_sid: str, raw_caller: str | None, secret: str) -> Turn:
    """The question a call is at, said again without stepping (``Replay``): a Media Stream
    connected after a webhook asked it (issue 13, :mod:`ivr.voice.stream_call`). A call the
    database does not know is started afresh, as in :func:`continue_call`."""
    call = _load(call_sid)
    if call is None:
        return answer_call(flow, call_sid, raw_caller, secret, speech=True)
    return _apply(flow, call, Replay())


def recover_call(flow: Flow, call_sid: str, raw_caller: str | None, secret: str,
                 speech: bool = False, resume: bool = False) -> Turn:
    """Take a caller back to the main menu after an error apology (any key pressed), or, with
    ``resume`` (the database is back after an outage), say again the question the call was at;
    ``speech`` as in :func:`answer_call` for a call the database does not know."""
    call = _load(call_sid)
    if call is None:
        return answer_call(flow, call_sid, raw_caller, secret, speech=speech)
    return _apply(flow, call, Replay() if resume else Digits(flow.keys.main_menu))


def end_call(call_sid: str, status: str, duration_seconds: int | None) -> bool:
    """Record the final status of a call (status callback), and give the call's report (if any)
    the answers keyed since it was last saved. Idempotent; returns False if unknown."""
    call = _load(call_sid)
    if call is None:
        return False
    call.status = status[:20]
    call.duration_seconds = duration_seconds
    call.ended_at = call.ended_at or utcnow()
    state = State.from_dict(call.state)
    if not state.ended:
        call.state = replace(state, ended=True).to_dict()
    intake.keep_late_answers(call)  # keyed after the recording, before a hang-up
    visits.keep_late_number(call)  # a visit request's number keyed after its recording (issue 12)
    transfers.caller_gone(call_sid)  # hung up while the volunteers were rung (issue 12)
    db.session.commit()
    return True


# The hot-path queries are built once; each request only binds its values.
_CALL_BY_SID = sa.select(Call).where(Call.call_sid == sa.bindparam("call_sid")).with_for_update()
_PROGRESS = sa.select(TutorialProgress).where(TutorialProgress.caller_key == sa.bindparam("key"),
                                              TutorialProgress.tutorial == sa.bindparam("tutorial"))
_LATEST_UNFINISHED = (sa.select(TutorialProgress)
                      .where(TutorialProgress.caller_key == sa.bindparam("key"))
                      .where(TutorialProgress.completed.is_(False))
                      .where(TutorialProgress.step > 0)
                      .where(TutorialProgress.updated_at >= sa.bindparam("since"))
                      .order_by(TutorialProgress.updated_at.desc()).limit(1))
_PREFERENCE = sa.select(CallerPreference).where(CallerPreference.caller_key == sa.bindparam("key"))
# The comparison runs in SQL, like the progress query: SQLite returns naive datetimes.
_KNOWN = sa.select(CallerPreference.slow,
                   CallerPreference.safety_notice_at >= sa.bindparam("since")).where(
    CallerPreference.caller_key == sa.bindparam("key"))
_INSERT_EVENT = sa.insert(CallEvent.__table__)


def _load(call_sid: str) -> Call | None:
    return db.session.execute(_CALL_BY_SID, {"call_sid": call_sid}).scalar_one_or_none()


def recording_status(call_sid: str, recording_sid: str, url: str, seconds: int | None,
                     status: str, keeps: str = "report") -> None:
    """Twilio's recording status callback: keep the recording on the call's report (or, with
    ``keeps="visit"``, its home visit request), then queue the fetch. Idempotent (RecordingSid
    and CallSid are unique keys)."""
    row_id = attach(call_sid, recording_sid, url, seconds, status, keeps, from_action=False)
    db.session.commit()
    _queue_fetch(row_id, keeps)


def attach(call_sid: str, recording_sid: str, url: str, seconds: int | None, status: str,
           keeps: str, *, from_action: bool, call: Call | None = None) -> int | None:
    """Attach a recording to what it belongs to (``keeps``: ``report`` or ``visit``, as the
    ``<Record>`` said); return the row id whose audio should now be fetched, else ``None``."""
    attach_to = visits.attach_recording if keeps == "visit" else intake.attach_recording
    row = attach_to(call_sid, recording_sid, url, seconds, status, from_action=from_action,
                    call=call)
    return row.id if row is not None else None


def _queue_fetch(row_id: int | None, keeps: str = "report") -> None:
    """After the commit: the row is the source of truth, so a queue outage loses nothing (the
    sweeper finds ``pending`` rows again)."""
    if row_id is None:
        return
    if keeps == "report":
        work_queue().fetch_recording(row_id)
    else:
        work_queue().fetch_recording(row_id, kind=keeps)


def _apply(flow: Flow, call: Call, event: Event) -> Turn:
    before = State.from_dict(call.state)
    fetch, keeps = None, "report"
    if isinstance(event, RecordingDone) and call.turn > 0:
        keeps = event.keeps
        fetch = attach(call.call_sid, event.sid, event.url, event.seconds, "completed", keeps,
                       from_action=True, call=call)
    commands, after = _resolve(flow, call, *step(flow, before, event))
    if not isinstance(event, Replay):
        call.turn += 1
        call.state = after.to_dict()
        _log_turn(call, event, before.node, after.node, commands)
        _save_progress(call.caller_key, commands)
        _save_preferences(call.caller_key, commands)
    # Read before commit: commit expires the call, and reading it afterwards would reload it in a
    # new transaction (on SQLite, one that holds the write lock until the request ends).
    turn = call.turn
    db.session.commit()
    _queue_fetch(fetch, keeps)
    return Turn(commands, turn, after.node)


def _resolve(flow: Flow, call: Call, commands: list[Command], state: State):
    """Perform the effects the engine asks for, feeding each result back, until none is left; a
    transfer becomes a :class:`~ivr.people.transfers.Dial`, or, with nobody to ring, the engine
    hears ``TransferEnded("unavailable")`` at once."""
    while commands and isinstance(commands[-1], (Effect, Transfer)):
        if isinstance(commands[-1], Transfer):
            dial = transfers.place(call.call_sid, commands[-1], *_dial_settings())
            if dial is not None:
                return [*commands[:-1], dial], state
            result = TransferEnded("unavailable")
        else:
            call.state = state.to_dict()  # effects read the answers given so far
            result = effects.perform(commands[-1], call)
        more, state = step(flow, state, result)
        commands = commands[:-1] + more
    return commands, state


def _dial_settings() -> tuple[str, int, int, CallingHours]:
    """``HOTLINE_NUMBER`` (the caller ID of a transfer; empty: no transfer), ``DIAL_TIMEOUT``,
    ``SHIFT_MAX_HOURS`` and ``CALLING_HOURS`` (the on-shift switch counts only inside them)."""
    config = current_app.config
    return (config.get("HOTLINE_NUMBER") or "", int(config.get("DIAL_TIMEOUT") or 22),
            int(config.get("SHIFT_MAX_HOURS") or 8),
            parse_calling_hours(config.get("CALLING_HOURS") or "07:00-21:00"))


def _log_turn(call: Call, event: Event, node: str, next_node: str, commands: list[Command]) -> None:
    """Append the call's current turn to its path (``call_events``)."""
    heard = " ".join(p.id for p in spoken_prompts(commands))
    # The path is append-only: one INSERT on the session's connection costs a fraction of the
    # unit of work's (see benchmarks/README.md). The flush writes the call first, giving a new
    # call its id.
    db.session.flush()
    db.session.connection().execute(_INSERT_EVENT, {
        "call_id": call.id, "turn": call.turn, "node": node, "input": _label(event),
        "next_node": next_node, "prompts": heard[:4000]})


def _label(event: Event) -> str:
    if isinstance(event, Digits):
        return event.keys[:32]
    if isinstance(event, RecordingDone):
        return "recording-hangup" if event.hung_up else "recording"
    if isinstance(event, Spoken):
        return f"speech:{event.intent}"[:32]
    return {CallStarted: "start", NoInput: "no-input", HungUp: "hangup",
            NoRecording: "no-recording", Result: "result", TransferEnded: "transfer"}[type(event)]


def _save_progress(key: str | None, commands: list[Command]) -> None:
    if key is None:
        return
    for command in commands:
        if not isinstance(command, SaveProgress):
            continue
        params = {"key": key, "tutorial": command.tutorial}
        row = db.session.execute(_PROGRESS, params).scalar_one_or_none()
        if row is None:
            row = TutorialProgress(caller_key=key, tutorial=command.tutorial)
            db.session.add(row)
        row.step, row.completed, row.updated_at = command.step, command.completed, utcnow()


def _caller_start(flow: Flow, key: str, resume: Resume | None) -> CallStarted:
    """What the engine needs to know of a caller with a number: progress, pace, notice due."""
    since = utcnow() - timedelta(days=flow.settings.safety_notice_days)
    known = db.session.execute(_KNOWN, {"key": key, "since": since}).one_or_none()
    if known is None:
        return CallStarted(resume=resume)
    slow, heard_recently = known
    return CallStarted(resume=resume, safety_notice_due=not heard_recently, slow=bool(slow))


def _save_preferences(key: str | None, commands: list[Command]) -> None:
    """Store the pace chosen and when the safety notice was heard (one row per caller)."""
    changes = [c for c in commands if isinstance(c, (SavePace, SafetyNoticeHeard))]
    if key is None or not changes:
        return
    row = db.session.execute(_PREFERENCE, {"key": key}).scalar_one_or_none()
    if row is None:
        row = CallerPreference(caller_key=key, slow=False)
        db.session.add(row)
    now = utcnow()
    for change in changes:
        if isinstance(change, SavePace):
            row.slow = change.slow
        else:
            row.safety_notice_at = now
    row.updated_at = now


def _resume_for(flow: Flow, key: str, within_days: int) -> Resume | None:
    since = utcnow() - timedelta(days=within_days)
    row = db.session.execute(_LATEST_UNFINISHED, {"key": key, "since": since}).scalar_one_or_none()
    if row is None or row.tutorial not in flow.nodes:
        return None
    return Resume(row.tutorial, row.step)
