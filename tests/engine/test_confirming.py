"""Question-aware answers and spoken choices confirmed before they act (issue 9, items 3 and 5):
table tests of the pure engine on an inline flow. A key is certain and never confirmed."""
import pytest
import yaml

from ivr.engine import (CallStarted, Digits, Listen, NoInput, RecordingDone, Result, Resume, Spoken,
                        State, spoken_prompts, step)
from ivr.engine.confirming import harmless, needs_confirming

from .conftest import NODES, small_flow
from .test_collect import INTAKE
from .test_loader import problems_of

MONEY = {"type": "menu", "prompt": "Bác đã chuyển tiền chưa?", "yes_no": {"yes": "1", "no": "2"},
         "options": [
             {"key": "1", "say": "Bấm 1: rồi.", "words": ["rồi"], "goto": "bye"},
             {"key": "2", "say": "Bấm 2: chưa.", "words": ["chưa"], "goto": "notice"},
             {"key": "3", "say": "Bấm 3: rút báo cáo.", "words": ["rút báo cáo"], "goto": "code"}]}
NODES_HERE = {**INTAKE, "money": MONEY,
              "main_menu": {**INTAKE["main_menu"], "options": [
                  *INTAKE["main_menu"]["options"],
                  {"key": "5", "say": "Tiền, bấm 5.", "goto": "money"},
                  {"key": "6", "say": "Làm, bấm 6.", "goto": "handson"}]},
              "handson": {**NODES["lesson"], "hands_on": True}}


@pytest.fixture
def flow():
    return small_flow(NODES_HERE, head={"speech": {"next": ["xong", "rồi"], "slower": ["chậm"],
                                                   "keep": ["giữ"], "again": ["kể lại"]}})


def ids(commands):
    return [p.id for p in spoken_prompts(commands)]


def at(flow, where):
    """The state of a speech call at ``where``."""
    _, state = step(flow, State(), CallStarted(speech=True))
    keys = {"menu": [], "readback": ["1", "0912345678#"], "code": ["2", "123456#"],
            "review": ["1", "#", "1"], "money": ["5"], "step": ["6"]}[where]
    for key in keys:
        _, state = step(flow, state, Digits(key))
    if where == "review":
        _, state = step(flow, state, Result("saved", (("reference", "123456"),)))
        _, state = step(flow, state, RecordingDone("RE1", "https://example.test/RE1"))
    return state


HEARD_NUMBER, HEARD_KEEP = "common.heard_number_speech", "common.heard_keep_speech"
NOT_HEARD, OPTION = "common.speech_not_heard", "common.heard_option_speech"

# where, what was said, node after, keys waiting for a confirmation, the first prompt heard
SPOKEN = [
    ("readback", Spoken("yes"), "number", "1", HEARD_NUMBER),  # consequential: always confirmed
    ("readback", Spoken("no"), "number", "", "number.prompt"),  # "đâu phải": key it again
    ("readback", Spoken("unknown", negated="yes"), "number", "", NOT_HEARD),
    ("readback", Spoken("yes", confidence=0.3, unsure=True), "number", "1", HEARD_NUMBER),
    ("readback", Spoken("unknown", guess=Spoken("yes")), "number", "1", HEARD_NUMBER),
    ("readback", Spoken("no", unsure=True), "number", "", "number.prompt"),  # harmless
    ("readback", Spoken("repeat", unsure=True), "number", "", "number.readback"),
    ("readback", Digits("1"), "who", "", "who.prompt"),  # a key acts at once
    ("code", Spoken("yes"), "code", "1", HEARD_NUMBER),  # the withdrawal's reference
    ("code", Digits("1"), "main_menu", "", "main_menu.prompt"),
    ("review", Spoken("option", "1"), "rec", "1", HEARD_KEEP),
    ("review", Spoken("unknown", negated="1"), "rec", "", NOT_HEARD),  # "không gửi"
    ("review", Spoken("option", "3", unsure=True), "rec", "3", "common.heard_again_speech"),
    ("review", Spoken("option", "3"), "rec", "", "rec.prompt"),  # sure: record again at once
    ("review", Spoken("option", "2", unsure=True), "rec", "", "rec.playback"),  # listening: harmless
    ("review", Digits("1"), "thanks", "", None),
    ("menu", Spoken("option", "1"), "number", "", "number.prompt"),
    ("menu", Spoken("option", "1", unsure=True), "main_menu", "1", OPTION),
    ("menu", Spoken("unknown", guess=Spoken("option", "3")), "main_menu", "3", OPTION),
    ("menu", Spoken("unknown", guess=Spoken("repeat")), "main_menu", "", NOT_HEARD),
    ("menu", Spoken("unknown", negated="1"), "main_menu", "", NOT_HEARD),
    ("menu", Spoken("yes"), "main_menu", "", NOT_HEARD),  # no yes_no keys here
    ("money", Spoken("yes"), "bye", "", "bye.text"),  # yes_no keys: yes is 1 ("có", "ừ")
    ("money", Spoken("no"), "main_menu", "", "notice.text"),  # no is 2 ("hổng có", "nỏ")
    ("money", Spoken("option", "3"), "code", "", "code.prompt"),
    ("money", Spoken("no", unsure=True), "money", "2", OPTION),
    ("step", Spoken("unknown", not_yet=True, negated="1"), "handson", "",
     "common.step_not_yet_speech"),  # "chưa xong": never the next step
    ("step", Spoken("unknown", not_yet=True), "handson", "", "common.step_not_yet_speech"),
    ("step", Spoken("unknown", negated="1"), "handson", "", NOT_HEARD),  # "không xong"
    ("step", Spoken("option", "1"), "handson", "", "handson.step2"),
    ("step", Spoken("option", "2", unsure=True), "handson", "", "handson.step1"),  # slower
    ("step", Spoken("option", "1", unsure=True), "handson", "1", "common.heard_key_speech"),
]


