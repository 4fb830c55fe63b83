"""speech.grammar: phrase lists → checked Vosk grammar JSON; pure checks, then against the real model."""
from __future__ import annotations

import json
import unicodedata

import pytest

from speech.grammar import (Grammar, GrammarError, build_grammar, grammar_for, grammar_json,
                            normalise_phrase, validate_grammar_json)


class Words:
    """A vocabulary stand-in: knows exactly the words given."""

    def __init__(self, *words: str):
        self.words = set(words)

    def knows(self, word: str) -> bool:
        return word in self.words


VIETNAMESE = Words("có", "không", "dạ", "vâng", "nhắc", "lại", "[unk]")


@pytest.mark.parametrize("raw, normal", [
    ("  Dạ,  VÂNG ", "dạ vâng"),
    ("dê-rô", "dê rô"),
    ("Kho\u0302ng", "không"),  # NFD in, NFC out (vosk-api#622)
    ("nhắc\tlại\n", "nhắc lại"),
    ("[unk]", "[unk]"),
])
def test_normalise_phrase(raw, normal):
    assert normalise_phrase(raw) == normal
    assert unicodedata.is_normalized("NFC", normalise_phrase(raw))


def test_build_grammar_normalises_deduplicates_and_adds_unk_last():
    grammar = build_grammar(["Có", "có", "DẠ VÂNG", "[unk]", "không  "], VIETNAMESE)
    assert grammar.phrases == ("có", "dạ vâng", "không", "[unk]")
    assert json.loads(grammar.json) == list(grammar.phrases)
    assert "có" in grammar.json  # UTF-8 text, not \\u escapes
    assert grammar.has_unk is True and grammar.problems() == []


def test_unknown_words_are_reported_and_their_phrases_left_out():
    # Vosk would silently turn "nhắc lạj" into "nhắc" (it drops unknown words with a warning,
    # https://github.com/alphacep/vosk-api/issues/622); we drop the phrase and say so.
    grammar = build_grammar(["có", "nhắc lạj", "ô kê"], VIETNAMESE)
    assert grammar.phrases == ("có", "[unk]")
    assert grammar.unknown_words == ("lạj", "ô", "kê")
    assert grammar.dropped_phrases == ("nhắc lạj", "ô kê")
    assert "word not in the model's vocabulary: 'lạj'" in grammar.problems()


def test_a_model_without_unk_is_reported():
    grammar = build_grammar(["có"], Words("có"))
    assert grammar.phrases == ("có", "[unk]")  # still listed: harmless, and right for a model with it
    assert grammar.has_unk is False
    assert any("no [unk]" in p for p in grammar.problems())


@pytest.mark.parametrize("phrases", [[], [""], ["  ", "[unk]"], ["zzz qqq"]])
def test_never_an_empty_grammar(phrases):
    with pytest.raises(GrammarError, match="cannot build a grammar") as caught:
        build_grammar(phrases, VIETNAMESE)
    if phrases == ["zzz qqq"]:
        assert caught.value.unknown_words == ("zzz", "qqq")


def test_without_a_vocabulary_nothing_is_checked():
    grammar = build_grammar(["có", "xyz"])
    assert grammar.phrases == ("có", "xyz", "[unk]") and grammar.has_unk is None


@pytest.mark.parametrize("value, message", [
    (["có"], "must be a JSON string, not list"),
    ("[]", "non-empty JSON array"),
    ("có không", "not JSON"),
    ('{"có": 1}', "non-empty JSON array"),
    ('[""]', "single spaces"),
    ('["có  không"]', "single spaces"),
    ('[" có"]', "single spaces"),
    ('["có\\tkhông"]', "single spaces"),
    ("[1]", "single spaces"),
    (None, "not NoneType"),
])
def test_grammars_that_would_crash_vosk_are_refused(value, message):
    with pytest.raises(GrammarError, match=message):
        validate_grammar_json(value)


def test_a_good_grammar_passes_validation():
    text = grammar_json(["có", "dạ vâng", "[unk]"])
    assert validate_grammar_json(text) == text == '["có", "dạ vâng", "[unk]"]'


# -- against the real model -----------------------------------------------------------------------

def test_real_vocabulary_check(ko_model):
    grammar = build_grammar(["네", "아니요", "Zzz", "네 없는말단어"], ko_model)
    assert grammar.phrases == ("네", "아니요", "[unk]")
    assert grammar.unknown_words == ("zzz", "없는말단어")
    assert grammar.has_unk is False  # the Korean stand-in has no [unk] (vosk-api#2041)


def test_nfd_words_are_found_after_normalisation(ko_model):
    nfd = unicodedata.normalize("NFD", "네")  # Hangul decomposes into jamo
    assert ko_model.vosk.vosk_model_find_word(nfd) == -1  # what Vosk does with it raw
    assert ko_model.knows(nfd)
    assert build_grammar([nfd], ko_model).phrases == ("네", "[unk]")


def test_vietnamese_grammars_against_a_model_without_vietnamese(ko_model):
    with pytest.raises(GrammarError) as caught:
        grammar_for("yes_no", ko_model)
    assert {"có", "không", "vâng"} <= set(caught.value.unknown_words)


def test_menu_grammar_from_keywords(ko_model):
    grammar = grammar_for("menu", ko_model, {"1": ["네"], "2": ["아니요", "아니"]})
    assert isinstance(grammar, Grammar)
    assert grammar.phrases == ("네", "아니요", "아니", "[unk]")
    assert "một" in grammar.unknown_words  # the spoken keys, unknown to a Korean model


# -- a whole sentence comes back as words, not [unk] (issue 9 item 4) -----------------------------

SENTENCE = ("tôi tui em cháu bác con đó đấy nè chớ giùm dùm muốn cho thì à ờ ạ dạ vâng ừ không "
            "chưa đâu mô chẳng chả nỏ hổng đừng khỏi").split()


@pytest.mark.parametrize("mode, keywords, first", [
    ("yes_no", None, "không"), ("digits", None, "không"), ("menu", {"1": ["hướng dẫn"]}, "hướng dẫn")])
def test_every_grammar_lists_the_words_around_an_answer(mode, keywords, first):
    vocabulary = Words(*SENTENCE, *(w for p in grammar_for(mode, None, keywords).phrases
                                    for w in p.split()))
    grammar = grammar_for(mode, vocabulary, keywords)
    assert set(SENTENCE) <= set(grammar.phrases)
    assert grammar.phrases.index(first) < grammar.phrases.index("tui")  # answers first
    assert grammar.phrases[-1] == "[unk]" and grammar.problems() == []


def test_sentence_words_the_model_lacks_are_left_out_alone():
    # A model without "giùm" keeps every other word; only the unknown one is reported.
    vocabulary = Words("có", "không", "tui", "[unk]")
    grammar = build_grammar(["có", "không", "tui", "giùm"], vocabulary)
    assert grammar.phrases == ("có", "không", "tui", "[unk]")
    assert grammar.unknown_words == ("giùm",)
