"""Numbers, recordings and lookups in the pure engine (inline flow, no database)."""
import json

import pytest

from ivr.engine import (Ask, CallStarted, Digits, Effect, NoInput, NoRecording, Pause, Play, Prompt,
                        Record, RecordingDone, Replay, Result, State, spoken_prompts, step)
from ivr.engine.speaking import digit_groups

from .conftest import NODES, small_flow

INTAKE = {
    **NODES,
    "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
        {"key": "1", "say": "Báo, bấm 1.", "goto": "number"},
        {"key": "2", "say": "Mã, bấm 2.", "goto": "code"},
        {"key": "3", "say": "Tra, bấm 3.", "goto": "lookup"},
        {"key": "4", "say": "Bài, bấm 4.", "goto": "lessons"}]},
    "number": {"type": "number_input", "answer": "reported_number", "optional": True,
               "prompt": "Bấm số.", "readback": "Số là", "confirm": "Đúng bấm 1.",
               "invalid": "Sai.", "goto": "who"},
    "who": {"type": "menu", "prompt": "Ai gọi?", "options": [
        {"key": "1", "say": "Công an, bấm 1.", "set": {"claimed_identity": "police"}, "goto": "rec"}]},
    "rec": {"type": "record", "answer": "recording", "prompt": "Kể sau tiếng bíp.",
            "review": "Giữ, bấm 1. Nghe lại, bấm phím sao. Ghi lại, bấm 3.", "playback": "Đây là lời kể.",
            "empty": "Chưa nghe thấy.", "max_seconds": 120, "silence_seconds": 4, "goto": "thanks"},
    "thanks": {"type": "lookup", "effect": "save_report", "goto": "main_menu",
               "outcomes": {"saved": ["Mã số là", "{reference}", "Cảm ơn."]}},
    "code": {"type": "number_input", "answer": "withdraw_reference", "digits": 6, "prompt": "Mã?",
             "readback": "Mã là", "confirm": "Đúng bấm 1.", "invalid": "Sáu số.", "goto": "main_menu"},
    "lookup": {"type": "lookup", "effect": "check_number", "goto": "main_menu", "outcomes": {
        "found": ["Bị báo", "{count}", "lần. Giả danh", "{identity}", "{warnings}"],
        "not_found": ["Chưa có."]}},
}


REPEAT = "common.repeat_keys"  # added by the engine after a question that does not name `*`


@pytest.fixture
def flow():
    return small_flow(INTAKE)


def ids(commands):
    return [p.id for p in spoken_prompts(commands)]


def start(flow, *keys):
    commands, state = step(flow, State(), CallStarted())
    for key in keys:
        commands, state = step(flow, state, Digits(key))
    return commands, state


def test_number_input_asks_for_many_digits_ending_with_hash(flow):
    commands, state = start(flow, "1")
    [ask] = commands
    assert isinstance(ask, Ask) and ask.max_digits == 16 and ask.finish_on_key == "#"
    assert [p.id for p in ask.prompts] == ["number.prompt", REPEAT] and state.node == "number"


def test_number_is_read_back_then_confirmed_into_the_answers(flow):
    commands, state = start(flow, "1", "0912345678")
    assert ids(commands) == ["number.readback", *[f"common.digit_{d}" for d in "0912345678"],
                             "number.confirm", REPEAT]
    assert state.phase == "confirm" and state.pending == "0912345678"
    commands, state = step(flow, state, Digits("1"))
    assert state.node == "who" and state.answers == {"reported_number": "0912345678"}


def test_number_can_be_keyed_again_or_skipped(flow):
    _, state = start(flow, "1", "0912345678", "2")
    assert state.phase == "" and state.pending == ""
    commands, state = step(flow, state, Digits("#"))
    assert state.node == "who" and state.answers == {"reported_number": ""}


def test_bad_numbers_and_control_keys_during_entry(flow):
    commands, state = start(flow, "1", "12")
    assert ids(commands) == ["number.invalid", "number.prompt", REPEAT] and state.node == "number"
    commands, state = step(flow, state, Digits("9"))
    assert state.node == "main_menu"
    commands, state = start(flow, "1", "0912345678", "0")  # back while confirming → key again
    assert state.phase == "" and ids(commands) == ["number.prompt", REPEAT]


def test_a_code_needs_exactly_its_digits_and_is_not_skippable(flow):
    commands, state = start(flow, "2", "12345")
    assert ids(commands) == ["code.invalid", "code.prompt", REPEAT]
    commands, state = step(flow, state, Digits("#"))
    assert ids(commands) == ["code.invalid", "code.prompt", REPEAT]
    commands, state = step(flow, state, Digits("123456"))
    assert state.phase == "confirm"
    assert start(flow, "2")[0][0].max_digits == 6


