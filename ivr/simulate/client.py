"""Simulated calls: Twilio-shaped, signed webhook requests and a reader for the TwiML answers.

Requests carry the parameters Twilio sends with every voice webhook (AccountSid, CallSid, From, To,
CallStatus, Direction, ApiVersion, Caller, Called and the often-empty geographic fields; Twilio
"TwiML Voice: request parameters") and an ``X-Twilio-Signature`` computed with twilio-python's
``RequestValidator``. The TwiML is followed the way Twilio would: a key goes to the ``<Gather>``
action, silence follows the ``<Redirect>`` after it.
"""
from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable, Protocol
from urllib.parse import urljoin, urlsplit

import requests
from twilio.request_validator import RequestValidator


class Transport(Protocol):
    """Sends one form POST; returns (HTTP status, headers, body text)."""

    def post(self, path: str, form: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, str]: ...


class HttpTransport:
    """Talks to a running server at ``base_url`` (e.g. ``http://127.0.0.1:5000``)."""

    def __init__(self, base_url: str, timeout: float = 15.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout  # Twilio's own read timeout is 15 s

    def post(self, path, form, headers):
        reply = requests.post(self.base_url + path, data=form, headers=headers, timeout=self.timeout)
        return reply.status_code, dict(reply.headers), reply.text

    def get(self, path: str) -> bytes:
        reply = requests.get(self.base_url + path, timeout=self.timeout)
        reply.raise_for_status()
        return reply.content


class FlaskTransport:
    """Calls the Flask app in-process through its test client (no server needed)."""

    def __init__(self, app):
        self.client = app.test_client()

    def post(self, path, form, headers):
        reply = self.client.post(path, data=form, headers=headers)
        try:
            return reply.status_code, dict(reply.headers), reply.get_data(as_text=True)
        finally:
            reply.close()  # as a WSGI server does once it has sent the answer (call_on_close)

    def get(self, path: str) -> bytes:
        reply = self.client.get(path)
        if reply.status_code != 200:
            raise RuntimeError(f"GET {path} answered {reply.status_code}")
        return reply.get_data()


@dataclass(frozen=True)
class HeardPrompt:
    """One thing the caller heard: ``<Play>`` of ``audio`` (a URL path), ``<Say>`` of ``text``, or
    ``<Pause>`` of ``pause`` seconds (``prompt_id`` ``"pause"``, no audio, no text)."""

    audio: str | None
    text: str
    prompt_id: str | None
    slow: bool = False
    pause: int = 0


@dataclass(frozen=True)
class DialHeard:
    """A ``<Dial>`` in an answer (a transfer to volunteers): the numbers rung, the timeout in
    seconds, the caller ID shown, the action that ends it and each number's whisper URL."""

    numbers: tuple[str, ...]
    timeout: int
    caller_id: str
    action: str
    whispers: tuple[str, ...]


@dataclass
class Heard:
    """The caller's view of one TwiML answer."""

    status: int
    node: str
    prompts: list[HeardPrompt] = field(default_factory=list)
    action: str | None = None  # where a key press goes
    no_input: str | None = None  # where silence (or an empty recording) goes
    record_action: str | None = None  # where a finished recording goes
    timeout: int | None = None  # seconds the gather waits
    hung_up: bool = False
    twiml: str = ""
    dial: DialHeard | None = None  # the volunteers being rung (a transfer)
    # A <Connect><Stream>'s action (SPEECH_INPUT=stream, issue 13): a terminal has no audio
    # stream, so the simulator follows it as Twilio does when a stream ends.
    stream_action: str | None = None

    @property
    def waiting(self) -> bool:
        """True while the caller can still answer (a gather or a recording comes before any
        hang-up), or a dial waits for a volunteer."""
        return self.status == 200 and bool(self.action or self.record_action or self.dial)

    @property
    def apologised(self) -> bool:
        """True if this is the hotline's apology: a webhook failed on the server.

        Every answer rendered from a call's turn names its node in ``X-Hotline-Node``
        (``ivr/voice/views.py``); the apology, which replaces any failure with HTTP 200 so that the
        caller never hears an error, names none.
        """
        return self.status == 200 and not self.node

    @property
    def prompt_ids(self) -> list[str | None]:
        return [p.prompt_id for p in self.prompts]


PromptLookup = Callable[[HeardPrompt], HeardPrompt]


class CallSimulator:
    """One simulated call. Use :meth:`start`, then :meth:`press` / :meth:`silence`, then :meth:`hang_up`.

    ``sign_base`` is the public URL the server validates signatures against (its ``PUBLIC_BASE_URL``,
    or the address it is reached at). ``describe`` fills prompt ids and texts (see
    :func:`ivr.simulate.cli.prompt_describer`).
    """

    def __init__(self, transport: Transport, auth_token: str, sign_base: str,
                 caller: str = "+84912345678", called: str = "+842873001234",
                 describe: PromptLookup | None = None, call_sid: str | None = None,
                 follow_streams: bool = True):
        self.transport = transport
        # A call that begins on a <Connect><Stream> (issue 13): follow its action at once, as
        # Twilio does when a stream ends (a terminal has no audio stream), or stop there (tests).
        self.follow_streams = follow_streams
        self.validator = RequestValidator(auth_token)
        self.sign_base = sign_base.rstrip("/")
        self.caller, self.called = caller, called
        self.call_sid = call_sid if call_sid is not None else "CA" + secrets.token_hex(16)
        self.account_sid = "AC" + secrets.token_hex(16)
        self.describe = describe or (lambda heard: heard)
        self.last: Heard | None = None
        self.recording_sid: str | None = None

    def base_form(self, status: str = "in-progress") -> dict[str, str]:
        """Return the parameters Twilio sends with every voice webhook of this call."""
        form = {"AccountSid": self.account_sid, "ApiVersion": "2010-04-01", "CallSid": self.call_sid,
                "CallStatus": status, "Direction": "inbound", "From": self.caller, "To": self.called,
                "Caller": self.caller, "Called": self.called}
        for prefix in ("From", "To", "Caller", "Called"):
            for suffix in ("City", "State", "Zip"):
                form[prefix + suffix] = ""
            form[prefix + "Country"] = "VN"
        return form

    def post(self, path: str, extra: dict[str, str] | None = None, status: str = "in-progress",
             signature: str | None = None) -> Heard:
        """POST a signed webhook to ``path`` (may include a query) and read the TwiML answer."""
        form = {**self.base_form(status), **(extra or {})}
        sig = signature if signature is not None else self.sign(path, form)
        code, headers, body = self.transport.post(path, form, {"X-Twilio-Signature": sig})
        self.last = self._read(code, headers, body)
        if self.follow_streams and self.last.stream_action and not self.last.action:
            return self.post(self.last.stream_action, status=status)
        return self.last

    def sign(self, path: str, form: dict[str, str]) -> str:
        """Return the X-Twilio-Signature Twilio would send for ``path`` and ``form``."""
        return self.validator.compute_signature(self.sign_base + path, form)

    def start(self) -> Heard:
        """Place the call: the number's voice webhook."""
        return self.post("/voice/incoming", status="ringing")

    def press(self, keys: str) -> Heard:
        """Press ``keys`` during the current question (goes to the ``<Gather>`` action)."""
        if not self.last or not self.last.action:
            raise RuntimeError("the call is not waiting for keys")
        # Twilio leaves the finishing key out of Digits and reports it in FinishedOnKey.
        finished = "#" if keys.endswith("#") and len(keys) > 1 else ""
        return self.post(self.last.action, {"Digits": keys[:-1] if finished else keys,
                                            "FinishedOnKey": finished})

    def silence(self) -> Heard:
        """Say nothing until the gather times out, or record nothing (follows the ``<Redirect>``)."""
        if not self.last or not self.last.no_input:
            raise RuntimeError("the call is not waiting for input")
        return self.post(self.last.no_input)

    def record(self, recording_url: str, recording_sid: str | None = None, seconds: int = 12,
               digits: str = "#") -> Heard:
        """Finish the current ``<Record>``: ``digits`` is the key that ended it, or ``"hangup"``."""
        if not self.last or not self.last.record_action:
            raise RuntimeError("the call is not recording")
        self.recording_sid = recording_sid or "RE" + secrets.token_hex(16)
        return self.post(self.last.record_action, {
            "RecordingUrl": recording_url, "RecordingSid": self.recording_sid,
            "RecordingDuration": str(seconds), "Digits": digits})

    def recording_status(self, recording_sid: str, recording_url: str, seconds: int = 12,
                         status: str = "completed", keeps: str = "report") -> int:
        """Send Twilio's recording status callback; returns the status. Parameters as Twilio sends
        them: https://www.twilio.com/docs/voice/twiml/record#recordingstatuscallback ;
        ``keeps="visit"``: to the URL a home visit request's ``<Record>`` names (issue 12)."""
        form = {"AccountSid": self.account_sid, "CallSid": self.call_sid,
                "RecordingSid": recording_sid, "RecordingUrl": recording_url,
                "RecordingStatus": status, "RecordingDuration": str(seconds),
                "RecordingChannels": "1", "RecordingSource": "RecordVerb"}
        if status == "absent":
            form["ErrorCode"] = "16102"
        path = "/voice/recording-status" + ("" if keeps == "report" else f"?keeps={keeps}")
        signature = self.sign(path, form)
        code, _, _ = self.transport.post(path, form, {"X-Twilio-Signature": signature})
        return code

    def hang_up(self, duration: int = 30) -> int:
        """Send the final call status callback; returns its HTTP status."""
        form = {**self.base_form("completed"), "CallDuration": str(duration),
                "CallbackSource": "call-progress-events", "SequenceNumber": "0"}
        code, _, _ = self.transport.post("/voice/status", form,
                                         {"X-Twilio-Signature": self.sign("/voice/status", form)})
        return code

    def whisper(self, index: int = 0) -> tuple[str, str | None]:
        """Answer as volunteer ``index`` of the current dial: Twilio requests their ``<Number
        url>``; returns what they hear and where their key goes (``None``: hung up at once)."""
        dial = self._dialing()
        root = ET.fromstring(self.post_leg(dial.whispers[index], {}).twiml)
        gather = root.find("Gather")
        said = " ".join((e.text or "").strip() for e in root.iter("Say"))
        first = gather.find("Say").text if gather is not None else said
        return first or "", _path(gather.get("action")) if gather is not None else None

    def volunteer(self, choice: str, seconds: int = 60) -> Heard:
        """Play the volunteers' phones during a dial: ``"1"`` the first one hears the whisper,
        presses 1 and talks ``seconds`` s; ``"none"`` nobody answers (``no-answer``). Then the
        ``<Dial action>`` as Twilio sends it, and its redirect, followed; returns the caller's
        next answer."""
        dial = self._dialing()
        status = "no-answer"
        if choice == "1":
            _, accept = self.whisper(0)
            taken = accept is not None and self.post_leg(accept, {"Digits": "1"})
            status = "completed" if taken and "<Hangup" not in taken.twiml else "no-answer"
        elif choice != "none":
            raise ValueError(f"volunteer choice must be '1' or 'none', not {choice!r}")
        done = self.post(dial.action, {"DialCallStatus": status,
                                        "DialCallDuration": str(seconds if status == "completed" else 0),
                                        "DialCallSid": "CA" + secrets.token_hex(16)})
        return self.post(done.no_input) if done.no_input else done

    def post_leg(self, path: str, extra: dict[str, str]) -> Heard:
        """A signed request on a volunteer's leg (its own CallSid, the caller's as parent); the
        caller's last answer is kept."""
        last = self.last
        leg = {"CallSid": self._leg_sid, "ParentCallSid": self.call_sid,
               "Direction": "outbound-dial", **extra}
        try:
            return self.post(path, leg)
        finally:
            self.last = last

    @property
    def _leg_sid(self) -> str:
        return "CA" + self.call_sid[2:][::-1]  # one stable, distinct leg per simulated call

    def _dialing(self) -> DialHeard:
        if not self.last or not self.last.dial:
            raise RuntimeError("no volunteer is being rung")
        return self.last.dial

    def _read(self, code: int, headers: dict, body: str) -> Heard:
        heard = Heard(status=code, node=headers.get("X-Hotline-Node", ""), twiml=body)
        if code != 200:
            return heard
        root = ET.fromstring(body)
        for element in root:
            if element.tag == "Gather":
                heard.action = _path(element.get("action"))
                heard.timeout = int(element.get("timeout", "5"))
                heard.prompts += [self._prompt(child) for child in element]
            elif element.tag == "Redirect":
                heard.no_input = _path(element.text)
            elif element.tag == "Record":
                heard.record_action = _path(element.get("action"))
            elif element.tag in ("Play", "Say", "Pause"):
                heard.prompts.append(self._prompt(element))
            elif element.tag == "Hangup":
                heard.hung_up = True
            elif element.tag == "Dial":
                heard.dial = _dial(element)
            elif element.tag == "Connect":  # after a <Gather>: silence goes on as a stream would end
                heard.stream_action = _path(element.get("action"))
                heard.no_input = heard.no_input or heard.stream_action
        return heard

    def _prompt(self, element: ET.Element) -> HeardPrompt:
        if element.tag == "Pause":
            return HeardPrompt(audio=None, text="", prompt_id="pause",
                               pause=int(element.get("length", "1")))
        if element.tag == "Play":
            return self.describe(HeardPrompt(audio=element.text, text="", prompt_id=None))
        prosody = element.find("prosody")
        text = "".join(element.itertext()).strip()
        return self.describe(HeardPrompt(audio=None, text=text, prompt_id=None,
                                         slow=prosody is not None))


def random_caller() -> str:
    """A fresh Vietnamese mobile number in E.164 (``+8491`` and 7 random digits), so a simulated
    call sees no other call's progress, pace or safety notice (a new caller)."""
    return "+8491" + "".join(secrets.choice("0123456789") for _ in range(7))


def _dial(element: ET.Element) -> DialHeard:
    numbers = element.findall("Number")
    return DialHeard(tuple((n.text or "").strip() for n in numbers),
                     int(element.get("timeout", "30")), element.get("callerId", ""),
                     _path(element.get("action")), tuple(_path(n.get("url")) for n in numbers))


def _path(url: str | None) -> str | None:
    """Keep the path and query of a TwiML URL (relative URLs resolve against the webhook)."""
    if not url:
        return None
    parts = urlsplit(urljoin("http://server/voice/", url))
    return parts.path + (f"?{parts.query}" if parts.query else "")
