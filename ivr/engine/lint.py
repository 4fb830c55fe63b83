"""Content checks beyond the loader: reachability, dead ends and the length of spoken text.

Run as ``flask prompts lint`` (and by the test suite). Lengths are estimated from syllables
(Vietnamese writes one syllable per word; digits are read one by one) at
``settings.syllables_per_second``, plus a short pause per sentence mark; with measured audio
durations (from the render manifest) the real lengths are checked too.
"""
from __future__ import annotations

import re
from collections import deque
from typing import Mapping

from .errors import Problem
from .flow import Flow, MessageNode, TutorialNode, node_prompts

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
    return problems


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
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
