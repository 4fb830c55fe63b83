"""What the engine remembers of a caller: pace that sticks, the speakerphone sentence, the resume
offer first and the safety notice (issue 8, items 1 and 3)."""
import pytest

from ivr.engine import (Ask, CallStarted, Digits, NoInput, Resume, SafetyNoticeHeard, SavePace,
                        SaveProgress, Spoken, State, spoken_prompts, step)
from ivr.engine.listening import listening

from .conftest import NODES, small_flow

HANDS_ON = {**NODES, "lesson": {**NODES["lesson"], "hands_on": True}}


def heard(commands):
    return [p.id for p in spoken_prompts(commands)]


def slow_ids(commands):
    return [p.id for p in spoken_prompts(commands) if p.slow]


def drive(flow, *events, start=CallStarted()):
    commands, state = step(flow, State(), start)
    for event in events:
        commands, state = step(flow, state, event)
    return commands, state


@pytest.fixture
def hands_on():
    return small_flow(HANDS_ON)


def test_slower_sticks_for_the_following_steps_and_is_saved_once(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("2"))
    assert commands[0] == SavePace(True) and state.slow
    assert slow_ids(commands) == ["lesson.step1"]
    assert heard(commands) == ["lesson.step1", "common.lesson_hint_short",
                               "common.tutorial_hint_normal_speed"]
    assert "4" in commands[-1].keys
    commands, state = step(flow, state, Digits("1"))
    assert slow_ids(commands) == ["lesson.step2"]
    assert not any(isinstance(c, SavePace) for c in commands)
    again, same = step(flow, state, Digits("2"))  # already slow: nothing new to save
    assert not any(isinstance(c, SavePace) for c in again) and same.slow


def test_normal_speed_key_returns_to_normal_and_is_saved(flow):
    _, state = drive(flow, Digits("1"), Digits("1"), Digits("2"))
    commands, state = step(flow, state, Digits("4"))
    assert commands[0] == SavePace(False) and not state.slow
    assert slow_ids(commands) == [] and heard(commands)[0] == "lesson.step1"
    assert "common.tutorial_hint_normal_speed" not in heard(commands)
    commands, state = step(flow, state, Digits("1"))
    assert slow_ids(commands) == [] and heard(commands)[0] == "lesson.step2"


def test_the_normal_speed_key_is_not_offered_nor_taken_at_normal_speed(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"))
    assert "4" not in commands[-1].keys
    assert "common.tutorial_hint_normal_speed" not in heard(commands)
    commands, after = step(flow, state, Digits("4"))
    assert heard(commands)[0] == "common.invalid_key" and after == state


def test_a_caller_who_chose_slow_before_starts_slow(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), start=CallStarted(slow=True))
    assert state.slow and slow_ids(commands) == ["lesson.step1"]
    assert heard(commands)[-1] == "common.tutorial_hint_normal_speed"
    assert not any(isinstance(c, SavePace) for c in commands)


def test_slow_pace_carries_into_a_resumed_tutorial_and_the_reminders(flow):
    start = CallStarted(Resume("lesson", 1), slow=True)
    commands, state = drive(flow, Digits("1"), start=start)
    assert state.node == "lesson" and state.step == 1 and slow_ids(commands) == ["lesson.step2"]
    commands, state = step(flow, state, NoInput())
    assert "4" in commands[-1].keys  # the reminder question still takes the normal-speed key


def test_speech_for_normal_speed_is_understood_only_while_slow(flow):
    _, normal = drive(flow, Digits("1"), Digits("1"))
    assert "4" not in dict(listening(flow, normal).choices)
    _, slow = step(flow, normal, Digits("2"))
    assert dict(listening(flow, slow).choices)["4"] == ("nhanh", "nói nhanh", "bình thường",
                                                         "nhanh lên")
    commands, state = step(flow, slow, Spoken("option", "4"))
    assert commands[0] == SavePace(False) and not state.slow


def test_speakerphone_after_the_first_step_of_a_hands_on_tutorial_once_per_call(hands_on):
    """After the step, before its keys: it costs no time before the first step starts."""
    commands, state = drive(hands_on, Digits("1"), Digits("1"))
    assert heard(commands) == ["lesson.intro", "lesson.step1", "common.speakerphone",
                               "common.tutorial_hint_full"]
    assert state.speakerphone == ("lesson",)
    commands, state = step(hands_on, state, Digits("1"))
    commands, state = step(hands_on, state, Digits("0"))  # back to the first step: not again
    assert heard(commands)[0] == "lesson.step1" and "common.speakerphone" not in heard(commands)
    commands, state = step(hands_on, state, Digits("0"))  # out, then in again
    commands, state = step(hands_on, state, Digits("1"))
    assert heard(commands)[:2] == ["lesson.intro", "lesson.step1"]
    assert "common.speakerphone" not in heard(commands)


def test_speakerphone_after_a_resume_when_the_caller_goes_back_to_the_first_step(hands_on):
    commands, state = drive(hands_on, Digits("1"), start=CallStarted(Resume("lesson", 1)))
    assert "common.speakerphone" not in heard(commands)
    commands, state = step(hands_on, state, Digits("0"))
    assert heard(commands)[:2] == ["lesson.step1", "common.speakerphone"]


def test_no_speakerphone_in_a_listening_lesson(flow):
    assert not flow.nodes["lesson"].hands_on
    commands, _ = drive(flow, Digits("1"), Digits("1"))
    assert "common.speakerphone" not in heard(commands)


def test_returning_caller_hears_the_offer_first_and_the_notice_at_the_first_main_menu(flow):
    commands, state = step(flow, State(), CallStarted(Resume("lesson", 1)))
    assert heard(commands) == ["lesson.resume", "common.repeat_keys"] and state.notice_due
    assert not any(isinstance(c, SafetyNoticeHeard) for c in commands)
    commands, state = step(flow, state, Digits("1"))  # continue: the notice waits for the menu
    assert "common.safety_notice" not in heard(commands) and state.notice_due
    commands, state = step(flow, state, Digits("9"))
    assert "common.safety_notice" in heard(commands) and commands[0] == SafetyNoticeHeard()
    assert not state.notice_due


def test_first_step_hint_is_short_and_names_the_step_keys(flow):
    full, short = flow.message("tutorial_hint_full").text, flow.message("tutorial_hint_short").text
    for key in ("bấm 1", "phím sao", "bấm 2", "bấm 3"):
        assert key in full
    assert "bấm 1" in short and "phím sao" in short and "bấm 2" not in short
    assert "bấm 4" in flow.message("tutorial_hint_normal_speed").text


def test_new_state_fields_round_trip(hands_on):
    _, state = drive(hands_on, Digits("1"), Digits("1"), Digits("2"),
                     start=CallStarted(safety_notice_due=False))
    assert state.slow and state.speakerphone == ("lesson",)
    assert State.from_dict(state.to_dict()) == state
    _, offered = step(hands_on, State(), CallStarted(Resume("lesson", 1)))
    assert offered.notice_due and State.from_dict(offered.to_dict()) == offered
