"""``ivr.voice.twilio_rest`` against the local stand-in of Twilio's REST API (tests/twilio_api.py):
the real ``twilio`` client, real HTTP, Basic auth checked by the stand-in."""
from __future__ import annotations

import pytest

from ivr.voice import twilio_rest
from tests.twilio_api import ACCOUNT_SID

TOKEN = "test-auth-token-0123456789abcdef"


def _client(api, token=TOKEN):
    return twilio_rest.rest_client({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": token,
                                    "TWILIO_API_BASE_URL": api.origin})


def test_no_credentials_no_client():
    assert twilio_rest.rest_client({"TWILIO_AUTH_TOKEN": TOKEN}) is None
    assert twilio_rest.rest_client({"TWILIO_ACCOUNT_SID": ACCOUNT_SID}) is None


def test_lists_only_the_calls_recordings(twilio_api):
    mine = twilio_api.add_recording("CA" + "1" * 32, b"RIFF", seconds=7)
    twilio_api.add_recording("CA" + "2" * 32, b"RIFF")
    found = twilio_rest.call_recordings(_client(twilio_api), "CA" + "1" * 32)
    assert [(r.sid, r.call_sid, r.seconds, r.status) for r in found] == [
        (mine.sid, "CA" + "1" * 32, 7, "completed")]
    assert found[0].url == twilio_api.url(mine)
    assert ("GET", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{'CA' + '1' * 32}/Recordings.json") \
        in twilio_api.requests


def test_a_call_without_recordings_lists_none(twilio_api):
    assert twilio_rest.call_recordings(_client(twilio_api), "CA" + "3" * 32) == []


def test_delete_removes_twilios_copy_and_a_second_delete_changes_nothing(twilio_api):
    recording = twilio_api.add_recording("CA" + "1" * 32, b"RIFF")
    client = _client(twilio_api)
    assert twilio_rest.delete_recording(client, recording.sid) is True
    assert recording.sid not in twilio_api.recordings
    assert twilio_rest.delete_recording(client, recording.sid) is False


@pytest.mark.parametrize("status, error", [(503, twilio_rest.TransientApiError),
                                           (429, twilio_rest.TransientApiError),
                                           (400, twilio_rest.PermanentApiError)])
def test_failures_are_classified(twilio_api, status, error):
    recording = twilio_api.add_recording("CA" + "1" * 32, b"RIFF")
    twilio_api.fail(1, status)
    with pytest.raises(error, match=str(status)):
        twilio_rest.delete_recording(_client(twilio_api), recording.sid)
    assert recording.sid in twilio_api.recordings
    twilio_api.fail(1, status)
    with pytest.raises(error):
        twilio_rest.call_recordings(_client(twilio_api), "CA" + "1" * 32)


def test_wrong_token_is_permanent_and_leaks_no_credentials(twilio_api):
    with pytest.raises(twilio_rest.PermanentApiError) as raised:
        twilio_rest.call_recordings(_client(twilio_api, token="wrong-token"), "CA" + "1" * 32)
    assert "401" in str(raised.value) and "wrong-token" not in str(raised.value)


def test_unreachable_api_is_transient():
    client = twilio_rest.rest_client({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": TOKEN,
                                      "TWILIO_API_BASE_URL": "http://127.0.0.1:9"})
    with pytest.raises(twilio_rest.TransientApiError):
        twilio_rest.delete_recording(client, "RE" + "0" * 32)


def test_place_call_posts_to_from_url_and_status_callback_and_returns_the_call_sid(twilio_api):
    """Issue 12: outbound calls through the REST client: ``POST …/Calls.json`` with the fields of
    https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource"""
    sid = twilio_rest.place_call(_client(twilio_api), "+84912345678", "+842873000000",
                                 "https://hotline.example/voice/callback/volunteer?attempt=7",
                                 "https://hotline.example/voice/callback/status?attempt=7")
    [placed] = twilio_api.placed()
    assert sid == placed.sid and sid.startswith("CA") and len(sid) == 34
    assert placed.params["To"] == "+84912345678" and placed.params["From"] == "+842873000000"
    assert placed.params["Url"].endswith("attempt=7") and placed.params["Method"] == "POST"
    assert placed.params["StatusCallback"].endswith("/voice/callback/status?attempt=7")
    assert placed.params["StatusCallbackEvent"].split() == list(twilio_rest.STATUS_EVENTS)
    assert placed.params["Timeout"] == str(twilio_rest.RING_SECONDS)


def test_place_call_refused_or_failing_raises_the_right_kind(twilio_api):
    client = _client(twilio_api)
    with pytest.raises(twilio_rest.PermanentApiError, match="HTTP 400"):
        twilio_rest.place_call(client, "", "+842873000000", "https://h/a", "https://h/s")
    twilio_api.fail(1, 503)
    with pytest.raises(twilio_rest.TransientApiError, match="HTTP 503"):
        twilio_rest.place_call(client, "+84912345678", "+842873000000", "https://h/a", "https://h/s")
    with pytest.raises(twilio_rest.PermanentApiError, match="HTTP 401"):
        twilio_rest.place_call(_client(twilio_api, token="wrong-token-0123456789abcdef0"),
                               "+84912345678", "+842873000000", "https://h/a", "https://h/s")
    assert twilio_api.placed() == []
