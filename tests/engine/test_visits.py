"""Home visits, the caller's side (issue 12, item 7), in the pure engine: a record node that keeps
a visit saves it with ``save_visit`` before the beep and tells the adapter so; "đến nhà" said at
any question leads to the flow's ``visit`` node; the words themselves (``speech.intents``)."""
from __future__ import annotations

import pytest

from ivr.engine import Digits, Effect, Record, Result, Spoken, step
from speech.intents import parse_intent

from .conftest import NODES, small_flow
from .test_listening import ids, start

VISIT_NODES = {
    **NODES,
    "visit_record": {"type": "record", "keeps": "visit", "answer": "visit_recording",
                     "prompt": "Sau tiếng bíp, bác nói tên và đường đến nhà. Xong, bấm thăng.",
                     "review": "Giữ, bấm phím 1. Nghe lại, bấm phím sao. Nói lại, bấm phím 3.",
                     "playback": "Đây là lời bác.", "empty": "Chưa nghe được.",
                     "goto": "main_menu"},
}
VISIT_NODES["main_menu"] = {**NODES["main_menu"], "options": [
    *NODES["main_menu"]["options"],
    {"key": "4", "say": "Người đến nhà, bấm 4.", "goto": "visit_record"}]}


def test_a_visit_recording_is_saved_as_a_visit_before_the_beep_and_the_record_says_so():
    flow = small_flow(VISIT_NODES, head={"visit": "visit_record"})
    assert flow.nodes["visit_record"].keeps == "visit"
    _, menu = start(flow)
    commands, saving = step(flow, menu, Digits("4"))
    assert isinstance(commands[-1], Effect) and commands[-1].name == "save_visit"
    commands, recording = step(flow, saving, Result("saved", (("visit_reference", "123456"),)))
    [record] = [c for c in commands if isinstance(c, Record)]
    assert record.keeps == "visit" and recording.phase == "record"
    # A report's recording node still saves a report, and its Record says so.
    report = small_flow(NODES).nodes
    assert all(getattr(n, "keeps", "report") == "report" for n in report.values())


def test_saying_den_nha_anywhere_leads_to_the_visit_node():
    flow = small_flow(VISIT_NODES, head={"visit": "visit_record"})
    _, inside = start(flow, Digits("1"), Digits("1"))  # in a tutorial step
    commands, state = step(flow, inside, Spoken("visit"))
    assert isinstance(commands[-1], Effect) and commands[-1].name == "save_visit"
    assert state.node == "visit_record"
    # Without a visit node in the flow the words mean nothing special.
    plain = small_flow(VISIT_NODES)
    _, inside = start(plain, Digits("1"), Digits("1"))
    _, state = step(plain, inside, Spoken("visit"))
    assert state.node != "visit_record"


@pytest.mark.parametrize("said, mode, options, expected", [
    ("đến nhà", "menu", None, ("visit", None)),
    ("tới nhà", "yes_no", None, ("visit", None)),
    ("hướng dẫn tại nhà", "digits", None, ("visit", None)),
    ("cho người tới nhà chỉ giùm", "menu", None, ("visit", None)),
    # refused, like a negated option
    ("không cần đến nhà", "menu", None, ("unknown", "negated")),
    ("đừng đến nhà", "menu", None, ("unknown", "negated")),
    # beside another answer, that answer counts ("who did they claim to be?")
    ("người giao hàng tới nhà", "menu", {"5": ["người giao hàng"], "1": ["công an"]}, ("option", "5")),
    # a menu's own words for it come first (the callback offer's 2)
    ("đến nhà", "menu", {"1": ["gọi lại"], "2": ["đến nhà"]}, ("option", "2")),
    # a person on the phone still wins over everything
    ("gặp tình nguyện viên đến nhà", "menu", None, ("volunteer", None)),
])
def test_the_words_of_a_home_visit(said, mode, options, expected):
    intent = parse_intent(said, mode, options)
    assert (intent.name, intent.value) == expected


def test_the_visit_nodes_comment_names_the_real_ways_in_and_the_readme_tells_callers_and_testers():
    """The way in to a visit is the callback offer's key 2 and the ``visit`` intent ("đến nhà"),
    nothing else (no main menu key of its own): the comment and the README say just that."""
    import re
    from pathlib import Path

    from ivr.engine.flow import MenuNode
    from ivr.engine.loader import load_flow

    root = Path(__file__).resolve().parents[2]
    flow = load_flow(root / "prompts", {"volunteer_line": "số 1"})
    ways_in = {(node.id, option.key) for node in flow.nodes.values() if isinstance(node, MenuNode)
               for option in node.options if option.goto == "visit_record"}
    assert ways_in == {("callback_offer", "2")}
    comment = " ".join(line for line in (root / "prompts/nodes/visits.yaml").read_text("utf-8").splitlines()
                       if line.startswith("#"))
    for name in re.findall(r"\b[a-z]+_[a-z_]+\b", comment):
        assert name in flow.nodes, f"visits.yaml's comment names {name!r}, which is no node"
    assert "callback offer (key 2" in comment and "đến nhà" in comment
    readme = " ".join((root / "README.md").read_text("utf-8").split())
    for told in ("the callback offer's key `2`", 'saying "đến nhà" / "tới nhà" at any question',
                 "HOTLINE_NUMBER=+842812345678 PORT=5000 ./scripts/run",
                 "`--callback` also runs only inside `CALLING_HOURS`",
                 "The first `./scripts/run` also renders the audio of every prompt"):
        assert told in readme, told
