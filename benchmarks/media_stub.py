"""A local stand-in for Twilio's media URL, shared by the benchmarks: serves one WAV body as
``audio/x-wav`` for any ``….wav`` path to a request with the expected HTTP Basic credentials
(401 otherwise, as Twilio answers)."""
from __future__ import annotations

import base64
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class _Server(ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def media_server(body: bytes, username: str, password: str) -> Iterator[str]:
    """Serve ``body`` on 127.0.0.1 while the block runs; yield the server's origin URL."""
    expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            ok = self.headers.get("Authorization") == expected and self.path.endswith(".wav")
            payload = body if ok else b"{}"
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "audio/x-wav" if ok else "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
