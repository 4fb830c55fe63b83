"""Spoken answers that never turn a "no" into a "yes", through the signed webhooks with
SPEECH_INPUT=twilio (issue 9, items 3 and 5): question-aware answers, "chưa xong" on a step,
negated options, consequential choices and low-confidence answers confirmed before they act."""
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import make_app

from .test_speech_answers import simulator_for

RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"
NUMBER = "không chín một hai ba bốn năm sáu bảy tám"


@pytest.fixture
def twilio_speech(database_url, tmp_path):
    return make_app(database_url, tmp_path, SPEECH_INPUT="twilio")


def said(simulator, text, confidence="0.9"):
    return simulator.post(simulator.last.action, {"SpeechResult": text, "Confidence": confidence})


def at_review(app):
    """A caller at the recording review of a report (money not lost)."""
    simulator = simulator_for(app)
    simulator.start()
    simulator.press("3")
    simulator.press("2")
    heard = simulator.record(RECORDING, "RE" + "1" * 32)
    assert heard.node == "report_record" and "report_record.review" in heard.prompt_ids
    return simulator


def at_readback(app):
    """A caller hearing the reported number read back ("Nếu đúng, bấm phím 1")."""
    simulator = at_review(app)
    simulator.press("1")
    heard = said(simulator, NUMBER)
    assert heard.node == "report_number" and "report_number.confirm" in heard.prompt_ids
    return simulator


CONFIRMATION = ["common.heard_number_speech", "common.confirm_spoken_speech"]


@pytest.mark.parametrize("words", ["đâu phải", "đâu có", "có mô", "có phải đâu", "chẳng phải"])
def test_a_rhetorical_no_at_a_readback_never_confirms(twilio_speech, words):
    simulator = at_readback(twilio_speech)
    heard = said(simulator, words)
    assert heard.node == "report_number"
    assert heard.prompt_ids[0] == "report_number.prompt"  # a no: key the number again
    assert "common.heard_number_speech" not in heard.prompt_ids


def test_yes_at_a_readback_is_said_back_then_a_second_yes_confirms(twilio_speech):
    simulator = at_readback(twilio_speech)
    heard = said(simulator, "dạ đúng rồi")
    assert heard.node == "report_number" and heard.prompt_ids[:2] == CONFIRMATION
    gather = ET.fromstring(heard.twiml).find("Gather")
    assert gather.get("input") == "dtmf speech" and "có" in gather.get("hints")
    assert said(simulator, "có").node == "report_identity"


def test_a_no_at_the_confirmation_asks_the_readback_again(twilio_speech):
    simulator = at_readback(twilio_speech)
    said(simulator, "có")
    heard = said(simulator, "không")
    assert heard.node == "report_number" and "report_number.confirm" in heard.prompt_ids
    assert "common.heard_number_speech" not in heard.prompt_ids


def test_a_low_confidence_yes_at_a_readback_is_confirmed_before_it_acts(twilio_speech):
    simulator = at_readback(twilio_speech)
    heard = said(simulator, "có", confidence="0.3")
    assert heard.node == "report_number" and heard.prompt_ids[:2] == CONFIRMATION
    unsure = said(simulator, "có", confidence="0.2")  # an unsure yes never commits
    assert unsure.node == "report_number" and unsure.prompt_ids[0] == "common.speech_not_heard"
    assert simulator.press("1").node == "report_identity"


def test_keys_act_at_once_at_the_readback_and_the_review(twilio_speech):
    simulator = at_review(twilio_speech)
    heard = simulator.press("1")
    assert heard.node == "report_number" and heard.prompt_ids[0] == "report_number.prompt"
    simulator.press("0912345678#")
    heard = simulator.press("1")
    assert heard.node == "report_identity" and "common.confirm_spoken_speech" not in heard.prompt_ids


@pytest.mark.parametrize("words", ["không gửi", "đừng giữ", "không giữ", "đừng gửi"])
def test_a_negated_keep_does_not_keep_the_recording(twilio_speech, words):
    simulator = at_review(twilio_speech)
    heard = said(simulator, words)
    assert heard.node == "report_record" and heard.prompt_ids[0] == "common.speech_not_heard"
    assert "common.heard_keep_speech" not in heard.prompt_ids


def test_keeping_the_recording_by_voice_is_confirmed_first(twilio_speech):
    simulator = at_review(twilio_speech)
    heard = said(simulator, "giữ lại")
    assert heard.node == "report_record"
    assert heard.prompt_ids[:2] == ["common.heard_keep_speech", "common.confirm_spoken_speech"]
    assert said(simulator, "đúng rồi").node == "report_number"


def test_not_yet_on_a_tutorial_step_stays_on_the_step(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    simulator.press("1")
    first = simulator.press("1")
    step = first.node
    assert "tutorial" in step
    for words in ("chưa xong", "chưa", "đợi chút"):
        heard = said(simulator, words)
        assert heard.node == step and heard.prompt_ids[0] == "common.step_not_yet_speech"
        assert f"{step}.step2" not in heard.prompt_ids
    heard = said(simulator, "được rồi")  # the step's own "next" words
    assert f"{step}.step2" in heard.prompt_ids


@pytest.mark.parametrize("words, node", [
    ("hổng có", "report_record"),  # no money lost: the consent, then the recording
    ("nỏ", "report_record"),
    ("chưa có", "report_record"),
    ("có", "report_lost_goodbye"),  # money lost: the advice, the report saved, the goodbye
    ("rồi", "report_lost_goodbye"),
    ("dạ đã", "report_lost_goodbye"),
])
def test_the_money_question_takes_yes_and_no_in_every_region(twilio_speech, words, node):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    simulator.press("3")
    heard = said(simulator, words)
    assert heard.node == node
    assert ("report_money_advice.text" in heard.prompt_ids) == (node == "report_lost_goodbye")


def test_the_money_question_hints_its_yes_and_no_words(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    hints = ET.fromstring(simulator.press("3").twiml).find("Gather").get("hints").split(", ")
    assert {"có", "không", "hổng", "nỏ", "rồi", "đã báo ngân hàng"} <= set(hints)
    assert len(hints) <= 100


def test_a_low_confidence_menu_choice_is_said_back_with_its_option(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    heard = said(simulator, "cảnh báo lừa đảo", confidence="0.1")
    assert heard.node == "main_menu"
    assert heard.prompt_ids[:3] == ["common.heard_option_speech", "main_menu.option2",
                                    "common.confirm_spoken_speech"]
    assert simulator.press("1").node == "scam_safety"


def test_nothing_understood_at_low_confidence_is_asked_again(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    heard = said(simulator, "hôm nay trời mưa", confidence="0.1")
    assert heard.node == "main_menu" and heard.prompt_ids[0] == "common.speech_not_heard"
