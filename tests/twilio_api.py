"""A local stand-in for the parts of Twilio's REST API the hotline uses, on 127.0.0.1.

- ``GET  /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json``: a call's recordings
  (https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources);
- ``DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.json``: 204, or 404 with
  Twilio's error body when it is gone
  (https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource);
- ``GET  /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.wav``: the media;
- ``POST /2010-04-01/Accounts/{AccountSid}/Calls.json``: place an outbound call (201 with the call
  resource, status ``queued``; ``To``, ``From`` and ``Url`` required, 400 with code 21201/21212/
  21205 otherwise, as Twilio answers), https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource
  ; the test then plays the call's life with :meth:`TwilioApi.progress` (the status callbacks are
  the test's to send, signed, to the app);
- ``GET  /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json``: one placed call.

Every request needs HTTP Basic auth with the test account (401 with code 20003 otherwise, as Twilio
answers). ``fail(n, status)`` makes the next ``n`` requests answer ``status``; ``requests`` records
``(method, path)`` of every authorised request.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2

_LIST = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Calls/(CA\w+)/Recordings\.json$")
_ONE = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Recordings/(RE\w+)\.(json|wav)$")
_CALLS = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Calls\.json$")
_CALL = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Calls/(CA\w+)\.json$")
CALL_STATUSES = ("queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed",
                 "no-answer", "canceled")


@dataclass
class Recording:
    """One recording the stand-in holds: its call, length (s), status, WAV bytes and when it was
    made (Unix time, s; Twilio's ``date_created``, RFC 2822 in the JSON)."""

    sid: str
    call_sid: str
    seconds: int | None
    status: str
    wav: bytes
    created: float = field(default_factory=time.time)


@dataclass
class PlacedCall:
    """An outbound call the app asked for: its form parameters as posted (``To``, ``From``,
    ``Url``, ``StatusCallback``, ``Timeout``, …) and its current status."""

    sid: str
    params: dict[str, str]
    status: str = "queued"
    created: float = field(default_factory=time.time)


@dataclass
class TwilioApi:
    """The stand-in's state; ``origin`` is ``http://127.0.0.1:<port>`` once started."""

    account_sid: str
    auth_token: str
    origin: str = ""
    recordings: dict[str, Recording] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    calls: dict[str, PlacedCall] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def placed(self) -> list[PlacedCall]:
        """The outbound calls placed so far, oldest first."""
        with self.lock:
            return sorted(self.calls.values(), key=lambda c: c.created)

    def progress(self, sid: str, status: str) -> PlacedCall:
        """Move a placed call to ``status`` (one of :data:`CALL_STATUSES`); return it."""
        if status not in CALL_STATUSES:
            raise ValueError(f"status must be one of {CALL_STATUSES}, not {status!r}")
        with self.lock:
            self.calls[sid].status = status
            return self.calls[sid]

    def add_recording(self, call_sid: str, wav: bytes, seconds: int | None = 3,
                      status: str = "completed", sid: str | None = None,
                      created: float | None = None) -> Recording:
        """Hold a new recording of ``call_sid``; return it (its ``sid`` new unless given; made
        now unless ``created``)."""
        recording = Recording(sid or "RE" + secrets.token_hex(16), call_sid, seconds, status, wav,
                              time.time() if created is None else created)
        with self.lock:
            self.recordings[recording.sid] = recording
        return recording

    def url(self, recording: Recording) -> str:
        """The ``RecordingUrl`` Twilio would send for ``recording`` (no extension)."""
        return f"{self.origin}/2010-04-01/Accounts/{self.account_sid}/Recordings/{recording.sid}"

    def fail(self, times: int, status: int = 503) -> None:
        """Answer the next ``times`` authorised requests with HTTP ``status``."""
        with self.lock:
            self.failures.extend([status] * times)

    def _authorised(self, header: str | None) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def handle(self, method: str, path: str, authorization: str | None,
               body: bytes = b"") -> tuple[int, str, bytes]:
        """Answer one request: ``(status, content type, body)``."""
        path = path.split("?", 1)[0]
        if not self._authorised(authorization):
            return _error(401, 20003, "Authenticate")
        with self.lock:
            self.requests.append((method, path))
            if self.failures:
                return _error(self.failures.pop(0), 20500, "Stand-in failure")
            if method == "POST" and _CALLS.match(path):
                return self._create_call(body)
            if method == "GET" and (match := _CALL.match(path)):
                call = self.calls.get(match.group(2))
                if call is None:
                    return _error(404, 20404, "The requested resource was not found")
                return 200, "application/json", json.dumps(self._call_resource(call)).encode()
            if method == "GET" and (match := _LIST.match(path)):
                return self._list(match.group(1), match.group(2))
            match = _ONE.match(path)
            recording = self.recordings.get(match.group(2)) if match else None
            if recording is None:
                return _error(404, 20404, "The requested resource was not found")
            if method == "DELETE" and match.group(3) == "json":
                del self.recordings[recording.sid]
                return 204, "application/json", b""
            if method == "GET" and match.group(3) == "wav":
                return 200, "audio/x-wav", recording.wav
            if method == "GET":
                return 200, "application/json", json.dumps(self._resource(recording)).encode()
        return _error(405, 20004, "Method not allowed")

    def _create_call(self, body: bytes) -> tuple[int, str, bytes]:
        params = {k: " ".join(v) for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        for name, code in (("To", 21201), ("From", 21212), ("Url", 21205)):
            if not params.get(name):
                return _error(400, code, f"Missing required parameter {name}")
        call = PlacedCall("CA" + secrets.token_hex(16), params)
        self.calls[call.sid] = call
        return 201, "application/json", json.dumps(self._call_resource(call)).encode()

    def _call_resource(self, call: PlacedCall) -> dict:
        return {"sid": call.sid, "account_sid": self.account_sid, "to": call.params.get("To"),
                "from": call.params.get("From"), "status": call.status, "direction": "outbound-api",
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{call.sid}.json",
                "date_created": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(call.created))}

    def _list(self, account: str, call_sid: str) -> tuple[int, str, bytes]:
        items = [self._resource(r) for r in self.recordings.values() if r.call_sid == call_sid]
        uri = f"/2010-04-01/Accounts/{account}/Calls/{call_sid}/Recordings.json?PageSize=50&Page=0"
        page = {"recordings": items, "first_page_uri": uri, "next_page_uri": None,
                "previous_page_uri": None, "page": 0, "page_size": 50, "start": 0,
                "end": max(len(items) - 1, 0), "uri": uri}
        return 200, "application/json", json.dumps(page).encode()

    def _resource(self, recording: Recording) -> dict:
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Recordings/{recording.sid}.json"
        return {"sid": recording.sid, "account_sid": self.account_sid,
                "call_sid": recording.call_sid, "status": recording.status,
                "duration": None if recording.seconds is None else str(recording.seconds),
                "channels": 1, "source": "RecordVerb", "uri": uri, "media_url": None,
                "date_created": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(recording.created))}


def _error(status: int, code: int, message: str) -> tuple[int, str, bytes]:
    body = {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}
    return status, "application/json", json.dumps(body).encode()


def _handler(api: TwilioApi):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, content_type, body = api.handle(self.command, self.path,
                                                    self.headers.get("Authorization"),
                                                    self.rfile.read(length) if length else b"")
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_DELETE = do_POST = _answer  # noqa: N815 (http.server's naming)

        def log_message(self, *args):
            pass

    return Handler


class running:  # noqa: N801 (a context manager used like a function)
    """``with running(TwilioApi(...)) as api:`` serves ``api`` on a free port until the block ends."""

    def __init__(self, api: TwilioApi):
        self.api = api
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
        self.httpd.daemon_threads = True

    def __enter__(self) -> TwilioApi:
        self.api.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self.api

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