def test_reaching_a_recording_saves_the_report_first(flow):
    commands, state = start(flow, "1", "#", "1")
    assert commands == [Effect("save_report", (("claimed_identity", "police"),
                                               ("reported_number", "")))]
    assert state.phase == "saving"
    commands, state = step(flow, state, Result("saved", (("reference", "123456"),)))
    # the reference goes with the recording (said from it if the database is down at its end)
    assert commands == [Record((flow.nodes["rec"].prompt,), 120, 4, reference="123456")]
    assert state.answers["reference"] == "123456" and state.phase == "record"


def recorded(flow):
    _, state = start(flow, "1", "#", "1")
    _, state = step(flow, state, Result("saved", (("reference", "123456"),)))
    return state


def test_review_keep_listen_again(flow):
    commands, state = step(flow, recorded(flow), RecordingDone("RE1", "https://t/RE1", 30))
    assert ids(commands) == ["rec.review"] and state.answers["recording"] == "https://t/RE1"
    commands, _ = step(flow, state, Digits("2"))
    played = spoken_prompts(commands)
    assert [p.id for p in played] == ["rec.playback", "rec.recording", "rec.review"]
    assert played[1].url == "https://t/RE1"
    commands, _ = step(flow, state, Digits("3"))
    assert isinstance(commands[0], Record)
    commands, state = step(flow, state, Digits("1"))
    assert commands[0] == Effect("save_report", tuple(sorted(state.answers.items())))


def test_hanging_up_while_recording_ends_the_call_quietly(flow):
    commands, state = step(flow, recorded(flow), RecordingDone("RE1", "https://t/RE1", 5, hung_up=True))
    assert commands == [] and state.ended


def test_an_empty_recording_says_so_and_offers_the_same_choices(flow):
    commands, state = step(flow, recorded(flow), NoRecording())
    assert ids(commands) == ["rec.empty", "rec.review"]
    commands, state = step(flow, state, Digits("2"))
    assert ids(commands) == ["rec.empty", "rec.review"]


def test_silence_at_the_review_is_ordinary_no_input(flow):
    _, state = step(flow, recorded(flow), RecordingDone("RE1", "https://t/RE1", 30))
    commands, state = step(flow, state, NoInput())
    assert ids(commands) == ["common.no_input", "rec.review"]


def test_lookup_fills_numbers_labels_digits_and_prompt_lists(flow):
    commands, state = start(flow, "3")
    assert commands == [Effect("check_number", ())] and state.phase == "waiting"
    warnings = [{"id": "warning.7", "text": "Cẩn thận."}]
    result = Result("found", (("count", 21), ("identity", ("label", "police")), ("warnings", warnings)))
    commands, state = step(flow, state, result)
    assert ids(commands)[:8] == ["lookup.found1", "common.digit_2", "common.num_muoi_tens",
                                 "common.num_mot", "lookup.found3", "common.label_police",
                                 "warning.7", "common.result_repeat"]
    assert ids(commands)[8] == "main_menu.prompt" and state.node == "main_menu"


def test_lookup_outcome_unknown_to_the_flow_is_a_contract_error(flow):
    _, state = start(flow, "3")
    with pytest.raises(KeyError, match="outcome 'maybe'"):
        step(flow, state, Result("maybe"))


def test_a_late_result_for_a_node_already_left_repeats_the_question(flow):
    _, state = start(flow, "4")
    commands, after = step(flow, state, Result("saved"))
    assert after == state and ids(commands)[0] == "lessons.prompt"


def test_lead_before_an_effect_is_played_first(flow):
    import copy

    nodes = {**copy.deepcopy(INTAKE), "notice": {"type": "message", "text": "Sắp có.", "goto": "lookup"}}
    nodes["main_menu"]["options"][2]["goto"] = "notice"  # a copy: INTAKE stays as other tests read it
    commands, _ = start(small_flow(nodes), "3")
    assert isinstance(commands[0], Play) and commands[0].prompts[0].id == "notice.text"
    assert isinstance(commands[1], Effect)


@pytest.mark.parametrize("change, problem", [
    (lambda n: n["rec"].update(max_seconds=9000), "rec.max_seconds: must be a whole number from 5 to 600"),
    (lambda n: n["code"].update(digits=2), "code.digits: must be a whole number from 3 to 15, found 2"),
    (lambda n: n["lookup"].update(effect="delete_everything"), "lookup.effect: must be one of"),
    (lambda n: n["thanks"].update(outcomes={"saved": []}), "thanks.outcomes.saved: must be a list"),
    (lambda n: n["who"]["options"][0].update(set={"Bad Name": 1}), "who.options[0].set: must map"),
    (lambda n: n["number"].pop("answer"), "number.answer: is required (answer name)"),
    (lambda n: n["number"].update(answer="Số"), "number.answer: must name the answer"),
])
def test_collect_nodes_are_validated_with_paths(change, problem):
    import copy

    from ivr.engine import FlowError
    nodes = copy.deepcopy(INTAKE)
    change(nodes)
    with pytest.raises(FlowError) as caught:
        small_flow(nodes)
    assert any(f"{p.path}: {p.message}".startswith(problem) for p in caught.value.problems), caught.value


