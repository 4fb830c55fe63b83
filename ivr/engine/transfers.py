"""A person behind the line (issue 12): the ``transfer`` node and the stuck key's gentle offer.

Entering a transfer node emits one :class:`~ivr.engine.commands.Transfer` (the hold sentence, the
volunteer's whisper, the context) and waits at phase ``dialing`` for
:class:`~ivr.engine.events.TransferEnded`. The engine never knows who is rung or how: the call
service and the adapter do.

The stuck key in a tutorial step never dials at once (a key pressed by mistake must not ring a
volunteer): it says ``tutorial_stuck``, then asks ``stuck_offer`` — ``1`` a volunteer, ``2`` the
step again. A transfer from there comes back to that step after the conversation.

Handlers return ``(commands, state)`` or a :class:`~ivr.engine.collect.Goto`, which the
interpreter turns into entering a node (no import of the interpreter here).
"""
from __future__ import annotations

from dataclasses import replace

from .collect import Goto, Outcome
from .commands import Ask, Command, Prompt, SaveProgress, Transfer
from .events import Resume, TransferEnded
from .flow import Flow, TransferNode, TutorialNode
from .speaking import question
from .state import DIALING, STUCK, State
from .tutorials import ask_tutorial

ACCEPT_KEY, STEP_KEY = "1", "2"  # at the stuck offer: a volunteer, or the step again


def transfer_command(flow: Flow, state: State, node: TransferNode,
                     lead: tuple[Prompt, ...] = ()) -> Transfer:
    """The :class:`Transfer` for ``state`` at ``node``: ``lead`` then the hold sentence; the
    whisper names the tutorial and step (1-based) when the caller came from a stuck step."""
    back = state.return_to
    if back is None:
        return Transfer((*lead, node.hold), node.whisper)
    tutorial = flow.nodes.get(back.tutorial)
    title = tutorial.title if isinstance(tutorial, TutorialNode) else back.tutorial
    text = node.whisper_stuck.text.format(title=title, step=back.step + 1)
    return Transfer((*lead, node.hold), replace(node.whisper_stuck, text=text), "stuck",
                    back.tutorial, back.step + 1)


def enter_transfer(flow: Flow, before: State, entered: State, node: TransferNode,
                   lead: tuple[Prompt, ...] = ()) -> Outcome:
    """Start ``node``: ``before`` is the state being left (a tutorial at the stuck offer makes
    this a ``stuck`` transfer that comes back there), ``entered`` the state at the node."""
    left = flow.nodes.get(before.node)
    back = None
    if isinstance(left, TutorialNode) and before.phase == STUCK:
        back = Resume(left.id, before.step)
    moved = replace(entered, phase=DIALING, return_to=back)
    # Why the caller wants a person, set afresh on every transfer (the callback offer after an
    # unanswered one reads it): stuck at this step, or asked.
    moved = moved.answer("callback_reason", "stuck" if back else "asked")
    if back:
        moved = moved.answer("tutorial", back.tutorial).answer("tutorial_step", str(back.step + 1))
    return [transfer_command(flow, moved, node, lead)], moved


def transfer_ended(flow: Flow, state: State, node: TransferNode, event: TransferEnded) -> Outcome:
    """The dial is over: thanks and back (to the step, or ``goto``) after a conversation; the
    ``unavailable`` node when nobody took the call; the call ends if the caller hung up."""
    if event.outcome == "caller_hung_up":
        return [], replace(state, ended=True, phase="")
    if event.outcome == "unavailable":  # the answers set on entering go to the callback offer
        return Goto(node.unavailable, replace(state, phase=""))
    back = state.return_to
    tutorial = flow.nodes.get(back.tutorial) if back else None
    if not isinstance(tutorial, TutorialNode):
        return Goto(node.goto, replace(state, phase="", return_to=None), lead=(node.thanks,))
    history = state.history[:-1] if state.history[-1:] == (tutorial.id,) else state.history
    places = {name: at for name, at in state.places.items() if name != tutorial.id}
    moved = replace(state, node=tutorial.id, step=back.step, phase="", history=history,
                    places=places, return_to=None, no_input=0)
    return [SaveProgress(tutorial.id, back.step),
            *ask_tutorial(flow, moved, tutorial, lead=(node.thanks,))], moved


def stuck_offer(flow: Flow, state: State, lead: tuple[Prompt, ...] = ()) -> list[Command]:
    """The question after the stuck key: ``lead``, then ``stuck_offer`` (1 a volunteer, 2 the
    step again); keys only, so a spoken "xong" can never ring a volunteer."""
    asked: Ask = question(flow, (*lead, flow.message("stuck_offer")), ACCEPT_KEY + STEP_KEY)
    return [asked]


def offer_help(flow: Flow, state: State) -> Outcome:
    """The stuck key on a step: ``tutorial_stuck`` then, with a transfer configured
    (``flow.stuck``), the offer; without one, the step again."""
    kind = flow.message("tutorial_stuck")
    node = flow.nodes[state.node]
    if not flow.stuck:
        return ask_tutorial(flow, state, node, lead=(kind,)), state
    moved = replace(state, phase=STUCK)
    return stuck_offer(flow, moved, lead=(kind,)), moved


def stuck_key(flow: Flow, state: State, node: TutorialNode, key: str) -> Outcome | None:
    """A key at the stuck offer: ``1`` the transfer, ``2`` the step again (full hint);
    ``None``: not a key here."""
    if key == ACCEPT_KEY:
        return Goto(flow.stuck, state)
    if key == STEP_KEY:
        moved = replace(state, phase="")
        return ask_tutorial(flow, moved, node), moved
    return None


__all__ = ["ACCEPT_KEY", "STEP_KEY", "enter_transfer", "offer_help", "stuck_key", "stuck_offer",
           "transfer_command", "transfer_ended"]
