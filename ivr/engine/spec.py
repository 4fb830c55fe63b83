"""The flow format (``spec_version: 1``) declared once: every mapping, its fields and their kinds.

The loader (:mod:`ivr.engine.loader`) checks the YAML against this declaration before building the
runtime dataclasses of :mod:`ivr.engine.flow`, and ``docs/flow-spec.md`` is generated from it
(:mod:`ivr.engine.spec_doc`). The model is jambonz's verb specification: a data spec plus a small
validator that names the verb and the property that is wrong
(https://github.com/jambonz/verb-specifications).

Shapes::

    HEAD                  prompts/flow.yaml
      ├─ SETTINGS, KEYS, SPEECH     nested mappings of the head
    NODE_TYPES[type]      one node (a value of ``nodes:`` or of a prompts/nodes/*.yaml file)
      ├─ OPTION           an item of a menu's ``options``
      └─ QUIZ_QUESTION    an item of a tutorial's ``quiz``

:func:`check` and :func:`check_node` return ``(path, message)`` pairs, e.g.
``("report_number.optinal", "unknown key; did you mean `optional`?")``; an empty list means the
data has the declared shape. Checks that need the whole flow (a ``goto`` that names no node, a key
reserved for repeat/back/main menu, placeholders) stay in the loader.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from .commands import EFFECTS
from .flow import Keys, NumberInputNode, RecordNode, Settings, TutorialNode

SPEC_VERSION = 1
NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # node ids, answer names, message names
_KEY = re.compile(r"^[0-9*#]$")

Found = list[tuple[str, str]]  # (path, message) pairs


@dataclass(frozen=True)
class Kind:
    """What a field's value must be: ``name`` as the documentation shows it, and ``check(value,
    path)`` returning the problems of a present value (an empty list when it is fine)."""

    name: str
    check: Callable[[Any, str], Found]


@dataclass(frozen=True)
class Field:
    """One YAML key of a mapping: its name, kind, whether it is required, its default (``None``:
    none) and one line saying what it does for the caller."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Shape:
    """A mapping with a fixed set of keys (a node type, a menu option, ``settings``, ...)."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _join(path: str, name: Any) -> str:
    """``_join("menu", "prompt") == "menu.prompt"``; ``_join("", "start") == "start"``."""
    return f"{path}.{name}" if path else str(name)


def unknown_key(name: Any, known: tuple[str, ...]) -> str:
    """The message for a key that ``known`` lacks, suggesting the closest known key if any."""
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f"unknown key; did you mean `{close[0]}`?"
    return f"unknown key (known: {', '.join(known)})"


def check(shape: Shape, raw: Any, path: str = "") -> Found:
    """Check one mapping against ``shape``: unknown keys, missing required keys, each value's kind.

    An optional key whose value is ``null`` counts as absent. Returns ``(path, message)`` pairs.
    """
    if not isinstance(raw, dict):
        return [(path or "(file)", f"must be a mapping ({shape.name})")]
    found = [(_join(path, name), unknown_key(name, shape.names))
             for name in raw if name not in shape.names]
    for spec in shape.fields:
        where = _join(path, spec.name)
        if spec.name not in raw or (raw[spec.name] is None and not spec.required):
            if spec.required:
                found.append((where, f"is required ({spec.kind.name})"))
            continue
        found += spec.kind.check(raw[spec.name], where)
    return found


def check_node(raw: Any, path: str) -> Found:
    """Check one node: its ``type`` names a node type, then the fields of that type."""
    if not isinstance(raw, dict):
        return [(path, "must be a mapping (a node)")]
    type_ = raw.get("type")
    shape = NODE_TYPES.get(type_) if isinstance(type_, str) else None
    if shape is None:
        return [(_join(path, "type"),
                 f"must be one of {', '.join(NODE_TYPES)}, found {raw.get('type')!r}")]
    return check(shape, raw, path)


def valid_values(shape: Shape, raw: Any) -> dict[str, Any]:
    """The present, well-formed values of ``raw`` by field name (used to build despite problems)."""
    if not isinstance(raw, dict):
        return {}
    return {f.name: raw[f.name] for f in shape.fields
            if raw.get(f.name) is not None and not f.kind.check(raw[f.name], f.name)}


# -- kinds ---------------------------------------------------------------------------------------

def _rule(name: str, ok: Callable[[Any], bool], message: str) -> Kind:
    """A kind checked by one predicate; ``message`` may use ``{value!r}``."""
    return Kind(name, lambda value, path: [] if ok(value) else [(path, message.format(value=value))])


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole(low: int, high: int) -> Kind:
    """A whole number from ``low`` to ``high`` inclusive."""
    return _rule(f"whole number {low}–{high}",
                 lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
                 f"must be a whole number from {low} to {high}, found {{value!r}}")


def one_of(names: tuple[str, ...]) -> Kind:
    """One of ``names``."""
    return _rule(f"one of {', '.join(f'`{n}`' for n in names)}", lambda v: v in names,
                 f"must be one of {', '.join(names)}, found {{value!r}}")


def mapping(shape: Shape) -> Kind:
    """A nested mapping checked against ``shape``."""
    return Kind(f"mapping: {shape.name}", lambda value, path: check(shape, value, path))


def items(shape: Shape) -> Kind:
    """A non-empty list of mappings, each checked against ``shape``."""
    def check_items(value: Any, path: str) -> Found:
        if not isinstance(value, list) or not value:
            return [(path, f"must be a non-empty list of {shape.name}s")]
        return [p for i, item in enumerate(value) for p in check(shape, item, f"{path}[{i}]")]
    return Kind(f"list of {shape.name}s", check_items)


def _texts(value: Any, path: str) -> Found:
    if not isinstance(value, list) or not value:
        return [(path, "must be a non-empty list of spoken texts")]
    return [p for i, item in enumerate(value) for p in TEXT.check(item, f"{path}[{i}]")]


def _outcomes(value: Any, path: str) -> Found:
    if not isinstance(value, dict) or not value:
        return [(path, "must map each outcome to a list of sentences")]
    return [(_join(path, name), "must be a list of sentences and {slots}")
            for name, said in value.items() if not isinstance(said, list) or not said]


def _messages(value: Any, path: str) -> Found:
    if not isinstance(value, dict):
        return [(path, "must be a mapping of name to text")]
    return [(_join(path, name), "is required") for name in REQUIRED_MESSAGES if name not in value]


TEXT = _rule("spoken text", _is_text, "needs spoken text (a non-empty string)")
TEXTS = Kind("list of spoken texts", _texts)
NODE = _rule("node id", lambda v: isinstance(v, str), "must name a node")
ANSWER = _rule("answer name", lambda v: isinstance(v, str) and bool(NAME.match(v)),
               "must name the answer (lowercase_with_underscores)")
KEY = _rule("key (`0`–`9`, `*`, `#`)", lambda v: bool(_KEY.match(str(v))),
            "must be one key 0-9, * or #, found {value!r}")
POSITIVE = _rule("positive number", lambda v: _is_number(v) and v > 0,
                 "must be a positive number, found {value!r}")
FLAG = _rule("`true` or `false`", lambda v: isinstance(v, bool),
             "must be true or false, found {value!r}")
# YAML 1.1 reads a bare yes/no as a boolean; both spellings mean the same here.
YES_NO = _rule("`yes` or `no`", lambda v: isinstance(v, bool) or v in ("yes", "no"),
               "must be yes or no, found {value!r}")
PHRASES = _rule("list of spoken phrases",
                lambda v: isinstance(v, list) and all(_is_text(p) for p in v),
                "must be a list of spoken phrases")
ANSWERS = _rule("answers (`name: value`)",
                lambda v: isinstance(v, dict)
                and all(isinstance(k, str) and NAME.match(k) for k in v),
                "must map answer names (lowercase_with_underscores) to values")
OUTCOMES = Kind("outcomes (`name: [sentence or {slot}, …]`)", _outcomes)
BRANCHES = _rule("outcomes to nodes (`outcome: node id`)",
                 lambda v: isinstance(v, dict) and all(isinstance(n, str) for n in v.values()),
                 "must map outcome names to node ids")
MESSAGES = Kind("messages (`name: spoken text`)", _messages)
VERSION = _rule(f"`{SPEC_VERSION}`", lambda v: type(v) is int and v == SPEC_VERSION,
                f"must be {SPEC_VERSION}, found {{value!r}}")
NODES = _rule("nodes (`id: node`)", lambda v: isinstance(v, dict),
              "must be a mapping of node id to node")

# -- the head: prompts/flow.yaml -----------------------------------------------------------------

REQUIRED_MESSAGES = (
    "welcome", "main_menu_controls", "menu_controls", "no_input", "invalid_key", "gave_up",
    "goodbye_no_input", "at_main_menu", "tutorial_hint_full", "tutorial_hint_short",
    "tutorial_stuck", "tutorial_done", "resume_offer", "error",
    "db_wait", "db_wait_recording", "db_still_waiting", "db_goodbye", "db_recording_kept",
    "db_reference_again", "db_kept_goodbye", "db_recording_kept_noref",
    *(f"digit_{d}" for d in range(10)),
    "num_muoi", "num_muoi_tens", "num_mot", "num_tu", "num_lam", "num_tram", "num_linh", "num_nghin",
    "num_many", "speech_not_heard", "speech_keys_only", "quiz_intro",
    "quiz_keys", "quiz_keys_speech", "no_input_speech", "repeat_keys",
    "result_repeat",
    "step_wait_reminder", "step_wait_goodbye_at", "step_wait_goodbye", "step_wait_goodbye_start",
    "tutorial_continue_at", "tutorial_continue_keys",
    "safety_notice", "speakerphone", "tutorial_hint_normal_speed",
    "lesson_hint_full", "lesson_hint_short", "lesson_wait_reminder",
    # said only on a call that listens (issue 9): "not yet" on a step, confirming a spoken choice
    "step_not_yet_speech", "lesson_not_yet_speech", "heard_number_speech", "heard_keep_speech",
    "heard_again_speech", "heard_option_speech", "heard_yes_speech", "heard_no_speech",
    "heard_key_speech", "confirm_spoken_speech",
)

_SETTINGS, _KEYS = Settings(), Keys()
SETTINGS = Shape("settings", "Timing and limits, in seconds.", (
    Field("timeout_seconds", POSITIVE, "silence after a question before it counts as no input",
          default=_SETTINGS.timeout_seconds),
    Field("max_no_input", POSITIVE, "questions left unanswered in a row before the caller is taken "
          "back to the main menu (a tutorial step waits instead: `step_max_wait_seconds`)",
          default=_SETTINGS.max_no_input),
    Field("max_prompt_seconds", POSITIVE, "lint: the longest any one prompt may be",
          default=_SETTINGS.max_prompt_seconds),
    Field("max_step_seconds", POSITIVE, "lint: the longest one tutorial step may be",
          default=_SETTINGS.max_step_seconds),
    Field("syllables_per_second", POSITIVE, "lint: the speaking rate used to estimate lengths",
          default=_SETTINGS.syllables_per_second),
    Field("step_wait_seconds", POSITIVE, "silence allowed on a tutorial step before a short "
          "reminder (the caller is busy doing the step), instead of `timeout_seconds`",
          default=_SETTINGS.step_wait_seconds),
    Field("step_max_wait_seconds", POSITIVE, "silence on one tutorial step, reminders included, "
          "before a goodbye that keeps the caller's place; never the main menu",
          default=_SETTINGS.step_max_wait_seconds),
    Field("safety_notice_days", whole(1, 3650), "the `safety_notice` message is said at the first "
          "main menu of a call when the caller has not heard it for this many days (always for a "
          "withheld number)", default=_SETTINGS.safety_notice_days),
))
KEYS = Shape("keys", "Keys with a fixed meaning; `repeat`, `back` and `main_menu` work on every "
             "node, so menus may not use them for options.", (
    Field("repeat", KEY, "hear the question again", default=_KEYS.repeat),
    Field("back", KEY, "one step or one menu back", default=_KEYS.back),
    Field("main_menu", KEY, "back to the main menu", default=_KEYS.main_menu),
    Field("next", KEY, "tutorial: this step is done, next step", default=_KEYS.next),
    Field("slower", KEY, "tutorial: hear the step again, slower; later steps and the caller's "
          "next calls stay slow", default=_KEYS.slower),
    Field("stuck", KEY, "tutorial: I am stuck (says how to get help)", default=_KEYS.stuck),
    Field("normal_speed", KEY, "tutorial, while steps are slow: back to normal speed (named in "
          "the step hint only then; kept for the caller's next calls)",
          default=_KEYS.normal_speed),
    Field("restart", KEY, "end of a tutorial: hear it from the start", default=_KEYS.restart),
    Field("resume_yes", KEY, "resume offer: continue the unfinished tutorial",
          default=_KEYS.resume_yes),
    Field("resume_no", KEY, "resume offer: start afresh at the main menu (going back into a "
          "tutorial within a call: the tutorial from its beginning)", default=_KEYS.resume_no),
))
SPEECH = Shape("speech", "Spoken forms that stand for a key where a question also listens (with a "
               "speech model; keys always work).", (
    Field("next", PHRASES, "said in a tutorial step: like the `next` key"),
    Field("slower", PHRASES, "said in a tutorial step: like the `slower` key"),
    Field("normal_speed", PHRASES, "said in a slow tutorial step: like the `normal_speed` key"),
    Field("stuck", PHRASES, "said in a tutorial step: like the `stuck` key"),
    Field("restart", PHRASES, "said at the end of a tutorial: like the `restart` key"),
    Field("keep", PHRASES, "said after a recording: keep it (key `1`)"),
    Field("listen", PHRASES, "said after a recording: listen back (key `*`, or `2`)"),
    Field("again", PHRASES, "said after a recording: record again (key `3`)"),
))
HEAD = Shape("flow.yaml", "The head of the flow: `prompts/flow.yaml`.", (
    Field("spec_version", VERSION, "the version of this format", required=True),
    Field("start", NODE, "the node every call starts at (the main menu)", required=True),
    Field("settings", mapping(SETTINGS), "timing and limits (below)"),
    Field("keys", mapping(KEYS), "keys with a fixed meaning (below)"),
    Field("messages", MESSAGES, "shared sentences, said as `common.<name>`; the required names "
          "are listed below; `<name>_speech` is said instead of `<name>` when the call also "
          "listens for speech (the only place to invite it: \"bác nói có\")", required=True),
    Field("speech", mapping(SPEECH), "spoken forms for the fixed keys (below)"),
    Field("volunteer", NODE, "where \"gặp tình nguyện viên\" said at any question leads"),
    Field("stuck", NODE, "a `transfer` node the tutorial's stuck key offers: after "
          "`tutorial_stuck`, the `stuck_offer` message (then required) asks `1` to be put "
          "through, `2` to hear the step again; unset: the step again at once"),
    Field("visit", NODE, "where \"đến nhà\", \"tới nhà\" or \"hướng dẫn tại nhà\" (a home "
          "visit, issue 12) said at any question leads; beside another answer, that answer counts"),
    Field("nodes", NODES, "nodes, like a `prompts/nodes/*.yaml` file"),
))

# -- nodes ---------------------------------------------------------------------------------------

OPTION = Shape("menu option", "One choice of a menu.", (
    Field("key", KEY, "the key that chooses it; not a key reserved in `keys`", required=True),
    Field("say", TEXT, "the sentence that announces it (\"Hướng dẫn, bấm 1.\")", required=True),
    Field("goto", NODE, "the node it leads to", required=True),
    Field("set", ANSWERS, "answers recorded when chosen (`claimed_identity: police`), stored by "
          "`save_report`"),
    Field("words", PHRASES, "spoken forms that choose it (\"hướng dẫn\", \"học\")"),
))
YES_NO_KEYS = Shape("yes/no answer", "A menu's `yes_no`: the options a spoken yes and a spoken "
                    "no choose, in a menu that asks a yes/no question (\"Bác đã … chưa?\"); "
                    "`yes:` and `no:` may be written bare (YAML reads them as true/false).", (
    Field("yes", KEY, "the option a yes chooses (có, rồi, đã, ừ, vâng…)", required=True),
    Field("no", KEY, "the option a no chooses (không, chưa, chưa có, hổng có, nỏ…)",
          required=True),
))


def yes_no_keys(raw: Any) -> Any:
    """``raw`` with YAML 1.1's booleans for a bare ``yes:`` / ``no:`` key read back as the words
    (``{True: "1", False: "2"}`` → ``{"yes": "1", "no": "2"}``); anything else unchanged."""
    if not isinstance(raw, dict):
        return raw
    return {({True: "yes", False: "no"}[k] if isinstance(k, bool) else k): v for k, v in raw.items()}


YES_NO_MAPPING = Kind(f"mapping: {YES_NO_KEYS.name}",
                      lambda value, path: check(YES_NO_KEYS, yes_no_keys(value), path))
QUIZ_QUESTION = Shape("quiz question", "One yes/no question after a lesson.", (
    Field("question", TEXT, "the question; `1` answers yes, `2` no", required=True),
    Field("answer", YES_NO, "the right answer", required=True),
    Field("right", TEXT, "said after a right answer", required=True),
    Field("wrong", TEXT, "said after a wrong answer (explains the right one)", required=True),
))

def _node(type_: str, doc: str, *node_fields: Field) -> Shape:
    kind = Kind(f"`{type_}`", lambda value, path: [])  # check_node has already chosen the type
    return Shape(type_, doc, (Field("type", kind, "the node type", required=True), *node_fields))


_GOTO = Field("goto", NODE, "the node that comes next", required=True)
_ON_SILENCE = Field("on_silence", NODE, "after `settings.max_no_input` silences in a row, continue "
                    "here (no `gave_up` message) instead of going back to the main menu")
_ANSWER = Field("answer", ANSWER, "the name the caller's answer is stored under", required=True)

MENU = _node(
    "menu", "The prompt, each option's `say`, then the control keys; a key (or a spoken option "
    "word) leads to that option's node.",
    Field("prompt", TEXT, "the question", required=True),
    Field("options", items(OPTION), "the choices (below)", required=True),
    _ON_SILENCE,
    Field("yes_no", YES_NO_MAPPING, "the question is also a yes/no question: a spoken "
          "yes or no (with its regional and negated forms, understood by `speech/intents.py`) "
          "chooses these options' keys, besides each option's `words` (below)"),
)
TUTORIAL = _node(
    "tutorial", "\"Do it with me\": the intro, then one step at a time, each confirmed with `1`; "
    "after the last step the optional quiz and the `tutorial_done` message.",
    Field("title", TEXT, "the lesson's name, said in `tutorial_done` and `resume_offer`",
          required=True),
    Field("intro", TEXT, "said before the first step", required=True),
    Field("steps", TEXTS, "one short action each, at most `settings.max_step_seconds`",
          required=True),
    Field("outro", TEXT, "said after the last step"),
    Field("quiz", items(QUIZ_QUESTION), "yes/no questions after the lesson (below)"),
    Field("hands_on", FLAG, "the caller does the steps on a phone: the `speakerphone` message is "
          "said after the first step, before its keys, once per call (not for listening-only lessons)",
          default=TutorialNode.hands_on),
)
MESSAGE = _node(
    "message", "The text, then the `goto` node (placeholders and short notices).",
    Field("text", TEXT, "what is said", required=True),
    _GOTO,
)
HANGUP = _node(
    "hangup", "The text, then the call ends.",
    Field("text", TEXT, "the goodbye", required=True),
)
NUMBER_INPUT = _node(
    "number_input", "The caller keys a number ending with `#`; it is read back digit by digit, in "
    "groups with a short pause after each (a phone number 4-3-3, a code 3-3); "
    "`1` confirms (stored as the answer), `2` keys again. Without `readback` and `confirm` there "
    "is no read-back turn: a well-formed number is the answer at once, and the next node says it "
    "(a lookup's `{number}` slot), so a mistyped number is still heard.",
    _ANSWER,
    Field("prompt", TEXT, "asks for the number", required=True),
    Field("readback", TEXT, "said before the number is read back; give it with `confirm`, or "
          "leave both out for no read-back turn"),
    Field("confirm", TEXT, "asks to confirm: `1` yes, `2` key again; give it with `readback`, "
          "or leave both out for no read-back turn"),
    Field("invalid", TEXT, "said when the number has the wrong length", required=True),
    _GOTO,
    Field("optional", FLAG, "`#` alone skips the question (the answer is then empty)",
          default=NumberInputNode.optional),
    Field("digits", whole(3, 15), "exactly this many digits (a code); unset: a phone number of "
          "3–15 digits"),
    Field("timeout_seconds", POSITIVE, "silence allowed while keying, instead of "
          "`settings.timeout_seconds`"),
    _ON_SILENCE,
)
RECORD = _node(
    "record", "The report (or, with `keeps: visit`, the home visit request) is saved first "
    "(nothing is lost if the caller hangs up), then the "
    "prompt, a beep and a recording ending on `#` or silence; then `1` keep, `*` listen back "
    "(then the review again; `2` still works), `3` record again.",
    _ANSWER,
    Field("prompt", TEXT, "said before the beep", required=True),
    Field("review", TEXT, "offers keep `1` / listen back `*` / record again `3`",
          required=True),
    Field("playback", TEXT, "said before the recording is played back", required=True),
    Field("empty", TEXT, "said when nothing was recorded", required=True),
    _GOTO,
    Field("max_seconds", whole(5, 600), "the longest recording", default=RecordNode.max_seconds),
    Field("silence_seconds", whole(1, 30), "silence that ends the recording",
          default=RecordNode.silence_seconds),
    Field("keeps", one_of(("report", "visit")), "what the recording belongs to: a scam report "
          "(`save_report` before the beep) or a home visit request (`save_visit`, issue 12); "
          "the adapter tells Twilio's callbacks which", default=RecordNode.keeps),
)
LOOKUP = _node(
    "lookup", "The call service does `effect` and reports an outcome; that outcome's sentences "
    "are said with their `{slots}` filled, then how to hear them again, then the `goto` node, "
    "where `*` says the outcome again before its question.",
    Field("effect", one_of(EFFECTS), "what the call service does", required=True),
    Field("outcomes", OUTCOMES, "for each outcome the service may report, what is said",
          required=True),
    _GOTO,
    Field("repeat", TEXT, "said after the outcome: how to hear it again with `*` at the next "
          "question (unset: the `result_repeat` message)"),
    Field("then", BRANCHES, "outcomes that continue elsewhere than `goto` (`no_number: "
          "callback_number`); such an outcome is said without `repeat`, and its node's question "
          "follows at once"),
)

TRANSFER = _node(
    "transfer", "Put the caller through to the volunteers on shift (issue 12): the `hold` "
    "sentence while they are rung (the adapter dials with a timeout, each volunteer hears the "
    "whisper and presses 1 to take the call). After a conversation: `thanks`, then `goto` (from a "
    "tutorial's stuck offer: back to that step). Nobody on shift, nobody answered: `unavailable`.",
    Field("hold", TEXT, "said to the caller while the volunteers are rung", required=True),
    Field("thanks", TEXT, "said to the caller after the conversation", required=True),
    Field("whisper", TEXT, "said to the volunteer who answers, before they press 1 (a caller "
          "who asked for a person)", required=True),
    Field("whisper_stuck", TEXT, "said to the volunteer for a caller stuck in a tutorial; "
          "`{title}` and `{step}` are the tutorial's title and the step number", required=True),
    Field("unavailable", NODE, "where the caller goes when nobody is on shift or nobody takes "
          "the call", required=True),
    _GOTO,
)

NODE_TYPES: dict[str, Shape] = {s.name: s for s in (MENU, TUTORIAL, MESSAGE, HANGUP, NUMBER_INPUT,
                                                    RECORD, LOOKUP, TRANSFER)}
NESTED: tuple[Shape, ...] = (OPTION, YES_NO_KEYS, QUIZ_QUESTION)


__all__ = ["HEAD", "KEYS", "NAME", "NESTED", "NODE_TYPES", "OPTION", "QUIZ_QUESTION",
           "REQUIRED_MESSAGES", "SETTINGS", "SPEC_VERSION", "SPEECH", "YES_NO_KEYS", "Field",
           "Found", "Kind", "Shape", "check", "check_node", "items", "mapping", "one_of",
           "unknown_key", "valid_values", "whole", "yes_no_keys"]
