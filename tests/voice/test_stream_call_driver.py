"""The stream call driver on its own (:mod:`ivr.voice.stream_call`): no socket, no database. A
scripted call service and scripted listeners stand in for the call service and Vosk (both are
exercised for real in test_stream_calls.py); what is checked here is the driver's own logic:
which messages go out, when the caller's silence or speech answers, what is ignored."""
from __future__ import annotations

import base64
import json
from types import MappingProxyType

import pytest

from ivr.calls import Turn
from ivr.engine import (Ask, Digits, Hangup, Listen, NoInput, NoRecording, Play, Prompt, Record,
                        TransferEnded)
from ivr.hearing import Utterance
from ivr.people.transfers import Dial
from ivr.voice.stream_call import Close, StreamCall
from ivr.voice.stream_protocol import Dtmf, Mark, Media, MediaFormat, Start, Stop
from speech.recognizer import Recognition, RecognitionError
from speech.streaming import Final, SpeechStarted

MENU = Ask((Prompt("menu", "Bấm 1 hoặc nói có."),), timeout=3.0, keys="12",
           listen=Listen("yes_no"))
NUMBER = Ask((Prompt("number", "Bấm số rồi bấm thăng."),), timeout=5.0, keys="0123456789#",
             max_digits=10, finish_on_key="#")
FRAME = b"\xff" * 160


class Service:
    """Answers each call with the next scripted commands; remembers the events it was given."""

    def __init__(self, *turns):
        self.turns = list(turns)
        self.events: list = []

    def _next(self, event):
        self.events.append(event)
        commands = self.turns.pop(0)
        return Turn(commands, len(self.events), "node")

    def start(self, call_sid, caller):
        return self._next(("start", call_sid, caller))

    def resume(self, call_sid, caller):
        return self._next(("resume", call_sid))

    def answer(self, call_sid, turn, event):
        return self._next(event)


class Listener:
    """Returns scripted events, one list per frame fed (then nothing)."""

    def __init__(self, script=(), fail_at=None):
        self.script = list(script)
        self.in_utterance = False
        self.fail_at = fail_at
        self.fed = 0

    def feed(self, payload):
        self.fed += 1
        if self.fail_at == self.fed:
            raise RecognitionError("decoder broke")
        events = self.script.pop(0) if self.script else []
        for event in events:
            self.in_utterance = isinstance(event, SpeechStarted)
        return events


def start(call, turn="0"):
    return call.receive(Start("MZ1", "AC1", "CA1", ("inbound",),
                              MappingProxyType({"turn": turn, "caller": "+84912345678"}),
                              MediaFormat("audio/x-mulaw", 8000, 1)))


def media(call, frames=1):
    out = []
    for _ in range(frames):
        out += call.receive(Media("MZ1", "inbound", 1, 0, FRAME))
    return out


def kinds(out):
    return [item.reason if isinstance(item, Close) else json.loads(item)["event"] for item in out]


def marks(out):
    return [json.loads(m)["mark"]["name"] for m in out if not isinstance(m, Close)
            and json.loads(m)["event"] == "mark"]


def final(text, reason="ok"):
    return Final(Recognition(text, understood=reason == "ok", reason=reason), 100, 400, 620, 0, "endpoint")


def audio(sound):
    return b"\x00" * 800  # 100 ms of "speech" per prompt: five frames


def test_prompts_go_out_as_20_ms_frames_then_one_mark():
    call = StreamCall(Service([MENU]), audio, lambda listen: None)
    out = start(call)
    assert kinds(out) == ["media"] * 5 + ["mark"]
    assert all(len(base64.b64decode(json.loads(m)["media"]["payload"])) == 160 for m in out[:5])
    assert call.phase == "playing"


def test_a_mark_cleared_away_is_ignored_and_the_timeout_runs_from_the_current_one():
    service = Service([MENU], [MENU])
    call = StreamCall(service, audio, lambda listen: None)
    first = marks(start(call))[0]
    out = call.receive(Dtmf("MZ1", "1", "inbound_track"))
    assert kinds(out) == ["clear"] + ["media"] * 5 + ["mark"]
    assert call.receive(Mark("MZ1", first)) == []  # echoed when clear dropped it
    assert call.phase == "playing"
    call.receive(Mark("MZ1", marks(out)[0]))
    assert call.phase == "waiting"


def test_silence_after_the_prompt_is_no_input_at_the_questions_timeout():
    service = Service([MENU], [MENU])
    call = StreamCall(service, audio, lambda listen: None)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    assert media(call, 149) == []  # 2.98 s
    assert kinds(media(call))[-1] == "mark"
    assert service.events[-1] == NoInput()


def test_the_timeout_waits_for_a_caller_who_is_still_speaking():
    listener = Listener([[]] * 150 + [[SpeechStarted(3000, 3080)]] + [[]] * 40 + [[final("có")]])
    service = Service([MENU], [MENU])
    call = StreamCall(service, audio, lambda listen: listener)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    listener.script[:150] = [[]] * 149 + [[SpeechStarted(2980, 3060)]]  # speech at 2.98 s
    out = media(call, 200)
    assert service.events[1:] == [Utterance(text="có")]
    assert kinds(out)[-1] == "mark"


