"""The pure step function: ``step(flow, state, event) -> (commands, new_state)``.

It knows nothing of Flask, Twilio or the database. Repeat, back and main-menu keys, no-input and
invalid-key handling, "do it with me" tutorials and the resume offer are implemented here once, for
every node.

A call starts with the short ``welcome`` and the main menu, or, for a returning caller with an
unfinished tutorial, with that tutorial's offer to continue (which greets by itself: no welcome
before it). The ``safety_notice`` is said at the first main menu of a call when the call service
says it is due (``CallStarted.safety_notice_due``), after the options and before the controls;
saying it emits :class:`~ivr.engine.commands.SafetyNoticeHeard` so the service can remember when.
"""
from __future__ import annotations

from dataclasses import replace

from .collect import (Goto, ask_number, ask_record, enter_lookup, enter_record, lookup_result,
                      number_keys, record_event, record_keys)
from .commands import Command, Hangup, Play, Prompt, SafetyNoticeHeard, SaveProgress, spoken_prompts
from .confirming import CONFIRM_KEY, DENY_KEY, ask_confirming, confirmed_by, needs_confirming
from .events import (CallStarted, Digits, Event, HungUp, NoInput, NoRecording, RecordingDone, Replay,
                     Result, Spoken, TransferEnded)
from .flow import (Flow, HangupNode, LookupNode, MenuNode, MessageNode, NumberInputNode, RecordNode,
                   TransferNode, TutorialNode)
from .listening import attach, key_for, listening
from .speaking import question, variant
from .state import DIALING, IN_CALL, RESUME_NODE, STUCK, State
from .transfers import (enter_transfer, offer_help, stuck_key, stuck_offer, transfer_command,
                        transfer_ended)
from .tutorials import (ask_resume, ask_tutorial, continue_offer, continue_tutorial, leave_tutorial,
                        on_step, speakerphone, step_not_yet, step_silence, tutorial_key)

Outcome = tuple[list[Command], State]


def step(flow: Flow, state: State, event: Event) -> Outcome:
    """Advance one call by one event.

    Returns the commands for the adapter (what the caller hears next, progress to save) and the
    new state; the final question says what it also accepts as speech (``Ask.listen``). Never
    raises for caller input: unknown keys, silence and speech not understood are part of the flow.
    """
    commands, new = _step(flow, state, event)
    if new.notice_due and flow.message("safety_notice") in spoken_prompts(commands):
        commands, new = [SafetyNoticeHeard(), *commands], replace(new, notice_due=False)
    return attach(flow, commands, new), new


def _step(flow: Flow, state: State, event: Event) -> Outcome:
    if isinstance(event, CallStarted):
        return _start(flow, event)
    if isinstance(event, HungUp):
        return [], replace(state, ended=True)
    if state.ended or not state.node:
        return [Hangup()], replace(state, ended=True)
    if isinstance(event, Replay):
        return _ask(flow, state, lead=state.last_result), state
    if isinstance(event, NoInput):
        return _no_input(flow, state)
    if isinstance(event, Digits):
        return _key(flow, replace(state, no_input=0), event.keys)
    if isinstance(event, Spoken):
        return _spoken(flow, replace(state, no_input=0), event)
    if isinstance(event, (RecordingDone, NoRecording, Result, TransferEnded)):
        return _service_event(flow, state, event)
    raise TypeError(f"unknown event {event!r}")


def _service_event(flow: Flow, state: State, event: Event) -> Outcome:
    """A recording outcome or an effect's result, for the node that is waiting for it."""
    node = flow.nodes.get(state.node)
    if isinstance(node, RecordNode):
        return _follow(flow, record_event(flow, state, node, event))
    if isinstance(node, LookupNode) and isinstance(event, Result) and state.phase == "waiting":
        return _follow(flow, lookup_result(flow, state, node, event))
    if isinstance(node, TransferNode) and isinstance(event, TransferEnded) and state.phase == DIALING:
        return _follow(flow, transfer_ended(flow, state, node, event))
    # A late or duplicate delivery for a node the caller already left: ask the current question.
    return _ask(flow, state), state


