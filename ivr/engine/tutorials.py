""""Do it with me" tutorials: one step at a time, then an optional yes/no quiz, then the end question.

Keys in a step: ``next`` (done), ``slower`` (the step again, slower), ``stuck`` (who can help, then
the step again); at the end: ``restart``. In the quiz: ``1`` yes, ``2`` no, with feedback.
"""
from __future__ import annotations

from dataclasses import replace

from .commands import Command, Prompt, SaveProgress
from .flow import Flow, TutorialNode
from .speaking import question
from .state import State

Outcome = tuple[list[Command], State]


def ask_tutorial(flow: Flow, state: State, node: TutorialNode, lead: tuple[Prompt, ...] = (),
                 slow: bool = False, full_hint: bool = True) -> list[Command]:
    """Return the current step, quiz question or end question, with ``lead`` said first."""
    if state.phase == "quiz":
        return [question(flow, (*lead, node.quiz[state.question].prompt), "12")]
    if state.step >= len(node.steps):
        ending = (node.outro,) if node.outro else ()
        return [question(flow, (*lead, *ending, node.done), flow.keys.restart)]
    current = node.steps[state.step]
    if slow:
        current = replace(current, slow=True)
    hint = flow.message("tutorial_hint_full" if full_hint else "tutorial_hint_short")
    keys = flow.keys
    return [question(flow, (*lead, current, hint), keys.next + keys.slower + keys.stuck)]


def tutorial_key(flow: Flow, state: State, node: TutorialNode, key: str) -> Outcome | None:
    """Handle a key inside a tutorial; ``None`` means "not a valid key here"."""
    keys = flow.keys
    if state.phase == "quiz":
        return _answer(flow, state, node, key)
    if state.step >= len(node.steps):
        if key != keys.restart:
            return None
        moved = replace(state, step=0)
        return [SaveProgress(node.id, 0), *ask_tutorial(flow, moved, node, lead=(node.intro,))], moved
    if key == keys.next:
        return _next(flow, state, node)
    if key == keys.slower:
        return ask_tutorial(flow, state, node, slow=True, full_hint=False), state
    if key == keys.stuck:
        return ask_tutorial(flow, state, node, lead=(flow.message("tutorial_stuck"),)), state
    return None


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
