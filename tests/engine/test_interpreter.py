"""The pure step function, driven event by event on a small inline flow."""
import subprocess
import sys
from dataclasses import replace as replaced

import pytest

from ivr.engine import (Ask, CallStarted, Digits, Hangup, HungUp, NoInput, Play, Replay, Resume,
                        SafetyNoticeHeard, SaveProgress, State, spoken_prompts, step)
from ivr.engine.state import RESUME_NODE


def heard(commands):
    return [p.id for p in spoken_prompts(commands)]


def drive(flow, *events):
    commands, state = step(flow, State(), CallStarted())
    for event in events:
        commands, state = step(flow, state, event)
    return commands, state


MAIN = ["main_menu.prompt", "main_menu.option1", "main_menu.option2", "main_menu.option3",
        "common.main_menu_controls"]
# The first main menu of a call whose caller is due the safety notice: after the options.
MAIN_NOTICE = [*MAIN[:-1], "common.safety_notice", MAIN[-1]]
# Right after the welcome the main menu's own name is left out (it tells the caller nothing new).
WELCOMED = ["common.welcome", *MAIN[1:]]
WELCOMED_NOTICE = ["common.welcome", *MAIN_NOTICE[1:]]
LESSONS = ["lessons.prompt", "lessons.option1", "common.menu_controls"]


def test_call_start_welcomes_then_asks_the_main_menu_with_the_safety_notice(flow):
    commands, state = step(flow, State(), CallStarted())
    assert heard(commands) == WELCOMED_NOTICE
    assert commands[0] == SafetyNoticeHeard()  # the service stores when it was heard
    assert state.node == "main_menu" and not state.notice_due
    ask = commands[-1]
    assert isinstance(ask, Ask) and ask.timeout == flow.settings.timeout_seconds
    assert set(ask.keys) == set("123*09")


def test_the_welcome_is_short(flow):
    assert len(flow.message("welcome").text.split()) <= 6  # "Công Dân Số xin chào bác."


def test_no_safety_notice_when_the_caller_heard_it_recently(flow):
    commands, state = step(flow, State(), CallStarted(safety_notice_due=False))
    assert heard(commands) == WELCOMED
    assert not any(isinstance(c, SafetyNoticeHeard) for c in commands)


def test_the_safety_notice_is_said_once_per_call(flow):
    _, state = step(flow, State(), CallStarted())
    for key in ("*", "9", "0"):
        commands, state = step(flow, state, Digits(key))
        assert "common.safety_notice" not in heard(commands)
        assert not any(isinstance(c, SafetyNoticeHeard) for c in commands)


def test_menu_option_leads_to_its_node_and_back_returns(flow):
    commands, state = drive(flow, Digits("1"))
    assert heard(commands) == LESSONS and state.history == ("main_menu",)
    commands, state = step(flow, state, Digits("0"))
    assert heard(commands) == MAIN and state.node == "main_menu" and state.history == ()


def test_unknown_key_says_so_and_asks_again(flow):
    commands, state = drive(flow, Digits("1"), Digits("7"))
    assert heard(commands) == ["common.invalid_key", *LESSONS]
    assert state.node == "lessons"


def test_repeat_key_repeats_without_moving(flow):
    _, before = drive(flow, Digits("1"))
    commands, after = step(flow, before, Digits("*"))
    assert heard(commands) == LESSONS and after == before


def test_main_menu_key_from_deep_inside_clears_history(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("9"))
    # the main menu, no history; only the place left in the tutorial is kept (offered on re-entry),
    # and where the caller was, as answers a callback request keeps (issue 12)
    assert heard(commands) == MAIN and state == State(
        node="main_menu", places={"lesson": 1}, answers={"tutorial": "lesson", "tutorial_step": "2"})


def test_main_menu_and_back_keys_at_the_main_menu_say_where_the_caller_is(flow):
    for key in "90":
        commands, state = drive(flow, Digits(key))
        assert heard(commands) == ["common.at_main_menu", *MAIN] and state.node == "main_menu"


