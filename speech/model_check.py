"""Is the installed model ready for the flow? Every question's grammar against the model's words.

:func:`check_model` takes the questions a flow asks (each with the phrases its recognition grammar
lists, and for a menu the keywords of each option) and tells, for the model at a path:

- which grammar words the model does not know, question by question, and which menu options can
  then never be heard by their words (Vosk drops an unknown word with one warning, so a phrase
  with one is never recognised: ``speech.grammar`` leaves such phrases out);
- whether the model has ``[unk]``: without it, speech outside the grammar (noise, a cough, an
  off-list answer) is forced onto a listed phrase [1];
- which tone-mark placement its vocabulary uses ("hóa" old, "hoá" new; ``speech.vocabulary``)
  and whether the flow's words use the same; an unknown word whose other spelling the model has
  gets that spelling as a suggested fix.

How words are looked up: from the model's own word list, read from its files without loading the
model (``speech.vocabulary.read_vocabulary``, the table Vosk itself uses); only when no file holds
one is the model loaded and each word asked with ``vosk_model_find_word`` [2], and the spelling
report then covers the flow's words and their other spellings only. No Flask here: the
``flask speech check`` wrapper in ``speech.speech_cli`` builds the questions from the flow.

Sources:

[1] https://github.com/alphacep/vosk-api/issues/2041 and
    https://github.com/alphacep/vosk-android-demo/issues/62
[2] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/vosk_api.h (``vosk_model_find_word``)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .grammar import normalise_phrase
from .intents import UNK
from .model import ModelError, layout_problems
from .vocabulary import Placements, Vocabulary, other_placement, placements, read_vocabulary

PROBED = "vosk_model_find_word"  # the ``source`` of a vocabulary asked word by word


@dataclass(frozen=True)
class Question:
    """One question of the flow as the recogniser hears it.

    ``label``: where it is asked (``"main_menu: the menu"``); ``phrases``: its grammar's phrases
    (``speech.intents.grammar_phrases``; ``[unk]`` is checked separately); ``options``: for a
    menu, each key with its keywords.
    """

    label: str
    phrases: tuple[str, ...]
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class QuestionCheck:
    """What the model cannot hear at one question: ``unknown_words`` (in grammar order) and
    ``deaf_options`` (keys none of whose keywords can be recognised: only the key works)."""

    question: Question
    unknown_words: tuple[str, ...]
    deaf_options: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"question", "unknown_words", "deaf_options"}``."""
        return {"question": self.question.label, "unknown_words": list(self.unknown_words),
                "deaf_options": list(self.deaf_options)}


@dataclass(frozen=True)
class Spelling:
    """Tone-mark placement in the model (``model``) and in the flow's grammar words (``flow``);
    ``fixes``: unknown flow word → the model's spelling of it."""

    model: Placements
    flow: Placements
    fixes: Mapping[str, str]

    @property
    def same(self) -> bool | None:
        """True when the flow writes these words as the model does; ``None`` when either side
        has no such word or the model has both placements (then each word is checked alone)."""
        styles = {self.model.style, self.flow.style}
        if "none" in styles or self.model.style == "both":
            return None
        return len(styles) == 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"model", "flow", "same", "fixes"}``."""
        return {"model": self.model.as_dict(), "flow": self.flow.as_dict(), "same": self.same,
                "fixes": dict(self.fixes)}


@dataclass(frozen=True)
class ModelCheck:
    """The whole report for the model at ``model``; ``source``: where its words came from
    (a file relative to the model folder, or :data:`PROBED`); ``size``: how many words (``None``
    when probed)."""

    model: str
    source: str
    size: int | None
    has_unk: bool
    questions: tuple[QuestionCheck, ...]
    spelling: Spelling

    @property
    def unknown_words(self) -> tuple[str, ...]:
        """Every unknown grammar word, once, in the order the questions list them."""
        return tuple(dict.fromkeys(w for q in self.questions for w in q.unknown_words))

    def problems(self, require_unk: bool = True) -> list[str]:
        """Why ``--strict`` fails: unknown grammar words and, if ``require_unk``, no ``[unk]``."""
        found = [f"{len(self.unknown_words)} grammar words unknown to the model"] \
            if self.unknown_words else []
        if require_unk and not self.has_unk:
            found.append("the model has no [unk] word")
        return found

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, the shape ``flask speech check --json`` prints."""
        return {"model": self.model, "vocabulary": {"source": self.source, "words": self.size},
                "has_unk": self.has_unk, "unknown_words": list(self.unknown_words),
                "questions": [q.as_dict() for q in self.questions if q.unknown_words],
                "questions_checked": len(self.questions), "spelling": self.spelling.as_dict()}


