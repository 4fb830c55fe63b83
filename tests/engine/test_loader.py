"""Loading and linting flow data: every problem is reported with the path that has it."""
import copy
from pathlib import Path

import pytest

from ivr.engine import FlowError, load_flow
from ivr.engine.lint import estimate_seconds, lint_flow, reachable

from .conftest import NODES, ROOT, small_flow


def problems_of(nodes=None, head=None):
    with pytest.raises(FlowError) as caught:
        small_flow(nodes, head)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def with_change(change):
    nodes = copy.deepcopy(NODES)
    change(nodes)
    return nodes


def test_the_shipped_flow_loads_and_lints_clean():
    flow = load_flow(ROOT / "prompts", {"volunteer_line": "số 0 9 1"})
    assert lint_flow(flow) == []
    assert reachable(flow) == set(flow.nodes)
    tutorials = [n for n in flow.nodes if n.startswith("tutorial_")]
    lessons = [n for n in flow.nodes if n.startswith("lesson_")]
    assert len(tutorials) >= 5 and len(lessons) >= 5


def test_prompt_ids_are_unique_across_the_flow():
    flow = load_flow(ROOT / "prompts", {"volunteer_line": "số 0 9 1"})
    ids = [p.id for p in flow.prompts()]
    assert len(ids) == len(set(ids))


def test_unknown_goto_is_named_with_its_path():
    nodes = with_change(lambda n: n["lessons"]["options"][0].update(goto="nowhere"))
    assert "lessons.options[0].goto: names no node: 'nowhere'" in problems_of(nodes)


def test_missing_text_and_bad_type_are_all_reported_at_once():
    def change(n):
        n["lesson"]["steps"][1] = ""
        n["notice"]["type"] = "banner"
    found = problems_of(with_change(change))
    assert "lesson.steps[1]: needs spoken text (a non-empty string)" in found
    assert any(p.startswith("notice.type: must be one of") for p in found)


def test_reserved_and_duplicate_keys_are_refused():
    def change(n):
        n["main_menu"]["options"][1]["key"] = "9"
        n["main_menu"]["options"][2]["key"] = "1"
    found = problems_of(with_change(change))
    assert "main_menu.options[1].key: '9' is reserved for repeat/back/main menu" in found
    assert "main_menu.options[2].key: '1' is used twice in this menu" in found


def test_spec_version_start_and_placeholders_are_checked():
    nodes = with_change(lambda n: n["notice"].update(text="Gọi {nobody}."))
    found = problems_of(nodes, head={"spec_version": 2, "start": "missing"})
    assert "spec_version: must be 1, found 2" in found
    assert "start: names no node: 'missing'" in found
    assert "notice.text: unknown placeholder {nobody}" in found


def test_required_messages_and_bad_settings():
    head_messages = dict(small_flow().messages)
    assert "welcome" in head_messages
    found = problems_of(head={"messages": {"welcome": "Chào."}, "settings": {"timeout_seconds": -1},
                              "keys": {"repeat": "**"}})
    assert "messages.error: is required" in found
    assert "settings.timeout_seconds: must be a positive number, found -1" in found
    assert "keys.repeat: must be one key 0-9, * or #, found '**'" in found


def test_node_defined_in_two_files_is_refused(tmp_path):
    (tmp_path / "nodes").mkdir()
    (tmp_path / "flow.yaml").write_text((ROOT / "prompts" / "flow.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    text = (ROOT / "prompts" / "nodes" / "tutorials.yaml").read_text(encoding="utf-8")
    (tmp_path / "nodes" / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "nodes" / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FlowError) as caught:
        load_flow(tmp_path, {"volunteer_line": "x"})
    assert any("defined twice" in str(p) and "b.yaml" in p.file for p in caught.value.problems)


def test_invalid_yaml_names_the_file(tmp_path):
    (tmp_path / "nodes").mkdir()
    (tmp_path / "flow.yaml").write_text("spec_version: [1\n", encoding="utf-8")
    with pytest.raises(FlowError, match="flow.yaml: \\(file\\): not valid YAML"):
        load_flow(tmp_path)


def test_text_is_nfc_normalised_and_single_spaced():
    decomposed = "Bu\u0301t   bi\u0300"  # combining accents, several spaces
    flow = small_flow(with_change(lambda n: n["notice"].update(text=decomposed)))
    assert flow.nodes["notice"].text.text == "Bút bì"


def test_lint_finds_long_steps_unreachable_nodes_and_message_loops():
    def change(n):
        n["lesson"]["steps"][2] = " ".join(["một"] * 90) + "."
        n["orphan"] = {"type": "hangup", "text": "Không ai tới đây."}
        n["loop_a"] = {"type": "message", "text": "A.", "goto": "loop_b"}
        n["loop_b"] = {"type": "message", "text": "B.", "goto": "loop_a"}
        n["main_menu"]["options"].append({"key": "4", "say": "Vòng, bấm 4.", "goto": "loop_a"})
    found = [str(p) for p in lint_flow(small_flow(with_change(change)))]
    assert any(p.startswith("lesson.steps[2]: about 26 s of speech, longer than 20 s") for p in found)
    assert "orphan: cannot be reached from 'main_menu'" in found
    assert "loop_a: message nodes loop without asking anything" in found


def test_lint_checks_measured_audio_lengths():
    flow = small_flow()
    found = [str(p) for p in lint_flow(flow, {"lesson.step2": 23.5, "lesson.step1": 4.0})]
    assert found == ["lesson.steps[1]: rendered audio is 23.5 s, longer than 20 s"]


@pytest.mark.parametrize("text, seconds", [
    ("", 0.0),
    ("Bấm phím 1.", 3 / 3.5 + 0.3),
    ("Gọi 1 1 3 ngay", 5 / 3.5),
    ("Gọi 113", 4 / 3.5),
])
def test_estimate_seconds(text, seconds):
    assert estimate_seconds(text, 3.5) == pytest.approx(seconds)


def test_lint_module_runs_as_a_command():
    from ivr.engine.lint import main
    assert main([str(ROOT / "prompts")]) == 0
