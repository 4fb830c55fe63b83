"""The pure step function, driven event by event on a small inline flow."""
import subprocess
import sys

import pytest

from ivr.engine import (Ask, CallStarted, Digits, Hangup, HungUp, NoInput, Play, Replay, Resume,
                        SaveProgress, State, spoken_prompts, step)
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
LESSONS = ["lessons.prompt", "lessons.option1", "common.menu_controls"]


def test_call_start_welcomes_then_asks_the_main_menu(flow):
    commands, state = step(flow, State(), CallStarted())
    assert heard(commands) == ["common.welcome", *MAIN]
    assert state.node == "main_menu"
    ask = commands[0]
    assert isinstance(ask, Ask) and ask.timeout == flow.settings.timeout_seconds
    assert set(ask.keys) == set("123*09")


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
    assert heard(commands) == MAIN and state == State(node="main_menu")


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
    assert heard(commands) == ["lesson.intro", "lesson.step1", "common.tutorial_hint_full"]
    commands, state = step(flow, state, Digits("1"))
    assert commands[0] == SaveProgress("lesson", 1)
    assert heard(commands) == ["lesson.step2", "common.tutorial_hint_short"]
    commands, state = step(flow, state, Digits("2"))
    assert [(p.id, p.slow) for p in spoken_prompts(commands)][0] == ("lesson.step2", True)
    commands, state = step(flow, state, Digits("3"))
    assert heard(commands) == ["common.tutorial_stuck", "lesson.step2", "common.tutorial_hint_full"]
    assert "số 1 2 3" in spoken_prompts(commands)[0].text
    commands, state = step(flow, state, Digits("0"))
    assert commands[0] == SaveProgress("lesson", 0) and heard(commands)[0] == "lesson.step1"


def test_tutorial_end_offers_restart_and_records_completion(flow):
    commands, state = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    assert commands[0] == SaveProgress("lesson", 3, completed=True)
    assert heard(commands) == ["lesson.outro", "lesson.done"]
    assert "bài thử" in spoken_prompts(commands)[1].text
    commands, state = step(flow, state, Digits("1"))
    assert heard(commands)[:2] == ["lesson.intro", "lesson.step1"] and state.step == 0
    _, at_end = drive(flow, Digits("1"), Digits("1"), Digits("1"), Digits("1"), Digits("1"))
    commands, state = step(flow, at_end, Digits("0"))
    assert state.step == 2 and heard(commands)[0] == "lesson.step3"


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
    assert heard(commands) == ["common.welcome", "lesson.resume"] and state.node == RESUME_NODE
    assert "bài thử" in spoken_prompts(commands)[1].text
    continued, moved = step(flow, state, Digits("1"))
    assert heard(continued)[0] == "lesson.step3" and moved.node == "lesson" and moved.step == 2
    declined, menu = step(flow, state, Digits("2"))
    assert heard(declined) == MAIN and menu.node == "main_menu"
    wrong, same = step(flow, state, Digits("5"))
    assert heard(wrong) == ["common.invalid_key", "lesson.resume"] and same == state


@pytest.mark.parametrize("resume", [Resume("lesson", 0), Resume("lesson", 3), Resume("gone", 1),
                                    Resume("lessons", 1)])
def test_no_resume_offer_when_nothing_sensible_to_resume(flow, resume):
    commands, state = step(flow, State(), CallStarted(resume))
    assert heard(commands) == ["common.welcome", *MAIN]


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