def check_model(model_dir: str | Path, questions: Sequence[Question],
                load: Callable[[str], Any] | None = None) -> ModelCheck:
    """Check ``questions`` against the model at ``model_dir`` (see the module docstring).

    ``load(path)`` returns an object with ``knows(word)`` (``speech.model.get_model``); it is
    called only when the model's files hold no readable word list. Raises
    :class:`speech.model.ModelError` when ``model_dir`` is not a model (or must be loaded and
    cannot be).
    """
    problems = layout_problems(model_dir)
    if problems:
        raise ModelError(f"{model_dir} is not a Vosk model: {'; '.join(problems)}")
    vocabulary = read_vocabulary(model_dir)
    if vocabulary is None:
        if load is None:
            raise ModelError(f"{model_dir}: no word list in its files and no model loader given")
        vocabulary = _Probed(load(str(model_dir)))
    checks = tuple(check_question(q, vocabulary) for q in questions)
    flow_words = [w for q in questions for p in q.phrases for w in normalise_phrase(p).split(" ")]
    return ModelCheck(str(model_dir), vocabulary.source,
                      None if isinstance(vocabulary, _Probed) else len(vocabulary.words),
                      vocabulary.knows(UNK), checks, spelling(vocabulary, flow_words))


def check_question(question: Question, vocabulary: Any) -> QuestionCheck:
    """The words of ``question``'s phrases that ``vocabulary`` (``knows(word)``) lacks, and its
    options none of whose keywords it can hear."""
    unknown = tuple(dict.fromkeys(w for p in question.phrases for w in _words(p)
                                  if w != UNK and not vocabulary.knows(w)))
    deaf = tuple(key for key, keywords in question.options
                 if keywords and all(any(not vocabulary.knows(w) for w in _words(k)) for k in keywords))
    return QuestionCheck(question, unknown, deaf)


def spelling(vocabulary: Any, flow_words: Iterable[str]) -> Spelling:
    """Tone-mark placements of the model's words and of ``flow_words``, and a fix for each flow
    word the model lacks but knows in the other placement."""
    flow = placements(flow_words)
    if isinstance(vocabulary, Vocabulary):
        model = placements(vocabulary.words)
    else:  # probed: only the flow's words and their other spellings can be asked
        asked = [*flow.old, *flow.new, *(other_placement(w) for w in (*flow.old, *flow.new))]
        model = placements(w for w in asked if vocabulary.knows(w))
    fixes = {w: other_placement(w) for w in (*flow.old, *flow.new)
             if not vocabulary.knows(w) and vocabulary.knows(other_placement(w))}
    return Spelling(model, flow, fixes)


def describe_check(report: ModelCheck) -> list[str]:
    """The report as lines for a terminal: the model, ``[unk]``, the spellings, then the unknown
    words: those of every question once, then each question's own (questions with the same list
    share a line), with the options that can only be chosen by key."""
    size = "asked word by word" if report.size is None else f"{report.size:,} words"
    lines = [f"model {report.model} (vocabulary: {report.source}, {size})",
             "[unk]: yes" if report.has_unk else
             "[unk]: MISSING - speech outside a question's words is forced onto one of them "
             "(https://github.com/alphacep/vosk-api/issues/2041)",
             *_describe_spelling(report.spelling)]
    failing = [q for q in report.questions if q.unknown_words]
    if not failing:
        return [*lines, f"unknown grammar words: none ({len(report.questions)} questions checked)"]
    lines.append(f"unknown grammar words: {len(report.unknown_words)} in {len(failing)} of "
                 f"{len(report.questions)} questions")
    everywhere = set.intersection(*(set(q.unknown_words) for q in failing)) \
        if len(failing) > 1 else set()
    if everywhere:
        lines.append("  in every question: "
                     + ", ".join(w for w in report.unknown_words if w in everywhere))
    grouped: dict[tuple, list[str]] = {}
    for q in failing:
        own = tuple(w for w in q.unknown_words if w not in everywhere)
        grouped.setdefault((own, q.deaf_options), []).append(q.question.label)
    for (own, deaf), labels in grouped.items():
        lines.append(f"  {'; '.join(labels)}: {', '.join(own) or '(only those above)'}")
        if deaf:
            lines.append(f"    options never heard by their words (keys only): {', '.join(deaf)}")
    return lines


def _describe_spelling(spelling: Spelling) -> list[str]:
    model, flow = spelling.model, spelling.flow
    verdict = {True: "the same", False: "DIFFERENT", None: "compare word by word"}[spelling.same]
    lines = [f"tone marks: model {model.style} (old like hóa: {len(model.old):,}, new like hoá: "
             f"{len(model.new):,}); flow {flow.style} ({', '.join((*flow.old, *flow.new)) or '-'}): "
             f"{verdict}"]
    if spelling.fixes:
        lines.append("  spell as the model does: "
                     + ", ".join(f"{w} → {fix}" for w, fix in spelling.fixes.items()))
    return lines


def _words(phrase: str) -> list[str]:
    normal = normalise_phrase(phrase)
    return normal.split(" ") if normal else []


class _Probed:
    """A loaded model asked word by word, when its files hold no readable word list."""

    source = PROBED

    def __init__(self, model: Any):
        self.model = model

    def knows(self, word: str) -> bool:
        return self.model.knows(word)


__all__ = ["Question", "QuestionCheck", "ModelCheck", "Spelling", "check_model", "check_question",
           "describe_check", "spelling", "PROBED"]
