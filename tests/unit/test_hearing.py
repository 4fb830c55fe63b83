"""ivr.hearing on the shipped flow: transcripts read at the question they answer (issue 9 item 3),
and a recogniser's confidence turned into ``Spoken.unsure`` (item 5)."""
import pytest

from ivr.engine import Listen, State, load_flow
from ivr.engine.listening import key_for, listening
from ivr.hearing import Utterance, understand, understand_text
from tests.conftest import ROOT

FLOW = load_flow(ROOT / "prompts", {"volunteer_line": "số 1 2 3"})


def listen_at(node, **where):
    return listening(FLOW, State(node=node, **where))


# "Bác đã chuyển tiền, đọc mã hay cài gì cho họ chưa?": yes_no {yes: 1, no: 2}. The key each
# answer stands for (the parser may read a bare no as the no option itself, or as a "no" that the
# menu's yes_no maps to it: the same key); None: not understood, asked again.
MONEY = [
    ("có", "1"), ("rồi", "1"), ("dạ đã", "1"), ("ừ", "1"), ("có chuyển", "1"),
    ("không", "2"), ("chưa", "2"), ("chưa có", "2"), ("hổng có", "2"), ("hông có", "2"),
    ("nỏ", "2"), ("nỏ có", "2"), ("có mô", "2"), ("đâu có", "2"),
    ("đã báo ngân hàng", "3"), ("rút báo cáo", "4"),
    ("cái thứ hai", "2"), ("số hai", "2"), ("có lẽ", None),
]


@pytest.mark.parametrize("text, key", MONEY)
def test_the_money_question_hears_yes_and_no(text, key):
    listen = listen_at("report_money")
    assert listen == Listen("menu", listen.choices, yes="1", no="2")
    assert key_for(FLOW, listen, understand_text(listen, text)) == key


def test_a_negated_option_is_never_read_as_a_yes_or_no_there():
    menu = Listen("menu", (("1", ("gửi",)), ("2", ("nghe",))), yes="1", no="2")
    spoken = understand_text(menu, "không gửi")
    assert spoken.intent == "unknown" and spoken.negated == "1"


@pytest.mark.parametrize("node, where, text, value", [
    ("main_menu", {}, "cảnh báo", "2"),
    ("main_menu", {}, "nghe cảnh báo lừa đảo", "2"),
    ("main_menu", {}, "báo lừa đảo", "3"),
    ("main_menu", {}, "cái thứ hai", "2"),
    ("main_menu", {}, "thứ hai", "2"),
    ("tutorial_install_app", {"step": 1}, "rồi", "1"),
    ("tutorial_install_app", {"step": 1}, "được rồi", "1"),
    ("tutorial_install_app", {"step": 1}, "xong rồi", "1"),
    ("tutorial_install_app", {"step": 1}, "tiếp tục", "1"),
    ("tutorial_install_app", {"step": 1}, "hông làm được", "3"),
    ("scam_safety", {}, "mã otp", "4"),
    ("scam_safety", {}, "link lạ", "4"),
    ("report_identity", {}, "bên điện", "3"),
    ("report_identity", {}, "cháu tôi", "6"),
])
def test_the_flow_words_added_for_issue_9(node, where, text, value):
    spoken = understand_text(listen_at(node, **where), text)
    assert (spoken.intent, spoken.value) == ("option", value)


@pytest.mark.parametrize("text", ["chưa xong", "chưa", "đợi chút"])
def test_not_yet_at_a_step(text):
    spoken = understand_text(listen_at("tutorial_install_app", step=1), text)
    assert spoken.intent == "unknown" and spoken.not_yet


def test_a_guess_around_a_word_not_understood_is_passed_on():
    spoken = understand_text(listen_at("report_record", phase="review"), "[unk] giữ lại")
    assert spoken.intent == "unknown" and (spoken.guess.intent, spoken.guess.value) == ("option", "1")


@pytest.mark.parametrize("confidence, unsure", [(None, False), (0.49, True), (0.5, False),
                                                (0.9, False), (0.0, True)])
def test_confidence_below_the_threshold_is_unsure(confidence, unsure):
    listen = listen_at("report_number", phase="confirm", pending="0912345678")
    spoken = understand(listen, Utterance(text="có", confidence=confidence), min_confidence=0.5)
    assert spoken.intent == "yes" and spoken.confidence == confidence and spoken.unsure is unsure
