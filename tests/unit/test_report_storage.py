"""ivr.reports.storage: one rule for where a recording is, one way to delete it."""
from __future__ import annotations

import os

import pytest

from ivr.models import Report
from ivr.reports.storage import audio_file, delete_audio, recording_file_name, stored_recording


@pytest.fixture
def root(tmp_path):
    """``RECORDINGS_DIR`` with one recording, and a secret file beside it reached by a symlink."""
    folder = tmp_path / "recordings"
    (folder / "2026").mkdir(parents=True)
    (folder / "a.wav").write_bytes(b"RIFF")
    (folder / "2026" / "b.wav").write_bytes(b"RIFF")
    (tmp_path / "secret.wav").write_bytes(b"RIFF")
    os.symlink(tmp_path / "secret.wav", folder / "link.wav")
    return folder


def test_a_recording_is_its_bare_name_inside_the_folder(root):
    def found(path: str, state: str = "stored"):
        return stored_recording(Report(audio_state=state, audio_path=path), root)

    assert found("a.wav") == root / "a.wav"
    assert found(str(root / "a.wav")) == root / "a.wav"  # an absolute path: only its name counts
    assert found("2026/b.wav") == root / "b.wav"  # never a sub-folder
    assert found("../secret.wav") == root / "secret.wav"  # the name, inside: not the secret
    assert found("a.wav", state="deleted") is None and found("a.wav", state="fetching") is None
    for refused in ("link.wav", ".", "..", "", "dir/.."):
        assert found(refused) is None, refused


def test_file_names_come_from_the_report_id_and_a_well_formed_sid(root):
    sid = "RE" + "0f" * 16
    name = recording_file_name(12, sid)
    assert name == f"report-12-{sid}.wav" and audio_file(name, root) == root / name
    assert recording_file_name(12, "RE../../x") == "report-12.wav"


def test_deleting_removes_the_file_and_marks_the_audio_deleted(root):
    report = Report(audio_state="stored", audio_path="a.wav")
    delete_audio(report, root)
    assert (report.audio_state, report.audio_path) == ("deleted", None)
    assert not (root / "a.wav").exists() and (root / "2026" / "b.wav").exists()


@pytest.mark.parametrize(("state", "after"), [("pending", "deleted"), ("fetching", "deleted"),
                                              ("failed", "deleted"), ("absent", "absent"),
                                              ("none", "none")])
def test_deleting_without_a_file_only_changes_the_row(root, state, after):
    report = Report(audio_state=state, audio_path=None)
    delete_audio(report, root)
    assert (report.audio_state, report.audio_path) == (after, None)


def test_deleting_never_follows_a_path_out_of_the_folder(root):
    report = Report(audio_state="stored", audio_path="link.wav")
    delete_audio(report, root)
    assert report.audio_state == "deleted"
    assert (root.parent / "secret.wav").exists()


def test_a_file_that_cannot_be_removed_raises_with_the_row_already_changed(root):
    (root / "stuck.wav").mkdir()  # unlink() of a directory fails, even for root
    report = Report(audio_state="stored", audio_path="stuck.wav")
    with pytest.raises(OSError):
        delete_audio(report, root)
    assert (report.audio_state, report.audio_path) == ("deleted", None)
