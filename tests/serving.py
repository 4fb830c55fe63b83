"""A real HTTP server for tests that drive the app through a socket (browser tests): werkzeug's
threaded development server, which also closes every response once its request is handled.

werkzeug's server closes a response (``application_iter.close()``) at the end of a ``finally``
block that first drains the request socket; if anything in that block raises, the response, and
the recording file ``send_file`` opened for it, is left for the garbage collector, and the
``ResourceWarning`` it then gives fails whichever test happens to be running (pytest's
``filterwarnings = error``). A browser's media player abandoning range requests made this happen
now and then (werkzeug 3.x ``serving.py``, ``WSGIRequestHandler.run_wsgi``,
https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py). Closing twice is harmless
(PEP 3333 asks servers to call ``close()``; werkzeug's ``Response.close`` closes its file once:
https://peps.python.org/pep-3333/#specification-details). Production runs gunicorn.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

_handled = threading.local()  # the response of the request this thread handles (threaded=True)


class _ClosingHandler(WSGIRequestHandler):
    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        finally:
            response = getattr(_handled, "response", None)
            _handled.response = None
            if response is not None and hasattr(response, "close"):
                response.close()


def _remembering(app):
    def wsgi(environ, start_response):
        response = app(environ, start_response)
        _handled.response = response
        return response
    return wsgi


@contextmanager
def served(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a daemon thread; yield its base URL
    (``http://127.0.0.1:PORT``); shut the server down on exit."""
    server = make_server("127.0.0.1", 0, _remembering(app), threaded=True,
                         request_handler=_ClosingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
