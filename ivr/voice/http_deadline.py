"""A total time limit for an HTTP download: connect, headers and body, however the server sends.

``requests`` (like urllib3 and ``http.client`` beneath it) only knows *per operation* timeouts: a
connect timeout, and a read timeout that applies to each ``recv`` on the socket
(https://requests.readthedocs.io/en/latest/user/advanced/#timeouts: "the read timeout is the
number of seconds the client will wait for the server to send a byte"). A server that sends one
byte every few seconds, of its headers or of its body, therefore never times out. Checking the
clock between body chunks does not help either: one chunk read loops over ``recv`` until the
chunk is full.

:class:`Deadline` closes that gap with a watchdog. While a ``with Deadline(seconds)`` block runs,
every connection opened in this thread by a session from :func:`deadline_session` is registered
with it; when the time is up, a timer thread shuts those sockets down (``shutdown(SHUT_RDWR)``,
which wakes a thread blocked in ``recv``: https://man7.org/linux/man-pages/man2/shutdown.2.html),
and the blocked read ends at once with an error or an early end of data. The caller then asks
:meth:`Deadline.expired` and reports the deadline rather than whatever the cut connection
looked like (a body without ``Content-Length`` that was cut short would otherwise look complete).

Bounds that rely on the per-operation timeouts, which callers set to at most the time left:
opening the TCP connection, and a TLS handshake (its ``recv`` calls use the connect timeout).
Resolving the host name (``getaddrinfo``) is bounded only by the system resolver.
"""
from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import requests
import urllib3.poolmanager
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()  # .deadline: the Deadline of the block this thread is in


class Deadline:
    """A point in time (``time.monotonic()`` + ``seconds``) after which every connection opened in
    this block (by a :func:`deadline_session`, in this thread) is shut down.

    Use as a context manager; blocks do not nest. ``seconds`` ≤ 0 is already expired. ``total``
    is the whole limit this is what is left of, for messages (default ``seconds``).
    """

    def __init__(self, seconds: float, total: float | None = None):
        self.at = time.monotonic() + float(seconds)
        self.total = float(seconds if total is None else total)
        self._expired = False
        self._watched: list[HTTPConnection | socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> "Deadline":
        if getattr(_local, "deadline", None) is not None:
            raise RuntimeError("Deadline blocks do not nest")
        _local.deadline = self
        self._timer = threading.Timer(max(self.left(), 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        _local.deadline = None
        if self._timer is not None:
            self._timer.cancel()

    def left(self) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self.at - time.monotonic()

    def expired(self) -> bool:
        """True once the watchdog has fired (or the deadline has passed without it yet)."""
        return self._expired or self.left() <= 0

    def watch(self, item: HTTPConnection | socket.socket) -> None:
        """Shut ``item`` down at the deadline, at once if it has already passed: a socket, or a
        connection (whatever socket it has then)."""
        with self._lock:
            self._watched.append(item)
            if not self._expired:
                return
        _shut(item)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            watched = list(self._watched)
        for item in watched:
            _shut(item)


def _shut(item: HTTPConnection | socket.socket | None) -> None:
    """``shutdown(SHUT_RDWR)`` on a socket, or a connection's socket, if it is still open.

    The socket object is kept, not its number: once really closed its ``fileno()`` is -1, so a
    number reused by another file is never touched. The call is ``socket.socket``'s own, below
    TLS (an ``ssl.SSLSocket`` refuses ``shutdown`` once closed by its owner while its response
    still reads from it).
    """
    sock = item if isinstance(item, socket.socket) else getattr(item, "sock", None)
    if sock is None or sock.fileno() < 0:
        return
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # closed meanwhile, or never connected


class _Watched:
    """Mixed into urllib3's connections: register with the thread's :class:`Deadline` on connect.

    The connection itself is watched while it connects; then its socket, because ``http.client``
    drops the connection's reference (``sock = None``) as soon as the headers say the connection
    closes after this response, while the response goes on reading from that socket.
    """

    def connect(self) -> None:
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            deadline.watch(self)  # type: ignore[arg-type]
        super().connect()  # type: ignore[misc]
        if deadline is not None and self.sock is not None:  # type: ignore[attr-defined]
            deadline.watch(self.sock)  # type: ignore[attr-defined]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _DeadlineAdapter(HTTPAdapter):
    """``requests``' adapter whose connections register with the thread's :class:`Deadline`."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        # HTTP(S) proxies use urllib3's usual pools; a SOCKS proxy's own are left as they are.
        if manager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme:
            manager.pool_classes_by_scheme = _POOLS
        return manager


def deadline_session() -> requests.Session:
    """Return a new ``requests.Session`` whose requests, made inside a ``with Deadline(...)``
    block in the same thread, are cut at that deadline. Close it when done (``with``)."""
    session = requests.Session()
    adapter = _DeadlineAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


__all__ = ["Deadline", "deadline_session"]
