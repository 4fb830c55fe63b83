"""ivr.people.communes: one key per commune, and the commune a caller named."""
from __future__ import annotations

import pytest

from ivr.people.communes import commune_key, commune_words, find_commune


@pytest.mark.parametrize("name, key", [
    ("Tân Lập", "tân lập"),
    ("xã  Tân Lập", "tân lập"),
    ("XÃ TÂN LẬP", "tân lập"),
    ("Phường Hoà Bình", "hòa bình"),   # old tone placement: one key with the new
    ("phường Hòa Bình", "hòa bình"),
    ("Thị trấn Thuỷ Nguyên", "thủy nguyên"),
    ("TT. Đông Anh", "đông anh"),
])
def test_commune_key(name, key):
    assert commune_key(name) == key


@pytest.mark.parametrize("name", ["", "  ", "-,.",
                                  # only kind words: a commune "xã" would catch every "tôi ở xã …"
                                  "Xã", "Phường ", "Xã/Phường", "thị trấn", "TT.", "P. X", "xã - thị trấn"])
def test_a_name_without_words_is_refused(name):
    assert commune_words(name) == ()
    with pytest.raises(ValueError, match="không có tên xã"):
        commune_key(name)


def test_no_kind_word_alone_catches_a_callers_commune():
    keys = {}
    for name in ("Xã", "Phường ", "Mai Lâm", "Xã/Phường"):
        try:
            keys[commune_key(name)] = name
        except ValueError:
            pass
    assert list(keys) == ["mai lâm"]
    assert find_commune("tôi ở xã đại mạch", keys) is None


def test_commune_words_keeps_the_name_after_its_kind():
    assert commune_words("Phường 3") == ("3",)


KEYS = ["tân lập", "lập", "hòa bình", "thủy nguyên"]


@pytest.mark.parametrize("transcript, found", [
    ("tôi tên lan ở xã tân lập đi qua cây đa rẽ trái", "tân lập"),   # the longest name wins
    ("nhà tôi ở lập", "lập"),
    ("cháu ở phường hoà bình", "hòa bình"),                          # either tone placement
    ("THỦY NGUYÊN ạ", "thủy nguyên"),
    ("tân lập hay hòa bình tôi không nhớ", None),                   # two communes: a volunteer decides
    ("tôi ở gần chợ", None),
    ("", None),
    ("tân", None),                                                  # part of a name is not a name
])
def test_find_commune(transcript, found):
    assert find_commune(transcript, KEYS) == found
