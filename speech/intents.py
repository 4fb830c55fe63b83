"""What a caller meant, from a recogniser transcript: pure functions, no Vosk, no I/O.

``parse_intent(transcript, mode, keywords)`` returns an :class:`Intent`:

==============  ==========================================  ===================================
mode            intents                                     value
==============  ==========================================  ===================================
``yes_no``      ``yes``, ``no``                             ``None``
``digits``      ``digits``                                  the digit string, e.g. ``"0912"``
``menu``        ``option``                                  the option's key, e.g. ``"2"``
every mode      ``repeat``, ``back``, ``main_menu``,        ``None``
                ``volunteer`` (the controls)
not understood  ``unknown``                                 why: ``empty``, ``unk``,
                                                            ``conflict``, ``acknowledged``,
                                                            ``dont_know``, ``no_match``,
                                                            ``low_score``
==============  ==========================================  ===================================

How words are said, by region: the sources listed at the end. Decisions taken here, each for a
reason:

- **"dạ" alone is not a yes.** It is the polite "yes" of the South [5] but also just "I'm
  listening" [4], so alone it gives ``unknown``/``acknowledged``: the flow asks again ("có hay
  không?") or takes the key. With an answer it is a particle: "dạ không" is *no*.
- **"ừ", "ờ", "ừa", "ầy" are a weak yes** (score 0.7): informal yes in North, South and Nghệ Tĩnh
  [5], but also hesitation sounds, and a grammar maps noise and near-silence onto listed words
  [8]. Next to a real answer they are fillers: "ờ không" is *no*. "ừm" is always a filler.
- **Any "[unk]" means not understood** [8]: a cough or an off-list word.
- **Two different intents mean not understood** ("có không", which the bigram grammar can emit
  [7]); the same one repeated ("có có") is fine.
- **"không" is 0 in ``digits`` mode and *no* in ``yes_no`` mode**, never the other [1].
- **Missing diacritics:** a word typed or recognised with no diacritics at all ("khong", "co") is
  matched on its tone-stripped form at 0.8 of the weight; a word *with* other diacritics ("bà")
  is a different word and never matches "ba".
- **Score** = the intent's weight × the share of words accounted for (particles count, words
  that introduce a number count half, unknown words not at all), so "tôi không nhớ số điện
  thoại" is neither a *no* nor the digit 0. Below :data:`MIN_SCORE` → ``unknown``.

Sources:

[1] https://vietnamese.nil.seattle.wa.us/numbers (digit words, linh/lẻ; "không" is 0 and *no*)
[2] https://en.wikipedia.org/wiki/Vietnamese_numerals (mốt, tư, lăm after a tens word)
[3] http://waiyulw.com/20/169577.html ("hai mốt" = 21, "ba tư" = 34, "một trăm mốt" = 110)
[4] http://www.vietnam-culture.com/articles-86-6/Communicating-with-Vietnamese.aspx
[5] North/South word pairs ("vâng" / "dạ", "ừ", "ờ"):
  https://www.webtretho.vn/f/doc-bao-gium-ban/khac-biet-thu-vi-trong-ngon-ngu-2-mien-bac-nam-1899331
    Southern "hông"/"hổng": https://www.vjol.info/tu-vung-hong ; Central "răng", "chi", "mô":
    https://balocco.net/chi-mo-rang-rua-nghia-la-gi ; Nghệ Tĩnh "nỏ":
    https://diendan.hocluat.vn/viewtopic.php?t=11357
[6] https://github.com/NVIDIA/NeMo-text-processing (Vietnamese inverse text normalisation: the
    same number-word variants)
[7] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc (a grammar becomes a
    bigram model; words are looked up exactly, so in NFC)
[8] https://github.com/alphacep/vosk-api/issues/1339 and
    https://github.com/alphacep/vosk-android-demo/issues/62 (noise forced onto listed words;
    ``[unk]`` as the way out)

The repeat/back/menu words are our working list, to be checked with callers from each region.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

MODES = ("yes_no", "digits", "menu")
MIN_SCORE = 0.5  # below this share-weighted score the answer is "not understood"
WEAK = 0.7  # weight of a bare "ừ"/"ờ": a likely yes that a consequential question should confirm
STRIPPED = 0.8  # weight of a word matched only without its diacritics
# Words like "số", "điện thoại" count half: they also fill sentences that are no answer at all
# ("tôi không nhớ số điện thoại" must not read as the digit 0).
INTRODUCER = 0.5
UNK = "[unk]"

# -- vocabulary (sources [1]–[6] in the module docstring) -----------------------------------------

YES = ("có", "có chứ", "dạ có", "vâng", "dạ vâng", "vâng ạ", "phải", "phải rồi", "dạ phải",
       "đúng", "đúng rồi", "đúng vậy", "đúng thế", "được", "được rồi", "đồng ý", "rồi",
       "ok", "ô kê", "oke", "okê")
WEAK_YES = ("ừ", "ờ", "ừa", "ầy", "ậy")
NO = ("không", "dạ không", "không phải", "không có", "không đâu", "không đúng", "không được",
      "chưa", "chưa có", "sai", "sai rồi", "thôi", "hông", "hổng", "hổng có", "hông có",
      "hông phải", "hổng phải", "nỏ", "nỏ mô", "không phải mô")
DONT_KNOW = ("không biết", "chưa biết", "hông biết", "hổng biết", "nỏ biết")

CONTROLS = {
    "repeat": ("nhắc lại", "nói lại", "lặp lại", "nghe lại", "đọc lại", "gì cơ", "cái gì", "gì",
               "hả", "sao", "sao cơ", "răng", "chi", "răng rứa", "chi rứa", "không nghe rõ",
               "nghe không rõ", "không rõ", "không nghe thấy"),
    "back": ("quay lại", "trở lại", "lùi lại", "quay về", "trở về"),
    "main_menu": ("về menu chính", "menu chính", "mục chính", "về mục chính", "quay về menu chính",
                  "quay về mục chính", "trở về menu chính", "trở về mục chính"),
    "volunteer": ("gặp người", "gặp người thật", "gặp tình nguyện viên", "tình nguyện viên",
                  "hỗ trợ", "cần hỗ trợ", "gặp nhân viên", "nói chuyện với người"),
}
ACK = ("dạ",)  # alone: "I'm listening" (source [4]); with an answer: a particle
FILLERS = ("ạ", "à", "ừm", "ưm", "ờm", "ơ", "a lô", "alô", "alo", "thưa", "nha", "nhé", "nhá",
           "nghen", "ha", "hen", "nè", "mô", "đi")
# Words that introduce a number or a key: "số là …", "bấm phím một".
NUMBER_FILLERS = ("số", "là", "thì", "phím", "bấm", "bấm phím", "chọn", "số điện thoại")

# Digit words and what they are inside a number ([1], [2], [3], [6] in the module docstring).
DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
          "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
          "dê rô": 0, "giê rô": 0, "zê rô": 0, "zero": 0}
# Unit forms that only follow a tens word: "hai mốt" = 21, "ba tư" = 34, "hai lăm" = 25.
AFTER_TENS = frozenset({"mốt", "tư", "lăm", "nhăm"})
NUMBER_WORDS = {"mười": "ten", "mươi": "tens", "chục": "tens", "hăm": "twenty", "trăm": "hundred",
                "linh": "zero_fill", "lẻ": "zero_fill"}


@dataclass(frozen=True)
class Intent:
    """The meaning of one answer. ``score`` is 0–1; ``value`` per mode (module docstring)."""

    name: str
    value: str | None = None
    score: float = 0.0

    @property
    def understood(self) -> bool:
        return self.name != "unknown"

    def as_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "score": self.score}


# -- text ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\[unk\]|[^\W_]+")


def tokens(text: str) -> list[str]:
    """Split ``text`` into lowercase NFC words: ``"Dạ, KHÔNG-ạ!"`` → ``["dạ", "không", "ạ"]``.

    Punctuation and hyphens separate words ("dê-rô" → "dê", "rô"); ``[unk]`` is kept as one word.
    NFC because Vosk looks words up in exactly that form (source [7] of the module docstring; an
    NFD word is not found: tests/speech_recognition/test_grammar.py::
    test_nfd_words_are_found_after_normalisation).
    """
    normal = unicodedata.normalize("NFC", text or "").lower()
    return _TOKEN.findall(normal)


def strip_tones(word: str) -> str:
    """Remove every diacritic and map đ → d: ``"không"`` → ``"khong"``, ``"đúng"`` → ``"dung"``."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bare(word: str) -> bool:
    return strip_tones(word) == word


