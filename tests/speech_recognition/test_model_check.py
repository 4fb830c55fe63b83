"""``flask speech check`` and what it stands on: the model's word list read from its files
(speech/vocabulary.py), tone-mark placements, and the check itself (speech/model_check.py).

Real models: the Korean stand-in (its ``graph/Gr.fst`` symbol table, compared with Vosk's own
``vosk_model_find_word``) and small model folders made here with a ``graph/words.txt``, the file
big models ship, in the old or the new tone-mark placement.
"""
from __future__ import annotations

import json
import random
import struct

import pytest

from app import create_app
from speech.model import ModelError
from speech.model_check import PROBED, Question, check_model, check_question, describe_check
from speech.speech_cli import flow_questions
from speech.vocabulary import (VocabularyUnreadable, fst_output_symbols, other_placement, placement,
                               read_vocabulary)

# The flow's words where the placement matters ("ủy ban", "hủy báo cáo", "mánh khóe" since issue 9)
OLD_SPELLINGS = ("hóa", "khóa", "khỏe", "tòa", "hủy", "khóe", "ủy")
NEW_SPELLINGS = ("hoá", "khoá", "khoẻ", "toà", "huỷ", "khoé", "uỷ")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app")
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'h.sqlite3'}",
                       "AUDIO_DIR": str(folder / "audio"), "JOBS_DB": str(folder / "jobs.sqlite3")},
                      env_name="testing")


@pytest.fixture(scope="module")
def questions(app):
    with app.app_context():
        return flow_questions()


@pytest.fixture(scope="module")
def flow_words(questions) -> list[str]:
    return list(dict.fromkeys(w for q in questions for p in q.phrases for w in p.split(" ")))


