"""Say it or press it, through the real webhooks: Twilio's own speech results, and short recordings
recognised by the real Vosk engine (the Korean stand-in model; see tests/speech_recognition)."""
import xml.etree.ElementTree as ET

import pytest

from config import TestingConfig
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.conftest import make_app
from tests.jobs.conftest import ACCOUNT_SID, AUTH_TOKEN, Answer, media  # noqa: F401 (fixture)
from tests.speech_recognition.conftest import YES_NO_MENU, Voice, korean_model_path, write_korean_flow


def simulator_for(app, caller="+84912345678"):
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=caller, describe=prompt_describer(app.extensions["hotline.flow"]))


# -- SPEECH_INPUT=twilio: Twilio transcribes, we understand --------------------------------------

@pytest.fixture
def twilio_speech(database_url, tmp_path):
    return make_app(database_url, tmp_path, SPEECH_INPUT="twilio")


def said(simulator, text):
    return simulator.post(simulator.last.action, {"SpeechResult": text, "Confidence": "0.8"})


def test_questions_listen_in_vietnamese_with_the_options_as_hints(twilio_speech):
    simulator = simulator_for(twilio_speech)
    gather = ET.fromstring(simulator.start().twiml).find("Gather")
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "vi-VN"
    assert gather.get("speechTimeout") == "auto"
    assert "phòng tránh lừa đảo" in gather.get("hints") and "nhắc lại" in gather.get("hints")


@pytest.mark.parametrize("words, node", [
    ("dạ phòng tránh lừa đảo ạ", "scam_safety"),
    ("hướng dẫn", "tutorials"),
    ("kiểm tra số", "check_number_input"),
    ("gặp tình nguyện viên", "callback_offer"),  # nobody on shift: the offer of a callback
])
def test_a_spoken_choice_moves_like_its_key(twilio_speech, words, node):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    assert said(simulator, words).node == node


