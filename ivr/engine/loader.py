"""Load the call flow from YAML under ``prompts/`` and validate it, naming the path of every problem.

Files: ``prompts/flow.yaml`` (``spec_version``, ``start``, ``settings``, ``keys``, ``messages``) and
any number of ``prompts/nodes/*.yaml``, each a mapping of node id to node. The format is described
in ``docs/flow-spec.md``. Structural problems (unknown node, missing text, bad key) are collected and
raised together as one :class:`~ivr.engine.errors.FlowError`; graph checks (reachability, dead ends,
speech length) live in :mod:`ivr.engine.lint`.
"""
from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping

import yaml

from .commands import EFFECTS, Prompt
from .errors import FlowError, Problem
from .flow import (Flow, HangupNode, Keys, LookupNode, MenuNode, MessageNode, Node, NumberInputNode,
                   Option, QuizQuestion, RecordNode, Settings, Slot, TutorialNode)

SPEC_VERSION = 1
REQUIRED_MESSAGES = (
    "welcome", "main_menu_controls", "menu_controls", "no_input", "invalid_key", "gave_up",
    "goodbye_no_input", "at_main_menu", "tutorial_hint_full", "tutorial_hint_short",
    "tutorial_stuck", "tutorial_done", "resume_offer", "error",
    *(f"digit_{d}" for d in range(10)),
    "num_muoi", "num_muoi_tens", "num_mot", "num_tu", "num_lam", "num_tram", "num_linh", "num_nghin",
    "num_many", "speech_not_heard", "speech_keys_only", "quiz_intro",
)
SPEECH_NAMES = ("next", "slower", "stuck", "restart", "keep", "listen", "again")
_NODE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SLOT = re.compile(r"^\{([a-z_]+)\}$")
_KEY = re.compile(r"^[0-9*#]$")


