"""Speech as another way to press a key: what each question listens for, and which key a spoken
intent stands for. Keys always work; speech is only ever mapped onto them.

Not understood twice at one question → that question takes keys only (``State.keys_only``), with a
message saying so; the next node listens again.
"""
from __future__ import annotations

from dataclasses import replace

from .commands import Ask, Command, Listen
from .events import Spoken
from .flow import Flow, MenuNode, NumberInputNode, RecordNode, TutorialNode
from .state import RESUME_NODE, STUCK, State

CONTROLS = ("repeat", "back", "main_menu")


def listening(flow: Flow, state: State) -> Listen | None:
    """Return what the current question accepts as speech, or ``None`` (keys only)."""
    if state.keys_only or state.ended or not state.node:
        return None
    if state.pending_spoken:  # "Đúng thì bấm phím 1, hoặc nói có": a second yes confirms
        return Listen("yes_no", yes="1", no="2")
    keys = flow.keys
    if state.node == RESUME_NODE:
        return Listen("yes_no", yes=keys.resume_yes, no=keys.resume_no)
    node = flow.nodes.get(state.node)
    if isinstance(node, MenuNode):
        yes, no = node.yes_no or ("", "")
        return Listen("menu", tuple((o.key, o.words) for o in node.options), yes=yes, no=no)
    if isinstance(node, TutorialNode):
        return _tutorial(flow, state, node)
    if isinstance(node, NumberInputNode):
        return Listen("yes_no", yes="1", no="2") if state.phase == "confirm" else Listen("digits")
    if isinstance(node, RecordNode) and state.phase == "review":
        return _choices(flow, (("1", "keep"), ("2", "listen"), ("3", "again")))
    return None


def _tutorial(flow: Flow, state: State, node: TutorialNode) -> Listen | None:
    keys = flow.keys
    if state.phase == STUCK:  # keys only: a spoken "xong" (key 1) must never ring a volunteer
        return None
    if state.phase == "quiz":
        return Listen("yes_no", yes="1", no="2")
    if state.step >= len(node.steps):
        return _choices(flow, ((keys.restart, "restart"),))
    pairs = ((keys.next, "next"), (keys.slower, "slower"), (keys.stuck, "stuck"))
    if state.slow:
        pairs = (*pairs, (keys.normal_speed, "normal_speed"))
    return _choices(flow, pairs)


def _choices(flow: Flow, pairs: tuple[tuple[str, str], ...]) -> Listen:
    return Listen("menu", tuple((key, flow.speech.get(name, ())) for key, name in pairs))


def key_for(flow: Flow, listen: Listen | None, spoken: Spoken) -> str | None:
    """Return the keys that ``spoken`` stands for at a question listening with ``listen``, or
    ``None`` when it stands for nothing here.

    An ``unknown`` answer stands for nothing, whatever it carries: a negated option ("không
    gửi": ``Spoken.negated``) is never that option, and a ``guess`` is only looked at by the
    interpreter, which confirms it first. A yes or a no stands for ``listen.yes`` / ``listen.no``
    (a yes/no question, or a menu with ``yes_no`` keys)."""
    if listen is None:
        return None
    if spoken.intent in CONTROLS:
        return getattr(flow.keys, spoken.intent)
    if spoken.intent == "option" and listen.mode == "menu":
        return spoken.value if spoken.value in dict(listen.choices) else None
    if spoken.intent in ("yes", "no") and listen.yes and listen.no:  # yes_no, or a menu's yes_no
        return listen.yes if spoken.intent == "yes" else listen.no
    if spoken.intent == "digits" and listen.mode == "digits" and spoken.value:
        return spoken.value + "#"
    return None


def attach(flow: Flow, commands: list[Command], state: State) -> list[Command]:
    """Give the final question of ``commands`` what it listens for in ``state``."""
    if not commands or not isinstance(commands[-1], Ask):
        return commands
    return [*commands[:-1], replace(commands[-1], listen=listening(flow, state))]