@pytest.mark.parametrize("where, event, node, pending, first", SPOKEN,
                         ids=[f"{w}-{e}" for w, e, *_ in SPOKEN])
def test_what_a_spoken_answer_does(flow, where, event, node, pending, first):
    state = at(flow, where)
    commands, after = step(flow, state, event)
    assert after.node == node and after.pending_spoken == pending
    if first is not None:
        assert ids(commands)[0] == first
    if pending:  # what was understood, then "Đúng thì bấm phím 1, hoặc nói có."
        assert "common.confirm_spoken_speech" in ids(commands)
        assert commands[-1].listen == Listen("yes_no", yes="1", no="2")
        assert after.step == state.step and after.phase == state.phase


def test_a_spoken_option_is_said_back_with_its_own_sentence(flow):
    commands, _ = step(flow, at(flow, "menu"), Spoken("option", "3", unsure=True))
    assert ids(commands)[:3] == [OPTION, "main_menu.option3", "common.confirm_spoken_speech"]
    commands, _ = step(flow, at(flow, "step"), Spoken("option", "1", unsure=True))
    assert ids(commands)[:3] == ["common.heard_key_speech", "common.digit_1",
                                 "common.confirm_spoken_speech"]


def test_not_yet_waits_like_the_step_and_counts_no_miss(flow):
    state = at(flow, "step")
    _, missed = step(flow, state, Spoken("unknown"))
    commands, after = step(flow, missed, Spoken("unknown", not_yet=True))
    assert after.speech_misses == 0 and not after.keys_only
    assert commands[-1].timeout == flow.settings.step_wait_seconds and commands[-1].patient
    lesson = step(flow, at(flow, "menu"), Digits("4"))[1]  # a listening lesson (not hands-on)
    lesson = step(flow, lesson, Digits("1"))[1]
    commands, _ = step(flow, lesson, Spoken("unknown", not_yet=True))
    assert ids(commands)[0] == "common.lesson_not_yet_speech"


def pending_at_readback(flow):
    _, state = step(flow, at(flow, "readback"), Spoken("yes"))
    assert state.pending_spoken == "1"
    return state


# at the confirmation of a spoken "yes" at the read-back: what each answer does
CONFIRMATION = [
    (Spoken("yes"), "who", "", "who.prompt"),
    (Spoken("yes", confidence=0.2, unsure=True), "number", "1", NOT_HEARD),  # never commits
    (Spoken("unknown", guess=Spoken("yes")), "number", "1", NOT_HEARD),
    (Spoken("no"), "number", "", "number.readback"),
    (Spoken("repeat"), "number", "1", HEARD_NUMBER),
    (Spoken("main_menu"), "main_menu", "", "main_menu.prompt"),
    (Spoken("unknown"), "number", "1", NOT_HEARD),
    (Digits("1"), "who", "", "who.prompt"),
    (Digits("2"), "number", "", "number.readback"),
    (Digits("0"), "number", "", "number.readback"),
    (Digits("*"), "number", "1", HEARD_NUMBER),
    (Digits("9"), "main_menu", "", "main_menu.prompt"),
    (Digits("5"), "number", "", "common.invalid_key"),  # a key at the read-back itself
    (NoInput(), "number", "1", "common.no_input_speech"),
]


