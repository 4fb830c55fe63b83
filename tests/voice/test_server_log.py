"""The web server's own output (gunicorn with gunicorn.conf.py, as scripts/run and the Procfile
start it) shows the start-up summary and one line per webhook; a malformed request is one WARNING
line and no traceback."""
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from http.client import HTTPConnection
from pathlib import Path

from config import TestingConfig
from ivr.simulate import CallSimulator, HttpTransport
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(port: int, server: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{output.read_text()}"
        try:
            with closing(HTTPConnection("127.0.0.1", port, timeout=2)) as connection:
                connection.request("GET", "/favicon.ico")  # 204: it serves
                connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on port {port}:\n{output.read_text()}")


def test_gunicorn_output_has_the_summary_and_one_line_per_webhook(tmp_path):
    database = f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
    make_app(database, tmp_path)  # migrated, as `flask db upgrade` leaves it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "PYTEST"))}
    env.update(HOTLINE_ENV="testing", DATABASE_URL=database, AUDIO_DIR=str(tmp_path / "audio"),
               JOBS_DB=str(tmp_path / "jobs.sqlite3"), RECORDINGS_DIR=str(tmp_path / "recordings"),
               WEB_CONCURRENCY="1")
    port, output = _free_port(), tmp_path / "gunicorn.log"
    with open(output, "wb") as sink:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--no-control-socket", "app:app"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(port, server, output)
        base = f"http://127.0.0.1:{port}"
        call = CallSimulator(HttpTransport(base), TestingConfig.TEST_AUTH_TOKEN, base)
        assert call.start().node == "main_menu"
        malformed = CallSimulator(HttpTransport(base), TestingConfig.TEST_AUTH_TOKEN, base,
                                  call_sid="CA" + "z" * 32)
        assert malformed.start().action == "/voice/recover"  # the apology, as before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lines = output.read_text().splitlines()
    summary = [line for line in lines if "hotline: Công Dân Số hotline: testing mode" in line]
    assert len(summary) == 1 and " INFO [" in summary[0], "\n".join(lines)
    assert any(" INFO [" in line and "hotline: speech input: off" in line for line in lines)
    webhooks = [line for line in lines if "hotline.webhook:" in line]
    assert len(webhooks) == 2, "\n".join(lines)
    assert " INFO [" in webhooks[0] and webhooks[0].split("hotline.webhook: ")[1].startswith(
        f"answered call_sid={call.call_sid} route=voice.incoming node=main_menu status=200 ms=")
    assert " WARNING [" in webhooks[1] and "CallSid missing or malformed" in webhooks[1]
    assert "Traceback" not in output.read_text() and " ERROR [" not in output.read_text()
