"""How long a caller listens before reaching what they called for: ``flask prompts timing``.

Simulated calls go through the real webhooks (in-process, as ``flask call --local``); the seconds
are summed from what each answer plays, with every prompt's length taken from its rendered audio
(``durations``: prompt id → seconds of the normal rendering, :meth:`speech.catalog.AudioCatalog.durations`)
or, where there is none, estimated from its syllables (:func:`ivr.engine.lint.estimate_seconds`;
the figure is then marked as an estimate).

Two ways of listening are measured:

- *full listen*: every prompt of every answer is heard to its end before the caller presses;
- *pressed when named*: at a menu the caller presses as soon as the wanted option's sentence has
  been heard (Twilio stops the prompts nested in ``<Gather>`` at the first key, "barge-in":
  https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs), so only the prompts up to
  and including that option's sentence count.

A figure is the audio heard *before* its goal starts (a tutorial's first step, the
check-a-number answer), except the report beep, which follows the recording prompt, and the resume
offer, which is the call's first prompt and greets the caller itself: those prompts are counted
(the offer figure is the time to have heard the whole offer). Targets are those of issue 8 ("content within 20 seconds").
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Iterator, Mapping

from ivr.engine import Flow, LookupNode, MenuNode, MessageNode, NumberInputNode, RecordNode, TutorialNode
from ivr.engine.lint import estimate_seconds

from .client import CallSimulator, Heard, HeardPrompt, random_caller

SAMPLE_NUMBER = "0912345678"  # keyed at number inputs (a valid Vietnamese mobile number)
CONFIRM_KEY = "1"  # "Nếu đúng, bấm phím 1" after a number is read back (ivr/engine/collect.py)

# Targets of issue 8, in seconds of audio from the answer (and keys pressed).
FIRST_STEP_NAMED_SECONDS = 20.0
FIRST_STEP_FULL_SECONDS = 45.0
FIRST_STEP_KEYS = 2
RESUME_OFFER_SECONDS = 8.0
REPORT_BEEP_SECONDS = 45.0
CHECK_ANSWER_SECONDS = 25.0
LONGEST_PROMPT_SECONDS = 20.0


class TimingError(RuntimeError):
    """A simulated call did not go where the flow says it should (names the call and the node)."""


@dataclass(frozen=True)
class Move:
    """One input on the way to a goal: ``keys`` pressed at ``node``; ``option`` is the prompt id of
    the menu sentence that names the wanted choice (``None`` at a number input)."""

    node: str
    keys: str
    option: str | None = None


@dataclass(frozen=True)
class Figure:
    """One line of the report: ``seconds`` of audio and ``keys`` pressed from the answer to ``goal``.

    ``mode`` is ``"named"`` (pressed when named), ``"full"`` (full listen) or ``""`` (not a walk:
    the longest prompt). ``path`` is the keys pressed, comma-separated. ``target_keys`` is ``None``
    where only the seconds have a target.
    """

    goal: str
    mode: str
    seconds: float
    keys: int
    target_seconds: float
    target_keys: int | None
    estimated: bool
    path: str

    @property
    def met(self) -> bool:
        """True when the figure is within its targets."""
        keys_ok = self.target_keys is None or self.keys <= self.target_keys
        return self.seconds <= self.target_seconds and keys_ok

    def as_dict(self) -> dict:
        """The figure as JSON-ready data, with ``met``."""
        return {**asdict(self), "seconds": round(self.seconds, 1), "met": self.met}


CallFactory = Callable[[str], CallSimulator]  # caller number → a new simulated call


class Timer:
    """Measures the figures of issue 8 on ``flow`` with calls made by ``new_call``.

    ``durations`` maps prompt id → seconds of rendered audio; other prompts are estimated.
    """

    def __init__(self, flow: Flow, new_call: CallFactory, durations: Mapping[str, float]):
        self.flow, self.new_call, self.durations = flow, new_call, durations

    def report(self) -> list[Figure]:
        """Every figure: first steps (both ways), the resume offer, report beep, check answer,
        the longest prompt. Raises :class:`TimingError` when a call strays from the flow."""
        figures = []
        for tutorial in self._tutorials():
            figures += self.first_step(tutorial)
        return figures + [self.resume_offer(), self.report_beep(), self.check_answer(),
                          self.longest_prompt()]

    def first_step(self, tutorial: str) -> list[Figure]:
        """The figures to ``<tutorial>.step1`` along the path with the fewest keys."""
        plan = min(paths_to(self.flow, tutorial), key=_key_count)
        goal = f"{tutorial}.step1"
        turns = self._walk(plan)
        return [self._figure(f"first step: {tutorial}", mode, plan, turns, _before(goal),
                             FIRST_STEP_NAMED_SECONDS if mode == "named" else FIRST_STEP_FULL_SECONDS,
                             FIRST_STEP_KEYS) for mode in ("named", "full")]

    def resume_offer(self) -> Figure:
        """Full listen to the end of ``<tutorial>.resume`` in the next call of a caller who left a
        tutorial after its first step: the tutorial whose offer is the longest (its title)."""
        tutorial = max(self._tutorials(), key=lambda t: self._seconds(
            self.flow.nodes[t].resume.id, self.flow.nodes[t].resume.text)[0])
        caller = random_caller()
        plan = min(paths_to(self.flow, tutorial), key=_key_count)
        self._walk([*plan, Move(tutorial, self.flow.keys.next)], caller)
        call = self.new_call(caller)
        turns = [call.start()]
        call.hang_up()
        return self._figure("resume offer (returning caller)", "full", [], turns,
                            _through(f"{tutorial}.resume"), RESUME_OFFER_SECONDS, None)

    def report_beep(self) -> Figure:
        """Full listen to the end of the recording prompt, the worst over every way to the
        first :class:`RecordNode`."""
        record = next(n.id for n in self.flow.nodes.values() if isinstance(n, RecordNode))
        figures = [self._figure("report beep", "full", plan, self._walk(plan), _after_record(record),
                                REPORT_BEEP_SECONDS, None) for plan in paths_to(self.flow, record)]
        return max(figures, key=lambda f: f.seconds)

    def check_answer(self) -> Figure:
        """Full listen to the first sentence of the ``check_number`` lookup's answer."""
        lookup = next(n.id for n in self.flow.nodes.values()
                      if isinstance(n, LookupNode) and n.effect == "check_number")
        plan = min(paths_to(self.flow, lookup), key=_key_count)
        return self._figure("check-a-number answer", "full", plan, self._walk(plan),
                            _before_node(lookup), CHECK_ANSWER_SECONDS, None)

    def longest_prompt(self) -> Figure:
        """The longest single prompt of the flow (normal pace)."""
        lengths = [(self._seconds(p.id, p.text), p.id) for p in self.flow.prompts()]
        (seconds, estimated), prompt_id = max(lengths, key=lambda item: item[0][0])
        return Figure(f"longest prompt: {prompt_id}", "", seconds, 0, LONGEST_PROMPT_SECONDS, None,
                      estimated, "")

    # -- calls ------------------------------------------------------------------------------

    def _walk(self, plan: list[Move], caller: str | None = None) -> list[Heard]:
        """Place a call, make the moves of ``plan``, hang up; return every answer heard."""
        call = self.new_call(caller or random_caller())
        turns = [call.start()]
        for move in plan:
            if turns[-1].node != move.node or not turns[-1].action:
                raise TimingError(f"expected a question at {move.node!r} before pressing "
                                  f"{move.keys!r}, the call is at {turns[-1].node!r}")
            turns.append(call.press(move.keys))
        call.hang_up()
        return turns

    def _figure(self, goal: str, mode: str, plan: list[Move], turns: list[Heard],
                reach: Callable[[Heard], list[HeardPrompt] | None], target_seconds: float,
                target_keys: int | None) -> Figure:
        heard = reach(turns[-1])
        if heard is None:
            raise TimingError(f"{goal}: the call after {_keys(plan) or 'the answer'} did not reach "
                              f"its goal; it heard {turns[-1].prompt_ids}")
        lists = [_named(turn, move) if mode == "named" else turn.prompts
                 for turn, move in zip(turns, plan)] + [heard]
        lengths = [self._seconds(p.prompt_id, p.text, p.pause) for prompts in lists for p in prompts]
        return Figure(goal, mode, sum(s for s, _ in lengths), _key_count(plan), target_seconds,
                      target_keys, any(e for _, e in lengths), _keys(plan))

    def _seconds(self, prompt_id: str | None, text: str, pause: int = 0) -> tuple[float, bool]:
        """(seconds, estimated) of one prompt; a ``<Pause>`` lasts exactly its ``pause`` seconds."""
        if pause:
            return float(pause), False
        if prompt_id in self.durations:
            return self.durations[prompt_id], False
        return estimate_seconds(text, self.flow.settings.syllables_per_second), True

    def _tutorials(self) -> list[str]:
        """Reachable tutorials in the order of the menus that lead to them."""
        shortest = {n.id: min((tuple(m.keys for m in p) for p in paths_to(self.flow, n.id)),
                              key=lambda keys: (sum(map(len, keys)), keys), default=None)
                    for n in self.flow.nodes.values() if isinstance(n, TutorialNode)}
        return sorted((t for t, keys in shortest.items() if keys is not None), key=shortest.get)


