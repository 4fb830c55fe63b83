"""Nodes that collect something from the caller or the service: numbers, recordings, lookups.

Handlers return either ``(commands, state)`` or a :class:`Goto`, which the interpreter turns into
entering the next node (so this module needs no import of the interpreter).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .commands import Ask, Command, Effect, Play, Prompt, Record, Sound
from .events import NoRecording, RecordingDone, Result
from .flow import Flow, HangupNode, LookupNode, NumberInputNode, RecordNode
from .speaking import digit_prompts, fill, question, with_repeat
from .state import State

MAX_PHONE_DIGITS = 15  # E.164 maximum


@dataclass(frozen=True)
class Goto:
    """Continue at ``node`` with ``state``, saying ``lead`` first.

    ``result`` is a lookup's outcome as said (``lead`` itself, ending with how to hear it again):
    the interpreter keeps it so the repeat key at the next question says it again.
    """

    node: str
    state: State
    lead: tuple[Sound, ...] = ()
    result: tuple[Sound, ...] = ()


Outcome = tuple[list[Command], State] | Goto


# -- numbers -----------------------------------------------------------------------------------

def ask_number(flow: Flow, state: State, node: NumberInputNode, lead=()) -> list[Command]:
    """Ask for the number, or read back the pending one and ask to confirm it.

    Returns one :class:`Ask`: for the number, up to 16 keys ending with ``#`` (one more than a
    phone number may have, so an over-long number arrives whole and is refused), waiting
    ``node.timeout_seconds``; at the confirm phase one key, ``1`` or ``2``.
    """
    if state.phase == "confirm":
        # A number of fixed length is a code (grouped in threes), any other a phone number.
        number = digit_prompts(flow, state.pending, phone=not node.digits)
        said = (*lead, node.readback, *number, node.confirm)
        return [question(flow, said, "12")]
    timeout = node.timeout_seconds or flow.settings.timeout_seconds
    # One more than allowed, so an over-long number arrives whole and is refused, not cut.
    most = node.digits or MAX_PHONE_DIGITS + 1
    return [Ask(with_repeat(flow, (*lead, node.prompt)), timeout, "0123456789*#", max_digits=most, finish_on_key="#")]


def number_keys(flow: Flow, state: State, node: NumberInputNode, keys: str) -> Outcome | None:
    """Handle keys at a number input; ``None`` means "not a valid key here".

    A well-formed number is read back for confirmation when the node confirms
    (:attr:`~ivr.engine.flow.NumberInputNode.confirms`), else it is the answer at once and the
    call moves on to ``node.goto``. A malformed one is refused with ``node.invalid``.
    """
    if state.phase == "confirm":
        if keys[:1] == "1":
            done = replace(state.answer(node.answer, state.pending), phase="", pending="")
            return Goto(node.goto, done)
        if keys[:1] == "2":
            moved = replace(state, phase="", pending="")
            return ask_number(flow, moved, node), moved
        return None
    typed = keys.replace("#", "")
    if not typed and node.optional:
        return Goto(node.goto, state.answer(node.answer, ""))
    if _acceptable(node, typed) and not node.confirms:
        return Goto(node.goto, state.answer(node.answer, typed))
    if _acceptable(node, typed):
        moved = replace(state, phase="confirm", pending=typed)
        return ask_number(flow, moved, node), moved
    return ask_number(flow, state, node, lead=(node.invalid,)), state


def _acceptable(node: NumberInputNode, typed: str) -> bool:
    if not typed.isdigit():
        return False
    if node.digits:
        return len(typed) == node.digits
    from ivr.phone import classify_number  # pure (phonenumbers); local to keep engine imports light

    return classify_number(typed).accepted


# -- recordings --------------------------------------------------------------------------------

def enter_record(state: State, node: RecordNode, lead: tuple[Prompt, ...]) -> Outcome:
    """Save what was keyed so far first (a report, or a visit request: ``node.save_effect``):
    nothing is lost if the caller hangs up now."""
    moved = replace(state, node=node.id, phase="saving", no_input=0)
    effect = Effect(node.save_effect, tuple(sorted(state.answers.items())))
    return [*([Play(lead)] if lead else []), effect], moved


def ask_record(flow: Flow, state: State, node: RecordNode, lead=()) -> list[Command]:
    """Start recording, or ask keep / listen / again after one."""
    if state.phase in ("saving", "record"):
        return [Record((*lead, node.prompt), node.max_seconds, node.silence_seconds,
                       reference=state.answers.get("reference"), keeps=node.keeps)]
    has_recording = bool(state.answers.get(node.answer))
    said = (*lead, *(() if has_recording else (node.empty,)), node.review)
    return [question(flow, said, "123")]


def record_event(flow: Flow, state: State, node: RecordNode, event) -> Outcome:
    """Handle the service's save result and the recording's outcome."""
    if isinstance(event, Result):
        reference = dict(event.slots).get("reference")
        moved = replace(state.answer("reference", str(reference)) if reference else state,
                        phase="record")
        return ask_record(flow, moved, node), moved
    if isinstance(event, RecordingDone):
        moved = replace(state.answer(node.answer, event.url).answer("recording_sid", event.sid),
                        phase="review")
        if event.hung_up:
            return [], replace(moved, ended=True)
        return ask_record(flow, moved, node), moved
    if isinstance(event, NoRecording):
        moved = replace(state, phase="review")
        return ask_record(flow, moved, node), moved
    raise TypeError(f"unexpected event at a recording: {event!r}")


def record_keys(flow: Flow, state: State, node: RecordNode, keys: str) -> Outcome | None:
    """Review keys: ``1`` keep, the repeat key ``*`` listen back (the recording, then the review
    question: "hear it again" means the same everywhere), ``3`` record again. ``2``, the listen key
    before issue 8, still listens back but is no longer named."""
    key = keys[:1]
    if state.phase != "review":
        return None
    if key == "1":
        return Goto(node.goto, replace(state, phase=""))
    if key in (flow.keys.repeat, "2"):
        url = state.answers.get(node.answer)
        if not url:
            return ask_record(flow, state, node), state
        mine = Prompt(f"{node.id}.recording", "(bản ghi của người gọi)", url=url)
        return ask_record(flow, state, node, lead=(node.playback, mine)), state
    if key == "3":
        moved = replace(state, phase="record")
        return ask_record(flow, moved, node), moved
    return None


# -- lookups -----------------------------------------------------------------------------------

def enter_lookup(state: State, node: LookupNode, lead: tuple[Prompt, ...]) -> Outcome:
    """Ask the service; its ``Result`` arrives as the next event within the same webhook."""
    moved = replace(state, node=node.id, phase="waiting", no_input=0)
    effect = Effect(node.effect, tuple(sorted(state.answers.items())))
    return [*([Play(lead)] if lead else []), effect], moved


def lookup_result(flow: Flow, state: State, node: LookupNode, event: Result) -> Goto:
    """Say the sentences of the reported outcome, then continue at the node's ``goto`` (or the
    outcome's branch; the outcome is also the Goto's ``result``, for the repeat key there).

    Raises ``KeyError`` for an outcome the flow does not define (a contract error between the
    flow data and the service, reported as such rather than spoken wrongly).
    """
    if event.outcome not in node.outcomes:
        raise KeyError(f"{node.id}: the service reported outcome {event.outcome!r}, the flow has "
                       f"{sorted(node.outcomes)}")
    slots = dict(event.slots)
    said = fill(flow, node.outcomes[event.outcome], slots)
    moved = replace(state, phase="")
    if isinstance(slots.get("reference"), str):
        moved = moved.answer("reference", slots["reference"])
    onward = node.next_for(event.outcome)
    if isinstance(flow.nodes[onward], HangupNode):  # no next question to repeat it at
        return Goto(onward, moved, said)
    if onward != node.goto:
        # A branch's own question follows at once, without the repeat sentence; `*` there still
        # says the outcome again (a withheld caller's only way to hear the reference again).
        return Goto(onward, moved, said, result=said)
    said = (*said, node.repeat or flow.message("result_repeat"))
    return Goto(onward, moved, said, result=said)