def test_ticks_run_the_timeout_when_no_audio_comes():
    service = Service([MENU], [MENU])
    call = StreamCall(service, audio, lambda listen: None)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    assert call.tick(2500) == []
    assert kinds(call.tick(600))[-1] == "mark"
    assert service.events[-1] == NoInput()


def test_speech_during_a_prompt_clears_it_and_the_final_answers():
    listener = Listener([[], [SpeechStarted(0, 80)], [], [final("có")]])
    service = Service([MENU], [Play((Prompt("bye", "Chào bác."),)), Hangup()])
    call = StreamCall(service, audio, lambda listen: listener)
    start(call)
    assert media(call, 2) == [json.dumps({"event": "clear", "streamSid": "MZ1"})]
    out = media(call, 2)
    assert kinds(out) == ["media"] * 5 + ["mark"]
    assert service.events[-1] == Utterance(text="có")
    assert call.timings.barge_ins == [(0, 80)] and call.timings.answers == [(400, 80)]
    assert call.receive(Dtmf("MZ1", "1", "inbound_track")) == []  # the goodbye is not cut
    assert call.receive(Mark("MZ1", marks(out)[0])) == [Close("hangup")]


def test_noise_is_not_an_answer_and_the_question_listens_again():
    made = []

    def listener_for(listen):
        made.append(Listener([[SpeechStarted(0, 80)], [final("", reason="no_speech")]]))
        return made[-1]

    service = Service([MENU])
    call = StreamCall(service, audio, listener_for)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    assert media(call, 2) == []
    assert len(made) == 2 and len(service.events) == 1


def test_a_recognition_failure_leaves_the_keys():
    service = Service([MENU], [MENU])
    call = StreamCall(service, audio, lambda listen: Listener(fail_at=1))
    call.receive(Mark("MZ1", marks(start(call))[0]))
    assert media(call) == [] and call.listener is None
    call.receive(Dtmf("MZ1", "2", "inbound_track"))
    assert service.events[-1] == Digits("2")


def test_a_number_is_collected_to_the_hash_key_or_its_length_or_a_silence():
    service = Service([NUMBER], [NUMBER], [NUMBER], [NUMBER])
    call = StreamCall(service, audio, lambda listen: None)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    for digit in "0912#":
        call.receive(Dtmf("MZ1", digit, "inbound_track"))
    assert service.events[-1] == Digits("0912")
    for digit in "0912345678":
        call.receive(Dtmf("MZ1", digit, "inbound_track"))
    assert service.events[-1] == Digits("0912345678")
    call.receive(Dtmf("MZ1", "0", "inbound_track"))
    call.receive(Dtmf("MZ1", "9", "inbound_track"))
    call.tick(4900)
    assert service.events[-1] == Digits("0912345678")  # keys reset the silence
    call.tick(200)
    assert service.events[-1] == Digits("09")


def test_a_goodbye_plays_then_the_stream_closes():
    service = Service([Play((Prompt("bye", "Chào bác."),)), Hangup()])
    call = StreamCall(service, audio, lambda listen: None)
    out = start(call)
    assert kinds(out) == ["media"] * 5 + ["mark"]
    assert call.receive(Dtmf("MZ1", "1", "inbound_track")) == []  # keys do nothing now
    assert call.receive(Mark("MZ1", marks(out)[0])) == [Close("hangup")]


NOTICE = Prompt("common.phone_no_recording", "Trên trang web không ghi âm được.")


@pytest.mark.parametrize("browser, notice, after", [(False, None, None), (True, NOTICE, Digits("9")),
                                                    (True, None, NoRecording())])
def test_a_recording_is_handed_to_twiml_or_on_the_browser_said_impossible(browser, notice, after):
    record = Record((Prompt("beep", "Nói sau tiếng bíp."),), 60, 3)
    service = Service([record], [MENU])
    call = StreamCall(service, audio, lambda listen: None, call_sid="CA9", browser=browser,
                      no_recording=notice)
    out = start(call)
    if not browser:
        assert out == [Close("handover")]
        return
    assert kinds(out) == ["caption"] + ["media"] * 5 + ["mark"]
    assert json.loads(out[0])["caption"]["text"] == (notice or record.prompts[0]).text
    call.receive(Mark("MZ1", marks(out)[0]))
    assert service.events == [("start", "CA9", "+84912345678"), after]


def test_a_transfer_on_the_browser_phone_is_nobody_free():
    dial = Dial(1, (Prompt("hold", "Xin bác chờ."),), None, ((1, "+84900000001"),), 15, "+8428")
    service = Service([dial], [MENU])
    call = StreamCall(service, audio, lambda listen: None, call_sid="CA9", browser=True)
    call.receive(Mark("MZ1", marks(start(call))[0]))
    assert service.events[-1] == TransferEnded("unavailable")


def test_a_stream_after_a_webhook_question_only_listens():
    service = Service([MENU])
    call = StreamCall(service, audio, lambda listen: None)
    assert start(call, turn="4") == []
    assert service.events == [("resume", "CA1")] and call.phase == "waiting"
    assert call.timeout_ms == 2000  # the <Gather> already waited one second


def test_after_stop_nothing_more_is_sent():
    service = Service([MENU])
    call = StreamCall(service, audio, lambda listen: None)
    start(call)
    call.receive(Stop("MZ1", "AC1", "CA1"))
    assert call.receive(Dtmf("MZ1", "1", "inbound_track")) == [] and media(call) == []
