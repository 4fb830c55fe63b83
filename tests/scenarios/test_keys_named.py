"""Every question names its keys, heard through the real signed webhooks (issue 8, item 5): a
keys-only quiz names its keys at every question and never invites speech; with speech on the spoken
wording is used; `*` at the recording review plays the caller's recording back."""
import xml.etree.ElementTree as ET

import pytest

from ivr.engine import TutorialNode
from ivr.engine.lint import invites_speech
from tests.scenarios.test_walk_flow import drive, key_paths
from tests.voice.test_speech_answers import simulator_for
from tests.conftest import make_app

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE"


def quizzes(flow):
    return [node for node in flow.nodes.values() if isinstance(node, TutorialNode) and node.quiz]


def to_quiz(simulator, flow, tutorial):
    """From the start of a call to the tutorial's first quiz question, pressing `1` at each step."""
    simulator.start()
    heard = drive(simulator, key_paths(flow)[tutorial.id])
    for _ in tutorial.steps:
        heard = simulator.press("1")
    return heard


def engine_words(heard):
    """What the hotline itself said (shared messages), not the lesson's own sentences."""
    return " ".join(p.text for p in heard.prompts if (p.prompt_id or "").startswith("common."))


def test_a_keys_only_quiz_names_its_keys_at_every_question_and_never_says_speak(call, flow):
    assert quizzes(flow), "the shipped flow has quizzes"
    for tutorial in quizzes(flow):
        simulator = call()
        heard = to_quiz(simulator, flow, tutorial)
        for number, asked in enumerate(tutorial.quiz, start=1):
            assert heard.prompt_ids[-2:] == [f"{tutorial.id}.quiz{number}", "common.quiz_keys"]
            said = engine_words(heard)
            assert "bấm phím 1" in said and "bấm phím 2" in said and "phím sao" in said
            assert "nói" not in said
            assert not [p.prompt_id for p in heard.prompts if invites_speech(p.text)]
            assert ET.fromstring(heard.twiml).find("Gather").get("input") in (None, "dtmf")
            if number == 1:
                silent = simulator.silence()  # silence: "you pressed nothing", then the question
                assert silent.prompt_ids[0] == "common.no_input"
                assert silent.prompt_ids[-1] == "common.quiz_keys"
            heard = simulator.press("1" if asked.answer == "yes" else "2")


@pytest.fixture
def listening_app(database_url, tmp_path):
    return make_app(database_url, tmp_path, SPEECH_INPUT="twilio")


def test_with_speech_on_the_quiz_invites_a_spoken_yes_or_no(listening_app):
    flow = listening_app.extensions["hotline.flow"]
    tutorial = quizzes(flow)[0]
    simulator = simulator_for(listening_app)
    heard = to_quiz(simulator, flow, tutorial)
    assert heard.prompt_ids[-2:] == [f"{tutorial.id}.quiz1", "common.quiz_keys_speech"]
    assert "bác nói có" in heard.prompts[-1].text.lower() and "phím sao" in heard.prompts[-1].text
    assert ET.fromstring(heard.twiml).find("Gather").get("input") == "dtmf speech"
    silent = simulator.silence()
    assert silent.prompt_ids[0] == "common.no_input_speech"  # not "you pressed no key"
    assert "bấm phím nào" not in silent.prompts[0].text
    answered = simulator.post(simulator.last.action, {"SpeechResult": "không", "Confidence": "0.9"})
    wanted = "right" if tutorial.quiz[0].answer == "no" else "wrong"
    assert answered.prompt_ids[0] == f"{tutorial.id}.quiz1_{wanted}"


def test_star_at_the_recording_review_plays_the_recording_then_the_question(call):
    simulator = call()
    simulator.start()
    simulator.press("3")  # report: the money question first
    heard = simulator.press("2")  # no money lost: the consent, then the recording
    assert heard.node == "report_record" and heard.record_action
    review = simulator.record(MEDIA + "7", seconds=25)
    assert review.prompt_ids == ["report_record.review"]
    assert "Nghe lại lời kể, bấm phím sao" in review.prompts[0].text
    again = simulator.press("*")
    assert again.prompt_ids[0] == "report_record.playback"
    assert again.prompts[1].audio == MEDIA + "7"  # the caller's own words
    assert again.prompt_ids[-1] == "report_record.review" and again.node == "report_record"
    assert simulator.press("*").prompts[1].audio == MEDIA + "7"  # as often as the caller needs
    assert simulator.press("1").node == "report_number"  # kept: the keyed details come next