def test_no_input_reprompts_then_returns_to_main_menu_kindly(flow):
    commands, state = drive(flow, Digits("1"), NoInput())
    assert heard(commands) == ["common.no_input", *LESSONS] and state.no_input == 1
    commands, state = step(flow, state, NoInput())
    assert state.no_input == 2 and state.node == "lessons"
    commands, state = step(flow, state, NoInput())
    assert heard(commands) == ["common.gave_up", *MAIN] and state.node == "main_menu"
    assert not any(isinstance(c, Hangup) for c in commands)


def test_no_input_at_main_menu_ends_with_spoken_goodbye_never_silence(flow):
    commands, state = drive(flow, NoInput(), NoInput(), NoInput())
    assert commands == [Play((flow.message("goodbye_no_input"),)), Hangup()]
    assert state.ended


def test_a_key_resets_the_no_input_count(flow):
    _, state = drive(flow, Digits("1"), NoInput(), NoInput(), Digits("*"))
    assert state.no_input == 0


def test_tutorial_do_it_with_me(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"))
    assert commands[0] == SaveProgress("lesson", 0)
    assert heard(commands) == ["lesson.intro", "lesson.step1", "common.lesson_hint_full"]
    commands, state = step(flow, state, Digits("1"))
    assert commands[0] == SaveProgress("lesson", 1)
    assert heard(commands) == ["lesson.step2", "common.lesson_hint_short"]
    commands, state = step(flow, state, Digits("2"))
    assert [(p.id, p.slow) for p in spoken_prompts(commands)][0] == ("lesson.step2", True)
    commands, state = step(flow, state, Digits("3"))  # still slow: the slower key sticks
    assert heard(commands) == ["common.tutorial_stuck", "lesson.step2", "common.lesson_hint_full",
                               "common.tutorial_hint_normal_speed"]
    assert "số 1 2 3" in spoken_prompts(commands)[0].text
    commands, state = step(flow, state, Digits("0"))
    assert commands[0] == SaveProgress("lesson", 0) and heard(commands)[0] == "lesson.step1"


def test_tutorial_end_offers_restart_and_records_completion(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    assert commands[0] == SaveProgress("lesson", 3, completed=True)
    assert heard(commands)[:2] == ["lesson.outro", "lesson.done"]  # then `*` named (test_keys)
    assert "bài thử" in spoken_prompts(commands)[1].text
    commands, state = step(flow, state, Digits("1"))
    assert heard(commands)[:2] == ["lesson.intro", "lesson.step1"] and state.step == 0
    _, at_end = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    commands, state = step(flow, at_end, Digits("0"))  # "Chọn bài khác, bấm phím 0": the menu
    assert state.node == "lessons" and heard(commands) == LESSONS
    assert not any(isinstance(c, SaveProgress) for c in commands)  # finished stays finished


def test_on_silence_moves_on_instead_of_the_main_menu(flow):
    """A question with `on_silence` continues there after the last no-input (no gave_up)."""
    menu = flow.nodes["lessons"]
    quiet = replaced(flow, nodes={**flow.nodes, "lessons": replaced(menu, on_silence="notice")})
    commands, state = drive(quiet, Digits("1"), NoInput(), NoInput())
    assert state.node == "lessons" and "common.no_input" in heard(commands)
    commands, state = step(quiet, state, NoInput())
    assert heard(commands)[0] == "notice.text" and "common.gave_up" not in heard(commands)
    commands, state = drive(flow, Digits("1"), NoInput(), NoInput(), NoInput())
    assert heard(commands)[0] == "common.gave_up" and state.node == "main_menu"  # without it


def test_back_on_the_first_step_returns_to_the_menu_it_came_from(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("0"))
    assert heard(commands) == LESSONS and state.node == "lessons"


def test_message_node_speaks_then_continues(flow):
    commands, state = drive(flow, Digits("2"))
    assert heard(commands) == ["notice.text", *MAIN] and state.node == "main_menu"


def test_hangup_node_says_goodbye_and_hangs_up(flow):
    commands, state = drive(flow, Digits("3"))
    assert commands == [Play((flow.nodes["bye"].text,)), Hangup()] and state.ended
    commands, _ = step(flow, state, Digits("1"))
    assert commands == [Hangup()]


def test_resume_offer_for_a_returning_caller(flow):
    commands, state = step(flow, State(), CallStarted(Resume("lesson", 2)))
    # the offer comes first, before any welcome, and greets by itself
    assert heard(commands)[0] == "lesson.resume" and state.node == RESUME_NODE
    offer = spoken_prompts(commands)[0].text
    assert "bài thử" in offer and offer.startswith("Chào bác.")  # it greets
    continued, moved = step(flow, state, Digits("1"))
    assert heard(continued)[0] == "lesson.step3" and moved.node == "lesson" and moved.step == 2
    declined, menu = step(flow, state, Digits("2"))
    # no welcome again: the main menu, the first of the call, so with the safety notice
    assert heard(declined) == MAIN_NOTICE and menu.node == "main_menu"
    wrong, same = step(flow, state, Digits("5"))
    assert heard(wrong)[:2] == ["common.invalid_key", "lesson.resume"] and same == state


@pytest.mark.parametrize("resume", [Resume("lesson", 0), Resume("lesson", 3), Resume("gone", 1),
                                    Resume("lessons", 1)])
def test_no_resume_offer_when_nothing_sensible_to_resume(flow, resume):
    commands, state = step(flow, State(), CallStarted(resume))
    assert heard(commands) == WELCOMED_NOTICE


def test_replay_repeats_without_changing_state(flow):
    _, before = drive(flow, Digits("1"), NoInput())
    commands, after = step(flow, before, Replay())
    assert heard(commands) == LESSONS and after == before


def test_hang_up_marks_the_state_ended(flow):
    commands, state = drive(flow, HungUp())
    assert commands == [] and state.ended


def test_state_round_trips_through_json_dict(flow):
    _, state = step(flow, State(), CallStarted(Resume("lesson", 1)))
    assert State.from_dict(state.to_dict()) == state
    _, state = drive(flow, Digits("1"), Digits("1"), NoInput())
    assert State.from_dict(state.to_dict()) == state
    assert State.from_dict(None) == State()


def test_engine_imports_neither_flask_nor_twilio():
    code = ("import sys, ivr.engine, ivr.engine.lint; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'twilio', 'sqlalchemy')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# Tutorials that wait (issue 8): silence on a step is the caller doing it.

def _waits(commands):
    return [c.timeout for c in commands if isinstance(c, Ask)]


def test_a_tutorial_step_waits_longer_than_a_menu(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"))
    assert state.node == "lesson" and _waits(commands) == [flow.settings.step_wait_seconds]
    assert commands[-1].patient  # adapters that listen briefly keep waiting for a key
    _, menu = drive(flow)
    assert not step(flow, menu, Digits("1"))[0][-1].patient
    assert flow.settings.step_wait_seconds > flow.settings.timeout_seconds
    for key in "123*":  # next, slower, stuck, repeat: every step question waits as long
        commands, state = step(flow, state, Digits(key))
        assert _waits(commands) == [flow.settings.step_wait_seconds], key


def test_silence_on_a_step_brings_kind_reminders_then_a_goodbye_that_keeps_the_place(flow):
    settings = flow.settings
    assert (settings.step_wait_seconds, settings.step_max_wait_seconds) == (30, 300)
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("1"))  # on step 2
    waited, reminders = sum(_waits(commands)), 0
    while not state.ended:
        commands, state = step(flow, state, NoInput())
        assert state.node == "lesson" and state.step == 1
        if not state.ended:
            assert heard(commands) == ["common.lesson_wait_reminder"]
            assert commands[0].keys.startswith("123")
            reminders += 1
            waited += sum(_waits(commands))
    assert reminders == 9 and waited == 300  # the first wait, then one after each reminder
    said = flow.message("lesson_wait_reminder").text
    assert "bấm phím 1" in said and "phím sao" in said
    assert commands[0] == SaveProgress("lesson", 1)
    assert heard(commands) == ["common.step_wait_goodbye_at", "common.digit_2",
                               "common.step_wait_goodbye"]
    assert isinstance(commands[-1], Hangup)
    assert "common.gave_up" not in heard(commands) and state.node != "main_menu"


def test_a_key_on_a_step_starts_the_wait_afresh(flow):
    _, state = drive(flow, Digits("1"), Digits("1"), *[NoInput()] * 8)
    assert state.no_input == 8 and not state.ended
    _, state = step(flow, state, Digits("*"))
    assert state.no_input == 0
    for _ in range(9):
        _, state = step(flow, state, NoInput())
    assert not state.ended and state.node == "lesson"


def test_waiting_out_the_first_step_asks_to_call_back_and_choose_the_lesson(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), *[NoInput()] * 10)
    assert state.ended and commands[0] == SaveProgress("lesson", 0)
    assert heard(commands) == ["common.step_wait_goodbye_start"]


def test_the_wait_follows_the_settings(flow):
    from tests.engine.conftest import HEAD, small_flow

    quick = small_flow(head={"settings": {**HEAD["settings"], "step_wait_seconds": 20,
                                          "step_max_wait_seconds": 60}})
    commands, state = drive(quick, Digits("1"), Digits("1"), NoInput(), NoInput())
    assert _waits(commands) == [20] and not state.ended
    commands, state = step(quick, state, NoInput())
    assert state.ended and heard(commands) == ["common.step_wait_goodbye_start"]


def test_silence_at_the_quiz_or_end_question_keeps_the_usual_way_to_the_menu(flow):
    _, at_end = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    commands, state = step(flow, at_end, NoInput())
    assert heard(commands)[0] == "common.no_input" and _waits(commands) == [flow.settings.timeout_seconds]
    _, state = step(flow, state, NoInput())
    commands, state = step(flow, state, NoInput())
    assert heard(commands) == ["common.gave_up", *MAIN]


def test_going_back_into_a_tutorial_in_the_same_call_offers_to_continue(flow):
    _, state = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("9"))
    assert state.node == "main_menu" and state.places == {"lesson": 2}
    commands, offer = step(flow, state, Digits("1"))
    commands, offer = step(flow, offer, Digits("1"))
    assert offer.node == RESUME_NODE and offer.resume == Resume("lesson", 2)
    assert heard(commands)[:3] == ["common.tutorial_continue_at", "common.digit_3",
                                   "common.tutorial_continue_keys"]
    assert not any(isinstance(c, SaveProgress) for c in commands)  # nothing changes until asked
    continued, moved = step(flow, offer, Digits("1"))
    assert continued[0] == SaveProgress("lesson", 2)
    assert heard(continued)[0] == "lesson.step3" and (moved.node, moved.step) == ("lesson", 2)
    assert moved.places == {} and moved.history == ("main_menu", "lessons")
    _, back = step(flow, moved, Digits("0"))
    assert (back.node, back.step) == ("lesson", 1)
    restarted, fresh = step(flow, offer, Digits("2"))
    assert restarted[0] == SaveProgress("lesson", 0)
    assert heard(restarted)[:2] == ["lesson.intro", "lesson.step1"]
    assert (fresh.node, fresh.step, fresh.places) == ("lesson", 0, {})
    _, menu = step(flow, offer, Digits("0"))
    assert menu.node == "lessons"


def test_no_offer_for_a_tutorial_left_at_its_first_step_or_finished(flow):
    _, state = drive(flow, Digits("1"), Digits("1"), Digits("0"), Digits("1"))
    assert state.node == "lesson" and state.places == {}
    finished = (Digits("1"),) * 3  # three steps: at the end question
    _, state = drive(flow, Digits("1"), Digits("1"), *finished, Digits("9"), Digits("1"), Digits("1"))
    assert state.node == "lesson" and state.step == 0


def test_declining_a_returning_callers_offer_keeps_the_place_for_later_in_the_call(flow):
    _, offered = step(flow, State(), CallStarted(Resume("lesson", 2)))
    _, menu = step(flow, offered, Digits("2"))
    assert menu.node == "main_menu" and menu.places == {"lesson": 2}
    _, lessons = step(flow, menu, Digits("1"))
    commands, again = step(flow, lessons, Digits("1"))
    assert again.node == RESUME_NODE and heard(commands)[1] == "common.digit_3"


def test_state_with_places_round_trips(flow):
    _, state = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("9"), Digits("1"), Digits("1"))
    assert state.places == {"lesson": 1}
    assert State.from_dict(state.to_dict()) == state
