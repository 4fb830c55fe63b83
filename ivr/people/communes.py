"""Commune names as people say them (issue 12, home visits): one key per commune, and the commune
a caller named in a sentence.

Vietnam's communes are ``xã`` (rural) and ``phường`` (urban); older names also say ``thị trấn``
(township). A caller says "xã Tân Lập", "ở Tân Lập" or "phường Tân Lập": the same commune for a
team, whichever kind the admin typed. Tone marks are compared in one placement ("Hoà"/"Hòa",
``speech.intents.canonical``).
Pure functions, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from speech.intents import canonical, tokens

# Words before a commune's name that are not part of it (said or written): "xã Tân Lập".
PREFIXES = (("thị", "trấn"), ("xã",), ("phường",), ("p",), ("x",), ("tt",))


def commune_words(name: str) -> tuple[str, ...]:
    """The words of a commune's name, lower case, one tone-mark spelling, without its kind:
    ``"Xã Tân Lập"`` → ``("tân", "lập")``, ``"Phường Hoà Bình"`` → ``("hòa", "bình")``.
    An empty tuple for a name that is empty or only kind words in any combination ("Xã",
    "Xã/Phường", "TT."): such a "commune" would be found in every caller's "tôi ở xã …"."""
    words = [canonical(word) for word in tokens(name)]
    if _only_kind_words(words):
        return ()
    for prefix in PREFIXES:
        if tuple(words[:len(prefix)]) == prefix:
            return tuple(words[len(prefix):])
    return tuple(words)


def _only_kind_words(words: list[str]) -> bool:
    """Whether ``words`` are nothing but kind words (``PREFIXES``), e.g. ``xã phường``."""
    while words:
        prefix = next((p for p in PREFIXES if tuple(words[:len(p)]) == p), None)
        if prefix is None:
            return False
        words = words[len(prefix):]
    return True


def commune_key(name: str) -> str:
    """The key a commune is stored under (``TeamCommune.key``): its words joined by one space.
    ``"xã  Tân Lập"``, ``"Tân lập"`` and ``"TÂN LẬP"`` → ``"tân lập"``.

    Raises ``ValueError`` for a name with no words or only kind words ("Xã", "Xã/Phường")."""
    words = commune_words(name)
    if not words:
        raise ValueError(f"không có tên xã trong {name!r}")
    return " ".join(words)


def find_commune(transcript: str, keys: Mapping[str, str] | Iterable[str]) -> str | None:
    """The key of the commune a caller named in ``transcript`` (a recogniser's text), or ``None``.

    ``keys`` are the known communes' keys (:func:`commune_key`). The longest name found as whole
    consecutive words wins ("tân lập" over "lập" when both are communes); if two different
    communes of the same length are named, the answer is ``None``: a volunteer decides.
    """
    words = [canonical(word) for word in tokens(transcript)]
    best: dict[str, int] = {}
    for key in keys:
        wanted = key.split(" ")
        size = len(wanted)
        if any(words[i:i + size] == wanted for i in range(len(words) - size + 1)):
            best[key] = size
    if not best:
        return None
    longest = max(best.values())
    found = [key for key, size in best.items() if size == longest]
    # A shorter name inside the longest one found ("lập" in "tân lập") is not a second commune.
    return found[0] if len(found) == 1 else None
