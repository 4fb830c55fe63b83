"""A lookup's per-outcome ``then`` and the tutorial context answers (issue 12: callback requests),
in the pure engine with inline flows."""
import pytest

from ivr.engine import Digits, Effect, FlowError, Result, State, spoken_prompts, step

from .conftest import NODES, small_flow

BRANCHED = {
    **NODES,
    "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
        {"key": "1", "say": "Gọi lại, bấm 1.", "set": {"callback_reason": "asked"}, "goto": "ask"}]},
    "ask": {"type": "lookup", "effect": "request_callback", "goto": "main_menu",
            "repeat": "Nghe lại, bấm phím sao.",
            "then": {"no_number": "number"},
            "outcomes": {"saved": ["Đã ghi lại."], "no_number": ["Chưa thấy số."]}},
    "number": {"type": "number_input", "answer": "callback_number", "prompt": "Bấm số.",
               "readback": "Số là", "confirm": "Đúng bấm 1.", "invalid": "Sai.", "goto": "ask"},
}


def _ids(commands):
    return [p.id for p in spoken_prompts(commands)]


def test_an_outcome_with_its_own_node_goes_there_at_once_without_the_repeat_sentence():
    flow = small_flow(BRANCHED)
    commands, state = step(flow, State(node="main_menu"), Digits("1"))
    assert commands[-1] == Effect("request_callback", (("callback_reason", "asked"),))
    commands, state = step(flow, state, Result("no_number"))
    assert state.node == "number"
    # kept for the star key at the next question, though the repeat sentence is not said
    assert [sound.id for sound in state.last_result] == ["ask.no_number1"]
    assert _ids(commands)[:2] == ["ask.no_number1", "number.prompt"]
    assert "ask.repeat" not in _ids(commands)


def test_other_outcomes_go_to_goto_with_the_repeat_sentence():
    flow = small_flow(BRANCHED)
    _, state = step(flow, State(node="main_menu"), Digits("1"))
    commands, state = step(flow, state, Result("saved"))
    assert state.node == "main_menu"
    assert _ids(commands)[:2] == ["ask.saved1", "ask.repeat"]


def test_then_naming_an_unknown_outcome_is_refused_with_its_path():
    nodes = {**BRANCHED, "ask": {**BRANCHED["ask"], "then": {"no_numbr": "number"}}}
    with pytest.raises(FlowError) as error:
        small_flow(nodes)
    assert "ask.then.no_numbr" in str(error.value)


def test_leaving_a_tutorial_on_a_step_keeps_it_and_the_step_as_answers(flow):
    tutorial = next(n for n in flow.nodes.values() if hasattr(n, "steps"))
    on_step = State(node=tutorial.id, step=1, history=("main_menu",))
    _, left = step(flow, on_step, Digits("9"))
    assert left.answers["tutorial"] == tutorial.id and left.answers["tutorial_step"] == "2"
    finished = State(node=tutorial.id, step=len(tutorial.steps), answers=dict(left.answers))
    _, done = step(flow, finished, Digits("9"))
    assert "tutorial" not in done.answers and "tutorial_step" not in done.answers
