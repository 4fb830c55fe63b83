"""The pure step function: ``step(flow, state, event) -> (commands, new_state)``.

It knows nothing of Flask, Twilio or the database. Repeat, back and main-menu keys, no-input and
invalid-key handling, "do it with me" tutorials and the resume offer are implemented here once, for
every node.
"""
from __future__ import annotations

from dataclasses import replace

from .commands import Ask, Command, Hangup, Play, Prompt, SaveProgress
from .events import CallStarted, Digits, Event, HungUp, NoInput, Replay
from .flow import Flow, HangupNode, MenuNode, MessageNode, TutorialNode
from .state import RESUME_NODE, State

Result = tuple[list[Command], State]


def step(flow: Flow, state: State, event: Event) -> Result:
    """Advance one call by one event.

    Returns the commands for the adapter (what the caller hears next, progress to save) and the
    new state. Never raises for caller input: unknown keys and silence are part of the flow.
    """
    if isinstance(event, CallStarted):
        return _start(flow, event)
    if isinstance(event, HungUp):
        return [], replace(state, ended=True)
    if state.ended or not state.node:
        return [Hangup()], replace(state, ended=True)
    if isinstance(event, Replay):
        return _ask(flow, state), state
    if isinstance(event, NoInput):
        return _no_input(flow, state)
    if isinstance(event, Digits):
        return _key(flow, replace(state, no_input=0), event.keys[:1])
    raise TypeError(f"unknown event {event!r}")


def _start(flow: Flow, event: CallStarted) -> Result:
    welcome = flow.message("welcome")
    resume = event.resume
    tutorial = flow.nodes.get(resume.tutorial) if resume else None
    if isinstance(tutorial, TutorialNode) and 0 < resume.step < len(tutorial.steps):
        state = State(node=RESUME_NODE, resume=resume)
        return _ask(flow, state, lead=(welcome,)), state
    return _enter(flow, State(), flow.start, lead=(welcome,))


def _enter(flow: Flow, state: State, node_id: str, lead: tuple[Prompt, ...] = (),
           push: bool = True) -> Result:
    """Move to ``node_id`` and ask its question, saying ``lead`` first."""
    node = flow.nodes[node_id]
    history = state.history
    if node_id == flow.start:
        history = ()
    elif push and state.node and state.node != node_id:
        history = (*history, state.node)
    if isinstance(node, MessageNode):
        moved = replace(state, history=history)
        return _enter(flow, moved, node.goto, (*lead, node.text), push=False)
    new = replace(state, node=node_id, step=0, history=history, no_input=0, resume=None)
    if isinstance(node, HangupNode):
        return [Play((*lead, node.text)), Hangup()], replace(new, ended=True)
    if isinstance(node, TutorialNode):
        commands = _ask(flow, new, lead=(*lead, node.intro))
        return [SaveProgress(node.id, 0), *commands], new
    return _ask(flow, new, lead=lead), new


def _ask(flow: Flow, state: State, lead: tuple[Prompt, ...] = (), slow: bool = False,
         full_hint: bool = True) -> list[Command]:
    """Return the question of the current position, with ``lead`` said first."""
    keys = flow.keys
    if state.node == RESUME_NODE:
        tutorial = flow.nodes[state.resume.tutorial]
        return [_question(flow, (*lead, tutorial.resume), keys.resume_yes + keys.resume_no)]
    node = flow.nodes[state.node]
    if isinstance(node, MenuNode):
        controls = "main_menu_controls" if node.id == flow.start else "menu_controls"
        said = (*lead, node.prompt, *(o.say for o in node.options), flow.message(controls))
        return [_question(flow, said, "".join(o.key for o in node.options))]
    if state.step >= len(node.steps):
        ending = (node.outro,) if node.outro else ()
        return [_question(flow, (*lead, *ending, node.done), keys.restart)]
    current = node.steps[state.step]
    if slow:
        current = replace(current, slow=True)
    hint = flow.message("tutorial_hint_full" if full_hint else "tutorial_hint_short")
    return [_question(flow, (*lead, current, hint), keys.next + keys.slower + keys.stuck)]


def _question(flow: Flow, prompts: tuple[Prompt, ...], keys: str) -> Ask:
    return Ask(prompts, flow.settings.timeout_seconds, keys + "".join(flow.keys.global_keys))


def _no_input(flow: Flow, state: State) -> Result:
    tries = state.no_input + 1
    if tries < flow.settings.max_no_input:
        moved = replace(state, no_input=tries)
        return _ask(flow, moved, lead=(flow.message("no_input"),)), moved
    if state.node == flow.start:
        goodbye = flow.message("goodbye_no_input")
        return [Play((goodbye,)), Hangup()], replace(state, ended=True)
    return _enter(flow, state, flow.start, lead=(flow.message("gave_up"),))


def _key(flow: Flow, state: State, key: str) -> Result:
    keys = flow.keys
    if key == keys.repeat:
        return _ask(flow, state), state
    if key == keys.main_menu:
        lead = (flow.message("at_main_menu"),) if state.node == flow.start else ()
        return _enter(flow, state, flow.start, lead=lead)
    if key == keys.back:
        return _back(flow, state)
    if state.node == RESUME_NODE:
        return _resume_key(flow, state, key)
    node = flow.nodes[state.node]
    if isinstance(node, MenuNode):
        option = node.option_for(key)
        if option is not None:
            return _enter(flow, state, option.goto)
    elif isinstance(node, TutorialNode):
        result = _tutorial_key(flow, state, node, key)
        if result is not None:
            return result
    return _ask(flow, state, lead=(flow.message("invalid_key"),)), state


def _back(flow: Flow, state: State) -> Result:
    node = flow.nodes.get(state.node)
    if isinstance(node, TutorialNode) and state.step > 0:
        moved = replace(state, step=min(state.step, len(node.steps)) - 1)
        return [SaveProgress(node.id, moved.step), *_ask(flow, moved)], moved
    if not state.history:
        lead = (flow.message("at_main_menu"),)
        return _enter(flow, state, flow.start, lead=lead)
    previous = state.history[-1]
    return _enter(flow, replace(state, history=state.history[:-1]), previous, push=False)


def _resume_key(flow: Flow, state: State, key: str) -> Result:
    keys = flow.keys
    if key == keys.resume_yes:
        tutorial = state.resume.tutorial
        moved = State(node=tutorial, step=state.resume.step, history=(flow.start,))
        return _ask(flow, moved), moved
    if key == keys.resume_no:
        return _enter(flow, state, flow.start)
    return _ask(flow, state, lead=(flow.message("invalid_key"),)), state


def _tutorial_key(flow: Flow, state: State, node: TutorialNode, key: str) -> Result | None:
    keys = flow.keys
    if state.step >= len(node.steps):
        if key != keys.restart:
            return None
        moved = replace(state, step=0)
        return [SaveProgress(node.id, 0), *_ask(flow, moved, lead=(node.intro,))], moved
    if key == keys.next:
        moved = replace(state, step=state.step + 1)
        done = moved.step >= len(node.steps)
        saved = SaveProgress(node.id, moved.step, completed=done)
        return [saved, *_ask(flow, moved, full_hint=False)], moved
    if key == keys.slower:
        return _ask(flow, state, slow=True, full_hint=False), state
    if key == keys.stuck:
        return _ask(flow, state, lead=(flow.message("tutorial_stuck"),)), state
    return None
