"""The transfer node and the stuck key's offer (issue 12), pure: events in, commands out."""
from pathlib import Path

import pytest
import yaml

from ivr.engine import (Ask, CallStarted, Digits, FlowError, NoInput, Replay, SaveProgress, Spoken,
                        State, Transfer, TransferEnded, spoken_prompts, step)
from ivr.engine.lint import lint_flow
from ivr.engine.loader import build_flow

from .conftest import HEAD, NODES, small_flow

TRANSFER = {"type": "transfer", "hold": "Bác chờ máy nhé.", "thanks": "Cảm ơn bác.",
            "whisper": "Một bác muốn gặp. Bấm 1 để nhận.",
            "whisper_stuck": "Một bác đang học bài {title}, bước {step}. Bấm 1 để nhận.",
            "unavailable": "busy", "goto": "main_menu"}
NODES_WITH_TRANSFER = {
    **NODES,
    "main_menu": {**NODES["main_menu"], "options": [
        *NODES["main_menu"]["options"], {"key": "5", "say": "Gặp người, bấm 5.", "goto": "person"}]},
    "person": TRANSFER,
    "busy": {"type": "message", "text": "Đang bận.", "goto": "main_menu"},
}


@pytest.fixture
def flow():
    return small_flow(NODES_WITH_TRANSFER, head={"stuck": "person", "volunteer": "person"})


def heard(commands):
    return [p.id for p in spoken_prompts(commands)]


def drive(flow, *events):
    commands, state = step(flow, State(), CallStarted(safety_notice_due=False))
    for event in events:
        commands, state = step(flow, state, event)
    return commands, state


def at_step_two(flow):
    return drive(flow, Digits("1"), Digits("1"), Digits("1"))  # lessons → lesson → step 2


def test_menu_option_emits_one_transfer_with_the_hold_sentence(flow):
    commands, state = drive(flow, Digits("5"))
    assert commands == [Transfer((flow.nodes["person"].hold,), flow.nodes["person"].whisper)]
    assert commands[0].context() == {"reason": "asked"}
    assert state.node == "person" and state.phase == "dialing" and state.return_to is None


def test_completed_transfer_thanks_and_returns_to_the_main_menu(flow):
    _, state = drive(flow, Digits("5"))
    commands, state = step(flow, state, TransferEnded("completed"))
    assert heard(commands)[0] == "person.thanks"
    assert state.node == "main_menu" and isinstance(commands[-1], Ask)


@pytest.mark.parametrize("outcome", ["unavailable"])
def test_nobody_took_the_call_goes_to_the_unavailable_target(flow, outcome):
    _, state = drive(flow, Digits("5"))
    commands, state = step(flow, state, TransferEnded(outcome))
    assert heard(commands)[0] == "busy.text" and state.node == "main_menu"


def test_caller_hung_up_ends_the_call(flow):
    _, state = drive(flow, Digits("5"))
    commands, state = step(flow, state, TransferEnded("caller_hung_up"))
    assert commands == [] and state.ended


def test_a_late_transfer_end_changes_nothing(flow):
    _, state = drive(flow, Digits("5"), TransferEnded("completed"))
    commands, again = step(flow, state, TransferEnded("unavailable"))
    assert again == state and isinstance(commands[-1], Ask)


def test_replay_while_ringing_repeats_the_same_transfer(flow):
    first, state = drive(flow, Digits("5"))
    commands, again = step(flow, state, Replay())
    assert commands == first and again == state


def test_a_mistaken_stuck_key_only_offers_a_volunteer(flow):
    _, state = at_step_two(flow)
    commands, state = step(flow, state, Digits("3"))
    assert heard(commands)[:2] == ["common.tutorial_stuck", "common.stuck_offer"]
    assert not any(isinstance(c, Transfer) for c in commands)
    assert commands[-1].listen is None  # keys only: a spoken "xong" cannot ring anyone
    commands, state = step(flow, state, Digits("2"))  # 2: the step again
    assert heard(commands)[0] == "lesson.step2" and state.phase == "" and state.step == 1


