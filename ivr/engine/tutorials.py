""""Do it with me" tutorials: one step at a time, then an optional yes/no quiz, then the end question.

Keys in a step: ``next`` (done), ``slower`` (the step again, slower), ``stuck`` (who can help, then
a volunteer or the step again: :mod:`.transfers`); at the end: ``restart``. In the quiz: ``1`` yes, ``2`` no, with feedback.

Pace sticks: after ``slower`` every step of the call is said slowly (``State.slow``, emitted as
:class:`~ivr.engine.commands.SavePace` so the caller's next calls start slow) until
``normal_speed``, which is named in the step hint only while slow. The first step of a hands-on
tutorial is followed by the ``speakerphone`` message, once per call per tutorial.

A step waits: the caller is busy doing it on the phone. Each silence of ``settings.step_wait_seconds``
brings a short kind reminder; after ``settings.step_max_wait_seconds`` in all, a goodbye that says
the place is kept (progress saved at that step, offered again on the next call). A tutorial left
unfinished earlier in the call is offered to be continued when the caller goes back into it.
"""
from __future__ import annotations

from dataclasses import replace

from .commands import Ask, Command, Hangup, Play, Prompt, SavePace, SaveProgress
from .events import Resume
from .flow import Flow, TutorialNode
from .speaking import number_prompts, question, variant
from .state import IN_CALL, RESUME_NODE, State

Outcome = tuple[list[Command], State]


def ask_tutorial(flow: Flow, state: State, node: TutorialNode, lead: tuple[Prompt, ...] = (),
                 full_hint: bool = True, told: tuple[Prompt, ...] = ()) -> list[Command]:
    """Return the current step, quiz question or end question, with ``lead`` said first.

    A step is said slowly while ``state.slow``, then ``told`` (the speakerphone sentence, from
    :func:`speakerphone`: after the step, so it costs no time before the first step starts), then
    the ``tutorial_hint_full`` (or with ``full_hint=False`` the ``tutorial_hint_short``) message,
    then while slow ``tutorial_hint_normal_speed``.
    """
    if state.phase == "quiz":  # each question names its keys (spoken answers only when heard)
        keys_line = variant(flow, "quiz_keys", state.speaks)
        return [question(flow, (*lead, node.quiz[state.question].prompt, keys_line), "12")]
    if state.step >= len(node.steps):
        ending = (node.outro,) if node.outro else ()
        return [question(flow, (*lead, *ending, node.done), flow.keys.restart)]
    current = node.steps[state.step]
    hint = (_worded(flow, node, "hint_full" if full_hint else "hint_short"),)
    if state.slow:
        current = replace(current, slow=True)
        hint = (*hint, flow.message("tutorial_hint_normal_speed"))
    return [_step_question(flow, state, (*lead, current, *told, *hint))]


def _worded(flow: Flow, node: TutorialNode, name: str) -> Prompt:
    """The step message ``name`` worded for ``node``: ``tutorial_hint_full``, ``tutorial_hint_short``
    or ``step_wait_reminder`` ("Xong, bấm 1": the caller does something) for a hands-on tutorial,
    ``lesson_<name>`` ("Nghe tiếp, bấm 1": nothing to do but listen) for a listening lesson."""
    if node.hands_on:
        return flow.message("step_wait_reminder" if name == "wait_reminder" else f"tutorial_{name}")
    return flow.message(f"lesson_{name}")


def _step_question(flow: Flow, state: State, prompts: tuple[Prompt, ...]) -> Ask:
    """A question on a step: the step keys (``normal_speed`` too while slow), and the long wait of
    someone doing the step."""
    keys = flow.keys
    accepted = keys.next + keys.slower + keys.stuck + (keys.normal_speed if state.slow else "")
    asked = question(flow, prompts, accepted)
    return replace(asked, timeout=flow.settings.step_wait_seconds, patient=True)


def speakerphone(flow: Flow, state: State, node: TutorialNode) -> tuple[tuple[Prompt, ...], State]:
    """What to say with ``node``'s first step (after it, before the keys): the ``speakerphone``
    message for a hands-on tutorial not yet told in this call (and the state that remembers it
    was told), else nothing."""
    if not node.hands_on or node.id in state.speakerphone:
        return (), state
    return (flow.message("speakerphone"),), replace(state, speakerphone=(*state.speakerphone, node.id))


def on_step(state: State, node: TutorialNode) -> bool:
    """True while the caller is on one of ``node``'s steps (not its quiz, not its end question)."""
    return state.phase != "quiz" and state.step < len(node.steps)


def step_silence(flow: Flow, state: State, node: TutorialNode) -> Outcome:
    """No input on a step: a short reminder and another wait, until ``step_max_wait_seconds`` of
    waits in all; then save the place, say it is kept, and hang up. Never the main menu.

    ``state.no_input`` counts the waits already over; the goodbye comes after the wait that brings
    their total to ``step_max_wait_seconds`` or more (300 s / 30 s: 9 reminders, then goodbye).
    """
    settings = flow.settings
    waited = state.no_input + 1
    if waited * settings.step_wait_seconds < settings.step_max_wait_seconds:
        moved = replace(state, no_input=waited)
        return [_step_question(flow, moved, (_worded(flow, node, "wait_reminder"),))], moved
    if state.step == 0:  # the place is the start: a returning caller is offered only later steps
        said: tuple[Prompt, ...] = (flow.message("step_wait_goodbye_start"),)
    else:
        said = (flow.message("step_wait_goodbye_at"), *number_prompts(flow, state.step + 1),
                flow.message("step_wait_goodbye"))
    return ([SaveProgress(node.id, state.step), Play(said), Hangup()],
            replace(state, no_input=waited, ended=True))


