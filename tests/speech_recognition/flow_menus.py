"""Today's menus, from the flow in ``prompts/``, for the held-out tables written against them
(the sixth table on), and what the engine acts on when a caller says a row's words there.

Shared by ``benchmarks/intents.py`` (which measures) and ``test_flow_tables.py`` (which holds
the line: no reversing answer).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# Where each menu context of the tables is asked in today's flow: a node's options, or the
# flow's ``speech:`` words for the tutorial step, the end of a tutorial and the recording review.
# ``rkind`` (report or withdraw) is no longer a menu of its own (report_money's option 4).
# The tutorial step is the step as heard while slow, with all four keys: a caller asking for
# "nói nhanh như cũ" (4) has slowed it down before (4 is named only then).
FLOW_NODES = {"main": "main_menu", "tut": "tutorials", "scam": "scam_safety",
              "money": "report_money", "who": "report_identity"}
FLOW_SPEECH = {"step": (("1", "next"), ("2", "slower"), ("3", "stuck"), ("4", "normal_speed")),
               "restart": (("1", "restart"),),
               "review": (("1", "keep"), ("2", "listen"), ("3", "again"))}


@dataclass(frozen=True)
class Heard:
    """An intent as the engine acts on it: a yes/no at a yes/no-shaped menu is that key."""

    name: str
    value: str | None
    negated: str | None = None


def shipped_menus() -> dict[str, tuple[dict[str, list[str]], tuple[str, str] | None]]:
    """Context → (option key → words, (yes key, no key) or ``None``) from the flow in prompts/."""
    from ivr.engine.loader import load_flow
    flow = load_flow(ROOT / "prompts", {"volunteer_line": "0"})
    menus = {}
    for context, node_id in FLOW_NODES.items():
        node = flow.nodes[node_id]
        person = next((o.key for o in node.options if o.goto == flow.volunteer), None)
        menus[context] = ({o.key: list(o.words) for o in node.options}, node.yes_no, person)
    for context, pairs in FLOW_SPEECH.items():
        menus[context] = ({key: list(flow.speech.get(name, ())) for key, name in pairs}, None, None)
    return menus


def heard(parser, text: str, words: dict[str, list[str]], yes_no: tuple[str, str] | None,
          person: str | None = None):
    """What the engine acts on at a menu, as ``speech.vietnamese.understand_text`` reads it
    (mirrored here so that ``--parser REV`` measures an older parser the same way): the menu's
    answer; at a yes/no-shaped menu, an answer naming no option is read as a yes or a no, which
    stands for that menu's yes or no key; "gặp tình nguyện viên" (``volunteer``, which the
    interpreter sends to the flow's ``volunteer`` node) is the option ``person`` leading there."""
    intent = parser.parse_intent(text, "menu", words)
    if intent.name == "volunteer" and person:
        return Heard("option", person)
    negated = getattr(intent, "negated", None)
    if yes_no and not intent.understood and negated is None and (
            intent.value in ("no_match", "negated", "not_yet", "acknowledged", "low_score")
            or (intent.value == "unk" and getattr(intent, "guess", None) is None)):
        answer = parser.parse_intent(text, "yes_no")
        if answer.understood:
            return Heard("option", yes_no[0] if answer.name == "yes" else yes_no[1])
        if getattr(answer, "guess", None) is not None:
            return answer
    return intent