def _spoken(flow: Flow, state: State, event: Spoken) -> Outcome:
    """Speech is a key by other means; not understood → ask again, then keys only here.

    A consequential, unsure or guessed answer is confirmed before it acts (:mod:`.confirming`);
    "chưa xong" on a tutorial step stays on the step; a negated option never acts."""
    if state.pending_spoken:
        return _spoken_confirmation(flow, state, event)
    if event.intent == "volunteer" and flow.volunteer and not state.keys_only:
        return _enter(flow, replace(state, speech_misses=0), flow.volunteer)
    if event.intent == "visit" and flow.visit and not state.keys_only:  # issue 12, item 7
        return _enter(flow, replace(state, speech_misses=0), flow.visit)
    node = flow.nodes.get(state.node)
    if event.not_yet and isinstance(node, TutorialNode) and on_step(state, node) \
            and not state.keys_only:
        return step_not_yet(flow, state, node)
    listen = listening(flow, state)
    keys = key_for(flow, listen, event)
    guessed = keys is None and event.guess is not None
    if guessed:
        keys = key_for(flow, listen, event.guess)
    if keys is not None:
        heard = replace(state, speech_misses=0)
        if needs_confirming(flow, state, keys, unsure=event.unsure or guessed):
            moved = replace(heard, pending_spoken=keys)
            return _ask(flow, moved), moved
        if not guessed:
            return _key(flow, heard, keys)
    return _not_heard(flow, state)


def _spoken_confirmation(flow: Flow, state: State, event: Spoken) -> Outcome:
    """A spoken answer to "Đúng thì bấm phím 1, hoặc nói có": a sure yes does the pending choice,
    a no asks the original question again, a control works as its key; an unsure yes or anything
    else is not heard (a yes must be as sure as a key to commit)."""
    if event.intent == "no":
        cleared = replace(state, pending_spoken="", speech_misses=0)
        return _ask(flow, cleared), cleared
    keys = key_for(flow, listening(flow, state), event)
    if keys is None or (keys == CONFIRM_KEY and event.unsure):
        return _not_heard(flow, state)
    if keys == CONFIRM_KEY:
        return _key(flow, replace(state, pending_spoken="", speech_misses=0), state.pending_spoken)
    return _confirmation_key(flow, replace(state, speech_misses=0), keys)


def _not_heard(flow: Flow, state: State) -> Outcome:
    misses = state.speech_misses + 1
    if misses < 2:
        moved = replace(state, speech_misses=misses)
        return _ask(flow, moved, lead=(flow.message("speech_not_heard"),)), moved
    moved = replace(state, speech_misses=misses, keys_only=True)
    return _ask(flow, moved, lead=(flow.message("speech_keys_only"),)), moved


def _follow(flow: Flow, outcome) -> Outcome:
    if not isinstance(outcome, Goto):
        return outcome
    commands, new = _enter(flow, outcome.state, outcome.node, outcome.lead)
    if outcome.result and not new.ended and not new.phase:
        # The repeat key at the question after a result says the result again (then the question).
        new = replace(new, last_result=outcome.result)
    return commands, new


def _start(flow: Flow, event: CallStarted) -> Outcome:
    fresh = State(slow=event.slow, notice_due=event.safety_notice_due, speech=event.speech)
    resume = event.resume
    tutorial = flow.nodes.get(resume.tutorial) if resume else None
    if isinstance(tutorial, TutorialNode) and 0 < resume.step < len(tutorial.steps):
        # The offer comes first and greets by itself: a returning caller hears it within seconds.
        state = replace(fresh, node=RESUME_NODE, resume=resume)
        return _ask(flow, state), state
    return _enter(flow, fresh, flow.start, lead=(flow.message("welcome"),))


def _enter(flow: Flow, state: State, node_id: str, lead: tuple[Prompt, ...] = (),
           push: bool = True) -> Outcome:
    """Move to ``node_id`` and ask its question, saying ``lead`` first."""
    node = flow.nodes[node_id]
    if node_id != state.node:
        state = leave_tutorial(flow, state)
    history = state.history
    if node_id == flow.start:
        history = ()
    elif push and state.node and state.node != node_id \
            and not isinstance(flow.nodes.get(state.node), (LookupNode, TransferNode)):
        # Back never asks the service again nor rings again: it skips a lookup or a transfer to
        # the question before it (0 at the callback offer: the menu the caller asked from).
        history = (*history, state.node)
    if isinstance(node, MessageNode):
        moved = replace(state, history=history)
        return _enter(flow, moved, node.goto, (*lead, node.text), push=False)
    new = replace(state, node=node_id, step=0, history=history, no_input=0, resume=None, phase="",
                  pending="", question=0, speech_misses=0, keys_only=False, last_result=(),
                  pending_spoken="")
    if isinstance(node, RecordNode):
        return _follow(flow, enter_record(new, node, lead))
    if isinstance(node, LookupNode):
        return _follow(flow, enter_lookup(new, node, lead))
    if isinstance(node, TransferNode):  # ``state`` is still the node being left
        return enter_transfer(flow, state, new, node, lead)
    if isinstance(node, HangupNode):
        return [Play((*lead, node.text)), Hangup()], replace(new, ended=True)
    if isinstance(node, TutorialNode):
        offered = continue_offer(flow, new, node)
        if offered is not None:
            return _ask(flow, offered, lead=lead), offered
        told, new = speakerphone(flow, new, node)
        commands = ask_tutorial(flow, new, node, lead=(*lead, node.intro), told=told)
        return [SaveProgress(node.id, 0), *commands], new
    return _ask(flow, new, lead=lead), new