def step_not_yet(flow: Flow, state: State, node: TutorialNode) -> Outcome:
    """The caller said "chưa xong", "chưa" or "đợi chút" on a step: stay on it, with a short
    encouragement (``step_not_yet_speech``, or ``lesson_not_yet_speech`` in a listening lesson),
    and wait as after the step itself. Never the next step; only heard on a call that listens."""
    name = "step_not_yet_speech" if node.hands_on else "lesson_not_yet_speech"
    moved = replace(state, speech_misses=0)
    return [_step_question(flow, moved, (flow.message(name),))], moved


def leave_tutorial(flow: Flow, state: State) -> State:
    """Remember in ``state.places`` where the caller leaves the current tutorial (if it is one):
    an unfinished place past the first step is kept, a finished or first-step one forgotten.

    Also the answers ``tutorial`` (the node id) and ``tutorial_step`` (1-based) of a caller who
    leaves on a step, so a request for a person that follows names where they were (the context
    a volunteer sees); leaving at the quiz or the end drops them: the lesson was finished.
    """
    node = flow.nodes.get(state.node)
    if not isinstance(node, TutorialNode):
        return state
    places = {name: step for name, step in state.places.items() if name != node.id}
    answers = {k: v for k, v in state.answers.items() if k not in ("tutorial", "tutorial_step")}
    if state.step < len(node.steps) and state.phase != "quiz":
        answers.update(tutorial=node.id, tutorial_step=str(state.step + 1))
        if state.step > 0:
            places[node.id] = state.step
    return replace(state, places=places, answers=answers)


def continue_offer(flow: Flow, state: State, node: TutorialNode) -> State | None:
    """Going into ``node`` again in this call: the state at the "continue at step N?" question, or
    ``None`` when the caller left it at no later step (then the tutorial starts as usual)."""
    step = state.places.get(node.id, 0)
    if not 0 < step < len(node.steps):
        return None
    return replace(state, node=RESUME_NODE, phase=IN_CALL, resume=Resume(node.id, step))


def ask_resume(flow: Flow, state: State, lead: tuple[Prompt, ...] = ()) -> list[Command]:
    """The "continue where you stopped?" question at ``RESUME_NODE``: the tutorial's own offer for
    a returning caller, or "you got to step N: 1 continue, 2 from the beginning" within a call."""
    keys = flow.keys
    if state.phase == IN_CALL:
        said = (*lead, flow.message("tutorial_continue_at"),
                *number_prompts(flow, state.resume.step + 1), flow.message("tutorial_continue_keys"))
    else:
        said = (*lead, flow.nodes[state.resume.tutorial].resume)
    return [question(flow, said, keys.resume_yes + keys.resume_no)]


def continue_tutorial(flow: Flow, state: State) -> Outcome:
    """The caller chose to continue the offered tutorial at its step (saved again, so the latest
    unfinished tutorial is this one)."""
    name, step = state.resume.tutorial, state.resume.step
    places = {other: at for other, at in state.places.items() if other != name}
    moved = replace(state, node=name, step=step, phase="", resume=None, no_input=0, places=places)
    return [SaveProgress(name, step), *ask_tutorial(flow, moved, flow.nodes[name])], moved


def tutorial_key(flow: Flow, state: State, node: TutorialNode, key: str) -> Outcome | None:
    """Handle a key inside a tutorial; ``None`` means "not a valid key here"."""
    keys = flow.keys
    if state.phase == "quiz":
        return _answer(flow, state, node, key)
    if state.step >= len(node.steps):
        if key != keys.restart:
            return None
        told, moved = speakerphone(flow, replace(state, step=0), node)
        said = ask_tutorial(flow, moved, node, lead=(node.intro,), told=told)
        return [SaveProgress(node.id, 0), *said], moved
    if key == keys.next:
        return _next(flow, state, node)
    if key == keys.slower or (key == keys.normal_speed and state.slow):
        return _pace(flow, state, node, slow=key == keys.slower)
    return None  # the stuck key is the interpreter's: it may offer a volunteer (.transfers)


def _pace(flow: Flow, state: State, node: TutorialNode, slow: bool) -> Outcome:
    """The step again at the chosen pace, which stays for the call; a change is saved for the
    caller's next calls."""
    moved = replace(state, slow=slow)
    saved = [SavePace(slow)] if slow != state.slow else []
    return [*saved, *ask_tutorial(flow, moved, node, full_hint=False)], moved


def _next(flow: Flow, state: State, node: TutorialNode) -> Outcome:
    moved = replace(state, step=state.step + 1)
    done = moved.step >= len(node.steps)
    saved = SaveProgress(node.id, moved.step, completed=done)
    if done and node.quiz:
        moved = replace(moved, phase="quiz", question=0)
        return [saved, *ask_tutorial(flow, moved, node, lead=(flow.message("quiz_intro"),))], moved
    return [saved, *ask_tutorial(flow, moved, node, full_hint=False)], moved


def _answer(flow: Flow, state: State, node: TutorialNode, key: str) -> Outcome | None:
    """A quiz answer: ``1`` yes, ``2`` no; say right or wrong, then the next question or the end."""
    if key not in ("1", "2"):
        return None
    asked = node.quiz[state.question]
    right = (key == "1") == (asked.answer == "yes")
    feedback = asked.right if right else asked.wrong
    if state.question + 1 < len(node.quiz):
        moved = replace(state, question=state.question + 1)
    else:
        moved = replace(state, phase="", question=0)
    moved = replace(moved, last_result=(feedback,))  # `*` at the next question says it again
    return ask_tutorial(flow, moved, node, lead=(feedback,)), moved
