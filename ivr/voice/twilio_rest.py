"""Twilio's REST API, through the ``twilio`` library's client: a call's recordings, deleting one.

Outbound calls (issue 12: callbacks, the missed-call line, verdict calls) go through
:func:`place_call` (``POST /2010-04-01/Accounts/{AccountSid}/Calls.json``,
https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource ).

The sweeper asks for the status of a call whose status callback never came (:func:`call_status`,
``GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json``,
https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource ).

Two users of the recordings: the reconciler, which asks Twilio for the recordings of a call whose report never heard
of its recording (``GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json``,
https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources ), and the
withdrawal job, which deletes Twilio's copy of a withdrawn recording
(``DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.json``,
https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource ).

``TWILIO_API_BASE_URL`` (default ``https://api.twilio.com``) points the client elsewhere; the tests
point it at a local stand-in of that API. Both calls need ``TWILIO_ACCOUNT_SID`` and
``TWILIO_AUTH_TOKEN``; without them :func:`rest_client` returns ``None`` and callers skip the work.

Exceptions::

    TwilioApiError            a REST call failed; ``str(error)`` says why (no credentials in it)
    ├── TransientApiError     may work if repeated: 429, 5xx, timeout, connection refused
    └── PermanentApiError     will not work by repeating: 400, 401, 403 (404 on DELETE is success)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

DEFAULT_BASE_URL = "https://api.twilio.com"
REST_TIMEOUT = 10.0  # seconds for one REST request (connect and read)
PAGE_LIMIT = 50  # a call has one or two recordings; more would be a runaway
RING_SECONDS = 25  # how long an outbound call rings before Twilio gives up (its default is 60)
STATUS_EVENTS = ("initiated", "ringing", "answered", "completed")


class TwilioApiError(Exception):
    """A Twilio REST call failed; the message carries the HTTP status or the network error."""


class TransientApiError(TwilioApiError):
    """Worth repeating later: rate limited (429), a server error (5xx), or the network failed."""


class PermanentApiError(TwilioApiError):
    """Repeating will not help: the request or the credentials are wrong (4xx other than 404/429)."""


@dataclass(frozen=True)
class RemoteRecording:
    """A recording as Twilio's REST API lists it.

    ``url``: the media URL without extension, as ``RecordingUrl`` in a status callback
    (``https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE…``); ``seconds``: its length
    (``None`` while Twilio has not finished it); ``status``: ``completed``, ``processing``,
    ``absent``, ``failed`` (https://www.twilio.com/docs/voice/api/recording#recording-status-values).
    """

    sid: str
    call_sid: str
    url: str
    seconds: int | None
    status: str


def rest_client(config: Mapping[str, Any]) -> Client | None:
    """A ``twilio.rest.Client`` for ``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN`` aimed at
    ``TWILIO_API_BASE_URL``, with a :data:`REST_TIMEOUT` s timeout; ``None`` without credentials."""
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    if not (sid and token):
        return None
    client = Client(sid, token, http_client=TwilioHttpClient(timeout=REST_TIMEOUT))
    client.api.base_url = (config.get("TWILIO_API_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return client


def call_recordings(client: Client, call_sid: str) -> list[RemoteRecording]:
    """The recordings Twilio holds for ``call_sid``, oldest first by ``date_created`` (the
    resource's creation time, https://www.twilio.com/docs/voice/api/recording#recording-properties;
    one without it counts as oldest; equal times keep Twilio's order), at most :data:`PAGE_LIMIT`.
    A RecordingSid is random, so it says nothing of which take came first.

    Raises :class:`TransientApiError` or :class:`PermanentApiError`.
    """
    base = client.api.base_url
    try:
        found = client.api.v2010.account.calls(call_sid).recordings.list(limit=PAGE_LIMIT)
    except (TwilioRestException, TwilioException, OSError) as exc:
        raise _classified(exc, "list recordings") from exc
    oldest_first = sorted(found, key=_created)
    return [RemoteRecording(
        sid=item.sid, call_sid=item.call_sid or call_sid,
        url=f"{base}/2010-04-01/Accounts/{item.account_sid}/Recordings/{item.sid}",
        seconds=_seconds(item.duration), status=str(item.status or "")) for item in oldest_first]


def delete_recording(client: Client, recording_sid: str) -> bool:
    """Delete Twilio's copy of ``recording_sid``. ``True`` if deleted now, ``False`` if Twilio
    no longer had it (HTTP 404: deleting twice changes nothing).

    Raises :class:`TransientApiError` or :class:`PermanentApiError`.
    """
    try:
        return bool(client.api.v2010.account.recordings(recording_sid).delete())
    except TwilioRestException as exc:
        if exc.status == 404:
            return False
        raise _classified(exc, "delete recording") from exc
    except (TwilioException, OSError) as exc:
        raise _classified(exc, "delete recording") from exc


def place_call(client: Client, to: str, from_: str, url: str, status_callback: str,
               ring_seconds: int = RING_SECONDS) -> str:
    """Ask Twilio to call ``to`` (E.164) from ``from_`` (the hotline's number, E.164); when
    answered Twilio fetches TwiML from ``url`` (POST). Every status change (``STATUS_EVENTS``)
    is posted to ``status_callback``. The call rings at most ``ring_seconds`` (Twilio's
    ``Timeout``, 5–600 s). Returns the new call's CallSid (``CA`` + 32 hex).

    Source: https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource
    Raises :class:`TransientApiError` or :class:`PermanentApiError` (e.g. 400 for a bad number).
    """
    try:
        call = client.api.v2010.account.calls.create(
            to=to, from_=from_, url=url, method="POST", status_callback=status_callback,
            status_callback_method="POST", status_callback_event=list(STATUS_EVENTS),
            timeout=ring_seconds)
    except (TwilioRestException, TwilioException, OSError) as exc:
        raise _classified(exc, "place call") from exc
    return str(call.sid)


def call_status(client: Client, call_sid: str) -> str | None:
    """Twilio's current ``status`` of the call ``call_sid`` (``queued``, ``initiated``,
    ``ringing``, ``in-progress``, ``completed``, ``busy``, ``no-answer``, ``canceled``,
    ``failed``: https://www.twilio.com/docs/voice/api/call-resource#call-status-values), or
    ``None`` when Twilio has no such call (HTTP 404).

    Source: https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource
    Raises :class:`TransientApiError` or :class:`PermanentApiError`.
    """
    try:
        return str(client.api.v2010.account.calls(call_sid).fetch().status or "")
    except TwilioRestException as exc:
        if exc.status == 404:
            return None
        raise _classified(exc, "fetch call") from exc
    except (TwilioException, OSError) as exc:
        raise _classified(exc, "fetch call") from exc


def _classified(exc: Exception, what: str) -> TwilioApiError:
    status = getattr(exc, "status", None)
    if status is None and len(getattr(exc, "args", ())) > 1:  # a list page: (message, Response)
        status = getattr(exc.args[1], "status_code", None)
    if isinstance(status, int) and status != 429 and 400 <= status < 500:
        return PermanentApiError(f"{what}: HTTP {status}")
    if isinstance(status, int):
        return TransientApiError(f"{what}: HTTP {status}")
    return TransientApiError(f"{what}: {type(exc).__name__}")


def _created(item: Any) -> float:
    """A listed recording's ``date_created`` as Unix time (s); 0 when absent or unreadable."""
    moment = getattr(item, "date_created", None)
    try:
        return moment.timestamp() if moment is not None else 0.0
    except (AttributeError, OverflowError, ValueError):
        return 0.0


def _seconds(raw: Any) -> int | None:
    try:
        return int(raw) if raw not in (None, "", "-1") else None
    except (TypeError, ValueError):
        return None
