"""A newcomer's first steps: commands before ``flask db upgrade``, ``flask call`` against a server
that is absent or failing, ``scripts/run`` on a taken port, ``/favicon.ico``."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from app import create_app
from ivr import cli_errors
from ivr.models import db
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
REPORT_KEYS = "3,2,r,1,0912345678#,1,1"  # README: report a scam call


def unmigrated_app(database_url: str, tmp_path: Path):
    """A testing app on an empty database: what a fresh clone has before ``flask db upgrade``."""
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "AUDIO_DIR": str(tmp_path / "audio"),
                       "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
                       "RECORDINGS_DIR": str(tmp_path / "recordings"),
                       "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": sa.pool.NullPool}}, env_name="testing")


@pytest.mark.parametrize("args, stdin", [
    (["reports", "list"], None),
    (["reports", "list", "--json"], None),
    (["users", "create", "hoa", "--role", "admin", "--password-stdin"], "mat-khau-dai-123\n"),
    (["users", "list"], None),
    (["jobs", "sweep"], None),
    (["call", "--local", "--keys", "1"], None),
    (["call", "--local", "--keys", REPORT_KEYS], None),
])
def test_a_command_before_the_migration_says_to_run_flask_db_upgrade(database_url, tmp_path, args,
                                                                    stdin):
    app = unmigrated_app(database_url, tmp_path)
    result = app.test_cli_runner().invoke(args=args, input=stdin)
    assert result.exit_code == 1, result.output
    assert "run `flask db upgrade` first" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    with app.app_context():  # nothing was written: the simulator did not place the call
        assert sa.inspect(db.engine).get_table_names() == []


def test_the_same_commands_work_once_migrated(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reports", "list", "--json"]).exit_code == 0
    result = runner.invoke(args=["call", "--local", "--keys", "1"])
    assert result.exit_code == 0 and "flask db upgrade" not in result.output


def test_a_database_older_than_the_code_gets_the_hint_too(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", "1"])
    assert result.exit_code == 1
    head = sorted(p.name[:4] for p in (ROOT / "migrations" / "versions").glob("0*.py"))[-1]
    assert f"database revision: 0001; this code needs: {head}" in result.output


def test_other_database_errors_are_not_called_a_missing_migration(app):
    with app.app_context():
        with pytest.raises(sa.exc.DBAPIError) as syntax:
            db.session.execute(sa.text("SELEC 1"))
        db.session.rollback()
        with pytest.raises(sa.exc.DBAPIError) as missing:
            db.session.execute(sa.text("SELECT * FROM no_such_thing"))
        db.session.rollback()
    assert not cli_errors.is_missing_schema(syntax.value)
    assert cli_errors.is_missing_schema(missing.value)
    assert not cli_errors.is_missing_schema(ValueError("no such table: x"))


def test_installing_twice_wraps_each_command_once(app):
    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, env_name="testing")  # installs again
    callback = app.cli.commands["reports"].commands["list"].callback
    assert getattr(callback, "__hotline_schema_hint__", False)
    assert not getattr(callback.__wrapped__, "__hotline_schema_hint__", False)


def test_flask_call_names_the_url_it_tried_and_the_url_option(app):
    result = app.test_cli_runner().invoke(args=["call", "--url", "http://127.0.0.1:9", "--keys", "1"])
    assert result.exit_code == 1
    assert "cannot reach the hotline at http://127.0.0.1:9 " in result.output
    assert "--url http://127.0.0.1:PORT" in result.output


@pytest.fixture
def serve():
    """Serve an app over real HTTP in a thread; returns its base URL. Stopped afterwards."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_live_server_answering_the_apology_makes_flask_call_fail(database_url, tmp_path, serve):
    app = unmigrated_app(database_url, tmp_path)  # the server's database was never migrated
    url = serve(app)
    result = app.test_cli_runner().invoke(args=["call", "--url", url, "--keys", "1", "--json"])
    heard = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert heard and {line["prompt"] for line in heard} == {"common.error"}  # what the caller hears
    assert result.exit_code == 1
    assert "warning: the hotline answered with its apology" in result.output
    assert f"answered 2 time(s) with its apology: a webhook failed (see the log of the server at {url})" \
        in result.output


def test_favicon_answers_without_a_redirect_to_the_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and "Location" not in response.headers


def test_the_run_script_stops_at_once_when_its_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port)}
        started = time.monotonic()
        run = subprocess.run([str(ROOT / "scripts" / "run")], env=env, capture_output=True,
                             text=True, timeout=300)
    assert run.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in run.stderr
    assert "PORT=5050 scripts/run" in run.stderr
    assert "hotline: http://" not in run.stdout and "migrating" not in run.stdout  # before anything
    assert time.monotonic() - started < 60  # gunicorn alone would retry for 5 s after the banner


def test_the_job_worker_before_the_migration_says_to_run_flask_db_upgrade(database_url, tmp_path):
    # A real worker process: without the check it would start its consumer and log a
    # "no such table: reports" traceback from the sweeper every minute, never exiting.
    env = {**os.environ, "DATABASE_URL": database_url, "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
           "HOTLINE_ENV": "development", "LOG_LEVEL": "INFO"}
    env.pop("REDIS_URL", None)
    worker = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert worker.returncode == 1, worker.stderr
    assert "run `flask db upgrade` first" in worker.stderr
    assert "database revision: none" in worker.stderr
    assert "Traceback" not in worker.stderr and "jobs worker:" not in worker.stderr


