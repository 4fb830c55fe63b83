"""speech.intents: what Vietnamese callers mean, as a table of transcripts. Pure and fast.

Forms by region from the sources listed in speech/intents.py (number words:
https://en.wikipedia.org/wiki/Vietnamese_numerals); "noisy" rows are the kind of text a bigram
grammar or a free decode produces (repeats, [unk], fillers, conflicting answers, words without
diacritics, answers split by a pause).
"""
from __future__ import annotations

import pytest

from speech.intents import (Intent, MIN_SCORE, core_words, grammar_phrases, parse_intent,
                            read_number_words, strip_tones, tokens)

MENU = {"1": ["báo lừa đảo", "báo cáo"], "2": ["rút lại", "hủy báo cáo"], "3": ["kiểm tra số"]}

# (transcript, mode, expected name, expected value)
TABLE = [
    # -- yes: North ---------------------------------------------------------------------------
    ("có", "yes_no", "yes", None),
    ("có ạ", "yes_no", "yes", None),
    ("vâng", "yes_no", "yes", None),
    ("vâng ạ", "yes_no", "yes", None),
    ("dạ vâng", "yes_no", "yes", None),
    ("dạ vâng ạ", "yes_no", "yes", None),
    ("dạ có", "yes_no", "yes", None),
    ("đúng rồi", "yes_no", "yes", None),
    ("đúng", "yes_no", "yes", None),
    ("đúng vậy", "yes_no", "yes", None),
    ("phải", "yes_no", "yes", None),
    ("phải rồi", "yes_no", "yes", None),
    ("được", "yes_no", "yes", None),
    ("được rồi ạ", "yes_no", "yes", None),
    ("đồng ý", "yes_no", "yes", None),
    ("rồi", "yes_no", "yes", None),  # answer to "đã … chưa?"
    ("ok", "yes_no", "yes", None),
    ("ô kê", "yes_no", "yes", None),
    ("ừ", "yes_no", "yes", None),
    # -- yes: South and Centre -----------------------------------------------------------------
    ("dạ phải", "yes_no", "yes", None),
    ("ờ", "yes_no", "yes", None),
    ("ờ ha", "yes_no", "yes", None),
    ("ừ nghen", "yes_no", "yes", None),
    ("ừa", "yes_no", "yes", None),
    ("có nha", "yes_no", "yes", None),
    ("ầy", "yes_no", "yes", None),  # Nghệ Tĩnh agreement
    # -- no, all regions -------------------------------------------------------------------------
    ("không", "yes_no", "no", None),
    ("không ạ", "yes_no", "no", None),
    ("dạ không", "yes_no", "no", None),
    ("dạ không ạ", "yes_no", "no", None),
    ("không phải", "yes_no", "no", None),
    ("không có", "yes_no", "no", None),
    ("không đâu", "yes_no", "no", None),
    ("chưa", "yes_no", "no", None),
    ("chưa ạ", "yes_no", "no", None),
    ("sai rồi", "yes_no", "no", None),
    ("hông", "yes_no", "no", None),  # South
    ("hổng có", "yes_no", "no", None),  # South
    ("dạ hông", "yes_no", "no", None),
    ("nỏ", "yes_no", "no", None),  # Nghệ Tĩnh
    ("nỏ mô", "yes_no", "no", None),
    ("không phải mô", "yes_no", "no", None),
    ("ờ không", "yes_no", "no", None),  # "ờ" is hesitation next to an answer
    ("ừm không", "yes_no", "no", None),
    # -- yes/no: noisy and not understood ----------------------------------------------------------
    ("", "yes_no", "unknown", "empty"),
    ("   ", "yes_no", "unknown", "empty"),
    ("dạ", "yes_no", "unknown", "acknowledged"),  # "I'm listening", not consent
    ("dạ dạ", "yes_no", "unknown", "acknowledged"),
    ("[unk]", "yes_no", "unknown", "unk"),
    ("có [unk]", "yes_no", "unknown", "unk"),
    ("có không", "yes_no", "unknown", "conflict"),  # a bigram grammar can emit both
    ("có có không", "yes_no", "unknown", "conflict"),
    ("có có", "yes_no", "yes", None),
    ("không không", "yes_no", "no", None),
    ("không biết", "yes_no", "unknown", "dont_know"),
    ("tôi cũng chẳng biết nữa", "yes_no", "unknown", "dont_know"),
    ("bà ấy đi chợ rồi hôm qua", "yes_no", "unknown", "low_score"),
    ("khong", "yes_no", "no", None),  # no diacritics
    ("co", "yes_no", "yes", None),
    ("dung roi", "yes_no", "yes", None),
    ("Dạ, VÂNG!", "yes_no", "yes", None),
    ("a lô có", "yes_no", "yes", None),
    ("alô dạ không", "yes_no", "no", None),
    # -- controls, in every mode ------------------------------------------------------------------
    ("nhắc lại", "yes_no", "repeat", None),
    ("nói lại đi", "yes_no", "repeat", None),
    ("lặp lại", "digits", "repeat", None),
    ("nghe lại", "menu", "repeat", None),
    ("gì cơ", "yes_no", "repeat", None),  # North
    ("hả", "yes_no", "repeat", None),
    ("sao", "digits", "repeat", None),
    ("răng", "yes_no", "repeat", None),  # Centre
    ("chi", "menu", "repeat", None),  # Centre
    ("dạ răng rứa", "yes_no", "repeat", None),
    ("không nghe rõ", "yes_no", "repeat", None),  # "không" here is not a no
    ("quay lại", "yes_no", "back", None),
    ("trở lại", "digits", "back", None),
    ("lùi lại", "menu", "back", None),
    ("về menu chính", "yes_no", "main_menu", None),
    ("quay về mục chính", "menu", "main_menu", None),
    ("mục chính", "digits", "main_menu", None),
    ("gặp người", "yes_no", "volunteer", None),
    ("cho tôi gặp tình nguyện viên", "menu", "volunteer", None),
    ("hỗ trợ", "digits", "volunteer", None),
    ("nhac lai", "yes_no", "repeat", None),
    ("nhắc lại quay lại", "yes_no", "unknown", "conflict"),
    # -- digits: one by one ----------------------------------------------------------------------
    ("không chín một hai ba bốn năm sáu bảy tám", "digits", "digits", "0912345678"),
    ("không", "digits", "digits", "0"),  # zero here, never "no"
    ("một một ba", "digits", "digits", "113"),
    ("dê rô chín", "digits", "digits", "09"),
    ("dê-rô chín", "digits", "digits", "09"),
    ("giê-rô tám", "digits", "digits", "08"),
    ("bẩy bảy", "digits", "digits", "77"),
    ("khong chin mot", "digits", "digits", "091"),
    ("0912 345", "digits", "digits", "0912345"),
    # -- digits: grouped as numbers --------------------------------------------------------------
    ("ba tư", "digits", "digits", "34"),
    ("hai mốt", "digits", "digits", "21"),
    ("mười lăm", "digits", "digits", "15"),
    ("mười", "digits", "digits", "10"),
    ("mười hai", "digits", "digits", "12"),
    ("hai mươi", "digits", "digits", "20"),
    ("hai mươi mốt", "digits", "digits", "21"),
    ("hai mươi lăm", "digits", "digits", "25"),
    ("hai nhăm", "digits", "digits", "25"),
    ("hăm mốt", "digits", "digits", "21"),
    ("không chín, mười hai, ba tư", "digits", "digits", "091234"),
    ("không chín mười hai ba tư năm sáu bảy tám", "digits", "digits", "0912345678"),
    ("mười, hai mươi", "digits", "digits", "1020"),
    ("một trăm linh năm", "digits", "digits", "105"),
    ("một trăm lẻ năm", "digits", "digits", "105"),
    ("một trăm mốt", "digits", "digits", "110"),  # not 101 (http://waiyulw.com/20/169577.html)
    ("hai trăm tư", "digits", "digits", "240"),
    ("một trăm hai mươi ba", "digits", "digits", "123"),
    ("năm trăm", "digits", "digits", "500"),
    # -- digits: fillers and noise ---------------------------------------------------------------
    ("dạ số là không chín một hai", "digits", "digits", "0912"),
    ("ờ không chín ờ một hai", "digits", "digits", "0912"),
    ("dạ", "digits", "unknown", "acknowledged"),
    ("không chín [unk] một", "digits", "unknown", "unk"),
    ("không chín nhắc lại", "digits", "unknown", "conflict"),
    ("trăm", "digits", "unknown", "no_match"),
    ("có", "digits", "unknown", "no_match"),  # yes is no number
    ("tôi không nhớ số điện thoại nữa", "digits", "unknown", "dont_know"),
    # -- menu ------------------------------------------------------------------------------------
    ("báo lừa đảo", "menu", "option", "1"),
    ("dạ tôi muốn báo cáo", "menu", "option", "1"),
    ("rút lại", "menu", "option", "2"),
    ("hủy báo cáo", "menu", "option", "2"),  # the longer phrase wins over "báo cáo"
    ("kiểm tra số", "menu", "option", "3"),
    ("một", "menu", "option", "1"),
    ("phím hai", "menu", "option", "2"),
    ("bấm phím ba", "menu", "option", "3"),
    ("chín", "menu", "unknown", "no_match"),  # not an option of this menu
    ("báo lừa đảo rút lại", "menu", "unknown", "conflict"),
    ("bao lua dao", "menu", "option", "1"),
    ("ờ ờ", "menu", "unknown", "no_match"),
]


