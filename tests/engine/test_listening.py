"""Speech as a key by other means, and the quiz after a lesson (pure engine, inline flow)."""
import pytest

from ivr.engine import (Ask, CallStarted, Digits, Listen, NoInput, Resume, SaveProgress, Spoken,
                        State, spoken_prompts, step)

from .conftest import NODES, small_flow

QUIZ = [{"question": "Công an có gọi điện đòi tiền không?", "answer": False,
         "right": "Đúng rồi.", "wrong": "Chưa đúng. Công an không đòi tiền qua điện thoại."},
        {"question": "Có nên tắt máy không?", "answer": "yes", "right": "Đúng.", "wrong": "Sai."}]


@pytest.fixture
def flow():
    nodes = {**NODES, "lesson": {**NODES["lesson"], "quiz": QUIZ}}
    nodes["main_menu"] = {**NODES["main_menu"], "options": [
        {**NODES["main_menu"]["options"][0], "words": ["Hướng Dẫn", "học"]},
        *NODES["main_menu"]["options"][1:]]}
    return small_flow(nodes, head={"speech": {"next": ["xong", "tiếp"], "slower": ["chậm"]}})


def ids(commands):
    return [p.id for p in spoken_prompts(commands)]


def start(flow, *events):
    commands, state = step(flow, State(), CallStarted())
    for event in events:
        commands, state = step(flow, state, event)
    return commands, state


def test_every_question_says_what_it_listens_for(flow):
    commands, state = start(flow)
    assert commands[-1].listen == Listen("menu", (("1", ("hướng dẫn", "học")), ("2", ()), ("3", ())))
    commands, _ = start(flow, Digits("1"), Digits("1"))
    assert commands[-1].listen == Listen("menu", (("1", ("xong", "tiếp")), ("2", ("chậm",)), ("3", ())))


def test_a_spoken_option_acts_like_its_key(flow):
    by_voice = start(flow, Spoken("option", "1"))
    by_key = start(flow, Digits("1"))
    assert by_voice == by_key


def test_controls_and_yes_no_by_voice(flow):
    _, inside = start(flow, Digits("1"))
    assert step(flow, inside, Spoken("back"))[1].node == "main_menu"
    assert step(flow, inside, Spoken("repeat"))[1] == inside
    commands, state = step(flow, State(), CallStarted(Resume("lesson", 1)))
    assert commands[-1].listen == Listen("yes_no", yes="1", no="2")
    assert step(flow, state, Spoken("yes"))[1].node == "lesson"
    assert step(flow, state, Spoken("no"))[1].node == "main_menu"


def test_not_understood_asks_again_then_takes_keys_only(flow):
    commands, state = start(flow, Spoken("unknown"))
    assert ids(commands)[0] == "common.speech_not_heard" and commands[-1].listen is not None
    commands, state = step(flow, state, Spoken("option", "7"))  # a key this menu does not have
    assert ids(commands)[0] == "common.speech_keys_only"
    assert state.keys_only and commands[-1].listen is None
    commands, state = step(flow, state, Digits("1"))
    assert state.node == "lessons" and not state.keys_only and commands[-1].listen is not None


def test_a_yes_where_a_menu_is_asked_is_not_understood(flow):
    commands, state = start(flow, Spoken("yes"))
    assert ids(commands)[0] == "common.speech_not_heard" and state.node == "main_menu"


def test_quiz_after_the_last_step_with_feedback(flow):
    _, state = start(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    commands, state = step(flow, state, Digits("1"))  # done with the last step
    assert commands[0] == SaveProgress("lesson", 3, completed=True)
    assert ids(commands) == ["common.quiz_intro", "lesson.quiz1", "common.quiz_keys"]
    assert state.phase == "quiz"
    assert commands[-1].listen == Listen("yes_no", yes="1", no="2")
    commands, state = step(flow, state, Spoken("no"))  # the right answer: police never ask
    assert ids(commands) == ["lesson.quiz1_right", "lesson.quiz2", "common.quiz_keys"]
    commands, state = step(flow, state, Digits("2"))  # wrong: one should hang up
    assert ids(commands)[:3] == ["lesson.quiz2_wrong", "lesson.outro", "lesson.done"]
    assert state.phase == "" and state.step == 3


def test_star_after_quiz_feedback_says_the_feedback_again(flow):
    _, state = start(flow, *[Digits("1")] * 5)
    _, state = step(flow, state, Digits("2"))  # right
    commands, same = step(flow, state, Digits("*"))
    assert ids(commands) == ["lesson.quiz1_right", "lesson.quiz2", "common.quiz_keys"]
    assert same == state
    _, state = step(flow, state, Digits("2"))  # wrong, then the end question
    commands, _ = step(flow, state, Digits("*"))
    assert ids(commands)[:3] == ["lesson.quiz2_wrong", "lesson.outro", "lesson.done"]
    commands, state = step(flow, state, Digits("1"))  # from the start: the feedback is behind us
    assert ids(commands)[0] == "lesson.intro" and state.last_result == ()
    commands, _ = step(flow, state, Digits("*"))
    assert ids(commands)[0] == "lesson.step1"


def test_quiz_keys_outside_yes_no_and_back(flow):
    _, state = start(flow, *[Digits("1")] * 5)
    commands, same = step(flow, state, Digits("5"))
    assert ids(commands) == ["common.invalid_key", "lesson.quiz1", "common.quiz_keys"]
    assert same.phase == "quiz"
    commands, back = step(flow, state, Digits("0"))
    assert back.phase == "" and back.step == 2 and ids(commands)[0] == "lesson.step3"


def test_number_input_listens_for_digits_then_yes(flow):
    from .test_collect import INTAKE
    intake = small_flow(INTAKE)
    commands, state = step(intake, State(), CallStarted())
    commands, state = step(intake, state, Digits("1"))
    assert commands[-1].listen == Listen("digits")
    commands, state = step(intake, state, Spoken("digits", "0912345678"))
    assert state.phase == "confirm" and state.pending == "0912345678"
    assert commands[-1].listen == Listen("yes_no", yes="1", no="2")
    commands, state = step(intake, state, Spoken("yes"))  # consequential: said back first
    assert state.node == "number" and state.pending_spoken == "1"
    assert ids(commands)[:2] == ["common.heard_number_speech", "common.confirm_spoken_speech"]
    commands, state = step(intake, state, Spoken("yes"))
    assert state.node == "who" and state.answers["reported_number"] == "0912345678"


def test_silence_still_counts_as_no_input_when_listening(flow):
    commands, state = start(flow, NoInput())
    assert ids(commands)[0] == "common.no_input" and isinstance(commands[-1], Ask)


def test_asking_for_a_volunteer_by_voice_works_anywhere():
    nodes = {**NODES, "helpers": {"type": "message", "text": "Gọi tình nguyện viên.", "goto": "main_menu"}}
    nodes["main_menu"] = {**NODES["main_menu"], "options": [
        *NODES["main_menu"]["options"], {"key": "4", "say": "Giúp, bấm 4.", "goto": "helpers"}]}
    flow = small_flow(nodes, head={"volunteer": "helpers"})
    _, inside = start(flow, Digits("1"), Digits("1"))
    commands, state = step(flow, inside, Spoken("volunteer"))
    assert ids(commands)[0] == "helpers.text" and state.node == "main_menu"