@pytest.mark.parametrize("workers", ["abc", "0", "65", "2.5", "-1"])
def test_the_run_script_checks_jobs_workers_before_anything(workers):
    env = {**os.environ, "PORT": str(_free_port()), "JOBS_WORKERS": workers}
    run = subprocess.run([str(ROOT / "scripts" / "run")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1
    assert f"JOBS_WORKERS must be a whole number of job worker threads (1-64), found '{workers}'" \
        in run.stderr
    assert "migrating" not in run.stdout and "hotline: http://" not in run.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def rendered_audio(shipped_audio) -> Path:
    """An AUDIO_DIR with every prompt rendered by espeak-ng (tests/conftest.py), shared by the
    run-script tests (the script renders what is missing before it serves; it finds everything up
    to date but the official names, which it adds)."""
    return shipped_audio[0]


@pytest.fixture
def run_script(tmp_path, rendered_audio):
    """Start scripts/run on a free port with its database and queue in ``tmp_path``; wait for the
    banner. Returns (process, {"worker": pid, "gunicorn": pid, "stream": pid}, output files), the
    stream server being the gunicorn with threads (issue 13). Killed afterwards."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "AUDIO_DIR": str(rendered_audio), "TTS_ENGINE": "espeak",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'hotline.sqlite3'}", "JOBS_WORKERS": "1",
           "JOBS_DB": str(tmp_path / "jobs.sqlite3"), "RECORDINGS_DIR": str(tmp_path / "recordings"),
           "WEB_CONCURRENCY": "1"}
    env.pop("REDIS_URL", None)
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([str(ROOT / "scripts" / "run")], env=env, stdout=stdout,
                                   stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while "hotline: http://" not in out.read_text() and process.poll() is None:
            assert time.monotonic() < deadline, err.read_text()
            time.sleep(0.2)
        assert process.poll() is None, err.read_text()
        children = {}
        for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            kind = "worker" if "gunicorn" not in cmdline else "stream" if "gthread" in cmdline \
                else "gunicorn"
            children[kind] = int(pid)
        assert set(children) == {"gunicorn", "stream", "worker"}, children
        yield process, children, out, err
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _gone(pid: int, within: float) -> bool:
    """True once process ``pid`` has ended (or is a zombie) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                return True
        except (FileNotFoundError, ProcessLookupError):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("signal_number, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_to_the_run_script_stops_the_server_and_the_worker(run_script, signal_number,
                                                                    status):
    process, children, _, err = run_script
    os.kill(process.pid, signal_number)  # to the script alone, as `kill PID` does
    assert process.wait(timeout=60) == status, err.read_text()  # gunicorn may be booting a worker
    assert all(_gone(children[kind], 10) for kind in ("gunicorn", "stream", "worker"))


def test_the_run_script_stops_the_server_when_its_worker_dies(run_script):
    process, children, _, err = run_script
    os.kill(children["worker"], signal.SIGKILL)
    assert process.wait(timeout=30) == 1
    assert "error: the job worker stopped (exit status 137): stopping the web server too" \
        in err.read_text()
    assert _gone(children["gunicorn"], 10) and _gone(children["stream"], 10)


@pytest.mark.parametrize("keys, bad", [("7,x,1", "'x'"), ("1,zz", "'zz'"), ("12a#", "'12a#'")])
def test_flask_call_refuses_keys_a_keypad_cannot_send_before_calling(app, keys, bad):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", keys])
    assert result.exit_code == 2, result.output  # click's usage error
    assert f"Invalid value for '--keys': {bad} is not a key: use keypad keys 0-9 * #" in result.output
    assert "'r' (finish a recording)" in result.output and "'-' (silence)" in result.output
    with app.app_context():  # no call was placed
        assert db.session.execute(sa.text("SELECT COUNT(*) FROM calls")).scalar_one() == 0


def test_flask_call_interactive_asks_again_after_a_key_it_cannot_send(app):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--json"], input="zz\n1\nq\n")
    assert result.exit_code == 0, result.output
    assert "error: 'zz' is not a key: use keypad keys 0-9 * #" in result.output
    inputs = [json.loads(line)["input"] for line in result.output.splitlines()
              if line.startswith("{")]
    assert "zz" not in inputs and "1" in inputs


def _prompt_ids(output: str) -> list[str]:
    return [json.loads(line)["prompt"] for line in output.splitlines() if line.startswith("{")]


def test_each_flask_call_is_a_new_caller_unless_from_is_given(app):
    """README examples run one after another must not start with another example's resume offer."""
    runner = app.test_cli_runner()
    for _ in range(2):  # leaves a tutorial half way, twice: no offer without --from
        result = runner.invoke(args=["call", "--local", "--json", "--keys", "1,1,1"])
        assert result.exit_code == 0, result.output
        assert _prompt_ids(result.output)[0] == "common.welcome"
    args = ["call", "--local", "--json", "--from", "0912000111", "--keys", "1,1,1"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=["call", "--local", "--json", "--from", "0912000111", "--keys", "2"])
    assert _prompt_ids(again.output)[0] == "tutorial_install_app.resume"  # the same caller


def test_flask_call_explains_a_key_pressed_while_recording(app):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", "3,2,0"])
    assert result.exit_code == 1
    assert "the call is recording after the beep: end the recording with 'r' or hang up with 'h' " \
           "(got '0')" in result.output
    assert "Traceback" not in result.output
