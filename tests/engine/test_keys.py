"""Every question names its keys; speech is invited only when the call listens; `*` is "hear it
again" everywhere, the recording review included (issue 8, items 5 and 8). Pure engine and lint."""
import copy
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from ivr.engine import (CallStarted, Digits, NoInput, RecordingDone, Result, Resume, Spoken, State,
                        load_flow, spoken_prompts, step)
from ivr.engine.lint import TIMING_REMINDER, invites_speech, keys_named, lint_flow, speech_invitations
from ivr.engine.speaking import names_key, with_repeat

from .conftest import HEAD, NODES, small_flow
from .test_collect import INTAKE

REPEAT = "common.repeat_keys"
QUIZ = [{"question": "Công an có gọi điện đòi tiền không?", "answer": "no",
         "right": "Đúng rồi.", "wrong": "Chưa đúng."},
        {"question": "Có nên tắt máy không?", "answer": "yes", "right": "Đúng.", "wrong": "Sai."}]


def ids(commands):
    return [p.id for p in spoken_prompts(commands)]


def texts(commands):
    return " ".join(p.text for p in spoken_prompts(commands))


def with_quiz():
    nodes = copy.deepcopy(NODES)
    nodes["lesson"]["quiz"] = QUIZ
    return small_flow(nodes)


def to_quiz(flow, speech):
    """A call (keys only or listening) through the lesson's three steps, at quiz question 1."""
    commands, state = step(flow, State(), CallStarted(speech=speech))
    for key in "11111":
        commands, state = step(flow, state, Digits(key))
    assert state.phase == "quiz"
    return commands, state


# -- quizzes: the keys at every question, speech only when heard --------------------------------

def test_a_keys_only_quiz_names_its_keys_at_every_question_and_never_says_speak():
    flow = with_quiz()
    commands, state = to_quiz(flow, speech=False)
    heard = [commands]
    assert ids(commands)[-3:] == ["common.quiz_intro", "lesson.quiz1", "common.quiz_keys"]
    commands, state = step(flow, state, Digits("2"))
    heard.append(commands)
    assert ids(commands) == ["lesson.quiz1_right", "lesson.quiz2", "common.quiz_keys"]
    heard.append(step(flow, state, Digits("*"))[0])  # again: the keys again too
    assert ids(heard[-1])[-1] == "common.quiz_keys"
    for said in heard:
        assert "nói" not in texts(said)
        assert "bấm phím 1" in texts(said) and "bấm phím 2" in texts(said)
        assert "phím sao" in texts(said)


def test_a_listening_quiz_invites_yes_or_no_then_keys_only_after_two_misses():
    flow = with_quiz()
    commands, state = to_quiz(flow, speech=True)
    assert ids(commands)[-2:] == ["lesson.quiz1", "common.quiz_keys_speech"]
    assert "bác nói có" in texts(commands).lower() and "phím sao" in texts(commands)
    commands, state = step(flow, state, Spoken("unknown"))
    assert ids(commands)[0] == "common.speech_not_heard"
    commands, state = step(flow, state, Spoken("unknown"))
    assert state.keys_only and ids(commands)[-1] == "common.quiz_keys"  # told to press keys: so be it
    assert "nói có" not in texts(commands)


def test_the_quiz_intro_invites_nothing():
    flow = with_quiz()
    intro = flow.message("quiz_intro").text
    assert invites_speech(intro) is None and "phím" not in intro


# -- silence: "you pressed nothing" only to a caller who can only press ----------------------------

@pytest.mark.parametrize("speech, keys_only, said", [
    (False, False, "common.no_input"),
    (True, False, "common.no_input_speech"),
    (True, True, "common.no_input"),
])
def test_no_input_wording_follows_what_the_call_listens_for(speech, keys_only, said):
    flow = small_flow()
    state = replace(State(node="lessons", speech=speech), keys_only=keys_only)
    commands, _ = step(flow, state, NoInput())
    assert ids(commands)[0] == said
    assert ("bấm phím nào" in texts(commands)) == (said == "common.no_input")


def test_speech_is_kept_for_the_whole_call_and_across_webhooks():
    flow = small_flow()
    _, state = step(flow, State(), CallStarted(speech=True))
    for key in "11":
        _, state = step(flow, state, Digits(key))
    assert state.node == "lesson" and state.speech
    assert State.from_dict(state.to_dict()).speech
    _, offered = step(flow, State(), CallStarted(Resume("lesson", 1), speech=True))
    _, resumed = step(flow, offered, Digits("1"))
    assert resumed.node == "lesson" and resumed.speech
    _, plain = step(flow, State(), CallStarted())
    assert not plain.speech and not State.from_dict({"node": "lesson"}).speech


# -- the repeat key named at every question -------------------------------------------------------

