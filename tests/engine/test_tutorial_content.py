"""Wording of the shipped tutorials and the menus that lead to them (issue 8, items 1 and 6):
short key-first menus, short intros, words explained where a tutorial first uses them, and
nothing a caller who cannot read is left to read or type alone."""
import re

import pytest

from ivr.engine import MenuNode, TutorialNode, load_flow
from ivr.engine.lint import estimate_seconds

from .conftest import ROOT

# A term → how its one-sentence explanation starts (matched case-insensitively).
EXPLAINED = {
    "ứng dụng": r"ứng dụng là",
    "VNeID": r"VNeID là",
    "OTP": r"mã OTP,? là",
    "link": r"đường link là",
    "QR": r"mã QR là",
}


@pytest.fixture(scope="module")
def shipped():
    return load_flow(ROOT / "prompts", {"volunteer_line": "số 0 9 1"})


def tutorials(flow):
    return [n for n in flow.nodes.values() if isinstance(n, TutorialNode) and n.id.startswith("tutorial_")]


def spoken(node):
    """The texts of a tutorial in the order heard: intro, steps, quiz (question, feedback), outro."""
    quiz = [p.text for q in node.quiz for p in (q.prompt, q.right, q.wrong)]
    return [node.intro.text, *(s.text for s in node.steps), *quiz, node.outro.text]


def uses(term, text):
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("menu", ["main_menu", "tutorials"])
def test_menus_name_the_key_first_and_briefly(shipped, menu):
    node = shipped.nodes[menu]
    assert isinstance(node, MenuNode)
    rate = shipped.settings.syllables_per_second
    assert estimate_seconds(node.prompt.text, rate) <= 1.5
    for option in node.options:
        assert option.say.text.startswith(f"Bấm {option.key}: "), option.say.id
        assert estimate_seconds(option.say.text, rate) <= 2.7, option.say.id


def test_main_menu_keys_are_the_fixed_ones(shipped):
    goto = {o.key: o.goto for o in shipped.nodes["main_menu"].options}
    assert goto == {"1": "tutorials", "2": "scam_safety", "3": "report_money", "4": "check_number_input",
                    "5": "volunteer_transfer"}


def test_intros_are_one_short_breath(shipped):
    for node in tutorials(shipped):
        assert estimate_seconds(node.intro.text, shipped.settings.syllables_per_second) <= 5.5, node.id


def test_every_term_is_explained_where_the_tutorial_first_uses_it(shipped):
    for node in tutorials(shipped):
        texts = spoken(node)
        for term, explanation in EXPLAINED.items():
            first = next((i for i, text in enumerate(texts) if uses(term, text)), None)
            if first is None:
                continue
            # Used in the intro: explained at the start of the first step, right after it.
            where = texts[first + 1] if first == 0 else texts[first]
            assert re.search(explanation, where, re.IGNORECASE), f"{node.id}: {term!r} in {texts[first]!r}"


def test_no_address_is_spelled_and_no_file_type_is_named(shipped):
    for node in tutorials(shipped):
        for text in spoken(node):
            assert not re.search(r"chấm (gov|v n|com)", text, re.IGNORECASE), node.id
            assert "A P K" not in text and "đuôi" not in text, node.id


def test_typing_always_comes_with_someone_to_help(shipped):
    for node in tutorials(shipped):
        for step in node.steps:
            if re.search(r"\bgõ\b", step.text):
                assert "nhờ" in step.text, step.id


def test_the_phone_is_told_apart_before_a_store_is_named(shipped):
    texts = spoken(shipped.nodes["tutorial_install_app"])
    apple = next((i for i, text in enumerate(texts) if "quả táo" in text), None)
    store = next(i for i, text in enumerate(texts) if "CH Play" in text)
    assert apple is not None and apple < store
    assert "tam giác nhiều màu" in texts[store] and "chữ A trắng" in texts[store]


def test_tutorials_that_need_an_app_point_to_the_lesson_that_gets_it(shipped):
    for node in tutorials(shipped):
        if node.id == "tutorial_install_app" or not uses("VNeID", node.intro.text):
            continue
        assert any("bài số" in s.text for s in node.steps[:2]), node.id
    assert "bài số" not in shipped.nodes["tutorials"].prompt.text