@pytest.mark.parametrize("transcript, mode, name, value", TABLE,
                         ids=[f"{m}:{t or '(empty)'}" for t, m, _, _ in TABLE])
def test_transcript_means(transcript, mode, name, value):
    intent = parse_intent(transcript, mode, MENU if mode == "menu" else None)

    assert (intent.name, intent.value) == (name, value), intent
    if intent.understood:
        assert MIN_SCORE <= intent.score <= 1.0
    else:
        assert intent.score < MIN_SCORE


def test_the_table_is_large_and_covers_every_mode():
    assert len(TABLE) >= 80
    assert {mode for _, mode, _, _ in TABLE} == {"yes_no", "digits", "menu"}


@pytest.mark.parametrize("text, score", [("có", 1.0), ("ờ", 0.7), ("khong", 0.8),
                                         ("có ạ bác", 0.833)])
def test_scores_rank_clear_answers_above_weak_ones(text, score):
    assert parse_intent(text, "yes_no").score == pytest.approx(score, abs=0.001)


def test_a_weak_yes_loses_to_a_clear_answer():
    assert parse_intent("ừ không", "yes_no").name == "no"
    assert parse_intent("ừ có", "yes_no") == Intent("yes", None, 1.0)


def test_words_with_other_diacritics_are_other_words():
    # "bà" (grandmother) is not "ba" (3): only words with no diacritics at all are matched loosely.
    assert parse_intent("bà", "digits").name == "unknown"
    assert parse_intent("ba", "digits").value == "3"