@pytest.mark.parametrize("event, node, pending, first", CONFIRMATION,
                         ids=[str(e) for e, *_ in CONFIRMATION])
def test_the_confirmation_of_a_spoken_choice(flow, event, node, pending, first):
    commands, after = step(flow, pending_at_readback(flow), event)
    assert after.node == node and after.pending_spoken == pending
    assert ids(commands)[0] == first
    if node == "who":
        assert after.answers["reported_number"] == "0912345678"
    else:
        assert "reported_number" not in after.answers


def test_the_pending_key_itself_confirms_and_another_key_asks_the_question_again(flow):
    _, state = step(flow, at(flow, "menu"), Spoken("option", "3", unsure=True))
    assert step(flow, state, Digits("3"))[1].node == "lookup"
    assert step(flow, state, Digits("1"))[1].node == "lookup"
    commands, again = step(flow, state, Digits("2"))  # "no", not option 2
    assert again.node == "main_menu" and again.pending_spoken == ""
    assert "main_menu.option1" in ids(commands)


def test_silence_on_a_step_lets_an_unconfirmed_choice_lapse(flow):
    _, state = step(flow, at(flow, "step"), Spoken("option", "1", unsure=True))
    commands, after = step(flow, state, NoInput())
    assert after.pending_spoken == "" and after.node == "handson" and after.step == 0
    assert ids(commands) == ["common.step_wait_reminder"]


def test_a_resume_offer_heard_unsure_is_said_back_as_yes(flow):
    _, state = step(flow, State(), CallStarted(Resume("lesson", 1), speech=True))
    commands, state = step(flow, state, Spoken("yes", unsure=True))
    assert ids(commands)[:2] == ["common.heard_yes_speech", "common.confirm_spoken_speech"]
    assert step(flow, state, Spoken("yes"))[1].node == "lesson"


def test_keys_are_never_confirmed(flow):
    """Every key at every question of the inline flow acts without a confirmation."""
    for where in ("menu", "readback", "code", "review", "money", "step"):
        state = at(flow, where)
        for key in "0123456789*#":
            commands, after = step(flow, state, Digits(key))
            assert after.pending_spoken == "", (where, key)
            assert "common.confirm_spoken_speech" not in ids(commands), (where, key)


def test_pending_spoken_round_trips_and_is_cleared_on_a_new_node(flow):
    state = pending_at_readback(flow)
    assert State.from_dict(state.to_dict()) == state
    _, elsewhere = step(flow, state, Digits("9"))
    assert elsewhere.pending_spoken == ""


def test_harmless_and_consequential_choices(flow):
    readback, review, step_state = at(flow, "readback"), at(flow, "review"), at(flow, "step")
    assert needs_confirming(flow, readback, "1", unsure=False)
    assert needs_confirming(flow, review, "1", unsure=False)
    assert not needs_confirming(flow, review, "3", unsure=False)
    assert harmless(flow, readback, "2") and harmless(flow, review, "*")
    assert harmless(flow, step_state, "2") and not harmless(flow, step_state, "1")


@pytest.mark.parametrize("yes_no, problem", [
    ({"yes": "1", "no": "7"}, "money.yes_no.no: '7' is not a key of this menu's options"),
    ({"yes": "1", "no": "1"}, "money.yes_no: yes and no must choose different options"),
    ({"yes": "1"}, "money.yes_no.no: is required"),
    ({"yes": "1", "no": "2", "maybe": "3"}, "money.yes_no.maybe: unknown key"),
])
def test_yes_no_keys_are_checked(yes_no, problem):
    found = problems_of({**NODES_HERE, "money": {**MONEY, "yes_no": yes_no}})
    assert any(p.startswith(problem) for p in found), found


def test_bare_yes_and_no_keys_in_yaml_are_read_as_words():
    raw = yaml.safe_load('yes_no: {yes: "1", no: "2"}')["yes_no"]
    assert raw == {True: "1", False: "2"}  # YAML 1.1
    flow = small_flow({**NODES_HERE, "money": {**MONEY, "yes_no": raw}})
    assert flow.nodes["money"].yes_no == ("1", "2")