def test_a_question_that_does_not_name_the_repeat_key_is_followed_by_it():
    flow = small_flow()
    commands, state = step(flow, State(), CallStarted(Resume("lesson", 1)))
    assert ids(commands)[-2:] == ["lesson.resume", REPEAT]  # the resume offer names 1 and 2 only
    step_one, _ = step(flow, replace(state, node="lesson", step=0, resume=None), Digits("*"))
    assert REPEAT not in ids(step_one)  # the hint already says "Nghe lại, bấm phím sao"
    named = flow.message("menu_controls")
    assert with_repeat(flow, (named,)) == (named,)
    assert with_repeat(flow, (flow.message("welcome"),))[-1].id == REPEAT


@pytest.mark.parametrize("text, key, named", [
    ("Nghe lại, bấm phím sao.", "*", True),
    ("Hướng dẫn, Bấm 1.", "1", True),
    ("Để báo lừa đảo, bấm phím 3.", "3", True),
    ("Bấm phím thăng.", "#", True),
    ("Hướng dẫn dùng điện thoại.", "1", False),
    ("Bấm phím 2.", "1", False),
    ("Nghe lại câu này.", "*", False),
])
def test_names_key(text, key, named):
    assert names_key(text, key) is named


# -- `*` at the recording review plays the recording back ----------------------------------------

def test_star_at_the_review_plays_the_recording_then_the_question():
    flow = small_flow(INTAKE)
    _, state = step(flow, State(), CallStarted())
    for key in ("1", "#", "1"):
        _, state = step(flow, state, Digits(key))
    _, state = step(flow, state, Result("saved", (("reference", "123456"),)))
    _, state = step(flow, state, RecordingDone("RE1", "https://t/RE1", 30))
    for key in ("*", "2"):  # 2: the older habit still listens back, no longer named
        commands, same = step(flow, state, Digits(key))
        played = spoken_prompts(commands)
        assert [p.id for p in played] == ["rec.playback", "rec.recording", "rec.review"]
        assert played[1].url == "https://t/RE1" and same.phase == "review"


def test_star_then_hash_while_keying_a_number_says_the_question_again():
    flow = small_flow(INTAKE)
    _, state = step(flow, State(), CallStarted())
    asked, state = step(flow, state, Digits("1"))
    commands, same = step(flow, state, Digits("*#"))
    assert ids(commands) == ids(asked) == ["number.prompt", REPEAT] and same.phase == ""


# -- the lint: a table of small flows that fail and pass -------------------------------------------

def lint_of(change=None, messages=None):
    nodes = copy.deepcopy(INTAKE)
    nodes["lesson"]["quiz"] = copy.deepcopy(QUIZ)
    nodes["main_menu"]["options"] += [{"key": "5", "say": "Tin, bấm 5.", "goto": "notice"},
                                      {"key": "6", "say": "Chào, bấm 6.", "goto": "bye"}]
    if change:
        change(nodes)
    head = {"messages": {**HEAD["messages"], **(messages or {})}}
    return [str(p) for p in lint_flow(small_flow(nodes, head))]


def _say(node, index, text):
    def change(nodes):
        nodes[node]["options"][index]["say"] = text
    return change


def _set(node, field, text):
    def change(nodes):
        nodes[node][field] = text
    return change


def _step(index, text):
    def change(nodes):
        nodes["lesson"]["steps"][index] = text
    return change


LONG = " ".join(["một"] * 75) + "."  # about 21.7 s at 3.5 syllables per second


