"""The job queue: one Huey instance, its storage chosen by the settings, and the app tasks run in.

Storage: Redis when ``REDIS_URL`` is set (any number of workers on any machines), else a SQLite
file at ``JOBS_DB`` (default ``instance/jobs.sqlite3``; no server, workers on this machine). The
tasks and the code that enqueues them are the same either way: Huey puts one API over both
(https://huey.readthedocs.io/en/latest/api.html, ``RedisHuey`` / ``SqliteHuey``).

The storage is opened on first use, not at import: importing the tasks (web start-up, the CLI,
tests) creates no file and opens no connection, and :func:`register_app` can point the queue at the
app's settings before anything is queued.

Tasks run inside a Flask app context (database, settings): the app that last registered itself in
this process with :func:`register_app` (``create_app`` does, through ``jobs.init_app``). A worker
process builds the app first, the way an application factory's worker module does: ``flask jobs
worker`` (the CLI's app) or ``huey_consumer worker.huey`` (``worker.py``). This module never
imports the app.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import redis
from flask import Flask
from huey import Huey
from huey.storage import BaseStorage, RedisStorage, SqliteStorage

from config import ROOT, BaseConfig

# Seconds. A web request that enqueues must not hang on an unreachable Redis; blocking reads by
# workers wait 1 s (RedisStorage's read_timeout), well inside the socket timeout.
REDIS_CONNECT_TIMEOUT = 2.0
REDIS_SOCKET_TIMEOUT = 10.0
# What enqueueing raises when the queue is unreachable (Redis down, SQLite file locked or unwritable).
QUEUE_ERRORS = (redis.RedisError, sqlite3.Error, OSError)


@dataclass(frozen=True)
class QueueSettings:
    """Where the queue lives: ``redis_url`` if set, else the SQLite file ``sqlite_path``."""

    name: str
    redis_url: str | None
    sqlite_path: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "QueueSettings":
        """Read ``JOBS_QUEUE_NAME``, ``REDIS_URL`` and ``JOBS_DB`` from a Flask config mapping."""
        return cls(config["JOBS_QUEUE_NAME"], config.get("REDIS_URL") or None, config["JOBS_DB"])

    def describe(self) -> str:
        """Return e.g. ``"Redis 127.0.0.1:6379/0"`` or ``"SQLite /path/jobs.sqlite3"`` (no password)."""
        if self.redis_url:
            url = redis.connection.parse_url(self.redis_url)
            where = url.get("path") or f"{url.get('host', 'localhost')}:{url.get('port', 6379)}"
            return f"Redis {where}/{url.get('db', 0)} queue {self.name!r}"
        return f"SQLite {self.sqlite_path} queue {self.name!r}"


def open_storage(settings: QueueSettings) -> BaseStorage:
    """Open Huey storage for ``settings``; the SQLite file's folder is created if missing."""
    if settings.redis_url:
        pool = redis.ConnectionPool.from_url(settings.redis_url,
                                             socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
                                             socket_timeout=REDIS_SOCKET_TIMEOUT)
        return RedisStorage(settings.name, connection_pool=pool)
    Path(settings.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(settings.name, filename=settings.sqlite_path)


class HotlineHuey(Huey):
    """A :class:`huey.Huey` whose storage is opened from :class:`QueueSettings` on first use.

    Results are not stored (``results=False``): no one reads them, and stored results would pile
    up in the queue's storage. The database rows are the record of what a job did.
    """

    def __init__(self, settings: QueueSettings):
        self.settings = settings
        self._storage: BaseStorage | None = None
        self._storage_lock = threading.Lock()
        super().__init__(settings.name, results=False, utc=True)

    def create_storage(self) -> None:
        return None  # opened lazily by the ``storage`` property

    @property
    def storage(self) -> BaseStorage:
        if self._storage is None:
            with self._storage_lock:
                if self._storage is None:
                    self._storage = open_storage(self.settings)
        return self._storage

    @storage.setter
    def storage(self, value: BaseStorage | None) -> None:
        self._storage = value

    def use(self, settings: QueueSettings) -> None:
        """Point the queue at ``settings``; a no-op when they are the current ones."""
        with self._storage_lock:
            if settings == self.settings:
                return
            self.settings, self.name = settings, settings.name
        self.close()  # the next use opens the storage the new settings name

    def close(self) -> None:
        """Close the storage if it was opened (the next use opens it again). Python 3.13 warns
        (``ResourceWarning``) about a SQLite connection that is garbage-collected unclosed."""
        with self._storage_lock:
            old, self._storage = self._storage, None
        if old is not None:
            close_storage(old)


def close_storage(storage: BaseStorage) -> None:
    """Close a queue storage and, for Redis, its connection pool (``close()`` leaves it open)."""
    storage.close()
    pool = getattr(storage, "pool", None)
    if pool is not None:
        pool.disconnect()


huey = HotlineHuey(QueueSettings.from_config(BaseConfig(ROOT / "instance").as_dict()))

EXTENSION = "hotline.jobs"  # app.extensions key of the Huey instance (what ``worker.py`` serves)
NO_APP = ("no hotline app in this worker process: start workers with 'flask --app app jobs worker' "
          "or 'huey_consumer worker.huey', which build the app before running tasks")

_app: Flask | None = None
_app_lock = threading.Lock()


def register_app(app: Flask) -> None:
    """Point the queue at ``app``'s settings, make ``app`` the one tasks run in, and store the
    Huey instance in ``app.extensions["hotline.jobs"]``."""
    global _app
    huey.use(QueueSettings.from_config(app.config))
    with _app_lock:
        _app = app
    app.extensions[EXTENSION] = huey


def worker_app() -> Flask:
    """Return the app tasks run in. Raises ``RuntimeError`` (:data:`NO_APP`, naming the two ways
    to start a worker) when no app registered itself in this process."""
    with _app_lock:
        if _app is None:
            raise RuntimeError(NO_APP)
        return _app


@contextmanager
def task_context() -> Iterator[Flask]:
    """Run the body of a task inside :func:`worker_app`'s application context."""
    app = worker_app()
    with app.app_context():
        yield app


__all__ = ["huey", "QUEUE_ERRORS", "HotlineHuey", "QueueSettings", "open_storage", "close_storage",
           "register_app", "worker_app", "task_context", "EXTENSION", "NO_APP"]