# -- phrase tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    """What a phrase means: ``kind`` is ``intent``, ``weak``, ``ack``, ``filler``, ``digit`` or
    ``number`` (a number-building word); ``name``/``value`` for intents."""

    kind: str
    name: str | None = None
    value: str | None = None
    weight: float = 1.0


class _Table:
    """Phrases (as word tuples) → :class:`_Entry`, looked up exactly and tone-stripped."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], _Entry] = {}
        self.stripped: dict[tuple[str, ...], _Entry | None] = {}
        self.longest = 1  # words in the longest phrase

    def add(self, phrases: Iterable[str], entry: _Entry) -> None:
        for phrase in phrases:
            words = tuple(tokens(phrase))
            if not words:
                continue
            self.exact[words] = entry
            self.longest = max(self.longest, len(words))
            key = tuple(strip_tones(w) for w in words)
            if key in self.stripped and self.stripped[key] != entry:
                self.stripped[key] = None  # two meanings without diacritics: never guess
            else:
                self.stripped[key] = entry

    def match(self, words: Sequence[str], start: int) -> tuple[int, _Entry, bool] | None:
        """Longest phrase at ``words[start:]``: ``(length, entry, exact)`` or ``None``."""
        for length in range(min(self.longest, len(words) - start), 0, -1):
            window = tuple(words[start:start + length])
            if window in self.exact:
                return length, self.exact[window], True
            if all(_bare(w) for w in window):
                entry = self.stripped.get(tuple(strip_tones(w) for w in window))
                if entry is not None:
                    return length, entry, False
        return None


