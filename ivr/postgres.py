"""PostgreSQL time limits: a connection attempt gives up after :data:`CONNECT_TIMEOUT`, and a
webhook's database work is cut :data:`WEBHOOK_DEADLINE` seconds after the webhook began.

Without the first, a database host that stops answering (a network partition, a failover in
progress) holds every webhook for the operating system's TCP connect timeout, about two minutes on
Linux, long after Twilio gave up on the webhook (15 s) and played its English error; with it, the
webhook meets the outage in seconds and answers in Vietnamese (``ivr/voice/outage.py``).
A ``connect_timeout`` in ``DATABASE_URL`` (libpq's parameter, whole seconds, at least 2:
https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CONNECT-TIMEOUT) wins.

The second covers a connection already open (the pool keeps them) whose server stops answering
after taking the query: nothing in libpq or psycopg limits the wait for a result, and the kernel
has acknowledged the bytes, so TCP gives up on nothing either. :class:`WebhookDeadline` is started
by the voice blueprint for each webhook: when it expires, a timer thread shuts down
(``shutdown(SHUT_RDWR)``, https://man7.org/linux/man-pages/man2/shutdown.2.html) the socket of
every connection of this process that has a command in progress (``PQtransactionStatus`` =
``PQTRANS_ACTIVE``, https://www.postgresql.org/docs/current/libpq-status.html) and is not held by
another thread's webhook; the blocked read ends at once with an error that SQLAlchemy takes for a
disconnection, and the webhook answers as for any outage. Only psycopg connections are watched.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import weakref

import sqlalchemy as sa

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3  # seconds for one connection attempt, handshake included
# Seconds from a webhook's start after which its database work is cut: with one more connection
# attempt (CONNECT_TIMEOUT) and the answer, still well within Twilio's 15 s.
WEBHOOK_DEADLINE = 8.0

_ACTIVE = 1  # psycopg.pq.TransactionStatus.ACTIVE: a command is in progress
_connections: "weakref.WeakSet" = weakref.WeakSet()  # every psycopg connection of this process
_owners: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # connection -> thread id
_lock = threading.Lock()


@sa.event.listens_for(sa.engine.Engine, "do_connect")
def _connect_timeout(dialect, _record, _cargs, cparams) -> None:
    if dialect.name == "postgresql":
        cparams.setdefault("connect_timeout", CONNECT_TIMEOUT)


@sa.event.listens_for(sa.pool.Pool, "connect")
def _remember(dbapi_connection, _record) -> None:
    if hasattr(dbapi_connection, "pgconn"):
        with _lock:
            _connections.add(dbapi_connection)


@sa.event.listens_for(sa.pool.Pool, "checkout")
def _held(dbapi_connection, _record, _proxy) -> None:
    if hasattr(dbapi_connection, "pgconn"):
        with _lock:
            _owners[dbapi_connection] = threading.get_ident()


@sa.event.listens_for(sa.pool.Pool, "checkin")
def _released(dbapi_connection, _record) -> None:
    if dbapi_connection is not None and hasattr(dbapi_connection, "pgconn"):
        with _lock:
            _owners.pop(dbapi_connection, None)


class WebhookDeadline:
    """The database deadline of one webhook, running in the thread that creates it: after
    ``seconds``, the connections described in the module docstring are cut. :meth:`cancel`
    when the webhook is done; ``expired`` says whether anything was cut."""

    def __init__(self, seconds: float = WEBHOOK_DEADLINE):
        self.thread = threading.get_ident()
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        """Stop the timer (nothing is cut afterwards)."""
        self._timer.cancel()

    def _expire(self) -> None:
        with _lock:
            busy = [c for c in list(_connections)
                    if _owners.get(c, self.thread) == self.thread and _active(c)]
        for connection in busy:
            self.expired = True
            log.error("database: no answer %.0f s into the webhook; connection cut",
                      self._timer.interval)
            _cut(connection)


def _active(connection) -> bool:
    try:
        return int(connection.pgconn.transaction_status) == _ACTIVE
    except Exception:  # noqa: BLE001 (closed meanwhile)
        return False


def _cut(connection) -> None:
    """Shut the connection's socket down (a duplicate of its descriptor, so libpq keeps its own)."""
    try:
        fd = os.dup(connection.pgconn.socket)
    except Exception:  # noqa: BLE001 (closed meanwhile)
        return
    with socket.socket(fileno=fd) as sock:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


__all__ = ["CONNECT_TIMEOUT", "WEBHOOK_DEADLINE", "WebhookDeadline"]
