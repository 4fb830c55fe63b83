"""Faults the tests control: a TCP proxy that can refuse and cut connections, a database that goes
away and comes back (PostgreSQL behind the proxy; SQLite's folder moved away), and a private
Redis server that can be killed and started again.

``TcpProxy(host, port)`` listens on a free port of 127.0.0.1 and relays every connection to
``host:port`` with two threads; ``stop()`` closes the listening socket (new connections are
refused, as by a stopped server) and resets every relayed connection; ``resume()`` listens on the
same port again.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import sqlalchemy as sa


class TcpProxy:
    """A relay on ``127.0.0.1:<port>`` to ``target``; see the module docstring."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self._lock = threading.Lock()
        self._relayed: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self.holding = False  # accept connections but relay nothing (a host that stopped answering)
        self.frozen = threading.Event()  # set: relayed connections carry nothing more either
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.resume()

    def resume(self) -> None:
        """Listen (again) on :attr:`port`."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self._stopped = threading.Event()
        self._listener = listener
        self._thread = threading.Thread(target=self._accept, args=(listener, self._stopped),
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Refuse new connections and cut (RST) every relayed one."""
        self._stopped.set()
        if self._listener is not None:
            # The accept thread polls the socket: the port is free once it has let go.
            self._thread.join(timeout=2)
            self._listener.close()
            self._listener = None
        with self._lock:
            relayed, self._relayed = self._relayed, set()
        for sock in relayed:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                sock.close()
            except OSError:
                pass

    close = stop

    def _accept(self, listener: socket.socket, stopped: threading.Event) -> None:
        while not stopped.is_set():
            try:
                client, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return  # closed by stop()
            if self.holding:
                with self._lock:
                    self._relayed.add(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                if stopped.is_set():
                    client.close()
                    upstream.close()
                    return
                self._relayed |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(a, b, self.frozen), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket, frozen: threading.Event) -> None:
    try:
        while data := source.recv(65536):
            while frozen.is_set():  # received, never passed on: a server that stopped answering
                time.sleep(0.05)
            sink.sendall(data)
    except OSError:
        pass
    for sock in (source, sink):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class DatabaseSwitch:
    """Makes the database at ``url`` unreachable and reachable again; :attr:`url` is what the app
    must use. PostgreSQL: through a :class:`TcpProxy`. SQLite: the file's folder is moved aside
    (opening it then fails with "unable to open database file")."""

    def __init__(self, url: str):
        parsed = sa.engine.make_url(url)
        self.proxy: TcpProxy | None = None
        if parsed.get_backend_name() == "postgresql":
            self.proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            self.url = parsed.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
                hide_password=False)
        else:
            database = Path(parsed.database)
            self.folder = database.parent / "db"
            self.folder.mkdir(exist_ok=True)
            self.url = f"sqlite:///{self.folder / database.name}"
            self.aside = database.parent / "db-away"

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        else:
            self.folder.rename(self.aside)

    def resume(self) -> None:
        if self.proxy is not None:
            self.proxy.resume()
        else:
            self.aside.rename(self.folder)

    def close(self) -> None:
        if self.proxy is not None:
            self.proxy.close()
        elif self.aside.exists():
            self.aside.rename(self.folder)


class PrivateRedis:
    """A ``redis-server`` of our own on a free port, without persistence: :meth:`kill` loses
    everything it held, as a crashed Redis without a disk would; :meth:`start` begins empty."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        self.folder = folder
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
