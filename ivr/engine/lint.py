"""Content checks beyond the loader: reachability, dead ends, the length of spoken text, and
what a caller is asked.

Run as ``flask prompts lint`` (and by the test suite). Lengths are estimated from syllables
(Vietnamese writes one syllable per word; digits are read one by one) at
``settings.syllables_per_second``, plus a short pause per sentence mark; with measured audio
durations (from the render manifest) the real lengths are checked too.

The caller's experience (issue 8), checked on the questions as the engine composes them
(:func:`ivr.engine.interpreter.ask`), keys only and with speech on:

- every menu option's sentence names its key ("phím 3" or "Bấm 3");
- every question (menu, number entry and its confirmation, tutorial step with its hint, quiz
  question with its keys line, recording review, resume offer, tutorial end) names the repeat key
  ("phím sao"), in its own words or in a message after them;
- no speech invitation ("nói có", "nói không", "bác nói, hoặc bấm") where keys are the only way
  to answer: such sentences belong in a ``<name>_speech`` message, said only when the call listens.
"""
from __future__ import annotations

import re
from collections import deque
from typing import Mapping

from dataclasses import replace
from functools import partial
from typing import Iterator

from .commands import Ask, Prompt
from .errors import Problem
from .events import Resume
from .flow import (Flow, MenuNode, MessageNode, Node, NumberInputNode, RecordNode, TutorialNode,
                   node_prompts)
from .interpreter import ask
from .speaking import SPEECH_SUFFIX, key_wording, names_key
from .state import IN_CALL, RESUME_NODE, STUCK, State
from .tutorials import ask_tutorial, step_silence

_WORD = re.compile(r"[^\W\d_]+|\d", re.UNICODE)
_PAUSE = re.compile(r"[.,;:!?]")
PAUSE_SECONDS = 0.3


def estimate_seconds(text: str, syllables_per_second: float) -> float:
    """Estimate how long ``text`` takes to say, in seconds (syllables / rate + pauses)."""
    syllables = len(_WORD.findall(text))
    return syllables / syllables_per_second + PAUSE_SECONDS * len(_PAUSE.findall(text))


def lint_flow(flow: Flow, measured: Mapping[str, float] | None = None) -> list[Problem]:
    """Return every content problem in ``flow`` (empty list when clean).

    ``measured`` maps prompt id → rendered duration in seconds (normal variant), if known.
    """
    problems = _unreachable(flow) + _message_loops(flow) + _lengths(flow)
    if measured:
        problems += _measured(flow, measured)
    return problems + keys_named(flow) + speech_invitations(flow)


def reachable(flow: Flow) -> set[str]:
    """Return the ids of nodes a caller can reach from ``flow.start``."""
    seen, queue = {flow.start}, deque([flow.start])
    while queue:
        for target in flow.nodes[queue.popleft()].targets:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _unreachable(flow: Flow) -> list[Problem]:
    lost = sorted(set(flow.nodes) - reachable(flow))
    return [Problem("", node, f"cannot be reached from {flow.start!r}") for node in lost]


def _message_loops(flow: Flow) -> list[Problem]:
    """Message nodes move on by themselves; a cycle of them would never stop talking."""
    problems = []
    for node in flow.nodes.values():
        seen, current = set(), node
        while isinstance(current, MessageNode):
            if current.id in seen:
                problems.append(Problem("", node.id, "message nodes loop without asking anything"))
                break
            seen.add(current.id)
            current = flow.nodes[current.goto]
    return problems


def _limits(flow: Flow):
    """Yield (prompt, longest allowed seconds) for every prompt: shared messages and nodes' own."""
    settings = flow.settings
    for prompt in flow.messages.values():
        yield prompt, settings.max_prompt_seconds
    for node in flow.nodes.values():
        steps = set(node.steps) if isinstance(node, TutorialNode) else set()
        for prompt in node_prompts(node):
            yield prompt, settings.max_step_seconds if prompt in steps else settings.max_prompt_seconds


