"""ivr.voice.stream_protocol: Twilio Media Streams messages in and out, pure.

The golden messages copy the JSON shapes of Twilio's examples
(https://www.twilio.com/docs/voice/media-streams/websocket-messages): the ids are Twilio's
placeholders, the counters are strings, as Twilio sends them.
"""
from __future__ import annotations

import base64
import io
import json
import math
import random
import wave
from array import array

import pytest

from ivr.voice.stream_protocol import (FRAME_BYTES, MAX_MESSAGE_CHARS, MAX_PAYLOAD_BYTES,
                                       Connected, Dtmf, Mark, Media, MediaFormat, Start, Stop,
                                       StreamProtocolError, StreamSession, clear_message,
                                       mark_message, media_message, parse_message, wav_to_frames)
from speech.audio_input import AudioInputError, mulaw_to_pcm16

SID = "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
ACCOUNT = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
CALL = "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
SILENCE_FRAME = "/" * 213 + "w=="  # 160 bytes of 0xFF, μ-law silence, as base64 (216 characters)

CONNECTED = {"event": "connected", "protocol": "Call", "version": "1.0.0"}
START = {"event": "start", "sequenceNumber": "1",
         "start": {"accountSid": ACCOUNT, "streamSid": SID, "callSid": CALL,
                   "tracks": ["inbound"],
                   "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                   "customParameters": {"FirstName": "Jane", "LastName": "Doe",
                                        "RemoteParty": "Bob"}},
         "streamSid": SID}
MEDIA = {"event": "media", "sequenceNumber": "3",
         "media": {"track": "inbound", "chunk": "2", "timestamp": "40", "payload": SILENCE_FRAME},
         "streamSid": SID}
DTMF = {"event": "dtmf", "streamSid": SID, "sequenceNumber": "5",
        "dtmf": {"track": "inbound_track", "digit": "1"}}
MARK = {"event": "mark", "sequenceNumber": "4", "streamSid": SID, "mark": {"name": "my label"}}
STOP = {"event": "stop", "sequenceNumber": "5", "stop": {"accountSid": ACCOUNT, "callSid": CALL},
        "streamSid": SID}


def text(message: dict) -> str:
    return json.dumps(message)


# -- golden messages -------------------------------------------------------------------------------

def test_the_silence_frame_is_what_the_domain_notes_say():
    assert len(SILENCE_FRAME) == 216 and base64.b64decode(SILENCE_FRAME) == b"\xff" * FRAME_BYTES


@pytest.mark.parametrize("message, expected", [
    (CONNECTED, Connected("Call", "1.0.0")),
    (START, Start(SID, ACCOUNT, CALL, ("inbound",),
                  {"FirstName": "Jane", "LastName": "Doe", "RemoteParty": "Bob"},
                  MediaFormat("audio/x-mulaw", 8000, 1), 1)),
    (MEDIA, Media(SID, "inbound", 2, 40, b"\xff" * 160, 3)),
    (DTMF, Dtmf(SID, "1", "inbound_track", 5)),
    (MARK, Mark(SID, "my label", 4)),
    (STOP, Stop(SID, ACCOUNT, CALL, 5)),
])
def test_golden_messages_parse_to_typed_events(message, expected):
    event = parse_message(text(message))
    assert event == expected
    assert event.event == message["event"]


def test_media_payload_bytes_and_numbers_are_decoded():
    audio = bytes(range(256)) * 2
    message = {**MEDIA, "media": {**MEDIA["media"], "chunk": "51", "timestamp": "1020",
                                  "payload": base64.b64encode(audio).decode()}}
    event = parse_message(text(message))
    assert (event.payload, event.chunk, event.timestamp_ms) == (audio, 51, 1020)


def test_unknown_keys_are_ignored_and_integers_are_accepted():
    message = {**MEDIA, "extra": {"new": True}, "sequenceNumber": 7,
               "media": {**MEDIA["media"], "chunk": 3, "timestamp": 60, "future": "x"}}
    event = parse_message(text(message))
    assert (event.sequence_number, event.chunk, event.timestamp_ms) == (7, 3, 60)


def test_a_payload_of_any_size_up_to_the_limit_is_fine():
    for size in (1, 159, 161, 320, MAX_PAYLOAD_BYTES):
        payload = base64.b64encode(b"\x7f" * size).decode()
        message = {**MEDIA, "media": {**MEDIA["media"], "payload": payload}}
        assert len(parse_message(text(message)).payload) == size