def _ask(flow: Flow, state: State, lead: tuple[Prompt, ...] = ()) -> list[Command]:
    """Return the question of the current position, with ``lead`` said first (at the main menu,
    the safety notice after the options while ``state.notice_due``; a menu's own prompt is left
    out right after the welcome)."""
    if state.pending_spoken:
        return ask_confirming(flow, state, lead)
    if state.node == RESUME_NODE:
        return ask_resume(flow, state, lead)
    node = flow.nodes[state.node]
    if isinstance(node, NumberInputNode):
        return ask_number(flow, state, node, lead)
    if isinstance(node, RecordNode):
        return ask_record(flow, state, node, lead)
    if isinstance(node, TransferNode):  # a replay while the volunteers are rung: the same dial
        return [transfer_command(flow, state, node, lead)]
    if isinstance(node, TutorialNode) and state.phase == STUCK:
        return stuck_offer(flow, state, lead)
    if isinstance(node, MenuNode):
        main = node.id == flow.start
        controls = flow.message("main_menu_controls" if main else "menu_controls")
        notice = (flow.message("safety_notice"),) if main and state.notice_due else ()
        # Right after the welcome the menu's name ("Mục chính.") tells the caller nothing new.
        named = () if lead[-1:] == (flow.message("welcome"),) else (node.prompt,)
        said = (*lead, *named, *(o.say for o in node.options), *notice, controls)
        return [question(flow, said, "".join(o.key for o in node.options))]
    return ask_tutorial(flow, state, node, lead)


def ask(flow: Flow, state: State) -> list[Command]:
    """Return the question a caller in ``state`` hears (what the repeat key says again), e.g. for
    the lint to check what every question names. Raises ``KeyError`` for a node not in ``flow``."""
    return _ask(flow, state)


def _no_input(flow: Flow, state: State) -> Outcome:
    node = flow.nodes.get(state.node)
    if isinstance(node, TutorialNode) and on_step(state, node):
        # An unconfirmed spoken choice lapses; silence at the stuck offer is back on the step.
        state = replace(state, pending_spoken="", phase="" if state.phase == STUCK else state.phase)
        return step_silence(flow, state, node)  # busy doing the step: wait, never the main menu
    tries = state.no_input + 1
    if tries < flow.settings.max_no_input:
        moved = replace(state, no_input=tries)
        return _ask(flow, moved, lead=(variant(flow, "no_input", moved.speaks),)), moved
    if state.node == flow.start:
        goodbye = flow.message("goodbye_no_input")
        return [Play((goodbye,)), Hangup()], replace(state, ended=True)
    onward = getattr(node, "on_silence", None)
    if onward:  # e.g. a report's optional details: silence moves on to the thanks, never loses it
        return _enter(flow, state, onward)
    return _enter(flow, state, flow.start, lead=(flow.message("gave_up"),))


def _key(flow: Flow, state: State, typed: str) -> Outcome:
    if state.pending_spoken:
        return _confirmation_key(flow, state, typed)
    keys, node = flow.keys, flow.nodes.get(state.node)
    heard, state = state, replace(state, last_result=())  # any key but repeat moves past a result
    if isinstance(node, NumberInputNode) and typed.rstrip("#") == keys.repeat:
        typed = keys.repeat  # "*" then "#" (or the timeout) while keying a number: hear it again
    if isinstance(node, NumberInputNode) and (len(typed) > 1 or state.phase != "confirm") \
            and typed not in keys.global_keys:
        return _keyed_number(flow, state, node, typed)
    key = typed[:1]
    if key == keys.repeat and not (isinstance(node, RecordNode) and state.phase == "review"):
        return _ask(flow, heard, lead=heard.last_result), heard
    if key == keys.main_menu:
        lead = (flow.message("at_main_menu"),) if state.node == flow.start else ()
        return _enter(flow, state, flow.start, lead=lead)
    if key == keys.back:
        return _back(flow, state)
    if state.node == RESUME_NODE:
        return _resume_key(flow, state, key)
    if isinstance(node, MenuNode):
        option = node.option_for(key)
        if option is not None:
            chosen = state
            for name, value in option.set:
                chosen = chosen.answer(name, value)
            return _enter(flow, chosen, option.goto)
    elif isinstance(node, (NumberInputNode, RecordNode)):
        handler = number_keys if isinstance(node, NumberInputNode) else record_keys
        result = handler(flow, state, node, key)
        if result is not None:
            return _follow(flow, result)
    elif isinstance(node, TutorialNode):
        result = _tutorial_key(flow, state, node, key)
        if result is not None:
            return _follow(flow, result)
    return _ask(flow, heard, lead=(flow.message("invalid_key"),)), heard


