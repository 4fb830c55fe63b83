"""The loaded call flow: immutable dataclasses built by ``ivr.engine.loader`` from ``prompts/``.

Every spoken word lives in a :class:`~ivr.engine.commands.Prompt` whose id is stable and doubles as
the audio key (``audio/recorded/<prompt-id>.wav`` overrides the synthesised voice). Ids:

- ``common.<name>``           shared messages (``messages:`` in ``prompts/flow.yaml``)
- ``<node>.prompt``           a menu's question; ``<node>.option<key>`` one line per option
- ``<node>.intro``, ``<node>.step<N>`` (1-based), ``<node>.outro``, ``<node>.done``, ``<node>.resume``
  for a tutorial
- ``<node>.text``             a message or hang-up node
- ``<node>.prompt``, ``.readback``, ``.confirm`` (if it confirms), ``.invalid`` a number input;
  ``<node>.prompt``, ``.review``, ``.playback``, ``.empty`` a recording;
  ``<node>.<outcome><N>`` (1-based) the sentences of a lookup's outcome
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .commands import Prompt


@dataclass(frozen=True)
class Settings:
    """Timing and limits. Seconds throughout."""

    timeout_seconds: float = 10.0
    max_no_input: int = 3
    max_prompt_seconds: float = 25.0
    max_step_seconds: float = 20.0
    syllables_per_second: float = 3.5
    step_wait_seconds: float = 30.0
    step_max_wait_seconds: float = 300.0
    safety_notice_days: int = 30


@dataclass(frozen=True)
class Keys:
    """Keys with a fixed meaning. ``repeat``, ``back`` and ``main_menu`` work on every node."""

    repeat: str = "*"
    back: str = "0"
    main_menu: str = "9"
    next: str = "1"
    slower: str = "2"
    stuck: str = "3"
    normal_speed: str = "4"
    restart: str = "1"
    resume_yes: str = "1"
    resume_no: str = "2"

    @property
    def global_keys(self) -> tuple[str, str, str]:
        """The keys that work everywhere, so menus may not use them for options."""
        return (self.repeat, self.back, self.main_menu)


@dataclass(frozen=True)
class Option:
    """One menu choice: the key, the sentence that announces it, the node it leads to, and the
    answers it records (``set``: answer name → value, e.g. ``claimed_identity: police``)."""

    key: str
    say: Prompt
    goto: str
    set: tuple[tuple[str, str], ...] = ()
    words: tuple[str, ...] = ()  # spoken forms that choose this option ("hướng dẫn", "học")


@dataclass(frozen=True)
class MenuNode:
    """A question with numbered options."""

    id: str
    prompt: Prompt
    options: tuple[Option, ...]
    on_silence: str | None = None  # after the last no-input: here instead of the main menu
    # A question answered yes or no ("Bác đã … chưa?"): the option keys a spoken yes and a spoken
    # no stand for, (yes, no); negations included ("không có", "hổng có", "nỏ" are a no).
    yes_no: tuple[str, str] | None = None

    def option_for(self, key: str) -> Option | None:
        """Return the option bound to ``key``, or ``None``."""
        return next((o for o in self.options if o.key == key), None)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(o.goto for o in self.options) + ((self.on_silence,) if self.on_silence else ())


@dataclass(frozen=True)
class QuizQuestion:
    """A yes/no question after a lesson, with the feedback for a right and a wrong answer."""

    prompt: Prompt
    answer: str  # "yes" or "no"
    right: Prompt
    wrong: Prompt


@dataclass(frozen=True)
class TutorialNode:
    """A "do it with me" lesson: short steps the caller confirms one by one, then an optional quiz."""

    id: str
    title: str
    intro: Prompt
    steps: tuple[Prompt, ...]
    done: Prompt
    resume: Prompt
    outro: Prompt | None = None
    quiz: tuple[QuizQuestion, ...] = ()
    hands_on: bool = False  # done on the phone: the speakerphone sentence after the first step

    @property
    def targets(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class MessageNode:
    """Say something, then continue at ``goto`` (used for placeholders and short notices)."""

    id: str
    text: Prompt
    goto: str

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.goto,)


@dataclass(frozen=True)
class HangupNode:
    """Say goodbye and end the call."""

    id: str
    text: Prompt

    @property
    def targets(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class NumberInputNode:
    """Collect a number keyed by the caller (ending with ``#``), read it back, ask to confirm.

    ``digits`` set: exactly that many digits (a reference code); unset: a phone number of 3–15
    digits. ``optional``: ``#`` alone skips (the answer is then an empty string).
    ``readback`` and ``confirm`` are both set or both ``None``: ``None`` means no read-back turn,
    a well-formed number is the answer at once (the next node may say it, e.g. a lookup slot).
    """

    id: str
    answer: str
    prompt: Prompt
    readback: Prompt | None
    confirm: Prompt | None
    invalid: Prompt
    goto: str
    optional: bool = False
    digits: int | None = None
    timeout_seconds: float | None = None
    on_silence: str | None = None  # after the last no-input: here instead of the main menu

    @property
    def confirms(self) -> bool:
        """True when the number is read back and confirmed (``1``) before it counts."""
        return self.confirm is not None

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.goto,) + ((self.on_silence,) if self.on_silence else ())


@dataclass(frozen=True)
class RecordNode:
    """Record the caller after a beep, then offer keep / listen back / record again."""

    id: str
    answer: str
    prompt: Prompt
    review: Prompt
    playback: Prompt
    empty: Prompt
    goto: str
    max_seconds: int = 180
    silence_seconds: int = 5
    keeps: str = "report"  # what the recording belongs to: a scam report or a home visit request

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.goto,)

    @property
    def save_effect(self) -> str:
        """The effect that saves what the recording belongs to before the beep: ``save_report``
        or ``save_visit`` (issue 12, home visits)."""
        return "save_visit" if self.keeps == "visit" else "save_report"


@dataclass(frozen=True)
class Slot:
    """A gap in a lookup's sentences, filled from the service's result (``{name}`` in YAML)."""

    name: str


@dataclass(frozen=True)
class LookupNode:
    """Ask the call service for something (an :data:`~ivr.engine.commands.EFFECTS` name), say the
    sentences of the outcome it reports and ``repeat`` (how to hear them again; ``None``: the
    ``result_repeat`` message), then continue at ``goto``, or at the node ``then`` names for that
    outcome (``(outcome, node id)`` pairs; said without ``repeat``)."""

    id: str
    effect: str
    outcomes: dict[str, tuple[Prompt | Slot, ...]]
    goto: str
    repeat: Prompt | None = None
    then: tuple[tuple[str, str], ...] = ()

    def next_for(self, outcome: str) -> str:
        """The node that comes after ``outcome``: its ``then`` node, else ``goto``."""
        return dict(self.then).get(outcome, self.goto)

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.goto, *(node for _, node in self.then))


@dataclass(frozen=True)
class TransferNode:
    """Put the caller through to a volunteer on shift (issue 12): ``hold`` is said while the
    adapter dials; ``whisper`` (or, from a tutorial step, ``whisper_stuck`` with the tutorial's
    ``{title}`` and ``{step}``) is what the volunteer hears before pressing 1 to take the call.
    A conversation that took place → ``thanks``, then ``goto`` (or the tutorial step the caller
    came from); nobody on shift or nobody answered → ``unavailable``."""

    id: str
    hold: Prompt
    thanks: Prompt
    whisper: Prompt
    whisper_stuck: Prompt  # its text keeps the placeholders {title} and {step}
    unavailable: str
    goto: str

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.unavailable, self.goto)


Node = (MenuNode | TutorialNode | MessageNode | HangupNode | NumberInputNode | RecordNode
        | LookupNode | TransferNode)


@dataclass(frozen=True)
class Flow:
    """A whole validated flow: start node, nodes by id, shared messages by name."""

    spec_version: int
    start: str
    nodes: dict[str, Node]
    messages: dict[str, Prompt]
    settings: Settings = field(default_factory=Settings)
    keys: Keys = field(default_factory=Keys)
    speech: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrases by key name
    volunteer: str | None = None  # where "gặp tình nguyện viên" said anywhere leads
    files: dict[str, str] = field(default_factory=dict)  # node id → its file; "" → the head's
    # The transfer node the tutorial's stuck key offers (after ``tutorial_stuck``, the
    # ``stuck_offer`` question: 1 a volunteer, 2 the step again); None: the step again at once.
    stuck: str | None = None
    visit: str | None = None  # where "đến nhà" (a home visit, issue 12) said anywhere leads

    def file_of(self, node_id: str = "") -> str:
        """The file that defines ``node_id`` (``""``: the head, where the messages are), for
        problems that name their file; ``""`` when the flow was not loaded from files."""
        return self.files.get(node_id, self.files.get("", ""))

    def message(self, name: str) -> Prompt:
        """Return the shared message ``common.<name>``; raises ``KeyError`` if absent."""
        return self.messages[name]

    def prompts(self) -> list[Prompt]:
        """Return every prompt in the flow, each once, in a stable order."""
        found: list[Prompt] = list(self.messages.values())
        for node in self.nodes.values():
            found.extend(node_prompts(node))
        return found


def node_prompts(node: Node) -> list[Prompt]:
    """Return the prompts a node owns, in the order a caller meets them."""
    if isinstance(node, MenuNode):
        return [node.prompt, *(o.say for o in node.options)]
    if isinstance(node, TutorialNode):
        tail = [node.outro] if node.outro else []
        quiz = [p for q in node.quiz for p in (q.prompt, q.right, q.wrong)]
        return [node.intro, *node.steps, *tail, *quiz, node.done, node.resume]
    if isinstance(node, NumberInputNode):
        said = [node.prompt, node.readback, node.confirm, node.invalid]
        return [p for p in said if p is not None]
    if isinstance(node, RecordNode):
        return [node.prompt, node.review, node.playback, node.empty]
    if isinstance(node, TransferNode):  # the whispers are for volunteers, said with <Say>
        return [node.hold, node.thanks]
    if isinstance(node, LookupNode):
        said = [item for items in node.outcomes.values() for item in items if isinstance(item, Prompt)]
        return [*said, *([node.repeat] if node.repeat else [])]
    return [node.text]