def paths_to(flow: Flow, goal: str) -> Iterator[list[Move]]:
    """Yield every way from ``flow.start`` to node ``goal`` that visits no node twice.

    Menus branch on their options; a number input is answered with :data:`SAMPLE_NUMBER` (or
    ``1`` repeated for a fixed-length code) and confirmed where it asks to; messages and lookups
    move on by themselves.
    """
    def walk(node_id: str, seen: frozenset[str], moves: list[Move]) -> Iterator[list[Move]]:
        if node_id == goal:
            yield moves
            return
        for step, target in _exits(flow.nodes[node_id]):
            if target not in seen:
                yield from walk(target, seen | {target}, moves + step)

    yield from walk(flow.start, frozenset({flow.start}), [])


def _exits(node) -> list[tuple[list[Move], str]]:
    if isinstance(node, MenuNode):
        return [([Move(node.id, o.key, o.say.id)], o.goto) for o in node.options]
    if isinstance(node, NumberInputNode):
        typed = "1" * node.digits if node.digits else SAMPLE_NUMBER
        confirm = [Move(node.id, CONFIRM_KEY)] if node.confirms else []
        return [([Move(node.id, typed + "#"), *confirm], node.goto)]
    if isinstance(node, (MessageNode, LookupNode)):
        return [([], node.goto)]
    return []


