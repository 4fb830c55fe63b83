"""SQLite, the embedded default database: connection settings and write transactions that queue.

Registers SQLAlchemy engine listeners (imported by :mod:`ivr.models`); they do nothing for other
databases.

- Every connection: WAL (readers never block the writer), ``synchronous=NORMAL``, a 10 s busy
  timeout, foreign keys on, and no implicit transactions from the ``sqlite3`` module.
- Every transaction is ``BEGIN IMMEDIATE``, which takes the write lock up front. A deferred
  transaction that read first and writes later fails at once with ``SQLITE_BUSY`` when another
  web worker committed in between (WAL snapshot rule), and the busy timeout does not help then.
- Write transactions of file databases queue on an ``flock`` of ``<database>-writers.lock``
  (:class:`QueuedWriterConnection`) before ``BEGIN IMMEDIATE``. SQLite admits one writer at a time,
  and a connection that finds the database locked sleeps in SQLite's busy handler for 1, 2, 5,
  10 … ms between tries, while the lock is usually free again within a millisecond. Measured with
  two gunicorn workers (``benchmarks/``), the workers spent that time asleep and served no more
  than one alone; waiting on the lock file instead wakes the next writer as soon as the previous
  one commits or rolls back. SQLite's own locking still decides who may write; the lock file only
  orders the waiting, so a program that ignores it (the ``sqlite3`` shell) stays safe.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

import sqlalchemy as sa

PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", "foreign_keys=ON")
QUEUE_SUFFIX = "-writers.lock"

# Threads of this process that hold the queue, with how many connections each holds it through.
_holders: dict[int, int] = {}
_holders_lock = threading.Lock()


class QueuedWriterConnection(sqlite3.Connection):
    """A ``sqlite3`` connection whose transactions wait their turn on the database's lock file.

    Call :meth:`wait_turn` before ``BEGIN``; ``commit``, ``rollback`` and ``close`` give the turn
    back. In-memory and URI databases have no lock file and never wait.
    """

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self._queue_fd = _open_queue(database, kwargs.get("uri", False))
        self._holder: int | None = None

    def wait_turn(self) -> None:
        """Block until no other connection's transaction holds the queue, then hold it.

        A thread that already holds the queue through another connection does not wait (it would
        wait for itself); its transaction falls back to SQLite's busy timeout, as without the queue.
        """
        if self._queue_fd is None or self._holder is not None:
            return
        thread = threading.get_ident()
        with _holders_lock:
            if _holders.get(thread):
                return
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
        self._holder = thread
        with _holders_lock:
            _holders[thread] = _holders.get(thread, 0) + 1

    def leave_queue(self) -> None:
        """Give the turn back (no-op when not holding it)."""
        if self._holder is None:
            return
        with _holders_lock:
            _holders[self._holder] -= 1
            if not _holders[self._holder]:
                del _holders[self._holder]
        self._holder = None
        fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_queue()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_queue()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.leave_queue()
            if self._queue_fd is not None:
                os.close(self._queue_fd)
                self._queue_fd = None


def _open_queue(database, uri: bool) -> int | None:
    path = os.fsdecode(database) if isinstance(database, (str, bytes, os.PathLike)) else ""
    if uri or path in ("", ":memory:"):
        return None
    try:
        return os.open(path + QUEUE_SUFFIX, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return None  # e.g. a read-only folder: transactions rely on the busy timeout alone


@sa.event.listens_for(sa.engine.Engine, "do_connect")
def _queued_connections(dialect, _record, _cargs, cparams) -> None:
    if dialect.name == "sqlite" and dialect.driver == "pysqlite" and "factory" not in cparams:
        cparams["factory"] = QueuedWriterConnection


@sa.event.listens_for(sa.engine.Engine, "connect")
def _configure(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _begin_immediate
    for pragma in PRAGMAS:
        dbapi_connection.execute(f"PRAGMA {pragma}")


@sa.event.listens_for(sa.engine.Engine, "begin")
def _begin_immediate(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    queued = isinstance(dbapi_connection, QueuedWriterConnection)
    if queued:
        dbapi_connection.wait_turn()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if queued:
            dbapi_connection.leave_queue()
        raise