def test_yes_no_digits_and_controls_by_voice(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    simulator.press("4")
    heard = said(simulator, "không chín một hai ba bốn năm sáu bảy tám")  # no read-back turn
    assert heard.prompt_ids[:3] == ["check_number_result.not_found1", "common.digit_0", "common.digit_9"]
    assert said(simulator, "có").node == "check_number_input"  # "check another?" yes
    said(simulator, "không chín một hai ba bốn năm sáu bảy tám")
    simulator.press("9")
    simulator.press("3")
    simulator.press("2")  # the report's recording; then its number question hears yes and no
    simulator.record("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", "RE" + "1" * 32)
    simulator.press("1")
    said(simulator, "không chín một hai ba bốn năm sáu bảy tám")
    assert said(simulator, "dạ đúng rồi").prompt_ids[0] == "common.heard_number_speech"
    assert said(simulator, "có").node == "report_identity"  # a read-back is confirmed twice
    simulator.press("9")
    simulator.press("1")
    simulator.press("1")
    assert said(simulator, "quay lại").node == "tutorials"


def test_not_understood_twice_means_keys_only_here(twilio_speech):
    simulator = simulator_for(twilio_speech)
    simulator.start()
    heard = said(simulator, "hôm nay trời mưa to quá")
    assert heard.prompt_ids[0] == "common.speech_not_heard"
    heard = said(simulator, "ăn cơm chưa")
    assert heard.prompt_ids[0] == "common.speech_keys_only"
    assert ET.fromstring(heard.twiml).find("Gather").get("input") == "dtmf"
    assert simulator.press("1").node == "tutorials"


# -- SPEECH_INPUT=vosk: a short <Record>, fetched and recognised in the webhook ---------------------

@pytest.fixture
def korean_prompts(tmp_path):
    """The shipped messages with a tiny menu whose options are Korean words (the stand-in model
    knows no Vietnamese): "네" (yes) chooses 1, "아니요" (no) chooses 2."""
    return write_korean_flow(tmp_path / "prompts", YES_NO_MENU)


@pytest.fixture
def vosk_app(database_url, tmp_path, korean_prompts, media):  # noqa: F811 (pytest fixture)
    return make_app(database_url, tmp_path, SPEECH_INPUT="vosk", PROMPTS_DIR=str(korean_prompts),
                    VOSK_MODEL_PATH=str(korean_model_path()), TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                    TWILIO_AUTH_TOKEN=AUTH_TOKEN, RECORDING_ORIGINS=media.origin)


@pytest.fixture(scope="module")
def korean_voice(tmp_path_factory):
    return Voice(tmp_path_factory.mktemp("voice"))


def vosk_simulator(app):
    return CallSimulator(FlaskTransport(app), AUTH_TOKEN, "http://localhost",
                         describe=prompt_describer(app.extensions["hotline.flow"]))


def answer(simulator, url, digits=""):
    return simulator.post(simulator.last.record_action,
                          {"RecordingUrl": url, "RecordingSid": "RE" + "0" * 32,
                           "RecordingDuration": "2", "Digits": digits})


def test_the_prompt_can_be_interrupted_by_a_key_then_a_short_recording_listens(vosk_app):
    root = ET.fromstring(vosk_simulator(vosk_app).start().twiml)
    assert root.find("Gather").get("timeout") == "1"
    record = root.find("Record")
    assert record.get("action") == "/voice/input?turn=1&event=speech"
    assert record.get("finishOnKey") == "0123456789*#" and record.get("playBeep") == "false"
    assert (record.get("timeout"), record.get("maxLength")) == ("2", "6")


@pytest.mark.parametrize("word, node", [("네", "first"), ("아니요", "second")])
def test_a_spoken_answer_is_fetched_recognised_and_followed(vosk_app, media, korean_voice, word, node):  # noqa: F811
    url, _ = media.recording(Answer(404), Answer(body=korean_voice.wav(word, lead=0.3, tail=0.5).read_bytes()))
    simulator = vosk_simulator(vosk_app)
    simulator.start()
    heard = answer(simulator, url)
    assert heard.node == node and heard.hung_up
    assert media.count(url) == 2  # one brief 404 right after the recording, then the audio


def test_a_key_that_ends_the_recording_is_a_key(vosk_app, media):  # noqa: F811
    simulator = vosk_simulator(vosk_app)
    simulator.start()
    url, _ = media.recording(Answer(body=b""))
    assert answer(simulator, url, digits="2").node == "second"
    assert media.count(url) == 0  # nothing fetched for a key


def test_noise_and_unfetchable_audio_are_not_understood(vosk_app, media, korean_voice):  # noqa: F811
    simulator = vosk_simulator(vosk_app)
    simulator.start()
    silence, _ = media.recording(Answer(body=korean_voice.wav("", lead=1.0).read_bytes()))
    assert answer(simulator, silence).prompt_ids[0] == "common.speech_not_heard"
    broken, _ = media.recording(Answer(200, "text/html", b"<html>error</html>"))
    heard = answer(simulator, broken)
    assert heard.prompt_ids[0] == "common.speech_keys_only" and heard.record_action is None


@pytest.mark.parametrize("kind, level", [("white", 0.9), ("gauss", 0.03), ("white", 0.0012)])
def test_noise_picks_no_option(vosk_app, media, kind, level):  # noqa: F811
    # Issue 9: with a model without [unk] (this one), 2 s of white noise chose an option.
    from tests.speech_recognition.noise import noise_wav

    simulator = vosk_simulator(vosk_app)
    simulator.start()
    for seed, said in enumerate(["common.speech_not_heard", "common.speech_keys_only"]):
        url, _ = media.recording(Answer(body=noise_wav(kind, seed, level=level)))
        heard = answer(simulator, url)
        assert (heard.node, heard.hung_up, heard.prompt_ids[0]) == ("main_menu", False, said)
    assert simulator.press("1").node == "first"  # keys still work
