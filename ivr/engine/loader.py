"""Load the call flow from YAML under ``prompts/`` and validate it, naming the path of every problem.

Files: ``prompts/flow.yaml`` (the head) and any number of ``prompts/nodes/*.yaml``, each a mapping of
node id to node. The format is declared once in :mod:`ivr.engine.spec` (and documented from it in
``docs/flow-spec.md``): every mapping is checked against that declaration first (unknown keys with
the closest known key, missing fields, kinds and ranges), then built into the dataclasses of
:mod:`ivr.engine.flow`, checking what needs the whole flow (``goto`` targets, reserved keys,
placeholders). Every problem is collected and raised together as one
:class:`~ivr.engine.errors.FlowError`; graph checks (reachability, dead ends, speech length) live
in :mod:`ivr.engine.lint`.
"""
from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path
from typing import Any, Mapping

import yaml

from .commands import Prompt
from .errors import FlowError, Problem
from .flow import (Flow, HangupNode, Keys, LookupNode, MenuNode, MessageNode, Node, NumberInputNode,
                   Option, QuizQuestion, RecordNode, Settings, Slot, TransferNode, TutorialNode)
from .spec import (HEAD, KEYS, NAME, REQUIRED_MESSAGES, SETTINGS, SPEC_VERSION, SPEECH, Found,
                   check, check_node, valid_values, yes_no_keys)

_SLOT = re.compile(r"^\{([a-z_]+)\}$")

__all__ = ["REQUIRED_MESSAGES", "SPEC_VERSION", "build_flow", "load_flow"]