# -- numbers in groups, results heard again (issue 8 item 4) ----------------------------------

def said(commands):
    """What the caller hears, with ``|`` for a pause: ``["number.readback", "0", "9", "|", ...]``."""
    words = []
    for command in commands:
        for sound in getattr(command, "prompts", ()):
            if isinstance(sound, Pause):
                words.append("|")
            elif sound.id.startswith("common.digit_"):
                words.append(sound.id[-1])
            else:
                words.append(sound.id)
    return words


@pytest.mark.parametrize("digits, phone, groups", [
    ("0912345678", True, ["0912", "345", "678"]),      # mobile 4-3-3
    ("02412345678", True, ["024", "1234", "5678"]),    # Hanoi landline, as written
    ("84912345678", True, ["849", "123", "456", "78"]),  # phonenumbers would drop the 84: not used
    ("113", True, ["113"]),
    ("123456", False, ["123", "456"]),                 # a reference, 3-3
    ("1234", False, ["1234"]),                         # no lone last digit
    ("", True, []),
])
def test_digit_groups(digits, phone, groups):
    assert digit_groups(digits, phone) == groups
    assert "".join(groups) == digits


def test_a_keyed_phone_number_is_read_back_4_3_3_with_pauses(flow):
    commands, _ = start(flow, "1", "0912345678")
    assert said(commands) == ["number.readback", "0", "9", "1", "2", "|", "3", "4", "5", "|",
                              "6", "7", "8", "|", "number.confirm", REPEAT]


def test_a_keyed_code_is_read_back_3_3(flow):
    commands, _ = start(flow, "2", "123456")
    assert said(commands) == ["code.readback", "1", "2", "3", "|", "4", "5", "6", "|",
                              "code.confirm", REPEAT]


def saved(flow):
    _, state = step(flow, recorded(flow), RecordingDone("RE1", "https://t/RE1", 30))
    _, state = step(flow, state, Digits("1"))  # keep → save_report → the thanks lookup
    return step(flow, state, Result("saved", (("reference", "123456"),)))


REFERENCE = ["thanks.saved1", "1", "2", "3", "|", "4", "5", "6", "|", "thanks.saved3",
             "common.result_repeat"]


def test_the_reference_is_said_in_threes_then_how_to_hear_it_again(flow):
    commands, state = saved(flow)
    assert said(commands)[:len(REFERENCE)] == REFERENCE
    assert said(commands)[len(REFERENCE)] == "main_menu.prompt" and state.node == "main_menu"


def test_star_after_the_reference_repeats_it_then_the_menu(flow):
    commands, state = saved(flow)
    again, after = step(flow, state, Digits("*"))
    assert said(again)[:len(REFERENCE)] == REFERENCE
    assert said(again)[len(REFERENCE):] == said(commands)[len(REFERENCE):]  # the same menu after it
    assert after == state
    twice, _ = step(flow, after, Digits("*"))
    assert said(twice) == said(again)


def test_the_result_survives_an_invalid_key_and_json_but_not_moving_on(flow):
    _, state = saved(flow)
    _, wrong = step(flow, state, Digits("7"))
    assert wrong.last_result == state.last_result
    stored = State.from_dict(json.loads(json.dumps(wrong.to_dict())))
    assert stored == wrong and isinstance(stored.last_result[1], Prompt)
    assert Pause(1) in stored.last_result
    again, _ = step(flow, stored, Digits("*"))
    assert said(again)[:len(REFERENCE)] == REFERENCE
    _, moved = step(flow, stored, Digits("4"))  # into the lessons menu, then back with 0
    assert moved.last_result == ()
    commands, back = step(flow, moved, Digits("0"))
    assert back.node == "main_menu" and said(commands)[0] == "main_menu.prompt"
    commands, _ = step(flow, back, Digits("*"))
    assert said(commands)[0] == "main_menu.prompt"


def test_a_duplicate_delivery_after_a_result_says_it_again(flow):
    _, state = saved(flow)
    commands, _ = step(flow, state, Replay())
    assert said(commands)[:len(REFERENCE)] == REFERENCE