def _common_table(table: _Table) -> None:
    """Fillers, "dạ" and the controls every mode understands."""
    table.add(FILLERS, _Entry("filler"))
    table.add(ACK, _Entry("ack"))
    for name, phrases in CONTROLS.items():
        table.add(phrases, _Entry("intent", name))


def _yes_no_table() -> _Table:
    table = _Table()
    _common_table(table)
    table.add(WEAK_YES, _Entry("weak", "yes", weight=WEAK))
    table.add(YES, _Entry("intent", "yes"))
    table.add(NO, _Entry("intent", "no"))
    table.add(DONT_KNOW, _Entry("intent", "unknown", "dont_know"))
    return table


def _digits_table() -> _Table:
    table = _Table()
    _common_table(table)
    table.add(WEAK_YES, _Entry("filler"))  # "ờ" is hesitation here, never an answer
    table.add(NUMBER_FILLERS, _Entry("filler", weight=INTRODUCER))
    for word, digit in DIGITS.items():
        table.add([word], _Entry("digit", value=str(digit)))
    for word, role in NUMBER_WORDS.items():
        table.add([word], _Entry("number", role))
    # Typed "muoi" is mười or mươi; as "tens" it reads right either way ("muoi hai", "hai muoi").
    table.stripped[("muoi",)] = _Entry("number", "tens")
    return table


def _menu_table(keywords: Mapping[str, Sequence[str]]) -> _Table:
    """Controls, then spoken keys ("một", "phím hai") for the menu's own keys, then the keywords,
    which win over both (the flow's author chose them)."""
    table = _Table()
    _common_table(table)
    table.add(WEAK_YES, _Entry("filler"))
    table.add(NUMBER_FILLERS, _Entry("filler", weight=INTRODUCER))
    for word, digit in DIGITS.items():
        if str(digit) in keywords and word not in AFTER_TENS:
            table.add([word], _Entry("intent", "option", str(digit)))
    for key, phrases in keywords.items():
        table.add(phrases, _Entry("intent", "option", str(key)))
    return table


_STATIC_TABLES: dict[str, _Table] = {}


def _table(mode: str, keywords: Mapping[str, Sequence[str]] | None) -> _Table:
    if mode == "menu":
        return _menu_table(keywords or {})
    if mode not in _STATIC_TABLES:
        _STATIC_TABLES[mode] = _yes_no_table() if mode == "yes_no" else _digits_table()
    return _STATIC_TABLES[mode]


# -- parsing ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    entry: _Entry | None  # None: a word no table knows
    words: tuple[str, ...]
    exact: bool = True

    @property
    def coverage(self) -> float:
        """How much of the answer this piece accounts for, in words."""
        if self.entry is None:
            return 0.0
        weight = self.entry.weight if self.entry.kind == "filler" else 1.0
        return len(self.words) * weight * (1.0 if self.exact else STRIPPED)


