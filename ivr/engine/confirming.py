"""Spoken choices that are confirmed before they act (issue 9, item 5).

A key is certain; a spoken answer may be misheard. So when a consequential choice came from
speech — the read-back number is right (a number input's ``1``, which for the withdrawal's
reference also withdraws the report), keep the recording (the review's ``1``) — and whenever a
spoken answer was unsure (below the recogniser's confidence threshold: ``Spoken.unsure``) or only a
guess around a not-understood word (``Spoken.guess``), the engine does not act yet. It keeps the
keys in ``State.pending_spoken``, says what it understood and asks for a key or a second "có":
"Bác chọn: giữ lời kể. Đúng thì bấm phím 1, hoặc nói có."

At that question: key ``1`` (or the pending key itself) or a sure spoken yes does the choice;
key ``2`` or a spoken no asks the original question again; ``*`` says the confirmation again,
``0`` goes back to the original question, ``9`` to the main menu; any other key is a key at the
original question. Choices that only say something again (repeat, listen back, key the number
again, a slower step) are never confirmed: a mistake there costs one sentence.

Everything said here is a ``*_speech`` message: it is only ever heard on a call that listens.
"""
from __future__ import annotations

from dataclasses import replace

from .commands import Command, Prompt
from .flow import Flow, MenuNode, NumberInputNode, RecordNode, TutorialNode
from .listening import listening
from .speaking import question
from .state import State

CONFIRM_KEY = "1"  # "Đúng thì bấm phím 1"
DENY_KEY = "2"


def consequential(flow: Flow, state: State, keys: str) -> bool:
    """True when ``keys`` at the current question commit something the caller cannot take back
    by pressing a key: a read-back number confirmed (and, at the withdrawal, the report
    withdrawn), a recording kept."""
    node = flow.nodes.get(state.node)
    if isinstance(node, NumberInputNode):
        return state.phase == "confirm" and keys[:1] == "1"
    if isinstance(node, RecordNode):
        return state.phase == "review" and keys[:1] == "1"
    return False


def harmless(flow: Flow, state: State, keys: str) -> bool:
    """True when ``keys`` only say something again: the repeat key, listening back to a
    recording, keying a number again, a number being keyed (it is read back anyway), a slower
    step, normal speed or the stuck help."""
    node, key, fixed = flow.nodes.get(state.node), keys[:1], flow.keys
    if key == fixed.repeat:
        return True
    if isinstance(node, RecordNode):
        return key == "2"
    if isinstance(node, NumberInputNode):
        return state.phase != "confirm" or key == "2"
    if isinstance(node, TutorialNode) and state.phase != "quiz" and state.step < len(node.steps):
        return key in (fixed.slower, fixed.stuck, fixed.normal_speed)
    return False


def needs_confirming(flow: Flow, state: State, keys: str, unsure: bool) -> bool:
    """Whether spoken ``keys`` wait for a confirmation instead of acting: always for a
    :func:`consequential` choice, and for an ``unsure`` answer (low confidence, or a guess) unless
    the choice is :func:`harmless`."""
    if harmless(flow, state, keys):
        return False
    return unsure or consequential(flow, state, keys)


def heard(flow: Flow, state: State) -> tuple[Prompt, ...]:
    """What the caller is told was understood for ``state.pending_spoken``: "Bác chọn: giữ lời
    kể.", "Bác chọn: số này đúng.", "Bác chọn:" and the option's own sentence, "Bác nói: có.",
    or "Bác chọn phím" and the key."""
    node, keys = flow.nodes.get(state.node), state.pending_spoken
    key = keys[:1]
    if isinstance(node, NumberInputNode) and state.phase == "confirm" and key == "1":
        return (flow.message("heard_number_speech"),)
    if isinstance(node, RecordNode) and key == "1":
        return (flow.message("heard_keep_speech"),)
    if isinstance(node, RecordNode) and key == "3":
        return (flow.message("heard_again_speech"),)
    if isinstance(node, MenuNode) and node.option_for(key) is not None:
        return (flow.message("heard_option_speech"), node.option_for(key).say)
    asked = listening(flow, replace(state, pending_spoken=""))
    if asked is not None and asked.mode == "yes_no" and key in (asked.yes, asked.no):
        return (flow.message("heard_yes_speech" if key == asked.yes else "heard_no_speech"),)
    named = (flow.message(f"digit_{key}"),) if key.isdigit() else ()
    return (flow.message("heard_key_speech"), *named)


def ask_confirming(flow: Flow, state: State, lead: tuple[Prompt, ...] = ()) -> list[Command]:
    """The confirmation question for ``state.pending_spoken``: ``lead``, what was understood,
    then "Đúng thì bấm phím 1, hoặc nói có." (and the repeat key's name)."""
    said = (*lead, *heard(flow, state), flow.message("confirm_spoken_speech"))
    accepted = "".join(dict.fromkeys(CONFIRM_KEY + DENY_KEY + state.pending_spoken[:1]))
    return [question(flow, said, accepted)]


def confirmed_by(state: State, key: str) -> bool:
    """True when ``key``, pressed at the confirmation, does the pending choice: ``1``, or the
    pending key itself (a key is certain)."""
    return key == CONFIRM_KEY or key == state.pending_spoken[:1]


__all__ = ["ask_confirming", "confirmed_by", "consequential", "harmless", "heard",
           "needs_confirming", "CONFIRM_KEY", "DENY_KEY"]