def test_star_after_a_check_answer_repeats_it(flow):
    _, state = start(flow, "3")
    first, state = step(flow, state, Result("not_found"))
    again, _ = step(flow, state, Digits("*"))
    assert said(first)[:2] == said(again)[:2] == ["lookup.not_found1", "common.result_repeat"]
    assert said(again) == said(first)


def test_a_lookup_can_say_its_own_repeat_hint_and_says_none_before_a_hangup():
    nodes = {**INTAKE, "lookup": {**INTAKE["lookup"], "repeat": "Nghe lại kết quả, bấm sao."}}
    flow = small_flow(nodes)
    _, state = start(flow, "3")
    commands, _ = step(flow, state, Result("not_found"))
    assert said(commands)[:2] == ["lookup.not_found1", "lookup.repeat"]
    assert flow.nodes["lookup"].repeat in flow.prompts()  # rendered and linted like any prompt
    nodes = {**INTAKE, "lookup": {**INTAKE["lookup"], "goto": "bye"}}
    flow = small_flow(nodes)
    _, state = start(flow, "3")
    commands, state = step(flow, state, Result("not_found"))
    assert said(commands) == ["lookup.not_found1", "bye.text"] and state.last_result == ()


# -- a number without a read-back turn (check a number, issue 8 item 1) ------------------------

def quick_flow(**changes):
    """INTAKE plus key 5: a number input that does not confirm, a lookup that says the number
    back, then a menu whose key 1 keys another number."""
    import copy

    nodes = copy.deepcopy(INTAKE)
    nodes["main_menu"]["options"].append({"key": "5", "say": "Kiểm tra, bấm 5.", "goto": "quick"})
    nodes["quick"] = {"type": "number_input", "answer": "check_number", "prompt": "Bấm số.",
                      "invalid": "Sai.", "goto": "quick_result", **changes}
    nodes["quick_result"] = {"type": "lookup", "effect": "check_number", "goto": "again",
                             "outcomes": {"not_found": ["Số", "{number}", "chưa bị báo."]}}
    nodes["again"] = {"type": "menu", "prompt": "Tiếp?", "options": [
        {"key": "1", "say": "Số khác, bấm 1.", "goto": "quick"}]}
    return small_flow(nodes)


PHONE = ("number", ("phone", "0912345678"))


def test_a_number_without_confirm_is_the_answer_at_once():
    flow = quick_flow()
    assert flow.nodes["quick"].confirms is False and flow.nodes["number"].confirms is True
    assert [p.id for p in flow.prompts() if p.id.startswith("quick.")] == ["quick.prompt",
                                                                          "quick.invalid"]
    commands, state = start(flow, "5", "0912345678#")
    assert commands == [Effect("check_number", (("check_number", "0912345678"),))]
    assert state.node == "quick_result" and state.phase == "waiting"
    commands, state = start(flow, "5", "12#")  # a malformed number is still refused
    assert ids(commands)[:2] == ["quick.invalid", "quick.prompt"] and state.node == "quick"
    assert not any(isinstance(c, Effect) for c in commands)
    commands, state = start(flow, "5", "#")  # and not skippable unless optional
    assert ids(commands)[:2] == ["quick.invalid", "quick.prompt"] and state.node == "quick"


def test_the_answer_says_the_number_4_3_3_and_star_repeats_it_with_the_number():
    flow = quick_flow()
    _, state = start(flow, "5", "0912345678#")
    commands, state = step(flow, state, Result("not_found", (PHONE,)))
    answer = ["quick_result.not_found1", "0", "9", "1", "2", "|", "3", "4", "5", "|", "6", "7", "8",
              "|", "quick_result.not_found3", "common.result_repeat"]
    assert said(commands)[:len(answer)] == answer and state.node == "again"
    again, _ = step(flow, state, Digits("*"))
    assert said(again) == said(commands)


def test_another_number_with_1_or_0_without_asking_the_service_again():
    flow = quick_flow()
    _, state = start(flow, "5", "0912345678#")
    _, state = step(flow, state, Result("not_found", (PHONE,)))
    for key in ("1", "0"):  # 0: back skips the lookup, to the question before it
        commands, moved = step(flow, state, Digits(key))
        assert moved.node == "quick" and ids(commands)[0] == "quick.prompt", key
        assert not any(isinstance(c, Effect) for c in commands)
    _, moved = step(flow, state, Digits("0"))
    _, moved = step(flow, moved, Digits("0"))
    assert moved.node == "main_menu"


@pytest.mark.parametrize("given, missing", [("readback", "confirm"), ("confirm", "readback")])
def test_readback_and_confirm_go_together(given, missing):
    from ivr.engine import FlowError
    with pytest.raises(FlowError) as caught:
        quick_flow(**{given: "Số là"})
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [
        f"quick.{missing}: is required with `{given}` (give both to read the number back and "
        "confirm it, or neither)"]
