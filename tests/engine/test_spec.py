"""The flow format's declaration: unknown keys named with the closest known key, kinds checked, and
docs/flow-spec.md generated from it."""
import copy
import shutil
from dataclasses import fields

import pytest

from ivr.engine import FlowError, Keys, Settings, load_flow
from ivr.engine.loader import _BUILDERS
from ivr.engine.spec import KEYS, NODE_TYPES, SETTINGS, check_node, unknown_key
from ivr.engine.spec_doc import COMMAND, DOC, render

from .conftest import ROOT, small_flow
from .test_collect import INTAKE


def problems_of(change=None, head=None):
    nodes = copy.deepcopy(INTAKE)
    if change:
        change(nodes)
    with pytest.raises(FlowError) as caught:
        small_flow(nodes, head)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("change, head, problem", [
    (None, {"strat": "main_menu"}, "flow.yaml: strat: unknown key; did you mean `start`?"),
    (lambda n: n["number"].update(optinal=True), None,
     "flow.yaml: number.optinal: unknown key; did you mean `optional`?"),
    (lambda n: n["who"]["options"][0].update(wrods=["công an"]), None,
     "flow.yaml: who.options[0].wrods: unknown key; did you mean `words`?"),
    (lambda n: n["lesson"].update(quiz=[{"questoin": "Đúng không?", "answer": "yes",
                                         "right": "Đúng.", "wrong": "Sai."}]), None,
     "flow.yaml: lesson.quiz[0].questoin: unknown key; did you mean `question`?"),
    (None, {"settings": {"timeout_second": 5}},
     "flow.yaml: settings.timeout_second: unknown key; did you mean `timeout_seconds`?"),
    (None, {"keys": {"repaet": "*"}}, "flow.yaml: keys.repaet: unknown key; did you mean `repeat`?"),
    (None, {"speech": {"nxt": ["tiếp"]}}, "flow.yaml: speech.nxt: unknown key; did you mean `next`?"),
    (lambda n: n["thanks"].update(gto="main_menu"), None,
     "flow.yaml: thanks.gto: unknown key; did you mean `goto`?"),
])
def test_an_unknown_key_is_named_with_the_closest_known_key(change, head, problem):
    assert problem in problems_of(change, head)


def test_a_key_like_no_known_key_gets_no_suggestion_but_the_known_keys():
    found = problems_of(lambda n: n["notice"].update(colour="red"))
    assert found == ["flow.yaml: notice.colour: unknown key (known: type, text, goto)"]


def test_a_key_of_another_node_type_is_unknown_here():
    assert unknown_key("optional", NODE_TYPES["tutorial"].names).startswith("unknown key (known:")


def test_every_problem_is_reported_together():
    def change(nodes):
        nodes["number"]["optinal"] = True
        nodes["who"]["options"][0]["wrods"] = ["công an"]
        nodes["code"]["digits"] = 2
    found = problems_of(change, head={"strat": "x"})
    assert len(found) == 4, found


@pytest.mark.parametrize("change, problem", [
    (lambda n: n["number"].update(optional="có"),
     "number.optional: must be true or false, found 'có'"),
    (lambda n: n["number"].update(timeout_seconds=0),
     "number.timeout_seconds: must be a positive number"),
    (lambda n: n["number"].pop("prompt"), "number.prompt: is required (spoken text)"),
    (lambda n: n["rec"].update(silence_seconds=0),
     "rec.silence_seconds: must be a whole number from 1 to 30"),
    (lambda n: n["lesson"].update(steps=[]),
     "lesson.steps: must be a non-empty list of spoken texts"),
    (lambda n: n["lesson"].update(quiz=[{"question": "Q?", "answer": "maybe", "right": "R.",
                                         "wrong": "W."}]), "lesson.quiz[0].answer: must be yes or no"),
    (lambda n: n["main_menu"].update(options=[]), "main_menu.options: must be a non-empty list"),
    (lambda n: n["main_menu"]["options"][0].update(key="12"),
     "main_menu.options[0].key: must be one key"),
    (lambda n: n["who"]["options"][0].update(words="công an"),
     "who.options[0].words: must be a list"),
    (lambda n: n.update(bad=["a list"]), "bad: must be a mapping (a node)"),
])
def test_kinds_and_required_fields_come_from_the_declaration(change, problem):
    assert any(p.startswith(f"flow.yaml: {problem}") for p in problems_of(change)), problem


def test_a_problem_found_by_the_declaration_is_reported_once():
    found = problems_of(lambda n: n["number"].update(prompt=""))
    assert found == ["flow.yaml: number.prompt: needs spoken text (a non-empty string)"]


def test_the_file_is_named_for_a_node_file(tmp_path):
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    report = tmp_path / "prompts" / "nodes" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("  optional: true", "  optinal: true"), encoding="utf-8")
    with pytest.raises(FlowError) as caught:
        load_flow(tmp_path / "prompts", {"volunteer_line": "x"})
    assert [str(p) for p in caught.value.problems] == [
        "prompts/nodes/report.yaml: report_number.optinal: unknown key; did you mean `optional`?"]


def test_the_shipped_flow_has_no_problem():
    flow = load_flow(ROOT / "prompts", {"volunteer_line": "số 0 9 1"})
    assert flow.nodes["report_number"].optional is True


def test_the_declaration_matches_the_runtime_model():
    assert SETTINGS.names == tuple(f.name for f in fields(Settings))
    assert KEYS.names == tuple(f.name for f in fields(Keys))
    assert {f.name: f.default for f in SETTINGS.fields} == vars(Settings())
    assert {f.name: f.default for f in KEYS.fields} == vars(Keys())
    assert set(NODE_TYPES) == set(_BUILDERS)


def test_check_node_names_the_type_that_is_wrong():
    assert check_node({"type": "banner"}, "n") == [
        ("n.type", "must be one of menu, tutorial, message, hangup, number_input, record, lookup, "
                   "transfer, "
                   "found 'banner'")]


def test_the_flow_spec_document_is_generated_from_the_declaration():
    text = DOC.read_text(encoding="utf-8")
    assert "<!-- generated:begin nodes -->" in text and "<!-- generated:begin head -->" in text
    assert render(text) == text, f"docs/flow-spec.md is out of date: run `{COMMAND}`"


def test_the_document_shows_every_declared_field():
    text = DOC.read_text(encoding="utf-8")
    for name in ("`quiz`", "`words`", "`speech:`", "`volunteer`", "`optional`", "`silence_seconds`"):
        assert name in text


def test_a_stale_document_is_detected(tmp_path):
    from ivr.engine.spec_doc import main
    stale = tmp_path / "flow-spec.md"
    stale.write_text(DOC.read_text(encoding="utf-8").replace("| `words` |", "| `wrods` |"),
                     encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert main([str(stale)]) == 0 and main(["--check", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