def test_silence_or_back_at_the_offer_is_the_step_again(flow):
    _, state = at_step_two(flow)
    _, offered = step(flow, state, Digits("3"))
    commands, moved = step(flow, offered, NoInput())
    assert moved.phase == "" and moved.node == "lesson"
    commands, moved = step(flow, offered, Digits("0"))
    assert heard(commands)[0] == "lesson.step2" and moved.phase == ""


def test_stuck_then_1_transfers_with_the_tutorial_and_step_and_comes_back(flow):
    _, state = at_step_two(flow)
    _, state = step(flow, state, Digits("3"))
    commands, state = step(flow, state, Digits("1"))
    transfer = commands[-1]
    assert isinstance(transfer, Transfer)
    assert transfer.context() == {"reason": "stuck", "tutorial": "lesson", "step": 2}
    assert transfer.whisper.text == "Một bác đang học bài bài thử, bước 2. Bấm 1 để nhận."
    commands, state = step(flow, state, TransferEnded("completed"))
    assert commands[0] == SaveProgress("lesson", 1)
    assert heard(commands)[:2] == ["person.thanks", "lesson.step2"]
    assert state.node == "lesson" and state.step == 1 and state.return_to is None
    commands, state = step(flow, state, Digits("0"))  # back still goes where it went before
    assert heard(commands)[0] == "lesson.step1"


def test_state_with_a_transfer_round_trips_through_json(flow):
    _, state = at_step_two(flow)
    _, state = step(flow, state, Digits("3"))
    _, state = step(flow, state, Digits("1"))
    assert State.from_dict(state.to_dict()) == state


def test_saying_volunteer_anywhere_asks_for_a_person(flow):
    _, state = drive(flow, Digits("1"))
    commands, state = step(flow, state, Spoken("volunteer"))
    assert isinstance(commands[-1], Transfer) and commands[-1].reason == "asked"


def test_without_a_stuck_target_the_step_is_said_again():
    flow = small_flow()
    _, state = step(flow, State(), CallStarted(safety_notice_due=False))
    for key in "111":
        _, state = step(flow, state, Digits(key))
    commands, state = step(flow, state, Digits("3"))
    assert heard(commands)[:2] == ["common.tutorial_stuck", "lesson.step2"]


def test_loader_names_a_bad_transfer_node():
    nodes = {**NODES_WITH_TRANSFER, "person": {**TRANSFER, "unavailable": "nowhere", "holdd": "x"}}
    with pytest.raises(FlowError) as caught:
        small_flow(nodes)
    text = str(caught.value)
    assert "person.holdd" in text and "did you mean `hold`" in text


def test_loader_wants_stuck_to_name_a_transfer_and_the_offer_message():
    with pytest.raises(FlowError) as caught:
        small_flow(NODES_WITH_TRANSFER, head={"stuck": "busy"})
    assert "must name a transfer node" in str(caught.value)
    head = {k: v for k, v in HEAD.items()}
    head["messages"] = {k: v for k, v in HEAD["messages"].items() if k != "stuck_offer"}
    document = {**head, "volunteer": None, "visit": None, "stuck": "person", "nodes": NODES_WITH_TRANSFER}
    with pytest.raises(FlowError) as caught:
        build_flow([(Path("flow.yaml"), document)], {"volunteer_line": "số 1"})
    assert "messages.stuck_offer" in str(caught.value)


def test_the_real_flow_transfers_from_option_5_and_lints_clean():
    from ivr.engine import load_flow

    root = Path(__file__).resolve().parents[2]
    real = load_flow(root / "prompts", {"volunteer_line": "số 0 9 1"})
    assert real.volunteer == real.stuck == "volunteer_transfer"
    menu = real.nodes[real.start]
    assert menu.option_for("5").goto == "volunteer_transfer"
    assert lint_flow(real) == []
    spec = yaml.safe_load((root / "prompts" / "flow.yaml").read_text(encoding="utf-8"))
    assert spec["nodes"]["volunteer_transfer"]["unavailable"] == "callback_offer"