def _tutorial_key(flow: Flow, state: State, node: TutorialNode, key: str):
    """A key in a tutorial: at the stuck offer, its choice; the stuck key on a step, the offer
    (never a dial at once); anything else, :func:`.tutorials.tutorial_key`."""
    if state.phase == STUCK:
        return stuck_key(flow, state, node, key)
    if key == flow.keys.stuck and on_step(state, node):
        return offer_help(flow, state)
    return tutorial_key(flow, state, node, key)


def _confirmation_key(flow: Flow, state: State, typed: str) -> Outcome:
    """A key at the confirmation of a spoken choice (:mod:`.confirming`): ``1`` or the pending key
    does it; ``2`` and ``0`` ask the original question again; ``*`` says the confirmation again;
    any other key is a key at the original question."""
    key, cleared = typed[:1], replace(state, pending_spoken="")
    if confirmed_by(state, key):
        return _key(flow, cleared, state.pending_spoken)
    if key == flow.keys.repeat:
        return _ask(flow, state), state
    if key in (DENY_KEY, flow.keys.back):
        return _ask(flow, cleared), cleared
    return _key(flow, cleared, typed)


def _keyed_number(flow: Flow, state: State, node: NumberInputNode, typed: str) -> Outcome:
    result = number_keys(flow, state, node, typed)
    if result is None:
        return _ask(flow, state, lead=(flow.message("invalid_key"),)), state
    return _follow(flow, result)


def _back(flow: Flow, state: State) -> Outcome:
    node = flow.nodes.get(state.node)
    if isinstance(node, NumberInputNode) and state.phase == "confirm":
        moved = replace(state, phase="", pending="")
        return _ask(flow, moved), moved
    if isinstance(node, TutorialNode) and state.phase == STUCK:  # back from the offer: the step
        moved = replace(state, phase="")
        return _ask(flow, moved), moved
    finished = isinstance(node, TutorialNode) and state.step >= len(node.steps) \
        and state.phase != "quiz"  # the end question: "Chọn bài khác, bấm phím 0" (the menu)
    if isinstance(node, TutorialNode) and state.step > 0 and not finished:
        moved = replace(state, step=min(state.step, len(node.steps)) - 1, phase="", question=0)
        told, moved = speakerphone(flow, moved, node) if moved.step == 0 else ((), moved)
        return [SaveProgress(node.id, moved.step), *ask_tutorial(flow, moved, node, told=told)], moved
    if not state.history:
        lead = (flow.message("at_main_menu"),)
        return _enter(flow, state, flow.start, lead=lead)
    previous = state.history[-1]
    return _enter(flow, replace(state, history=state.history[:-1]), previous, push=False)


def _resume_key(flow: Flow, state: State, key: str) -> Outcome:
    keys, tutorial, at = flow.keys, state.resume.tutorial, state.resume.step
    if key == keys.resume_yes and state.phase == IN_CALL:
        return continue_tutorial(flow, state)
    if key == keys.resume_yes:  # the call's pace and notice carry over
        moved = replace(state, node=tutorial, step=at, history=(flow.start,), resume=None,
                        no_input=0)
        return _ask(flow, moved), moved
    if key == keys.resume_no and state.phase == IN_CALL:  # from the beginning
        places = {name: left for name, left in state.places.items() if name != tutorial}
        return _enter(flow, replace(state, places=places), tutorial, push=False)
    if key == keys.resume_no:  # the main menu; going into the tutorial later offers its place
        return _enter(flow, replace(state, places={**state.places, tutorial: at}), flow.start)
    return _ask(flow, state, lead=(flow.message("invalid_key"),)), state