def _lengths(flow: Flow) -> list[Problem]:
    problems = []
    for prompt, limit in _limits(flow):
        seconds = estimate_seconds(prompt.text, flow.settings.syllables_per_second)
        if seconds > limit:
            problems.append(Problem("", _where(prompt.id),
                                    f"about {seconds:.0f} s of speech, longer than {limit:.0f} s"))
    return problems


def _measured(flow: Flow, measured: Mapping[str, float]) -> list[Problem]:
    problems = []
    for prompt, limit in _limits(flow):
        seconds = measured.get(prompt.id)
        if seconds is not None and seconds > limit:
            problems.append(Problem("", _where(prompt.id), f"rendered audio is {seconds:.1f} s, "
                                    f"longer than {limit:.0f} s"))
    return problems


def _where(prompt_id: str) -> str:
    """Map a prompt id back to its YAML path: ``tutorial_x.step3`` → ``tutorial_x.steps[2]``."""
    node, _, part = prompt_id.partition(".")
    match = re.fullmatch(r"step(\d+)", part)
    if match:
        return f"{node}.steps[{int(match.group(1)) - 1}]"
    if node == "common":
        return f"messages.{part}"
    return prompt_id


# -- what a caller is asked ----------------------------------------------------------------------

TIMING_REMINDER = "Seconds of audio and keys to each goal (first steps, beep, answers): flask prompts timing"

# A sentence that asks for a spoken answer: "bác nói có", "nói không, hoặc ...", "bác nói, hoặc
# bấm", "hoặc nói", "bác nói lại". Lesson content that merely reports speech ("kẻ gian nói có
# hàng gửi bác", "bác nói mình bị lừa") is not an invitation.
SPEECH_INVITATION = re.compile(
    r"\bnói\s+(?:có|không)\b(?=\s*(?:[,.;:!?]|hoặc\b|$))"
    r"|\bbác\s+(?:cứ\s+|hãy\s+|có thể\s+)?nói\b(?=\s*(?:[,.;:!?]|hoặc\b|lại\b|$))"
    r"|\bhoặc\s+(?:bác\s+)?nói\b", re.IGNORECASE)
# Said only in answer to a spoken answer (interpreter._spoken), so it may ask to speak again.
SPOKEN_ONLY_MESSAGES = ("speech_not_heard",)


def invites_speech(text: str) -> str | None:
    """Return the words of ``text`` that invite a spoken answer ("bác nói có"), or ``None``."""
    found = SPEECH_INVITATION.search(text)
    return found.group(0) if found else None


def keys_named(flow: Flow) -> list[Problem]:
    """Every menu option names its key; every question names the repeat key, keys only and with
    speech on. Problems name the file, the node (and option) and the prompts heard."""
    problems = []
    for node in flow.nodes.values():
        if isinstance(node, MenuNode):
            problems += [Problem(flow.file_of(node.id), f"{node.id}.options[{i}].say",
                                 f"does not name its key: say \"{key_wording(o.key)}\" or "
                                 f"\"Bấm {o.key}\" ({o.say.id}: {o.say.text!r})")
                         for i, o in enumerate(node.options) if not names_key(o.say.text, o.key)]
    repeat, unnamed = key_wording(flow.keys.repeat), {}
    for node_id, what, asked, speech in _questions(flow):
        if not names_key(_text(asked), flow.keys.repeat):
            modes = unnamed.setdefault((node_id, what, _ids(asked)), [])
            modes.append("with speech on" if speech else "keys only")
    for (node_id, what, said), modes in unnamed.items():
        problems.append(Problem(flow.file_of(node_id), node_id,
                                f"{what} ({' and '.join(modes)}) does not name the repeat key: "
                                f"\"{repeat}\" is not in {said} (`messages.repeat_keys`, said "
                                f"after a question that does not name it, should say it)"))
    return _unique(problems)