# -- bad input: StreamProtocolError, never another exception ---------------------------------------

def _media(**fields) -> str:
    return text({**MEDIA, "media": {**MEDIA["media"], **fields}})


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


BAD = {
    "binary frame": b'{"event": "connected"}',
    "None": None,
    "over the size limit": json.dumps({**MEDIA, "pad": "x" * MAX_MESSAGE_CHARS}),
    "a 10 MB frame": "x" * 10_000_000,
    "not JSON": "hello",
    "truncated JSON": text(MEDIA)[:-3],
    "empty": "",
    "nested too deep": _nested(30_000),
    "a list": "[1, 2]",
    "a number": "42",
    "null": "null",
    "huge integer": "1" * 5000,
    "no event": text({"streamSid": SID}),
    "unknown event": text({**MEDIA, "event": "video"}),
    "event not a string": text({**MEDIA, "event": ["media"]}),
    "media without media": text({"event": "media", "streamSid": SID}),
    "media not an object": text({**MEDIA, "media": "abc"}),
    "media without streamSid": text({k: v for k, v in MEDIA.items() if k != "streamSid"}),
    "bad base64": _media(payload="!!!!"),
    "base64 with a bad length": _media(payload="////x"),
    "base64 with spaces": _media(payload="//// ////"),
    "empty payload": _media(payload=""),
    "payload not a string": _media(payload=123),
    "payload over the limit": _media(payload=base64.b64encode(b"\xff" * (MAX_PAYLOAD_BYTES + 1))
                                     .decode()),
    "chunk not a number": _media(chunk="two"),
    "negative timestamp": _media(timestamp="-20"),
    "timestamp a float": _media(timestamp=40.5),
    "timestamp a boolean": _media(timestamp=True),
    "track not a string": _media(track=1),
    "sequence not a number": text({**MEDIA, "sequenceNumber": "3a"}),
    "start without mediaFormat": text({**START, "start": {k: v for k, v in START["start"].items()
                                                          if k != "mediaFormat"}}),
    "start with a bad sampleRate": text({**START, "start": {**START["start"], "mediaFormat": {
        "encoding": "audio/x-mulaw", "sampleRate": "fast", "channels": 1}}}),
    "start without callSid": text({**START, "start": {k: v for k, v in START["start"].items()
                                                      if k != "callSid"}}),
    "customParameters not strings": text({**START, "start": {**START["start"],
                                                             "customParameters": {"a": 1}}}),
    "tracks not a list": text({**START, "start": {**START["start"], "tracks": "inbound"}}),
    "dtmf letter": text({**DTMF, "dtmf": {"digit": "A"}}),
    "dtmf two digits": text({**DTMF, "dtmf": {"digit": "12"}}),
    "mark without name": text({**MARK, "mark": {}}),
    "connected without version": text({"event": "connected", "protocol": "Call"}),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_raises_stream_protocol_error(name):
    with pytest.raises(StreamProtocolError):
        parse_message(BAD[name])


def test_the_error_never_carries_the_payload():
    with pytest.raises(StreamProtocolError) as caught:
        parse_message(_media(payload="AAAA" * 3000 + "!"))
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("seed", range(20))
def test_mangled_golden_messages_raise_nothing_else(seed):
    # Random cuts, byte flips and type swaps of the golden messages: parsed, or refused with
    # StreamProtocolError; any other exception fails the test.
    rng = random.Random(seed)
    goldens = [CONNECTED, START, MEDIA, DTMF, MARK, STOP]
    for _ in range(200):
        raw = text(rng.choice(goldens))
        cut = rng.randrange(len(raw))
        mangled = rng.choice([raw[:cut], raw[:cut] + chr(rng.randrange(32, 0x3000)) + raw[cut + 1:],
                              raw.replace('"', "", 1 + rng.randrange(6)),
                              raw.replace(rng.choice(['"1"', '"40"', '"MZ', '{"']),
                                          rng.choice(["null", "[]", "-1", '"', "{}", "1e400"]))])
        try:
            parse_message(mangled)
        except StreamProtocolError:
            pass


# -- order -----------------------------------------------------------------------------------------

def test_a_whole_stream_in_order_is_accepted():
    session = StreamSession()
    events = [session.receive(text(m)) for m in (CONNECTED, START, MEDIA, DTMF, MARK, MEDIA, STOP)]
    assert [e.event for e in events] == ["connected", "start", "media", "dtmf", "mark", "media",
                                         "stop"]
    assert session.stream_sid == SID and session.start.call_sid == CALL and session.stopped
    assert session.start.custom_parameters["FirstName"] == "Jane"


@pytest.mark.parametrize("before, message, why", [
    ([], MEDIA, "media before start"),
    ([CONNECTED], DTMF, "dtmf before start"),
    ([], STOP, "stop before start"),
    ([START], START, "a second start"),
    ([START], CONNECTED, "connected after start"),
    ([START, STOP], MEDIA, "media after stop"),
    ([START], {**MEDIA, "streamSid": "MZother"}, "media for another stream"),
    ([], {**START, "start": {**START["start"], "mediaFormat": {
        "encoding": "audio/l16", "sampleRate": 16000, "channels": 1}}},
     "unsupported media format audio/l16 16000 Hz"),
])
def test_messages_out_of_order_are_refused_and_the_session_goes_on(before, message, why):
    session = StreamSession()
    for earlier in before:
        session.receive(text(earlier))
    with pytest.raises(StreamProtocolError, match=why):
        session.receive(text(message))
    if session.start is not None and not session.stopped:  # the stream itself is still usable
        assert session.receive(text(MEDIA)).chunk == 2


# -- building --------------------------------------------------------------------------------------

def test_outgoing_messages_have_twilios_shapes():
    assert json.loads(media_message(SID, b"\xff" * 160)) == {
        "event": "media", "streamSid": SID, "media": {"payload": SILENCE_FRAME}}
    assert json.loads(mark_message(SID, "prompt-3")) == {
        "event": "mark", "streamSid": SID, "mark": {"name": "prompt-3"}}
    assert json.loads(clear_message(SID)) == {"event": "clear", "streamSid": SID}


@pytest.mark.parametrize("build", [lambda: media_message("", b"\xff"),
                                   lambda: media_message(SID, b""),
                                   lambda: media_message(SID, "ff"),
                                   lambda: mark_message(SID, ""),
                                   lambda: clear_message(None)])
def test_outgoing_messages_refuse_missing_parts(build):
    with pytest.raises(StreamProtocolError):
        build()


def _wav(samples: list[int], rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(array("h", samples).tobytes())
    return out.getvalue()


def test_a_prompt_wav_becomes_20_ms_mulaw_frames_that_decode_back():
    # 0.5 s plus 5 samples of a 440 Hz tone: 26 frames, the last padded with μ-law silence.
    samples = [int(12000 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(4005)]
    frames = wav_to_frames(_wav(samples))
    assert len(frames) == 26 and {len(f) for f in frames} == {FRAME_BYTES}
    assert frames[-1][5:] == b"\xff" * 155
    decoded = array("h")
    decoded.frombytes(mulaw_to_pcm16(b"".join(frames)))
    assert len(decoded) == 26 * 160 and all(v == 0 for v in decoded[4005:])
    # μ-law keeps each sample within its quantisation step (about 3 % of the value, 1/16 of a
    # segment): the round trip is the same tone.
    assert all(abs(d - s) <= max(8, abs(s) // 16) for d, s in zip(decoded, samples))
    message = json.loads(media_message(SID, frames[0]))
    assert base64.b64decode(message["media"]["payload"]) == frames[0]


def test_the_mulaw_frames_play_back_as_media_events():
    frames = wav_to_frames(_wav([1000] * 320))
    session = StreamSession()
    session.receive(text(START))
    for i, frame in enumerate(frames):
        payload = json.loads(media_message(SID, frame))["media"]["payload"]
        event = session.receive(_media(payload=payload, chunk=str(i + 1), timestamp=str(20 * i)))
        assert event.payload == frame


def test_a_wav_at_another_rate_or_not_a_wav_is_refused():
    with pytest.raises(StreamProtocolError, match="16000 Hz"):
        wav_to_frames(_wav([0] * 320, rate=16000))
    with pytest.raises(AudioInputError):
        wav_to_frames(b"not a wav file")