def fake_model(folder, words=None):
    """A model folder as Vosk lays it out, with ``words`` in ``graph/words.txt`` (none: no list)."""
    for name in ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLG.fst"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"")
    if words is not None:
        lines = [f"{w} {i}" for i, w in enumerate(["<eps>", *words, "#0"])]
        (folder / "graph" / "words.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def check(app, *args):
    result = app.test_cli_runner().invoke(args=["speech", "check", *args])
    return result, (json.loads(result.output) if "--json" in args and result.exit_code == 0 else None)


# -- the word list -----------------------------------------------------------------------------

def test_the_korean_word_list_is_the_one_vosk_uses(ko_model, ko_model_path):
    vocabulary = read_vocabulary(ko_model_path)
    assert vocabulary.source == "graph/Gr.fst" and len(vocabulary.words) == 503348
    sample = random.Random(9).sample(sorted(vocabulary.words), 300)
    assert all(ko_model.knows(w) for w in sample)
    outside = ["có", "không", "[unk]", "네 ", "hóa"]
    assert [vocabulary.knows(w) for w in outside] == [ko_model.knows(w) for w in outside] \
        == [False] * 5
    # Kaldi's internal symbols are in Vosk's table but no one can say them: left out here.
    assert ko_model.knows("<eps>") and not vocabulary.knows("<eps>") and not vocabulary.knows("#0")
    assert vocabulary.knows("네") and vocabulary.knows("아니요")


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<i", len(raw)) + raw


def _symbols(words) -> bytes:
    table = struct.pack("<i", 0x7EB2FB74) + _string("words.txt") + struct.pack("<qq", len(words), len(words))
    return table + b"".join(_string(w) + struct.pack("<q", i) for i, w in enumerate(words))


def _fst(flags: int, inputs=(), outputs=()) -> bytes:
    header = struct.pack("<i", 0x7EB2FDD6) + _string("vector") + _string("standard")
    header += struct.pack("<ii", 2, flags) + struct.pack("<Qqqq", 3, 0, 1, 0)
    return header + (_symbols(inputs) if flags & 1 else b"") + (_symbols(outputs) if flags & 2 else b"")


def test_output_symbols_follow_the_input_symbols(tmp_path):
    path = tmp_path / "G.fst"
    path.write_bytes(_fst(3, ["<eps>", "a", "b"], ["<eps>", "có", "[unk]"]))
    assert fst_output_symbols(path) == ["<eps>", "có", "[unk]"]
    path.write_bytes(_fst(1, ["<eps>", "a"]))
    assert fst_output_symbols(path) is None
    path.write_bytes(_fst(2, outputs=["<eps>", "có"])[:-6])
    with pytest.raises(VocabularyUnreadable, match="truncated"):
        fst_output_symbols(path)
    path.write_bytes(b"RIFF" + bytes(60))
    with pytest.raises(VocabularyUnreadable, match="not an OpenFst file"):
        fst_output_symbols(path)


def test_a_graph_symbol_table_comes_before_words_txt(tmp_path):
    folder = fake_model(tmp_path, ["không"])
    (folder / "graph" / "HCLG.fst").write_bytes(_fst(2, outputs=["<eps>", "có", "#0", "[unk]"]))
    vocabulary = read_vocabulary(folder)
    assert (vocabulary.source, vocabulary.words) == ("graph/HCLG.fst", frozenset({"có", "[unk]"}))
    (folder / "graph" / "HCLG.fst").write_bytes(_fst(0))  # no table in the graph: words.txt
    assert read_vocabulary(folder).words == frozenset({"không"})


@pytest.mark.parametrize("word, where, other", [
    ("hóa", "old", "hoá"), ("hoá", "new", "hóa"), ("khỏe", "old", "khoẻ"), ("khoẻ", "new", "khỏe"),
    ("ủy", "old", "uỷ"), ("uỷ", "new", "ủy"), ("thúy", "old", "thuý"), ("họa", "old", "hoạ"),
    ("quý", None, None), ("hoàn", None, None), ("thuyền", None, None), ("không", None, None),
    ("hoa", None, None),
])
def test_tone_mark_placement(word, where, other):
    assert placement(word) == where
    assert other_placement(word) == other


# -- the check ---------------------------------------------------------------------------------

def test_a_korean_grammar_the_korean_model_knows_lists_nothing(ko_model_path):
    known = Question("test: yes or no", ("네", "아니요"), (("1", ("네",)), ("2", ("아니요",))))
    report = check_model(ko_model_path, [known])
    assert report.unknown_words == () and report.questions[0].deaf_options == ()
    assert report.problems(require_unk=False) == []
    assert report.problems() == ["the model has no [unk] word"]
    assert "unknown grammar words: none (1 questions checked)" in describe_check(report)
    mixed = Question("test: menu", ("네", "có", "quay lại"), (("1", ("네", "có")), ("2", ("quay lại",))))
    result = check_model(ko_model_path, [mixed]).questions[0]
    assert (result.unknown_words, result.deaf_options) == (("có", "quay", "lại"), ("2",))


def test_a_model_without_a_word_list_is_asked_word_by_word(tmp_path, ko_model):
    folder = fake_model(tmp_path)
    question = Question("test", ("네", "không"))
    report = check_model(folder, [question], load=lambda path: ko_model)
    assert (report.source, report.size, report.unknown_words) == (PROBED, None, ("không",))
    with pytest.raises(ModelError, match="no word list"):
        check_model(folder, [question])
    assert check_question(question, ko_model).unknown_words == ("không",)


def test_every_question_of_the_flow_is_checked(questions):
    labels = [q.label for q in questions]
    assert "main_menu: the menu" in labels and "report_record: the recording review" in labels
    assert "report_number: the read-back" in labels[labels.index("report_number: the number") + 1:]
    assert any(label.startswith("@resume: the resume offer") for label in labels)
    steps = next(q for q in questions if q.label.startswith("tutorial_vneid: a step"))
    assert {"xong", "chậm", "vướng"} <= {w for p in steps.phrases for w in p.split()}
    slow = next(q for q in questions if q.label.startswith("tutorial_vneid: a step said slowly"))
    assert "nhanh" in {w for p in slow.phrases for w in p.split()}


# -- flask speech check on model folders made here ----------------------------------------------

def test_a_model_that_knows_every_word_passes_strict(app, tmp_path, flow_words):
    folder = fake_model(tmp_path, [*flow_words, "[unk]"])
    result, report = check(app, "--model", str(folder), "--strict", "--json")
    assert result.exit_code == 0, result.output
    assert report["unknown_words"] == [] and report["questions"] == [] and report["has_unk"]
    assert report["spelling"]["model"]["style"] == report["spelling"]["flow"]["style"] == "old"
    assert report["spelling"]["same"] is True


def test_one_missing_word_is_named_at_its_questions_and_fails_strict(app, tmp_path, flow_words):
    folder = fake_model(tmp_path, [w for w in flow_words if w != "vướng"] + ["[unk]"])
    result, report = check(app, "--model", str(folder), "--json")
    assert result.exit_code == 0 and report["unknown_words"] == ["vướng"]
    questions = [q["question"] for q in report["questions"]]
    assert questions and all(": a step" in q for q in questions)
    assert all(q["unknown_words"] == ["vướng"] and q["deaf_options"] == [] for q in report["questions"])
    strict, _ = check(app, "--model", str(folder), "--strict")
    assert strict.exit_code == 1
    assert "--strict: 1 grammar words unknown to the model" in strict.output
    assert "tutorial_vneid: a step" in strict.output and "vướng" in strict.output


def test_new_tone_marks_in_the_model_are_reported_with_fixes(app, tmp_path, flow_words):
    words = [other_placement(w) if placement(w) else w for w in flow_words]
    folder = fake_model(tmp_path, [*words, "[unk]"])
    result, report = check(app, "--model", str(folder), "--json")
    spelling = report["spelling"]
    assert (spelling["model"]["style"], spelling["flow"]["style"], spelling["same"]) == ("new", "old", False)
    assert spelling["fixes"] == dict(zip(OLD_SPELLINGS, NEW_SPELLINGS))
    assert sorted(report["unknown_words"]) == sorted(OLD_SPELLINGS)
    text, _ = check(app, "--model", str(folder))
    assert (f"tone marks: model new (old like hóa: 0, new like hoá: {len(NEW_SPELLINGS)}); flow old"
            in text.output)
    assert "DIFFERENT" in text.output and "hóa → hoá" in text.output


def test_no_unk_fails_strict_unless_allowed(app, tmp_path, flow_words):
    folder = fake_model(tmp_path, flow_words)
    result, _ = check(app, "--model", str(folder), "--strict")
    assert result.exit_code == 1 and "--strict: the model has no [unk] word" in result.output
    allowed, _ = check(app, "--model", str(folder), "--strict", "--no-require-unk")
    assert allowed.exit_code == 0, allowed.output


def test_not_a_model_is_a_clean_error(app, tmp_path):
    result, _ = check(app, "--model", str(tmp_path))
    assert result.exit_code == 1 and "is not a Vosk model: missing am/final.mdl" in result.output
    (fake_model(tmp_path) / "graph" / "HCLG.fst").write_bytes(b"garbage, not an fst file")
    corrupt, _ = check(app, "--model", str(tmp_path))
    assert corrupt.exit_code == 1 and "not an OpenFst file" in corrupt.output
