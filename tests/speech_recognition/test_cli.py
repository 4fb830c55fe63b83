"""``flask speech status|intent|recognize|check`` in the real app (registered in app._register)."""
from __future__ import annotations

import json

import pytest

from app import create_app

KOREAN_KEYWORDS = json.dumps({"1": ["네"], "2": ["아니요"]}, ensure_ascii=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory, ko_model_path):
    """``run(*args)`` → click result of ``flask speech *args``, with the Korean model configured."""
    folder = tmp_path_factory.mktemp("app")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'h.sqlite3'}",
                      "AUDIO_DIR": str(folder / "audio"), "JOBS_DB": str(folder / "jobs.sqlite3"),
                      "VOSK_MODEL_PATH": str(ko_model_path)}, env_name="testing")
    return lambda *args: app.test_cli_runner().invoke(args=["speech", *args])


def as_json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_status(run, ko_model_path):
    assert run("status").output.strip() == f"speech: Vosk model at {ko_model_path} (16000 Hz)"


@pytest.mark.parametrize("mode, text, intent", [
    ("yes_no", "dạ vâng ạ", {"name": "yes", "value": None, "score": 1.0}),
    ("yes_no", "dạ", {"name": "unknown", "value": "acknowledged", "score": 0.0}),
    ("digits", "không chín, mười hai, ba tư", {"name": "digits", "value": "091234", "score": 1.0}),
    ("menu", "quay lại", {"name": "back", "value": None, "score": 1.0}),
])
def test_intent_json(run, mode, text, intent):
    assert as_json(run("intent", "--mode", mode, text, "--json")) == \
        {"mode": mode, "text": text, "intent": intent}


def test_intent_text(run):
    assert run("intent", "--mode", "digits", "hai mốt").output == "intent: digits 21 (score 1.00)\n"


def test_menu_keywords_from_the_flow_node_and_the_option(run):
    # report_money asks "money lost?": key 1 "rồi" (yes, already), key 2 "chưa" (not yet).
    keywords = json.dumps({"1": ["rồi", "mất rồi"], "2": ["chưa"]}, ensure_ascii=False)
    result = as_json(run("intent", "--mode", "menu", "--node", "report_money", "--keywords",
                         keywords, "dạ mất rồi", "--json"))
    assert result["intent"] == {"name": "option", "value": "1", "score": 1.0}
    spoken_key = as_json(run("intent", "--mode", "menu", "--node", "report_money", "phím hai",
                             "--json"))  # the node's own keys work without any keywords
    assert spoken_key["intent"]["value"] == "2"


@pytest.mark.parametrize("args, message", [
    (["--node", "no_such_node"], "'no_such_node' is not a menu node of the flow"),
    (["--keywords", "{not json"], "not JSON"),
    (["--keywords", '["một"]'], "must be a JSON object"),
    (["--keywords", '{"1": [1]}'], "phrases must be strings"),
])
def test_bad_menu_options(run, args, message):
    result = run("intent", "--mode", "menu", *args, "một")
    assert result.exit_code == 2 and message in result.output


def test_recognize_a_wav_as_a_menu_answer(run, voice):
    result = as_json(run("recognize", str(voice.wav("아니요", codec="pcm_mulaw")), "--mode", "menu",
                         "--keywords", KOREAN_KEYWORDS, "--json"))
    assert result["recognition"]["text"] == "아니요" and result["recognition"]["understood"]
    assert result["intent"] == {"name": "option", "value": "2", "score": 1.0}
    assert result["grammar"]["has_unk"] is False and "một" in result["grammar"]["unknown_words"]


def test_recognize_free(run, voice):
    result = as_json(run("recognize", str(voice.wav("오늘은 날씨가 좋습니다")), "--mode", "free",
                         "--json"))
    assert result["intent"] is None and result["grammar"] is None
    assert result["recognition"]["words"] and all(
        isinstance(w["conf"], float) for w in result["recognition"]["words"])


def test_recognize_text_output(run, voice):
    result = run("recognize", str(voice.wav("네")), "--mode", "menu", "--keywords", KOREAN_KEYWORDS)
    assert result.output == "heard: 네 [ok]\nintent: option 1 (score 1.00)\n"


def test_recognize_errors_are_clear(run, voice, tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"hello")
    result = run("recognize", str(bad), "--mode", "menu", "--keywords", KOREAN_KEYWORDS)
    assert result.exit_code == 1 and "Error: not a WAV file" in result.output
    korean_model = run("recognize", str(voice.wav("네")), "--mode", "yes_no")
    assert korean_model.exit_code == 1
    assert "cannot build a grammar: no phrase has only words the model knows" in korean_model.output


def test_check_lists_the_flows_words_the_korean_model_lacks(run, ko_model_path):
    """The stand-in's words are Korean: every Vietnamese grammar word is unknown, question by
    question, and no menu option can be heard by its words; --strict turns that into exit 1."""
    report = as_json(run("check", "--json"))
    assert report["vocabulary"] == {"source": "graph/Gr.fst", "words": 503348}
    assert report["has_unk"] is False
    assert {"có", "không", "nhắc", "lại", "hóa", "khỏe"} <= set(report["unknown_words"])
    by_question = {q["question"]: q for q in report["questions"]}
    assert len(by_question) == report["questions_checked"]  # every question has unknown words
    assert by_question["main_menu: the menu"]["deaf_options"] == ["1", "2", "3", "4", "5"]
    assert "kiểm" in by_question["main_menu: the menu"]["unknown_words"]
    assert "mười" in by_question["report_number: the number"]["unknown_words"]
    assert report["spelling"]["model"]["style"] == "none"
    assert report["spelling"]["flow"]["style"] == "old"
    text = run("check")
    assert text.exit_code == 0
    assert "[unk]: MISSING" in text.output and "options never heard by their words" in text.output
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert f"--strict: {len(report['unknown_words'])} grammar words unknown to the model; " \
           "the model has no [unk] word" in strict.output
