"""Comments and documents cite public sources, never notes kept outside the repository.

The research notes the code was written from (the Vosk, Twilio and Vietnam fact files) are not in
this repository, so "see vosk.md §2.2" is a dead end for every reader. Cite the public page the
note names instead: the Twilio or Vosk page, the vosk-api source or issue, the law, the article,
or, for what we found by experiment, the test in this repository that shows it.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()
# Paths and names of the notes that live outside the repository.
MISSING_NOTES = re.compile(
    r"shared/domain|\.\./shared/|/work/shared|vosk\.md|vietnam_facts|twilio\.md|facts\.md",
    re.IGNORECASE)


def references_to_missing_notes(name: str, text: str) -> list[str]:
    """``"name:line: text"`` for every line of ``text`` that points at a note outside the repo."""
    return [f"{name}:{number}: {line.strip()}"
            for number, line in enumerate(text.splitlines(), start=1)
            if MISSING_NOTES.search(line)]


def tracked_text_files(root: Path) -> list[tuple[str, str]]:
    """``(path, text)`` of every file ``git ls-files`` lists under ``root``, binaries left out.

    A file is binary if it has a NUL byte or is not UTF-8. Files deleted from the work tree but
    still in the index are left out too. Raises ``subprocess.CalledProcessError`` outside git.
    """
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True,
                            check=True).stdout.decode("utf-8").split("\0")
    files = []
    for name in filter(None, listed):
        path = root / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            files.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return files


def scan(root: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every reference to a missing note in the tracked text files of ``root``, except ``skip``."""
    return [hit for name, text in tracked_text_files(root) if name not in skip
            for hit in references_to_missing_notes(name, text)]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_file_points_at_notes_outside_the_repository():
    hits = scan(ROOT, skip=frozenset({THIS}))
    assert not hits, ("these lines cite notes that are not in this repository; cite the public "
                      "source they name instead:\n" + "\n".join(hits))


def test_the_scanner_reports_file_and_line(tmp_path):
    (tmp_path / "notes.py").write_text(
        "# The grammar is a bigram model.\n"
        "# Unknown words are dropped (shared/domain/vosk.md §2.2).\n"
        "x = 1  # see ../shared/domain/twilio.md B\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text(
        "Unknown words are dropped: https://github.com/alphacep/vosk-api/issues/622\n",
        encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\0vietnam_facts.md")  # binary: not read
    (tmp_path / "latin1.txt").write_bytes("café vosk.md".encode("latin-1"))  # not UTF-8
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    (tmp_path / "untracked.txt").write_text("vietnam_facts §5.1\n", encoding="utf-8")

    assert scan(tmp_path) == [
        "notes.py:2: # Unknown words are dropped (shared/domain/vosk.md §2.2).",
        "notes.py:3: x = 1  # see ../shared/domain/twilio.md B",
    ]
    assert scan(tmp_path, skip=frozenset({"notes.py"})) == []


@pytest.mark.parametrize("line", [
    "Facts: ../shared/domain/vietnam_facts.md, sections 2.x",
    "(``shared/domain/vosk.md`` §3.1)",
    "Twilio facts (twilio.md B: WAV is the default)",
    "see VIETNAM_FACTS §5.1",
    "read /work/shared/DESIGN.md first",
    "from the content team's facts.md",
])
def test_every_form_of_reference_is_caught(line):
    assert references_to_missing_notes("f", f"ok\n{line}\n") == [f"f:2: {line}"]


@pytest.mark.parametrize("line", [
    "https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc",
    "https://www.twilio.com/docs/voice/twiml/record",
    "the model is shared by every thread; see docs/architecture.md",
])
def test_public_sources_are_not_reported(line):
    assert references_to_missing_notes("f", line) == []
