"""The queue's settings: SQLite by default, Redis with REDIS_URL, opened on first use."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

import jobs.queue
from config import ConfigError, load_config
from ivr import work
from jobs import HueyWorkQueue
from jobs.queue import EXTENSION, HotlineHuey, QueueSettings, huey, worker_app
from tests.jobs.conftest import ROOT


def test_defaults_are_a_sqlite_file_in_the_instance_folder(tmp_path):
    config = load_config(tmp_path, "testing")
    settings = QueueSettings.from_config(config.as_dict())
    assert settings == QueueSettings("hotline", None, str(tmp_path / "jobs.sqlite3"))
    assert config.RECORDINGS_DIR == str(tmp_path / "recordings") and config.RETENTION_DAYS == 30


@pytest.fixture
def new_queue():
    """Make HotlineHuey queues for a test; each is closed afterwards (its SQLite connection)."""
    queues = []

    def make(settings: QueueSettings) -> HotlineHuey:
        queues.append(HotlineHuey(settings))
        return queues[-1]

    yield make
    for queue in queues:
        queue.close()


def test_the_queue_file_is_created_on_first_use_not_at_start(tmp_path, new_queue):
    path = tmp_path / "queue" / "jobs.sqlite3"
    queue = new_queue(QueueSettings("q", None, str(path)))
    assert not path.exists()
    assert len(queue) == 0 and path.exists()


def test_close_closes_the_storage_and_the_next_use_opens_it_again(tmp_path, new_queue):
    queue = new_queue(QueueSettings("q", None, str(tmp_path / "jobs.sqlite3")))
    assert len(queue) == 0
    connection = queue.storage.conn
    queue.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        connection.execute("SELECT 1")
    assert len(queue) == 0 and queue.storage.conn is not connection


def test_use_points_the_same_queue_elsewhere_and_keeps_its_tasks_registered(tmp_path, queue_settings,
                                                                            new_queue):
    queue = new_queue(QueueSettings("q", None, str(tmp_path / "a.sqlite3")))

    @queue.task()
    def add(a, b):
        return a + b

    add(1, 2)
    assert len(queue) == 1
    queue.use(QueueSettings(queue_settings["JOBS_QUEUE_NAME"], queue_settings.get("REDIS_URL"),
                            queue_settings["JOBS_DB"]))
    assert len(queue) == 0
    add(3, 4)
    task = queue.dequeue()
    assert (task.args, queue.execute(task)) == ((3, 4), 7)


def test_describe_names_the_store_without_its_password():
    assert QueueSettings("hotline", "redis://:s3cret@cache:6380/2", "x").describe() == \
        "Redis cache:6380/2 queue 'hotline'"
    assert "s3cret" not in QueueSettings("h", "redis://:s3cret@cache/0", "x").describe()
    assert QueueSettings("h", None, "/srv/jobs.sqlite3").describe() == "SQLite /srv/jobs.sqlite3 queue 'h'"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("REDIS_URL", "http://cache:6379", "REDIS_URL must start with"),
    ("FETCH_MAX_ATTEMPTS", "0", "FETCH_MAX_ATTEMPTS"),
    ("FETCH_MAX_ATTEMPTS", "three", "whole number"),
    ("RETENTION_DAYS", "0", "RETENTION_DAYS"),
])
def test_bad_job_settings_stop_the_start(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, "testing").check()


def test_create_app_wires_the_jobs_as_the_apps_work_queue(app):
    assert isinstance(app.extensions[work.EXTENSION], HueyWorkQueue)
    assert app.extensions[EXTENSION] is huey and worker_app() is app


def test_a_task_without_a_registered_app_names_the_two_ways_to_start_a_worker(monkeypatch):
    monkeypatch.setattr(jobs.queue, "_app", None)
    with pytest.raises(RuntimeError, match=r"'flask --app app jobs worker' or 'huey_consumer worker\.huey'"):
        worker_app()


def test_importing_the_jobs_does_not_import_the_app():
    code = "import sys, jobs, jobs.cli; sys.exit(1 if 'app' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
