"""``flask speech …``: the speech model and trying recognition from a terminal.

Commands: ``status`` (what the start-up log says), ``intent`` (parse typed text), ``recognize``
(a WAV file through the real model), ``check`` (every question's grammar against the model's
vocabulary, ``speech.model_check``),
``download-model`` (fetch, verify and install the Vosk model). Registered in ``app._register``.

Menu keywords come from the flow: an option may carry ``words:`` (read defensively with
``getattr(option, "words", ())`` until the loader has the field) and ``--keywords`` JSON adds
more, e.g. ``--keywords '{"1": ["báo lừa đảo"], "2": ["rút lại"]}'``.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import click
from flask import current_app
from flask.cli import AppGroup

from .audio_input import AudioInputError
from .grammar import GrammarError, grammar_for
from .intents import MODES, core_words, grammar_phrases, parse_intent, tokens
from .model import (VN_MODEL_NAME, DownloadError, ModelError, download_model, get_model,
                    speech_status)
from .model_check import Question, describe_check
from .vocabulary import VocabularyUnreadable

speech_cli = AppGroup("speech", help="Speech recognition: the Vosk model, intents, trial runs.")

_mode = click.option("--mode", type=click.Choice(MODES), required=True,
                     help="What the question expects: yes_no, digits or menu.")
_node = click.option("--node", help="Menu node id in the flow, for its options' keywords.")
_keywords = click.option("--keywords", help='Menu keywords as JSON: {"1": ["phrase", …], …}.')
_json = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")


@speech_cli.command("status")
def status_command() -> None:
    """Say whether speech is on, and with which model (does not load it)."""
    click.echo(speech_status(current_app.config))


@speech_cli.command("intent")
@click.argument("text")
@_mode
@_node
@_keywords
@_json
def intent_command(text: str, mode: str, node: str | None, keywords: str | None,
                   as_json: bool) -> None:
    """Parse TEXT (what a caller said) as an answer to a question of --mode."""
    words = menu_keywords(node, keywords) if mode == "menu" else None
    intent = parse_intent(text, mode, words)
    if as_json:
        click.echo(json.dumps({"mode": mode, "text": text, "intent": intent.as_dict()},
                              ensure_ascii=False))
    else:
        click.echo(_describe_intent(intent))


@speech_cli.command("recognize")
@click.argument("wav", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice([*MODES, "free"]), default="yes_no", show_default=True,
              help="Grammar and intent: yes_no, digits, menu; free = full vocabulary, no intent.")
@_node
@_keywords
@click.option("--model", "model_path", help="Model folder (default: VOSK_MODEL_PATH).")
@click.option("--no-grammar", is_flag=True, help="Decode with the full vocabulary, then parse.")
@_json
def recognize_command(wav: Path, mode: str, node: str | None, keywords: str | None,
                      model_path: str | None, no_grammar: bool, as_json: bool) -> None:
    """Recognise WAV (PCM or μ-law, any rate) with the model, as an answer to --mode."""
    from .recognizer import MAX_ALTERNATIVES, RecognitionError, recognize_wav

    words = menu_keywords(node, keywords) if mode == "menu" else None
    try:
        model = get_model(model_path or _model_path())
        grammar = None if mode == "free" or no_grammar else grammar_for(mode, model, words)
        # Alternatives (and their margin) only mean something against a grammar: see the
        # margin notes in speech/recognizer.py.
        recognition = recognize_wav(wav, grammar, model,
                                    max_alternatives=MAX_ALTERNATIVES if grammar else 0)
    except (ModelError, GrammarError, AudioInputError, RecognitionError) as exc:
        raise click.ClickException(str(exc)) from exc
    intent = None if mode == "free" else parse_intent(recognition.text, mode, words)
    if as_json:
        click.echo(json.dumps(_recognition_json(wav, mode, model.path, grammar, recognition, intent),
                              ensure_ascii=False))
        return
    click.echo(f"heard: {recognition.text or '(nothing)'} [{recognition.reason}"
               f"{'' if recognition.margin is None else f', margin {recognition.margin}'}]")
    if intent is not None:
        click.echo(_describe_intent(intent))


@speech_cli.command("check")
@click.option("--model", "model_path", help="Model folder (default: VOSK_MODEL_PATH).")
@click.option("--strict", is_flag=True,
              help="Exit 1 when any grammar word is unknown to the model (or it has no [unk]).")
@click.option("--require-unk/--no-require-unk", default=True, show_default=True,
              help="With --strict: also fail on a model without the [unk] word.")
@_json
def check_command(model_path: str | None, strict: bool, require_unk: bool, as_json: bool) -> None:
    """Check every question's grammar in the flow against the model's vocabulary.

    Lists the grammar words the model does not know, question by question, and the menu options
    that can then never be heard by their words; says whether the model has [unk] and which
    tone-mark spelling (hóa / hoá) its words use. Reads the word list from the model's files
    (the model is loaded only if they hold none). Exit 0 unless --strict finds a problem.
    """
    from .model_check import check_model

    try:
        report = check_model(model_path or _model_path(), flow_questions(), load=get_model)
    except (ModelError, VocabularyUnreadable) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for line in describe_check(report):
            click.echo(line)
    problems = report.problems(require_unk)
    if strict and problems:
        click.echo(f"--strict: {'; '.join(problems)}", err=True)
        raise SystemExit(1)


@speech_cli.command("download-model")
@click.option("--url", help="Model zip URL (default: VOSK_MODEL_URL, vosk-model-small-vn-0.4).")
@click.option("--sha256", help="Expected SHA-256 of the zip (default: VOSK_MODEL_SHA256).")
@click.option("--size", type=int, help="Expected size of the zip in bytes (default: VOSK_MODEL_SIZE).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to install into (default: VOSK_MODEL_PATH, else "
                   f"instance/models/{VN_MODEL_NAME}).")
@click.option("--force", is_flag=True, help="Replace an existing model folder at --dest.")
@click.option("--word", "words", multiple=True,
              help="A word the model must know (repeatable); default: the hotline's core words.")
@click.option("--require-unk/--no-require-unk", default=True, show_default=True,
              help="Refuse a model without the [unk] word.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def download_command(url: str | None, sha256: str | None, size: int | None, dest: Path | None,
                     force: bool, words: tuple[str, ...], require_unk: bool, quiet: bool) -> None:
    """Download the Vosk model, check size and SHA-256, unpack it atomically, verify it loads
    and knows our words. Nothing is left behind on failure."""
    config = current_app.config
    url, sha256 = url or config["VOSK_MODEL_URL"], sha256 or config["VOSK_MODEL_SHA256"]
    size = size if size is not None else int(config["VOSK_MODEL_SIZE"])
    dest = dest or Path(config.get("VOSK_MODEL_PATH") or Path(current_app.instance_path) / "models"
                        / VN_MODEL_NAME)
    required = list(words) or core_words()
    optional = [w for w in _all_grammar_words() if w not in required]
    click.echo(f"downloading {url} ({size:,} bytes) to {dest}")
    try:
        with _progress(size, quiet) as advance:
            installed = download_model(url, dest, sha256, size, required_words=required,
                                       optional_words=optional, require_unk=require_unk,
                                       replace=force, progress=advance)
    except DownloadError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"installed and verified: {installed.path} ({installed.sample_rate} Hz, "
               f"runtime grammars: {'yes' if installed.supports_grammar else 'no'}, "
               f"[unk]: {'yes' if installed.has_unk else 'no'})")
    if installed.unknown_optional_words:
        click.echo("words the model does not know (left out of grammars): "
                   + ", ".join(installed.unknown_optional_words))
    if str(installed.path) != str(Path(config.get("VOSK_MODEL_PATH") or "").resolve()):
        click.echo(f"to switch speech on: export VOSK_MODEL_PATH={installed.path}")


# -- helpers ---------------------------------------------------------------------------------------

def menu_keywords(node_id: str | None, raw_json: str | None) -> dict[str, list[str]]:
    """Option key → keyword phrases: the ``words`` of the flow's menu ``node_id`` (every option
    key is present, so spoken keys work even without words), plus ``raw_json``."""
    keywords: dict[str, list[str]] = {}
    if node_id:
        node = current_app.extensions["hotline.flow"].nodes.get(node_id)
        if node is None or not hasattr(node, "options"):
            raise click.BadParameter(f"{node_id!r} is not a menu node of the flow", param_hint="--node")
        keywords = _option_words(node)
    for key, phrases in parse_keywords(raw_json).items():
        keywords.setdefault(key, []).extend(phrases)
    return keywords


def parse_keywords(raw_json: str | None) -> dict[str, list[str]]:
    """``{"1": ["a", "b"], "2": "c"}`` JSON → ``{"1": ["a", "b"], "2": ["c"]}``; BadParameter if
    it is not an object of strings or string lists."""
    if not raw_json:
        return {}
    try:
        raw = json.loads(raw_json)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc.msg}", param_hint="--keywords") from exc
    if not isinstance(raw, dict):
        raise click.BadParameter("must be a JSON object: option key → phrases", param_hint="--keywords")
    result = {}
    for key, value in raw.items():
        phrases = [value] if isinstance(value, str) else value
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise click.BadParameter(f"option {key!r}: phrases must be strings", param_hint="--keywords")
        result[str(key)] = phrases
    return result


def flow_questions(flow: Any = None) -> list[Question]:
    """Every question of ``flow`` (default: the loaded flow) that listens for speech, with the
    phrases its grammar lists: the engine's own ``listening`` spec at each position a caller can
    be asked something, turned into phrases as ``ivr.hearing`` does before recognising. Questions
    of one node with the same grammar are one entry (e.g. all the steps of a tutorial)."""
    from ivr.engine.listening import listening

    flow = flow or current_app.extensions["hotline.flow"]
    found: dict[tuple, list[str]] = {}
    for node_id, what, state in _positions(flow):
        listen = listening(flow, replace(state, speech=True))
        if listen is None:
            continue
        keywords = listen.phrases() if listen.mode == "menu" else None  # as ivr.hearing._recognise
        options = tuple((key, tuple(words)) for key, words in listen.choices)
        key = (node_id, tuple(grammar_phrases(listen.mode, keywords)), options)
        found.setdefault(key, []).append(what)
    return [Question(f"{node_id}: {', '.join(whats)}", phrases, options)
            for (node_id, phrases, options), whats in found.items()]


_WHAT = {"TutorialNode": "a step", "MenuNode": "the menu", "NumberInputNode": "the number"}


def _positions(flow: Any) -> Iterator[tuple[str, str, Any]]:
    """``(node id, what, state)`` for each place in ``flow`` where a caller is asked something."""
    from ivr.engine import RESUME_NODE, NumberInputNode, RecordNode, State, TutorialNode
    from ivr.engine.events import Resume
    from ivr.engine.state import IN_CALL

    for node in flow.nodes.values():
        at = State(node=node.id)
        yield node.id, _WHAT.get(type(node).__name__, "the question"), at
        if isinstance(node, NumberInputNode):
            yield node.id, "the read-back", replace(at, phase="confirm", pending="1" * (node.digits or 10))
        if isinstance(node, RecordNode):
            yield node.id, "the recording review", replace(at, phase="review", answers={node.answer: "x"})
        if isinstance(node, TutorialNode):
            yield node.id, "a step said slowly", replace(at, slow=True)
            yield from ((node.id, f"quiz question {i + 1}", replace(at, phase="quiz", question=i))
                        for i in range(len(node.quiz)))
            yield node.id, "the end", replace(at, step=len(node.steps))
    tutorial = next((n.id for n in flow.nodes.values() if isinstance(n, TutorialNode)), None)
    if tutorial:
        offer = State(node=RESUME_NODE, resume=Resume(tutorial, 1))
        yield RESUME_NODE, "the resume offer", offer
        yield RESUME_NODE, "the offer to continue", replace(offer, phase=IN_CALL)


def _option_words(node: Any) -> dict[str, list[str]]:
    return {option.key: list(getattr(option, "words", ()) or ()) for option in node.options}


def _model_path() -> str:
    path = current_app.config.get("VOSK_MODEL_PATH")
    if not path:
        raise ModelError("no model: set VOSK_MODEL_PATH or pass --model "
                         "(flask speech download-model fetches one)")
    return path


def _words(phrases: list[str]) -> list[str]:
    return list(dict.fromkeys(w for p in phrases for w in tokens(p)))


def _all_grammar_words() -> list[str]:
    return _words([p for question in flow_questions() for p in question.phrases])


@contextmanager
def _progress(size: int, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr (its ``update``), or ``None`` when ``quiet``."""
    if quiet:
        yield None
        return
    with click.progressbar(length=size, label="model", file=click.get_text_stream("stderr")) as bar:
        yield bar.update


def _describe_intent(intent) -> str:
    value = f" {intent.value}" if intent.value is not None else ""
    return f"intent: {intent.name}{value} (score {intent.score:.2f})"


def _recognition_json(wav: Path, mode: str, model_path: str, grammar, recognition, intent) -> dict:
    return {"file": str(wav), "mode": mode, "model": model_path,
            "grammar": None if grammar is None else {"phrases": len(grammar.phrases),
                                                     "unknown_words": list(grammar.unknown_words),
                                                     "has_unk": grammar.has_unk},
            "recognition": recognition.as_dict(),
            "intent": None if intent is None else intent.as_dict()}


__all__ = ["speech_cli", "menu_keywords", "parse_keywords", "flow_questions"]