def _segment(words: Sequence[str], table: _Table) -> list[_Piece]:
    """Cut ``words`` into the longest known phrases, left to right; unknown words stand alone.

    Numerals typed in the CLI ("0912") become digit pieces, one per digit.
    """
    pieces, i = [], 0
    while i < len(words):
        if words[i].isdecimal() and words[i].isascii():
            pieces.extend(_Piece(_Entry("digit", value=c), (c,)) for c in words[i])
            i += 1
            continue
        found = table.match(words, i)
        if found is None:
            pieces.append(_Piece(None, (words[i],)))
            i += 1
            continue
        length, entry, exact = found
        pieces.append(_Piece(entry, tuple(words[i:i + length]), exact))
        i += length
    return pieces


def parse_intent(transcript: str, mode: str,
                 keywords: Mapping[str, Sequence[str]] | None = None) -> Intent:
    """Return what ``transcript`` (a recogniser's text, or typed text) means in ``mode``.

    ``mode``: ``yes_no``, ``digits`` or ``menu``; ``keywords`` (menu only): option key → the
    phrases that choose it, e.g. ``{"1": ["báo lừa đảo"], "2": ["rút lại"]}``. Never raises for
    odd input; raises ``ValueError`` for an unknown mode.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    words = tokens(transcript)
    if not words:
        return Intent("unknown", "empty")
    if UNK in words:
        return Intent("unknown", "unk")  # source [8]: never guess past a "not understood" mark
    pieces = _segment(words, _table(mode, keywords))
    coverage = sum(p.coverage for p in pieces) / sum(len(p.words) for p in pieces)
    if mode == "digits":
        intent = _digits_intent(pieces)
    else:
        intent = _answer_intent(pieces)
    return _scored(intent, coverage)


def _scored(intent: Intent, coverage: float) -> Intent:
    if not intent.understood:
        return intent
    score = round(intent.score * coverage, 3)
    if score < MIN_SCORE:
        return Intent("unknown", "low_score", score)
    return Intent(intent.name, intent.value, score)


def _answer_intent(pieces: Sequence[_Piece]) -> Intent:
    """One intent from the pieces of a yes/no or menu answer (module docstring for the rules)."""
    strong = {(p.entry.name, p.entry.value) for p in pieces if p.entry and p.entry.kind == "intent"}
    weak = [p.entry for p in pieces if p.entry and p.entry.kind == "weak"]
    if len(strong) > 1:
        return Intent("unknown", "conflict")
    if strong:
        name, value = strong.pop()
        return Intent(name, value, 1.0) if name != "unknown" else Intent(name, value)
    if weak:
        return Intent(weak[0].name, weak[0].value, weak[0].weight)
    if any(p.entry and p.entry.kind == "ack" for p in pieces):
        return Intent("unknown", "acknowledged")
    return Intent("unknown", "no_match")


def _digits_intent(pieces: Sequence[_Piece]) -> Intent:
    """Digits, or a control; both at once (or two controls) is a conflict."""
    controls = {p.entry.name for p in pieces if p.entry and p.entry.kind == "intent"}
    numbers = [p for p in pieces if p.entry and p.entry.kind in ("digit", "number")]
    if len(controls) > 1 or (controls and numbers):
        return Intent("unknown", "conflict")
    if controls:
        return Intent(controls.pop(), None, 1.0)
    if not numbers:
        kinds = {p.entry.kind for p in pieces if p.entry}
        return Intent("unknown", "acknowledged" if kinds == {"ack"} else "no_match")
    digits = read_number_words([_number_token(p) for p in numbers])
    return Intent("digits", digits, 1.0) if digits else Intent("unknown", "no_match")


def _number_token(piece: _Piece) -> tuple[str, str]:
    """``("digit", "4")`` for a digit word, ``("ten", "")`` for mười, ``("tens", "")`` for mươi…"""
    entry = piece.entry
    return ("digit", entry.value) if entry.kind == "digit" else (entry.name, "")


# -- numbers ---------------------------------------------------------------------------------------

def read_number_words(items: Sequence[tuple[str, str]]) -> str:
    """Turn number tokens into the digit string a caller meant; ``""`` if they make no number.

    ``items``: ``(role, digit)`` with role ``digit`` (không…chín, and mốt, tư, lăm, nhăm, the
    forms a unit takes after a tens word), ``ten`` (mười), ``tens`` (mươi, chục), ``twenty``
    (hăm), ``hundred`` (trăm), ``zero_fill`` (linh, lẻ). Rules from sources [1]–[3] and [6] of
    the module docstring: digits one by one ("không chín" → "09"); "mười lăm" → "15"; "hai
    mươi" → "20"; pairs "hai mốt" → "21", "ba tư" → "34" (the same string as digit by digit);
    "một trăm linh năm" → "105"; colloquial "một trăm mốt" → "110" (not 101).
    """
    out, i = [], 0
    while i < len(items):
        text, i = _read_group(items, i)
        if text is None:
            return ""
        out.append(text)
    return "".join(out)


def _read_group(items: Sequence[tuple[str, str]], i: int) -> tuple[str | None, int]:
    """Read one group at ``items[i]``: a digit, a two-digit number or a hundreds number."""
    role, digit = items[i]
    nxt = items[i + 1][0] if i + 1 < len(items) else None
    if role in ("ten", "tens"):  # "mười …"; a lone "mươi" is heard as "mười" (tone slip)
        return _with_unit("1", items, i + 1)
    if role == "twenty":
        return _with_unit("2", items, i + 1)
    if role == "digit" and nxt == "tens":
        return _with_unit(digit, items, i + 2)
    if role == "digit" and nxt == "hundred":
        rest, j = _after_hundred(items, i + 2)
        return digit + rest, j
    if role == "digit":
        return digit, i + 1
    if role == "zero_fill":
        return "0", i + 1
    return None, i + 1  # "trăm" with no number before it


def _is_unit(items: Sequence[tuple[str, str]], j: int) -> bool:
    """``items[j]`` is a digit 1–9 that belongs to the number before it, not to the next one
    ("mười, hai mươi" is 10 then 20, not 12 then a stray "mươi")."""
    if j >= len(items) or items[j][0] != "digit" or items[j][1] == "0":
        return False
    return j + 1 >= len(items) or items[j + 1][0] not in ("tens", "hundred")


def _with_unit(tens: str, items: Sequence[tuple[str, str]], j: int) -> tuple[str, int]:
    """``tens`` followed by an optional unit 1–9 ("hai mươi ba" → 23, "hai mươi" → 20)."""
    if _is_unit(items, j):
        return tens + items[j][1], j + 1
    return tens + "0", j


def _after_hundred(items: Sequence[tuple[str, str]], j: int) -> tuple[str, int]:
    """The two digits after "trăm": "linh năm" → 05, "mười hai" → 12, "mốt" → 10 (colloquial)."""
    if j >= len(items):
        return "00", j
    role, digit = items[j]
    if role == "zero_fill" or (role == "digit" and digit == "0"):
        if _is_unit(items, j + 1):
            return "0" + items[j + 1][1], j + 2
        return "00", j + 1
    if role in ("ten", "tens", "twenty") or (j + 1 < len(items) and items[j + 1][0] == "tens"):
        return _read_group(items, j)
    if role == "digit":
        if _is_unit(items, j + 1):
            return digit + items[j + 1][1], j + 2  # "một trăm hai ba" = 123
        return digit + "0", j + 1  # "một trăm mốt" = 110, "hai trăm tư" = 240
    return "00", j


# -- grammar phrases -------------------------------------------------------------------------------

def grammar_phrases(mode: str, keywords: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The phrases a recognition grammar for ``mode`` should list (``speech.grammar`` adds [unk]).

    Answers, the controls, "dạ" and the fillers: listing fillers keeps them from being forced
    onto a real answer (source [8] of the module docstring). Digit mode lists single number
    words, since callers combine them freely. Typed-only forms ("zero", "ok" variants) are left
    out.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    common = [*ACK, *FILLERS, *(p for phrases in CONTROLS.values() for p in phrases)]
    if mode == "yes_no":
        specific = [*YES, *WEAK_YES, *NO, *DONT_KNOW]
    elif mode == "digits":
        specific = [*(w for w in DIGITS if w != "zero"), *NUMBER_WORDS, *NUMBER_FILLERS, "ờ"]
    else:
        specific = [*NUMBER_FILLERS, *(w for w in DIGITS if DIGITS[w] != 0 and w not in AFTER_TENS
                                         and str(DIGITS[w]) in (keywords or {})),
                    *(p for phrases in (keywords or {}).values() for p in phrases)]
    return _unique(" ".join(tokens(p)) for p in [*specific, *common])


def core_words() -> list[str]:
    """Words a Vietnamese model must know for speech to be worth switching on: yes, no, the ten
    digits and the words of "nhắc lại" / "quay lại". ``flask speech download-model`` refuses a
    model without them; other missing words are only reported."""
    return ["có", "không", "vâng", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
            "nhắc", "quay", "lại"]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


__all__ = ["Intent", "parse_intent", "grammar_phrases", "core_words", "read_number_words", "tokens",
           "strip_tones", "MODES", "MIN_SCORE", "UNK"]