@pytest.mark.parametrize("change, messages, expected", [
    # the shipped-like flow is clean
    (None, None, []),
    # a menu option names its key
    (_say("main_menu", 1, "Mã số báo cáo."), None,
     ["flow.yaml: main_menu.options[1].say: does not name its key: say \"phím 2\" or \"Bấm 2\" "
      "(main_menu.option2: 'Mã số báo cáo.')"]),
    (_say("main_menu", 1, "Mã số báo cáo, bấm phím 3."), None,
     ["flow.yaml: main_menu.options[1].say: does not name its key: say \"phím 2\" or \"Bấm 2\" "
      "(main_menu.option2: 'Mã số báo cáo, bấm phím 3.')"]),
    (_say("main_menu", 1, "Bấm 2: mã số báo cáo."), None, []),
    # every question names the repeat key, itself or by the message after it
    (None, {"repeat_keys": "Cảm ơn bác."},
     ["flow.yaml: number: the number entry (keys only and with speech on) does not name the repeat "
      "key: \"phím sao\" is not in number.prompt, common.repeat_keys (`messages.repeat_keys`, "
      "said after a question that does not name it, should say it)"]),
    (_set("number", "prompt", "Bấm số, rồi bấm phím thăng. Nghe lại, bấm phím sao."),
     {"repeat_keys": "Cảm ơn bác."}, ["number: the number's confirmation (keys only and",
                                      "code: the number entry (keys only and"]),
    (None, {"quiz_keys": "Đúng, bấm phím 1. Sai, bấm phím 2.", "repeat_keys": "Cảm ơn bác."},
     ["lesson: quiz question 1 (keys only) does not name the repeat key",
      "lesson: quiz question 2 (keys only) does not"]),
    (None, {"quiz_keys_speech": "Đúng, bác nói có. Sai, bác nói không.", "repeat_keys": "Cảm ơn."},
     ["lesson: quiz question 1 (with speech on) does not name the repeat key"]),
    (None, {"lesson_hint_short": "Nghe tiếp, bấm phím 1.", "repeat_keys": "Cảm ơn bác."},
     ["lesson: step 1 with the short hint (keys only and with speech on) does not",
      "lesson: step 3 with the short hint"]),
    (_set("rec", "review", "Giữ, bấm 1. Kể lại, bấm 3."), {"repeat_keys": "Cảm ơn bác."},
     ["rec: the recording review (keys only and with speech on) does not name the repeat key"]),
    (None, {"resume_offer": "Học tiếp bài {title}, bấm phím 1.", "repeat_keys": "Cảm ơn bác."},
     ["lesson: the resume offer (keys only and with speech on) does not name the repeat key"]),
    # no speech invitation where keys are the only way to answer
    (None, {"quiz_keys": "Đúng, bác nói có, hoặc bấm phím 1. Sai, bấm phím 2. Nghe lại, bấm phím sao."},
     ["flow.yaml: messages.quiz_keys: invites speech ('nói có') but is also said when the call "
      "takes keys only; put it in a `<name>_speech` message",
      "flow.yaml: lesson: quiz question 1 (keys only) says common.quiz_keys which invites speech "
      "('nói có'): the call does not listen"]),
    (_set("who", "prompt", "Ai gọi? Bác nói, hoặc bấm phím."), None,
     ["flow.yaml: who.prompt: invites speech ('Bác nói')"]),
    (None, {"quiz_keys_speech": "Đúng, bác nói có. Sai, bác nói không. Nghe lại, bấm phím sao."}, []),
    (_step(0, "Kẻ gian gọi, nói có hàng gửi bác."), None, []),  # a lesson reports, not invites
    (_step(1, "Bác gọi ngân hàng. Bác nói mình bị lừa."), None, []),
    # lengths: a step within max_step_seconds, any prompt within max_prompt_seconds
    (_step(2, LONG), None, ["lesson.steps[2]: about 22 s of speech, longer than 20 s"]),
    (_set("who", "prompt", LONG), None, ["who.prompt: about 22 s of speech, longer than 20 s"]),
    (_step(2, " ".join(["một"] * 60) + "."), None, []),
])
def test_lint_for_the_callers_experience(change, messages, expected):
    found = lint_of(change, messages)
    if not expected:
        assert found == []
    for wanted in expected:
        assert any(problem.startswith(wanted) or wanted in problem for problem in found), found


def test_lint_problems_name_the_file_of_the_node(tmp_path):
    (tmp_path / "nodes").mkdir()
    head = {**HEAD, "volunteer": None, "stuck": None, "visit": None, "nodes": {}}
    (tmp_path / "flow.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    nodes = copy.deepcopy(NODES)
    nodes["main_menu"]["options"][0]["say"] = "Hướng dẫn."
    nodes["lesson"]["intro"] = "Bác nói có, hoặc bấm phím 1."
    (tmp_path / "nodes" / "lessons.yaml").write_text(yaml.safe_dump(nodes, allow_unicode=True),
                                                     encoding="utf-8")
    flow = load_flow(tmp_path, {"volunteer_line": "số 1 2 3"})
    where = f"{tmp_path.name}/nodes/lessons.yaml"
    assert [str(p).split(": ")[:2] for p in keys_named(flow)] == [[where, "main_menu.options[0].say"]]
    assert [str(p).split(": ")[:2] for p in speech_invitations(flow)] == [[where, "lesson.intro"]]


@pytest.mark.parametrize("text, invitation", [
    ("Nếu đúng, bác nói có, hoặc bấm phím 1.", "nói có"),
    ("Nếu sai, bác nói không.", "nói không"),
    ("Bác nói, hoặc bấm phím 1.", "Bác nói"),
    ("Tổng đài chưa nghe rõ. Bác nói lại, hoặc bấm phím nhé.", "Bác nói"),
    ("Bấm phím 1, hoặc nói hướng dẫn.", "hoặc nói"),
    ("Kẻ gian gọi, nói có hàng gửi bác mà bác không có nhà.", None),
    ("Bác nói mình bị lừa.", None),
    ("Khi trình báo, bác nói số điện thoại đã gọi cho bác.", None),
    ("Bài này nói về những thứ bác không bao giờ được đưa cho người khác.", None),
    ("Bác hãy nói không với kẻ gian.", None),
])
def test_what_counts_as_a_speech_invitation(text, invitation):
    assert invites_speech(text) == invitation


def test_the_shipped_flow_has_no_speech_invitation_outside_speech_messages():
    flow = load_flow(Path(__file__).resolve().parents[2] / "prompts", {"volunteer_line": "số 1"})
    assert speech_invitations(flow) == [] and keys_named(flow) == []
    assert invites_speech(flow.message("quiz_keys_speech").text)  # the one place it belongs


def test_the_lint_command_points_at_the_timing_report(capsys):
    from ivr.engine.lint import main
    main([str(Path(__file__).resolve().parents[2] / "prompts")])
    assert capsys.readouterr().out.strip().splitlines()[-1] == TIMING_REMINDER