class _Collector:
    """Gathers problems while building, so one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.file = ""

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))


def load_flow(folder: str | Path, variables: Mapping[str, str] | None = None) -> Flow:
    """Read ``folder/flow.yaml`` and ``folder/nodes/*.yaml`` and return a validated :class:`Flow`.

    ``variables`` fill ``{name}`` placeholders in any text (e.g. ``volunteer_line``).
    Raises :class:`FlowError` listing every problem, or ``FileNotFoundError`` if ``flow.yaml`` is
    missing.
    """
    folder = Path(folder)
    documents = [(folder / "flow.yaml", _read_yaml(folder / "flow.yaml"))]
    documents += [(p, _read_yaml(p)) for p in sorted((folder / "nodes").glob("*.yaml"))]
    return build_flow(documents, variables or {}, root=folder)


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as exc:
            raise FlowError([Problem(str(path), "(file)", f"not valid YAML: {exc}")]) from exc


def build_flow(documents: list[tuple[Path, Any]], variables: Mapping[str, str],
               root: Path | None = None) -> Flow:
    """Build a :class:`Flow` from parsed YAML documents; the first is the ``flow.yaml`` head.

    Raises :class:`FlowError` with every problem found.
    """
    problems = _Collector()
    head_path, head = documents[0]
    problems.file = _display(head_path, root)
    if not isinstance(head, dict):
        raise FlowError([Problem(problems.file, "(file)", "must be a mapping")])
    if head.get("spec_version") != SPEC_VERSION:
        problems.add("spec_version", f"must be {SPEC_VERSION}, found {head.get('spec_version')!r}")
    settings = _dataclass_from(Settings, head.get("settings") or {}, "settings", problems)
    keys = _dataclass_from(Keys, head.get("keys") or {}, "keys", problems)
    texts = _Texts(variables, problems)
    messages = _messages(head.get("messages") or {}, texts, problems)
    speech = _speech(head.get("speech") or {}, problems)
    raw_nodes: dict[str, tuple[str, Any]] = {}
    for path, document in documents:
        problems.file = _display(path, root)
        nodes = document.get("nodes", {}) if path == head_path else document
        if not isinstance(nodes, dict):
            problems.add("(file)", "must be a mapping of node id to node")
            continue
        for node_id, raw in nodes.items():
            if node_id in raw_nodes:
                problems.add(str(node_id), f"defined twice (also in {raw_nodes[node_id][0]})")
            raw_nodes[str(node_id)] = (problems.file, raw)
    nodes: dict[str, Node] = {}
    for node_id, (file, raw) in raw_nodes.items():
        problems.file = file
        node = _node(node_id, raw, texts, keys, messages, problems)
        if node is not None:
            nodes[node_id] = node
    problems.file = _display(head_path, root)
    start = str(head.get("start", ""))
    if start not in raw_nodes:
        problems.add("start", f"names no node: {start!r}")
    volunteer = head.get("volunteer")
    if volunteer is not None and volunteer not in raw_nodes:
        problems.add("volunteer", f"names no node: {volunteer!r}")
    _check_targets(nodes, raw_nodes, problems)
    if problems.problems:
        raise FlowError(problems.problems)
    return Flow(SPEC_VERSION, start, nodes, messages, settings, keys, speech, volunteer)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(Path(root.name) / path.relative_to(root))
        except ValueError:
            pass
    return str(path)


def _dataclass_from(cls, raw: Any, path: str, problems: _Collector):
    if not isinstance(raw, dict):
        problems.add(path, "must be a mapping")
        return cls()
    known = {f.name: f for f in fields(cls)}
    values = {}
    for name, value in raw.items():
        if name not in known:
            problems.add(f"{path}.{name}", f"unknown setting (known: {', '.join(known)})")
            continue
        default = getattr(cls(), name)
        if isinstance(default, str):
            value = str(value)
            if not _KEY.match(value):
                problems.add(f"{path}.{name}", f"must be one key 0-9, * or #, found {value!r}")
                continue
        elif not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            problems.add(f"{path}.{name}", f"must be a positive number, found {value!r}")
            continue
        values[name] = type(default)(value)
    return cls(**values)


class _Texts:
    """Normalises spoken text (NFC, single spaces) and fills ``{placeholders}``."""

    def __init__(self, variables: Mapping[str, str], problems: _Collector):
        self.variables = dict(variables)
        self.problems = problems

    def prompt(self, prompt_id: str, raw: Any, path: str, **extra: str) -> Prompt | None:
        if not isinstance(raw, str) or not raw.strip():
            self.problems.add(path, "needs spoken text (a non-empty string)")
            return None
        text = " ".join(unicodedata.normalize("NFC", raw).split())
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        values = {**self.variables, **extra}
        missing = sorted(names - values.keys())
        if missing:
            self.problems.add(path, f"unknown placeholder {{{missing[0]}}}")
            return None
        return Prompt(prompt_id, text.format_map(values) if names else text)


def phrase_list(raw: Any, path: str, problems: _Collector) -> tuple[str, ...] | None:
    """Spoken forms: a list of non-empty strings, NFC, lowercase, single-spaced."""
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        problems.add(path, "must be a list of spoken phrases")
        return None
    return tuple(" ".join(unicodedata.normalize("NFC", p).lower().split()) for p in raw)


def _speech(raw: Any, problems: _Collector) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        problems.add("speech", "must map key names to lists of spoken phrases")
        return {}
    found = {}
    for name, phrases in raw.items():
        if name not in SPEECH_NAMES:
            problems.add(f"speech.{name}", f"unknown (known: {', '.join(SPEECH_NAMES)})")
            continue
        checked = phrase_list(phrases, f"speech.{name}", problems)
        if checked is not None:
            found[name] = checked
    return found


def _messages(raw: Any, texts: _Texts, problems: _Collector) -> dict[str, Prompt]:
    if not isinstance(raw, dict):
        problems.add("messages", "must be a mapping of name to text")
        return {}
    messages: dict[str, Prompt] = {}
    for name in REQUIRED_MESSAGES:
        if name not in raw:
            problems.add(f"messages.{name}", "is required")
    for name, text in raw.items():
        # Templates filled per tutorial are kept raw here and checked when a tutorial uses them.
        keep = {"title": "{title}"} if name in ("tutorial_done", "resume_offer") else {}
        prompt = texts.prompt(f"common.{name}", text, f"messages.{name}", **keep)
        if prompt is not None:
            messages[name] = prompt
    return messages


def _node(node_id: str, raw: Any, texts: _Texts, keys: Keys, messages: dict[str, Prompt],
          problems: _Collector) -> Node | None:
    if not _NODE_ID.match(node_id):
        problems.add(node_id, "node ids are lowercase letters, digits and _, starting with a letter")
        return None
    if not isinstance(raw, dict):
        problems.add(node_id, "must be a mapping")
        return None
    builder = _BUILDERS.get(raw.get("type"))
    if builder is None:
        problems.add(f"{node_id}.type", f"must be one of {', '.join(_BUILDERS)}, found {raw.get('type')!r}")
        return None
    return builder(node_id, raw, texts, keys, messages, problems)


def _menu(node_id, raw, texts, keys, messages, problems) -> MenuNode | None:
    prompt = texts.prompt(f"{node_id}.prompt", raw.get("prompt"), f"{node_id}.prompt")
    options = []
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or not raw_options:
        problems.add(f"{node_id}.options", "a menu needs at least one option")
        raw_options = []
    seen: set[str] = set()
    for index, item in enumerate(raw_options):
        path = f"{node_id}.options[{index}]"
        if not isinstance(item, dict):
            problems.add(path, "must be a mapping with key, say and goto")
            continue
        key = str(item.get("key", ""))
        if not _KEY.match(key):
            problems.add(f"{path}.key", f"must be one key 0-9, * or #, found {key!r}")
        elif key in keys.global_keys:
            problems.add(f"{path}.key", f"{key!r} is reserved for repeat/back/main menu")
        elif key in seen:
            problems.add(f"{path}.key", f"{key!r} is used twice in this menu")
        seen.add(key)
        say = texts.prompt(f"{node_id}.option{key}", item.get("say"), f"{path}.say")
        goto = item.get("goto")
        answers = _answers(item.get("set", {}), f"{path}.set", problems)
        words = phrase_list(item.get("words", []), f"{path}.words", problems)
        if not isinstance(goto, str):
            problems.add(f"{path}.goto", "must name a node")
        elif say is not None and answers is not None and words is not None:
            options.append(Option(key, say, goto, answers, words))
    if prompt is None or len(options) != len(raw_options):
        return None
    return MenuNode(node_id, prompt, tuple(options))


def _answers(raw: Any, path: str, problems: _Collector) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(raw, dict) or not all(isinstance(k, str) and _NODE_ID.match(k) for k in raw):
        problems.add(path, "must map answer names (lowercase_with_underscores) to values")
        return None
    return tuple((name, str(value).lower() if isinstance(value, bool) else str(value))
                 for name, value in raw.items())


def _tutorial(node_id, raw, texts, keys, messages, problems) -> TutorialNode | None:
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.add(f"{node_id}.title", "needs a spoken title")
        return None
    intro = texts.prompt(f"{node_id}.intro", raw.get("intro"), f"{node_id}.intro")
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.add(f"{node_id}.steps", "a tutorial needs at least one step")
        raw_steps = []
    steps = [texts.prompt(f"{node_id}.step{i + 1}", s, f"{node_id}.steps[{i}]")
             for i, s in enumerate(raw_steps)]
    outro = None
    if "outro" in raw:
        outro = texts.prompt(f"{node_id}.outro", raw["outro"], f"{node_id}.outro")
    title = " ".join(title.split())
    done = _templated(node_id, "done", "tutorial_done", title, texts, messages)
    resume = _templated(node_id, "resume", "resume_offer", title, texts, messages)
    quiz = _quiz(node_id, raw.get("quiz", []), texts, problems)
    if intro is None or None in steps or done is None or resume is None or quiz is None:
        return None
    if "outro" in raw and outro is None:
        return None
    return TutorialNode(node_id, title, intro, tuple(steps), done, resume, outro, quiz)


def _quiz(node_id, raw, texts, problems) -> tuple[QuizQuestion, ...] | None:
    if not isinstance(raw, list):
        problems.add(f"{node_id}.quiz", "must be a list of questions")
        return None
    questions = []
    for index, item in enumerate(raw):
        path, n = f"{node_id}.quiz[{index}]", index + 1
        # YAML 1.1 reads a bare yes/no as a boolean; both spellings mean the same here.
        answer = {"yes": "yes", True: "yes", "no": "no", False: "no"}.get(
            item.get("answer") if isinstance(item, dict) else None)
        if answer is None:
            problems.add(path, "needs question, answer (yes or no), right and wrong")
            return None
        said = [texts.prompt(f"{node_id}.quiz{n}{suffix}", item.get(name), f"{path}.{name}")
                for name, suffix in (("question", ""), ("right", "_right"), ("wrong", "_wrong"))]
        if None in said:
            return None
        questions.append(QuizQuestion(said[0], answer, said[1], said[2]))
    return tuple(questions)


def _templated(node_id, suffix, message, title, texts, messages) -> Prompt | None:
    template = messages.get(message)
    if template is None:
        return None
    return texts.prompt(f"{node_id}.{suffix}", template.text, f"messages.{message}", title=title)


def _message(node_id, raw, texts, keys, messages, problems) -> MessageNode | None:
    text = texts.prompt(f"{node_id}.text", raw.get("text"), f"{node_id}.text")
    goto = raw.get("goto")
    if not isinstance(goto, str):
        problems.add(f"{node_id}.goto", "must name a node")
        return None
    return MessageNode(node_id, text, goto) if text else None


def _hangup(node_id, raw, texts, keys, messages, problems) -> HangupNode | None:
    text = texts.prompt(f"{node_id}.text", raw.get("text"), f"{node_id}.text")
    return HangupNode(node_id, text) if text else None


def _texts_of(node_id, raw, texts, names) -> dict[str, Prompt | None]:
    return {name: texts.prompt(f"{node_id}.{name}", raw.get(name), f"{node_id}.{name}")
            for name in names}


def _goto_and_answer(node_id, raw, problems) -> tuple[str, str] | None:
    goto, answer = raw.get("goto"), raw.get("answer")
    if not isinstance(goto, str):
        problems.add(f"{node_id}.goto", "must name a node")
    if not isinstance(answer, str) or not _NODE_ID.match(answer):
        problems.add(f"{node_id}.answer", "must name the answer (lowercase_with_underscores)")
    return (goto, answer) if isinstance(goto, str) and isinstance(answer, str) else None


def _number_input(node_id, raw, texts, keys, messages, problems) -> NumberInputNode | None:
    said = _texts_of(node_id, raw, texts, ("prompt", "readback", "confirm", "invalid"))
    names = _goto_and_answer(node_id, raw, problems)
    digits, timeout = raw.get("digits"), raw.get("timeout_seconds")
    if digits is not None and (not isinstance(digits, int) or not 3 <= digits <= 15):
        problems.add(f"{node_id}.digits", f"must be a whole number from 3 to 15, found {digits!r}")
        return None
    if timeout is not None and (not isinstance(timeout, (int, float)) or timeout <= 0):
        problems.add(f"{node_id}.timeout_seconds", f"must be a positive number, found {timeout!r}")
        return None
    if None in said.values() or names is None:
        return None
    return NumberInputNode(node_id, names[1], **said, goto=names[0],
                           optional=bool(raw.get("optional", False)), digits=digits,
                           timeout_seconds=float(timeout) if timeout else None)


def _record(node_id, raw, texts, keys, messages, problems) -> RecordNode | None:
    said = _texts_of(node_id, raw, texts, ("prompt", "review", "playback", "empty"))
    names = _goto_and_answer(node_id, raw, problems)
    limits = {}
    for name, low, high in (("max_seconds", 5, 600), ("silence_seconds", 1, 30)):
        value = raw.get(name, getattr(RecordNode, name))
        if not isinstance(value, int) or not low <= value <= high:
            problems.add(f"{node_id}.{name}", f"must be a whole number from {low} to {high}")
            return None
        limits[name] = value
    if None in said.values() or names is None:
        return None
    return RecordNode(node_id, names[1], **said, goto=names[0], **limits)


def _lookup(node_id, raw, texts, keys, messages, problems) -> LookupNode | None:
    effect, goto, raw_outcomes = raw.get("effect"), raw.get("goto"), raw.get("outcomes")
    ok = True
    if effect not in EFFECTS:
        problems.add(f"{node_id}.effect", f"must be one of {', '.join(EFFECTS)}, found {effect!r}")
        ok = False
    if not isinstance(goto, str):
        problems.add(f"{node_id}.goto", "must name a node")
        ok = False
    if not isinstance(raw_outcomes, dict) or not raw_outcomes:
        problems.add(f"{node_id}.outcomes", "must map each outcome to a list of sentences")
        return None
    outcomes = {}
    for outcome, items in raw_outcomes.items():
        path = f"{node_id}.outcomes.{outcome}"
        if not isinstance(items, list) or not items:
            problems.add(path, "must be a list of sentences and {slots}")
            ok = False
            continue
        said = [Slot(m.group(1)) if isinstance(item, str) and (m := _SLOT.match(item.strip()))
                else texts.prompt(f"{node_id}.{outcome}{i + 1}", item, f"{path}[{i}]")
                for i, item in enumerate(items)]
        ok = ok and None not in said
        outcomes[str(outcome)] = tuple(said)
    return LookupNode(node_id, effect, outcomes, goto) if ok else None


_BUILDERS = {"menu": _menu, "tutorial": _tutorial, "message": _message, "hangup": _hangup,
             "number_input": _number_input, "record": _record, "lookup": _lookup}


def _check_targets(nodes: dict[str, Node], raw_nodes: dict, problems: _Collector) -> None:
    for node in nodes.values():
        problems.file = raw_nodes[node.id][0]
        if isinstance(node, MenuNode):
            for index, option in enumerate(node.options):
                if option.goto not in raw_nodes:
                    problems.add(f"{node.id}.options[{index}].goto", f"names no node: {option.goto!r}")
        elif not isinstance(node, MenuNode):
            for target in node.targets:
                if target not in raw_nodes:
                    problems.add(f"{node.id}.goto", f"names no node: {target!r}")