def speech_invitations(flow: Flow) -> list[Problem]:
    """No sentence said at a keys-only question invites speech: every prompt but the
    ``*_speech`` messages (and those said only after speech), and every question as composed
    for a call without speech."""
    problems = []
    exempt = {flow.messages[name].id for name in flow.messages
              if name.endswith(SPEECH_SUFFIX) or name in SPOKEN_ONLY_MESSAGES}
    for prompt in flow.prompts():
        words = invites_speech(prompt.text)
        if words and prompt.id not in exempt:
            problems.append(Problem(_file_of_prompt(flow, prompt.id), _where(prompt.id),
                                    f"invites speech ({words!r}) but is also said when the call "
                                    f"takes keys only; put it in a `<name>{SPEECH_SUFFIX}` message"))
    for node_id, what, asked, speech in _questions(flow):
        for prompt in asked.prompts if not speech else ():
            words = isinstance(prompt, Prompt) and invites_speech(prompt.text)
            if words:
                problems.append(Problem(flow.file_of(node_id), node_id,
                                        f"{what} (keys only) says {prompt.id} which invites speech "
                                        f"({words!r}): the call does not listen"))
    return _unique(problems)


def _questions(flow: Flow) -> Iterator[tuple[str, str, Ask, bool]]:
    """Yield ``(node id, what, question, speech)`` for every question a caller can be asked,
    composed by the engine keys only (``speech`` False) and with speech on."""
    for node in flow.nodes.values():
        for what, state, compose in _positions(flow, node):
            for speech in (False, True):
                commands = compose(replace(state, speech=speech))
                if commands and isinstance(commands[-1], Ask):
                    yield node.id, what, commands[-1], speech


def _positions(flow: Flow, node: Node):
    """``(what, state, compose)`` for each question of ``node``: ``compose(state)`` → commands."""
    at, default = State(node=node.id), partial(ask, flow)
    if isinstance(node, MenuNode):
        yield "the menu", at, default
    elif isinstance(node, NumberInputNode):
        yield "the number entry", at, default
        yield "the number's confirmation", replace(at, phase="confirm",
                                                   pending="1" * (node.digits or 10)), default
    elif isinstance(node, RecordNode):
        yield "the recording review", replace(at, phase="review", answers={node.answer: "x"}), default
    elif isinstance(node, TutorialNode):
        yield from _tutorial_positions(flow, node, at)


def _tutorial_positions(flow: Flow, node: TutorialNode, at: State):
    asked = partial(ask, flow)
    for index in range(len(node.steps)):
        step = replace(at, step=index)
        yield f"step {index + 1} with the full hint", step, lambda s: ask_tutorial(flow, s, node)
        yield (f"step {index + 1} with the short hint", step,
               lambda s: ask_tutorial(flow, s, node, full_hint=False))
    yield "the step-wait reminder", at, lambda s: step_silence(flow, s, node)[0]
    for index in range(len(node.quiz)):
        yield f"quiz question {index + 1}", replace(at, phase="quiz", question=index), asked
    yield "the tutorial's end", replace(at, step=len(node.steps)), asked
    if flow.stuck:  # the offer of a volunteer after the stuck key
        yield "the stuck offer", replace(at, phase=STUCK), asked
    if len(node.steps) > 1:
        offer = State(node=RESUME_NODE, resume=Resume(node.id, 1))
        yield "the resume offer", offer, asked
        yield "the offer to continue", replace(offer, phase=IN_CALL), asked


def _text(asked: Ask) -> str:
    return " ".join(p.text for p in asked.prompts if isinstance(p, Prompt))


def _ids(asked: Ask) -> str:
    return ", ".join(dict.fromkeys(p.id for p in asked.prompts if isinstance(p, Prompt)))


def _file_of_prompt(flow: Flow, prompt_id: str) -> str:
    node = prompt_id.partition(".")[0]
    return flow.file_of("" if node == "common" else node)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def main(argv: list[str] | None = None) -> int:
    """``python -m ivr.engine.lint [PROMPTS_DIR]``: lint without the web app. Exit 1 on problems."""
    import sys

    from .errors import FlowError
    from .loader import load_flow

    folder = (argv if argv is not None else sys.argv[1:] or ["prompts"])[0]
    try:
        flow = load_flow(folder, {"volunteer_line": "số của đội tình nguyện viên"})
    except FlowError as error:
        print(error)
        return 1
    problems = lint_flow(flow)
    for problem in problems:
        print(problem)
    print(f"{len(flow.nodes)} nodes, {len(flow.prompts())} prompts, {len(problems)} problems")
    print(TIMING_REMINDER)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