class _Collector:
    """Gathers problems while building, so one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.file = ""

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def extend(self, found: Found) -> None:
        for path, message in found:
            self.add(path, message)


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
    problems.extend(check(HEAD, head))
    settings = Settings(**{name: type(getattr(Settings, name))(value)
                           for name, value in valid_values(SETTINGS, head.get("settings")).items()})
    keys = Keys(**{name: str(value) for name, value in valid_values(KEYS, head.get("keys")).items()})
    texts = _Texts(variables, problems)
    messages = _messages(head.get("messages"), texts)
    speech = {name: _phrases(phrases)
              for name, phrases in valid_values(SPEECH, head.get("speech")).items()}
    raw_nodes: dict[str, tuple[str, Any]] = {}
    for path, document in documents:
        problems.file = _display(path, root)
        nodes = (head.get("nodes") or {}) if path == head_path else document
        if not isinstance(nodes, dict):
            if path != head_path:  # the head's ``nodes`` was checked with the head
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
    start, volunteer, stuck = head.get("start"), head.get("volunteer"), head.get("stuck")
    visit = head.get("visit")
    for name, target in (("start", start), ("volunteer", volunteer), ("stuck", stuck),
                         ("visit", visit)):
        if isinstance(target, str) and target not in raw_nodes:
            problems.add(name, f"names no node: {target!r}")
    _check_stuck(stuck, nodes, messages, problems)
    _check_targets(nodes, raw_nodes, problems)
    if problems.problems:
        raise FlowError(problems.problems)
    files = {"": problems.file, **{node_id: file for node_id, (file, _) in raw_nodes.items()}}
    return Flow(SPEC_VERSION, start, nodes, messages, settings, keys, speech, volunteer, files,
                stuck, visit)


def _check_stuck(stuck: Any, nodes: dict[str, Node], messages: dict[str, Prompt],
                 problems: _Collector) -> None:
    """``stuck`` names a ``transfer`` node, and the ``stuck_offer`` message asks its question."""
    if not isinstance(stuck, str):
        return
    if stuck in nodes and not isinstance(nodes[stuck], TransferNode):
        problems.add("stuck", f"must name a transfer node, {stuck!r} is a {type(nodes[stuck]).__name__}")
    if "stuck_offer" not in messages:
        problems.add("messages.stuck_offer", "is required with `stuck` (the offer of a volunteer "
                     "after the stuck key)")


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(Path(root.name) / path.relative_to(root))
        except ValueError:
            pass
    return str(path)


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


def _phrases(raw: list[str]) -> tuple[str, ...]:
    """Spoken forms (already checked as a list of phrases): NFC, lowercase, single-spaced."""
    return tuple(" ".join(unicodedata.normalize("NFC", p).lower().split()) for p in raw)


def _messages(raw: Any, texts: _Texts) -> dict[str, Prompt]:
    messages: dict[str, Prompt] = {}
    for name, text in (raw.items() if isinstance(raw, dict) else ()):
        # Templates filled per tutorial are kept raw here and checked when a tutorial uses them.
        keep = {"title": "{title}"} if name in ("tutorial_done", "resume_offer") else {}
        prompt = texts.prompt(f"common.{name}", text, f"messages.{name}", **keep)
        if prompt is not None:
            messages[name] = prompt
    return messages


def _node(node_id: str, raw: Any, texts: _Texts, keys: Keys, messages: dict[str, Prompt],
          problems: _Collector) -> Node | None:
    if not NAME.match(node_id):
        problems.add(node_id, "node ids are lowercase letters, digits and _, starting with a letter")
        return None
    found = check_node(raw, node_id)
    if found:  # built only when it has the declared shape, so each problem is reported once
        problems.extend(found)
        return None
    return _BUILDERS[raw["type"]](node_id, raw, texts, keys, messages, problems)


def _menu(node_id, raw, texts, keys, messages, problems) -> MenuNode | None:
    prompt = texts.prompt(f"{node_id}.prompt", raw["prompt"], f"{node_id}.prompt")
    options = []
    for index, item in enumerate(raw["options"]):
        path, key = f"{node_id}.options[{index}]", str(item["key"])
        if key in keys.global_keys:
            problems.add(f"{path}.key", f"{key!r} is reserved for repeat/back/main menu")
        elif key in (o.key for o in options):
            problems.add(f"{path}.key", f"{key!r} is used twice in this menu")
        say = texts.prompt(f"{node_id}.option{key}", item["say"], f"{path}.say")
        answers = tuple((name, str(value).lower() if isinstance(value, bool) else str(value))
                        for name, value in (item.get("set") or {}).items())
        options.append(Option(key, say, item["goto"], answers, _phrases(item.get("words") or [])))
    clean = len({o.key for o in options} - set(keys.global_keys)) == len(options)
    yes_no = _yes_no(node_id, raw.get("yes_no"), options, problems)
    if prompt is None or not clean or any(o.say is None for o in options):
        return None
    return MenuNode(node_id, prompt, tuple(options), on_silence=raw.get("on_silence"),
                    yes_no=yes_no)


def _yes_no(node_id, raw, options, problems) -> tuple[str, str] | None:
    """A menu's ``yes_no`` keys as ``(yes, no)``; each must be one of the menu's option keys."""
    if not raw:
        return None
    raw = yes_no_keys(raw)
    pair = (str(raw["yes"]), str(raw["no"]))
    known = {o.key for o in options}
    for name, key in zip(("yes", "no"), pair):
        if key not in known:
            problems.add(f"{node_id}.yes_no.{name}", f"{key!r} is not a key of this menu's options")
    if pair[0] == pair[1]:
        problems.add(f"{node_id}.yes_no", "yes and no must choose different options")
    return pair


def _tutorial(node_id, raw, texts, keys, messages, problems) -> TutorialNode | None:
    title = " ".join(raw["title"].split())
    intro = texts.prompt(f"{node_id}.intro", raw["intro"], f"{node_id}.intro")
    steps = [texts.prompt(f"{node_id}.step{i + 1}", s, f"{node_id}.steps[{i}]")
             for i, s in enumerate(raw["steps"])]
    outro = None
    if raw.get("outro") is not None:
        outro = texts.prompt(f"{node_id}.outro", raw["outro"], f"{node_id}.outro")
    done = _templated(node_id, "done", "tutorial_done", title, texts, messages)
    resume = _templated(node_id, "resume", "resume_offer", title, texts, messages)
    quiz = [_question(node_id, index, item, texts) for index, item in enumerate(raw.get("quiz") or [])]
    if intro is None or None in steps or done is None or resume is None or None in quiz:
        return None
    if raw.get("outro") is not None and outro is None:
        return None
    return TutorialNode(node_id, title, intro, tuple(steps), done, resume, outro, tuple(quiz),
                        hands_on=bool(raw.get("hands_on")))


def _question(node_id: str, index: int, item: dict, texts: _Texts) -> QuizQuestion | None:
    path, n = f"{node_id}.quiz[{index}]", index + 1
    said = [texts.prompt(f"{node_id}.quiz{n}{suffix}", item[name], f"{path}.{name}")
            for name, suffix in (("question", ""), ("right", "_right"), ("wrong", "_wrong"))]
    if None in said:
        return None
    # YAML 1.1 reads a bare yes/no as a boolean; both spellings mean the same here.
    answer = {"yes": "yes", True: "yes", "no": "no", False: "no"}[item["answer"]]
    return QuizQuestion(said[0], answer, said[1], said[2])


def _templated(node_id, suffix, message, title, texts, messages) -> Prompt | None:
    template = messages.get(message)
    if template is None:
        return None
    return texts.prompt(f"{node_id}.{suffix}", template.text, f"messages.{message}", title=title)


def _message(node_id, raw, texts, keys, messages, problems) -> MessageNode | None:
    text = texts.prompt(f"{node_id}.text", raw["text"], f"{node_id}.text")
    return MessageNode(node_id, text, raw["goto"]) if text else None


def _hangup(node_id, raw, texts, keys, messages, problems) -> HangupNode | None:
    text = texts.prompt(f"{node_id}.text", raw["text"], f"{node_id}.text")
    return HangupNode(node_id, text) if text else None


def _texts_of(node_id, raw, texts, names) -> dict[str, Prompt | None]:
    return {name: texts.prompt(f"{node_id}.{name}", raw[name], f"{node_id}.{name}")
            for name in names}


def _number_input(node_id, raw, texts, keys, messages, problems) -> NumberInputNode | None:
    paired = [name for name in ("readback", "confirm") if raw.get(name) is not None]
    if len(paired) == 1:
        other = "confirm" if paired == ["readback"] else "readback"
        problems.add(f"{node_id}.{other}", f"is required with `{paired[0]}` (give both to read the "
                     "number back and confirm it, or neither)")
        return None
    said = _texts_of(node_id, raw, texts, ("prompt", "invalid", *paired))
    if None in said.values():
        return None
    said.setdefault("readback", None)
    said.setdefault("confirm", None)
    timeout = raw.get("timeout_seconds")
    return NumberInputNode(node_id, raw["answer"], **said, goto=raw["goto"],
                           optional=bool(raw.get("optional")), digits=raw.get("digits"),
                           timeout_seconds=float(timeout) if timeout else None,
                           on_silence=raw.get("on_silence"))


def _record(node_id, raw, texts, keys, messages, problems) -> RecordNode | None:
    said = _texts_of(node_id, raw, texts, ("prompt", "review", "playback", "empty"))
    if None in said.values():
        return None
    limits = {name: raw.get(name) or getattr(RecordNode, name)
              for name in ("max_seconds", "silence_seconds")}
    return RecordNode(node_id, raw["answer"], **said, goto=raw["goto"], **limits,
                      keeps=raw.get("keeps") or RecordNode.keeps)


def _lookup(node_id, raw, texts, keys, messages, problems) -> LookupNode | None:
    outcomes = {}
    for outcome, items in raw["outcomes"].items():
        path = f"{node_id}.outcomes.{outcome}"
        outcomes[str(outcome)] = tuple(
            Slot(m.group(1)) if isinstance(item, str) and (m := _SLOT.match(item.strip()))
            else texts.prompt(f"{node_id}.{outcome}{i + 1}", item, f"{path}[{i}]")
            for i, item in enumerate(items))
    repeat = None
    if "repeat" in raw:
        repeat = texts.prompt(f"{node_id}.repeat", raw["repeat"], f"{node_id}.repeat")
        if repeat is None:
            return None
    if any(None in said for said in outcomes.values()):
        return None
    then = tuple((str(outcome), target) for outcome, target in (raw.get("then") or {}).items())
    unknown = [outcome for outcome, _ in then if outcome not in outcomes]
    for outcome in unknown:
        problems.add(f"{node_id}.then.{outcome}", f"names no outcome of this lookup "
                     f"({', '.join(sorted(outcomes))})")
    if unknown:
        return None
    return LookupNode(node_id, raw["effect"], outcomes, raw["goto"], repeat, then)


def _transfer(node_id, raw, texts, keys, messages, problems) -> TransferNode | None:
    said = _texts_of(node_id, raw, texts, ("hold", "thanks", "whisper"))
    # Filled per call by the engine (the tutorial's title, the step number).
    said["whisper_stuck"] = texts.prompt(f"{node_id}.whisper_stuck", raw["whisper_stuck"],
                                         f"{node_id}.whisper_stuck", title="{title}", step="{step}")
    if None in said.values():
        return None
    return TransferNode(node_id, **said, unavailable=raw["unavailable"], goto=raw["goto"])


_BUILDERS = {"menu": _menu, "tutorial": _tutorial, "message": _message, "hangup": _hangup,
             "number_input": _number_input, "record": _record, "lookup": _lookup,
             "transfer": _transfer}


def _check_targets(nodes: dict[str, Node], raw_nodes: dict, problems: _Collector) -> None:
    for node in nodes.values():
        problems.file = raw_nodes[node.id][0]
        if isinstance(node, MenuNode):
            for index, option in enumerate(node.options):
                if option.goto not in raw_nodes:
                    problems.add(f"{node.id}.options[{index}].goto", f"names no node: {option.goto!r}")
            if node.on_silence and node.on_silence not in raw_nodes:
                problems.add(f"{node.id}.on_silence", f"names no node: {node.on_silence!r}")
        else:
            for target in node.targets:
                if target not in raw_nodes:
                    where = next((f"then.{o}" for o, t in getattr(node, "then", ())
                                  if t == target), "goto")
                    problems.add(f"{node.id}.{where}", f"names no node: {target!r}")
