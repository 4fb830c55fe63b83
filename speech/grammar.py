"""Recognition grammars: phrase lists checked against the model and turned into Vosk's JSON.

A Vosk grammar is a JSON array of phrases; each phrase is split on single spaces and every word
looked up exactly (case, diacritics, Unicode form) [1]. Pitfalls guarded:

- ``"[]"`` or a string that is not JSON **segfaults** the process; a Python list raises
  ``TypeError`` ([2]; reproduced with vosk 0.3.45:
  tests/speech_recognition/test_recognizer.py::test_the_guard_matters_raw_vosk_segfaults):
  :func:`validate_grammar_json` runs before every recognizer is made, and :func:`build_grammar`
  never produces an empty list.
- Unknown words are dropped with one WARNING line [1], so "nhắc lại" with a misspelt syllable
  quietly becomes "lại" [3]: every word is checked with the model, phrases with unknown words
  are left out, and the unknown words are returned for the content lint to report.
- Words must be lowercase NFC with single spaces (an NFD word is not found:
  tests/speech_recognition/test_grammar.py::test_nfd_words_are_found_after_normalisation):
  :func:`normalise_phrase`.
- Without ``[unk]`` noise is forced onto a listed word [4]: ``[unk]`` is always added; whether
  the model knows it is reported in :attr:`Grammar.has_unk` (the Korean stand-in does not [5]).

Exceptions: :class:`GrammarError` (``ValueError``).

Sources:

[1] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc (grammar parsing)
[2] https://github.com/kaldi-asr/kaldi/issues/4925
[3] https://github.com/alphacep/vosk-api/issues/622
[4] https://github.com/alphacep/vosk-api/issues/1339 and
    https://github.com/alphacep/vosk-android-demo/issues/62
[5] https://github.com/alphacep/vosk-api/issues/2041
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol, Sequence

from .intents import UNK, grammar_phrases, tokens


class GrammarError(ValueError):
    """The grammar would crash or cripple Vosk; the message says what is wrong."""

    def __init__(self, message: str, unknown_words: Sequence[str] = ()):
        super().__init__(message)
        self.unknown_words = tuple(unknown_words)


class Vocabulary(Protocol):
    """Anything that can tell whether the model knows a word (``speech.model.SpeechModel``)."""

    def knows(self, word: str) -> bool: ...


@dataclass(frozen=True)
class Grammar:
    """A checked grammar. ``json``: what ``KaldiRecognizer`` gets; ``phrases``: the phrases in it
    (``[unk]`` last); ``unknown_words``/``dropped_phrases``: what the model could not take;
    ``has_unk``: whether the model knows ``[unk]`` (``None``: not checked)."""

    phrases: tuple[str, ...]
    json: str
    unknown_words: tuple[str, ...] = ()
    dropped_phrases: tuple[str, ...] = ()
    has_unk: bool | None = None

    def problems(self) -> list[str]:
        """Human-readable findings for the content lint; ``[]`` when the model takes everything."""
        found = [f"word not in the model's vocabulary: {w!r}" for w in self.unknown_words]
        found += [f"phrase left out of the grammar: {p!r}" for p in self.dropped_phrases]
        if self.has_unk is False:
            found.append("the model has no [unk]: off-list speech will be forced onto listed words")
        return found


def normalise_phrase(text: str) -> str:
    """Lowercase NFC words separated by single spaces; punctuation and hyphens removed:
    ``"  Dạ,  VÂNG "`` → ``"dạ vâng"``, ``"dê-rô"`` → ``"dê rô"``, ``"[unk]"`` kept."""
    return " ".join(tokens(text))


def build_grammar(phrases: Iterable[str], vocabulary: Vocabulary | None = None) -> Grammar:
    """Normalise ``phrases``, check every word with ``vocabulary``, add ``[unk]``, make the JSON.

    Phrases are deduplicated, order kept; a phrase with an unknown word is left out whole (Vosk
    would keep only its known words). ``vocabulary`` ``None`` skips the check (tests, no model).
    Raises :class:`GrammarError` when no phrase is usable (its ``unknown_words`` says why).
    """
    wanted = list(dict.fromkeys(p for p in map(normalise_phrase, phrases) if p and p != UNK))
    unknown: dict[str, None] = {}
    kept, dropped = [], []
    for phrase in wanted:
        missing = [w for w in phrase.split(" ") if vocabulary is not None and not vocabulary.knows(w)]
        unknown.update(dict.fromkeys(missing))
        (dropped if missing else kept).append(phrase)
    if not kept:
        reason = "no phrases given" if not wanted else "no phrase has only words the model knows"
        raise GrammarError(f"cannot build a grammar: {reason}", tuple(unknown))
    has_unk = None if vocabulary is None else vocabulary.knows(UNK)
    final = (*kept, UNK)
    return Grammar(final, grammar_json(final), tuple(unknown), tuple(dropped), has_unk)


def grammar_for(mode: str, vocabulary: Vocabulary | None = None,
                keywords: Mapping[str, Sequence[str]] | None = None) -> Grammar:
    """The grammar for a question of ``mode`` (``yes_no``, ``digits``, ``menu`` with ``keywords``):
    its answers, the controls and the fillers (``speech.intents.grammar_phrases``)."""
    return build_grammar(grammar_phrases(mode, keywords), vocabulary)


def grammar_json(phrases: Sequence[str]) -> str:
    """``phrases`` as the JSON string Vosk takes (UTF-8 text, not ``\\u`` escapes), validated."""
    text = json.dumps(list(phrases), ensure_ascii=False)
    validate_grammar_json(text)
    return text


def validate_grammar_json(value: Any) -> str:
    """Return ``value`` if it is safe to give ``KaldiRecognizer``; raise :class:`GrammarError`.

    Safe: a ``str`` holding a non-empty JSON array of non-empty strings whose words are separated
    by single spaces. Each rule stops a crash or a silent failure listed in the module docstring.
    """
    if not isinstance(value, str):
        raise GrammarError(f"a grammar must be a JSON string, not {type(value).__name__} "
                           "(a list raises TypeError inside vosk, kaldi#4925)")
    try:
        items = json.loads(value)
    except ValueError as exc:
        raise GrammarError(f"grammar is not JSON ({exc.msg}); vosk would crash on it") from exc
    if not isinstance(items, list) or not items:
        raise GrammarError("a grammar must be a non-empty JSON array; an empty one crashes vosk")
    for item in items:
        if not isinstance(item, str) or item != " ".join(item.split()) or not item:
            raise GrammarError(f"grammar phrase {item!r} is not words separated by single spaces")
    return value


__all__ = ["Grammar", "GrammarError", "build_grammar", "grammar_for", "grammar_json",
           "normalise_phrase", "validate_grammar_json", "Vocabulary"]