def test_menu_without_keywords_understands_only_controls():
    assert parse_intent("một", "menu").name == "unknown"
    assert parse_intent("nhắc lại", "menu").name == "repeat"


def test_menu_keywords_win_over_controls():
    keywords = {"4": ["hỗ trợ"]}
    assert parse_intent("hỗ trợ", "menu", keywords) == Intent("option", "4", 1.0)


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be one of"):
        parse_intent("có", "free")


@pytest.mark.parametrize("items, digits", [
    ([("digit", "2"), ("tens", ""), ("digit", "1")], "21"),
    ([("ten", ""), ("digit", "5")], "15"),
    ([("hundred", "")], ""),
    ([("digit", "1"), ("hundred", ""), ("zero_fill", ""), ("digit", "5")], "105"),
    ([("digit", "1"), ("hundred", ""), ("digit", "1")], "110"),
    ([("digit", "1"), ("hundred", ""), ("digit", "2"), ("digit", "3")], "123"),
    ([("ten", ""), ("boundary", ""), ("digit", "2"), ("digit", "3")], "1023"),
    ([("ten", ""), ("digit", "2"), ("digit", "3")], "123"),
    ([("digit", "1"), ("hundred", ""), ("boundary", ""), ("digit", "2")], "1002"),
    ([("boundary", ""), ("digit", "0"), ("boundary", "")], "0"),
])
def test_read_number_words(items, digits):
    assert read_number_words(items) == digits


@pytest.mark.parametrize("transcript, mode, name, value", [
    ("khôngchín một", "digits", "digits", "091"),  # two digit words run together
    ("không chín xì một", "digits", "unknown", "no_match"),  # a word that may hold digits
    ("đúngrồi", "yes_no", "yes", None),
    ("khô ng", "yes_no", "no", None),  # a syllable split in two
    ("cóchín", "yes_no", "unknown", "no_match"),  # "chín" is no yes/no word: left unread
])
def test_syllable_slips_are_mended_or_refused(transcript, mode, name, value):
    intent = parse_intent(transcript, mode)
    assert (intent.name, intent.value) == (name, value)


def test_a_yes_no_shaped_menu_reads_a_bare_no_as_its_no_option():
    keywords = {"1": ["rồi", "chuyển rồi"], "2": ["chưa", "chưa chuyển"], "3": ["báo ngân hàng"]}
    assert parse_intent("mô có chuyển", "menu", keywords).value == "2"
    assert parse_intent("chưa đâu", "menu", keywords).value == "2"
    assert parse_intent("không báo ngân hàng", "menu", keywords).name == "unknown"
    without_no = {"1": ["rồi"], "3": ["báo ngân hàng"]}
    assert parse_intent("mô có chuyển", "menu", without_no).name == "unknown"


def test_tokens_are_nfc_lowercase_words():
    nfd = "Kho\u0302ng"  # "Không" decomposed: what a non-NFC source may send
    assert tokens(f"  {nfd}, dạ-ạ [unk]!") == ["không", "dạ", "ạ", "[unk]"]
    assert strip_tones("Đúng rồi") == "Dung roi"


def test_grammar_phrases_cover_answers_controls_and_fillers():
    yes_no = grammar_phrases("yes_no")
    assert {"có", "không", "dạ vâng", "nhắc lại", "quay lại", "dạ", "ạ", "ừm"} <= set(yes_no)
    digits = grammar_phrases("digits")
    assert {"không", "chín", "mốt", "tư", "lăm", "mười", "mươi", "dê rô"} <= set(digits)
    assert "đúng rồi" not in digits and "chính xác" not in digits  # another mode's answers
    assert {"vâng", "tui", "giùm", "chưa"} <= set(digits)  # words around an answer: every mode
    menu = grammar_phrases("menu", MENU)
    assert {"báo lừa đảo", "rút lại", "một", "hai", "ba"} <= set(menu) and "chín" not in menu
    assert all(p == " ".join(p.split()) and p == p.lower() for p in yes_no + digits + menu)


def test_core_words_are_in_the_grammars():
    words = {w for p in grammar_phrases("yes_no") + grammar_phrases("digits") for w in p.split()}
    assert set(core_words()) <= words