def _named(turn: Heard, move: Move) -> list[HeardPrompt]:
    """The prompts of ``turn`` heard when the caller presses as soon as ``move``'s option is named."""
    ids = turn.prompt_ids
    if move.option in ids:
        return turn.prompts[: ids.index(move.option) + 1]
    return turn.prompts


def _before(prompt_id: str) -> Callable[[Heard], list[HeardPrompt] | None]:
    def reach(turn: Heard) -> list[HeardPrompt] | None:
        ids = turn.prompt_ids
        return turn.prompts[: ids.index(prompt_id)] if prompt_id in ids else None
    return reach


def _through(prompt_id: str) -> Callable[[Heard], list[HeardPrompt] | None]:
    def reach(turn: Heard) -> list[HeardPrompt] | None:
        ids = turn.prompt_ids
        return turn.prompts[: ids.index(prompt_id) + 1] if prompt_id in ids else None
    return reach


def _before_node(node_id: str) -> Callable[[Heard], list[HeardPrompt] | None]:
    def reach(turn: Heard) -> list[HeardPrompt] | None:
        ids = [i or "" for i in turn.prompt_ids]
        first = next((n for n, i in enumerate(ids) if i.startswith(node_id + ".")), None)
        return None if first is None else turn.prompts[:first]
    return reach


def _after_record(node_id: str) -> Callable[[Heard], list[HeardPrompt] | None]:
    def reach(turn: Heard) -> list[HeardPrompt] | None:
        return turn.prompts if turn.record_action and turn.node == node_id else None
    return reach


def _key_count(plan: list[Move]) -> int:
    return sum(len(move.keys) for move in plan)


def _keys(plan: list[Move]) -> str:
    return ",".join(move.keys for move in plan)


def format_table(figures: list[Figure]) -> str:
    """The figures as a fixed-width text table (one line each), estimates marked with ``~``."""
    lines = [f"{'goal':<44} {'listening':<10} {'seconds':>8} {'target':>7} {'keys':>5} "
             f"{'target':>7}  result  keys pressed"]
    for f in figures:
        mode = {"named": "named", "full": "full", "": "-"}[f.mode]
        keys_target = "-" if f.target_keys is None else f"≤ {f.target_keys}"
        seconds = f"{'~' if f.estimated else ''}{f.seconds:.1f}"
        lines.append(f"{f.goal:<44} {mode:<10} {seconds:>8} {'≤ ' + format(f.target_seconds, 'g'):>7} "
                     f"{f.keys:>5} {keys_target:>7}  {'ok' if f.met else 'MISSED':<6}  {f.path}".rstrip())
    return "\n".join(lines)
