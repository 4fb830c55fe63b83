"""The browser phone in Debian's chromium (Playwright) against a stand-in of the hotline's stream:
what the page sends (connected, start, 20 ms μ-law media of the fake microphone, dtmf, mark
echoes, stop) and what it does with what it receives (gapless playback, marks, clear, captions,
the hotline hanging up).

Chromium's fake microphone plays a 440 Hz tone (48 kHz WAV), so the page's 8 kHz μ-law can be
checked: loud enough, and still 440 Hz after the resampling.
"""
from __future__ import annotations

import base64
import math
import re
import time

import pytest

from ivr.browser_phone import views
from ivr.models import db
from speech.g711 import pcm16_to_ulaw, ulaw_to_pcm16
from tests.conftest import make_app
from tests.phone.conftest import (PHONE, TONE_HZ, chromium_hearing, phone_page, write_tone)
from tests.serving import served

pytestmark = pytest.mark.browser

FRAME = 160  # μ-law bytes in 20 ms


@pytest.fixture(scope="module")
def browser(playwright_driver, tmp_path_factory):
    tone = write_tone(tmp_path_factory.mktemp("mic") / "tone.wav")
    with chromium_hearing(playwright_driver, tone) as chromium:
        yield chromium


@pytest.fixture
def site(tmp_path, hotline, monkeypatch):
    """The real app served on a local port; its page calls the stand-in ``hotline``."""
    monkeypatch.setattr(views, "stream_url", lambda: hotline.url)
    app = make_app(f"sqlite:///{tmp_path / 'phone.sqlite3'}", tmp_path)
    with served(app) as url:
        yield url
    with app.app_context():
        db.engine.dispose()


def tone_frames(seconds: float, hz: float = 300.0, amplitude: float = 0.3) -> list[bytes]:
    """``seconds`` of a sine tone as 8 kHz μ-law, cut into 20 ms frames."""
    samples = [round(amplitude * 32767 * math.sin(2 * math.pi * hz * n / 8000))
               for n in range(int(seconds * 8000))]
    pcm = b"".join(s.to_bytes(2, "little", signed=True) for s in samples)
    ulaw = pcm16_to_ulaw(pcm)
    return [ulaw[i:i + FRAME] for i in range(0, len(ulaw), FRAME)]


def send_audio(hotline, seconds: float, sid: str) -> None:
    for frame in tone_frames(seconds):
        hotline.send({"event": "media", "streamSid": sid,
                      "media": {"payload": base64.b64encode(frame).decode()}})


def start_call(page, site, hotline) -> str:
    """Open /phone, press the call button, wait for the stream to start; return its streamSid."""
    page.goto(f"{site}/phone")
    page.click("#call")
    start = hotline.wait_for(lambda m: m.get("event") == "start")
    page.wait_for_function("() => window.phone.state === 'in-call'")
    return start["streamSid"]


def stat(page, name: str):
    return page.evaluate(f"() => window.phone.{name}")


def test_a_call_starts_like_twilio_and_streams_the_microphone_every_20_ms(browser, site, hotline):
    with phone_page(browser) as page:
        page.goto(f"{site}/phone")
        assert page.locator("#status").inner_text() == "Bấm “Gọi tổng đài” để bắt đầu."
        assert page.locator(".key").first.is_disabled()
        page.click("#call")
        sid = hotline.wait_for(lambda m: m.get("event") == "start")["streamSid"]
        page.wait_for_function("() => window.phone.state === 'in-call'")
        # This hotline has no speech model: the page invites keys only.
        assert page.locator("#status").inner_text() == "Đang gọi… Bác bấm phím để trả lời."
        assert page.locator("#call").is_disabled() and page.locator("#hangup").is_enabled()
        time.sleep(2.0)
        messages = hotline.events()
        assert messages[0] == {"event": "connected", "protocol": "Call", "version": "1.0.0"}
        start = messages[1]
        assert re.fullmatch(r"MZ[0-9a-f]{32}", sid) and start["sequenceNumber"] == "1"
        assert start["start"]["streamSid"] == sid
        assert re.fullmatch(r"CA[0-9a-f]{32}", start["start"]["callSid"])
        assert start["start"]["accountSid"].startswith("AC")
        assert start["start"]["tracks"] == ["inbound"] and start["start"]["customParameters"] == {}
        assert start["start"]["mediaFormat"] == {"encoding": "audio/x-mulaw", "sampleRate": 8000,
                                                 "channels": 1}
        media = [m for m in messages if m["event"] == "media"]
        # 2 s of calling is about 100 frames of 20 ms (the first may wait for the audio to start).
        assert 80 <= len(media) <= 110, len(media)
        for index, message in enumerate(media):
            assert message["streamSid"] == sid
            assert message["sequenceNumber"] == str(index + 2)
            assert message["media"]["chunk"] == str(index + 1)
            assert message["media"]["timestamp"] == str(index * 20)
            assert message["media"]["track"] == "inbound"
            assert len(base64.b64decode(message["media"]["payload"])) == FRAME
        # Real time: 20 ms of audio per 20 ms of wall clock, give or take scheduling.
        times = [t for m, t in zip(hotline.received, hotline.times) if m["event"] == "media"]
        assert 0.75 <= (times[-1] - times[0]) / (20e-3 * (len(times) - 1)) <= 1.25
        # The fake microphone's 440 Hz tone, resampled to 8 kHz: loud, and still 440 Hz.
        ulaw = b"".join(base64.b64decode(m["media"]["payload"]) for m in media[-50:])
        pcm = memoryview(ulaw_to_pcm16(ulaw)).cast("h").tolist()
        rms = math.sqrt(sum(s * s for s in pcm) / len(pcm))
        assert rms > 1000, rms
        crossings = sum(1 for a, b in zip(pcm, pcm[1:]) if a < 0 <= b)
        assert abs(crossings / (len(pcm) / 8000) - TONE_HZ) < 15, crossings
        assert stat(page, "inputPeak") > 0.1
        page.click("#hangup")
        stop = hotline.wait_for(lambda m: m.get("event") == "stop")
        assert stop["streamSid"] == sid and stop["stop"]["callSid"] == start["start"]["callSid"]
        assert int(stop["sequenceNumber"]) == len(hotline.events()) - 1
        assert hotline.closed.wait(5)
        assert page.locator("#status").inner_text() == "Đã kết thúc cuộc gọi"
        assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()
        assert page.locator(".key").first.is_disabled()


def test_keypad_and_keyboard_send_dtmf_with_feedback(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        # Visual feedback: the key lights up ("pressed") for a moment, then goes back.
        page.evaluate("""() => { window.lit = [];
            new MutationObserver(changes => changes.forEach(c => {
                if (c.target.classList.contains('pressed')) window.lit.push(c.target.dataset.digit);
            })).observe(document.querySelector('.keypad'),
                        {subtree: true, attributes: true, attributeFilter: ['class']}); }""")
        page.click(".key[data-digit='5']")
        page.wait_for_function("() => window.lit.includes('5')")
        page.wait_for_function("() => !document.querySelector('.key.pressed')")
        page.click(".key[data-digit='*']")
        page.keyboard.press("0")
        page.keyboard.press("#")
        page.keyboard.press("a")  # not a key of the phone: nothing sent
        hotline.wait_for(lambda m: m.get("event") == "dtmf" and m["dtmf"]["digit"] == "#")
        dtmf = hotline.events("dtmf")
        assert [m["dtmf"]["digit"] for m in dtmf] == ["5", "*", "0", "#"]
        for message in dtmf:
            assert message["streamSid"] == sid and message["dtmf"]["track"] == "inbound_track"
            assert isinstance(message["sequenceNumber"], str)
        numbers = [int(m["sequenceNumber"]) for m in hotline.events() if "sequenceNumber" in m]
        assert numbers == list(range(1, len(numbers) + 1))  # one sequence for every message
        assert page.locator("#typed").inner_text() == "5*0#"
        page.wait_for_function("() => ['5', '*', '0', '#'].every(d => window.lit.includes(d))")
        assert stat(page, "digitsSent") == ["5", "*", "0", "#"]


def test_audio_plays_gaplessly_and_a_mark_comes_back_when_playback_reaches_it(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        time.sleep(0.3)
        assert stat(page, "outputPeak") < 0.001  # nothing to play yet: silence
        sent_at = time.monotonic()
        send_audio(hotline, 1.5, sid)
        hotline.send({"event": "mark", "streamSid": sid, "mark": {"name": "after-welcome"}})
        # What plays is the hotline's 300 Hz tone at 0.3 of full scale, upsampled.
        time.sleep(0.6)
        assert 0.25 <= stat(page, "outputPeak") <= 0.35, stat(page, "outputPeak")
        assert abs(stat(page, "outputHz") - 300) <= 20, stat(page, "outputHz")
        mark = hotline.wait_for(lambda m: m.get("event") == "mark")
        echoed_at = hotline.first_time(lambda m: m.get("event") == "mark")
        assert mark["mark"]["name"] == "after-welcome" and mark["streamSid"] == sid
        assert 1.3 <= echoed_at - sent_at <= 2.5, echoed_at - sent_at  # 1.5 s of audio played first
        played = stat(page, "samplesPlayed")
        assert 11_000 <= played <= 12_000 + 800, played  # 1.5 s at 8 kHz (+ stats lag)
        assert stat(page, "framesReceived") == 75
        assert stat(page, "marksEchoed") == ["after-welcome"]


def test_clear_drops_the_queue_and_echoes_its_marks_at_once(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        send_audio(hotline, 6.0, sid)
        hotline.send({"event": "mark", "streamSid": sid, "mark": {"name": "prompt-end"}})
        time.sleep(0.6)
        cleared_at = time.monotonic()
        hotline.send({"event": "clear", "streamSid": sid})
        hotline.wait_for(lambda m: m.get("event") == "mark")
        assert hotline.first_time(lambda m: m.get("event") == "mark") - cleared_at < 0.5
        time.sleep(0.3)
        assert stat(page, "samplesQueued") == 0
        assert stat(page, "samplesPlayed") < 2 * 8000  # far from the 6 s sent
        # Audio after a clear plays as usual.
        send_audio(hotline, 0.4, sid)
        hotline.send({"event": "mark", "streamSid": sid, "mark": {"name": "next"}})
        hotline.wait_for(lambda m: m.get("event") == "mark" and m["mark"]["name"] == "next")


def test_captions_show_when_their_audio_plays_and_stay_listed(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        hotline.send({"event": "caption", "streamSid": sid,
                      "caption": {"text": "Chào mừng bác đến với tổng đài Công Dân Số."}})
        send_audio(hotline, 1.2, sid)
        hotline.send({"event": "caption", "streamSid": sid,
                      "caption": {"text": "Bấm phím 1 để nghe hướng dẫn."}})
        send_audio(hotline, 0.5, sid)
        # Nothing was playing: the first caption shows at once; the second waits for its audio.
        page.wait_for_function("() => window.phone.captions.length === 1")
        time.sleep(0.4)
        assert stat(page, "captions") == ["Chào mừng bác đến với tổng đài Công Dân Số."]
        page.wait_for_function("() => window.phone.captions.length === 2", timeout=5000)
        assert stat(page, "samplesPlayed") >= 1.0 * 8000
        items = page.locator("#captions li")
        assert items.count() == 2
        assert items.nth(0).inner_text() == "Chào mừng bác đến với tổng đài Công Dân Số."
        assert items.nth(1).inner_text() == "Bấm phím 1 để nghe hướng dẫn."
        assert items.nth(1).get_attribute("class") == "current"
        assert items.nth(0).get_attribute("class") in ("", None)
        # A caption dropped by a clear was never said: not shown.
        send_audio(hotline, 3.0, sid)
        hotline.send({"event": "caption", "streamSid": sid, "caption": {"text": "Không bao giờ nói."}})
        hotline.send({"event": "clear", "streamSid": sid})
        time.sleep(0.5)
        assert items.count() == 2


def test_the_hotline_hanging_up_ends_the_call_after_its_last_words(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        send_audio(hotline, 1.0, sid)
        hotline.send({"event": "caption", "streamSid": sid, "caption": {"text": "Chào bác."}})
        send_audio(hotline, 0.6, sid)
        hotline.hang_up()
        page.wait_for_function("() => window.phone.state === 'ending'", timeout=5000)
        assert page.locator("#hangup").is_enabled() and page.locator(".key").first.is_disabled()
        page.wait_for_function("() => window.phone.state === 'ended'", timeout=5000)
        assert stat(page, "samplesPlayed") >= 12_000  # the goodbye was played, not cut off
        assert stat(page, "captions") == ["Chào bác."]  # its caption too, when its audio came
        frames_sent = stat(page, "framesSent")
        time.sleep(0.3)
        assert stat(page, "framesSent") == frames_sent  # the microphone is off
        assert page.locator("#status").inner_text() == "Đã kết thúc cuộc gọi"
        assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()
        # And the phone can call again.
        hotline.connected.clear()
        page.click("#call")
        assert hotline.connected.wait(5)
        page.wait_for_function("() => window.phone.state === 'in-call'")
        assert stat(page, "streamSid") != sid
        # A fresh start: the last call's captions and counters are gone.
        assert stat(page, "captions") == [] and page.locator("#captions li").count() == 0
        assert stat(page, "framesReceived") == 0


def test_a_dropped_connection_ends_the_call_and_says_so(browser, site, hotline):
    with phone_page(browser) as page:
        sid = start_call(page, site, hotline)
        send_audio(hotline, 3.0, sid)
        time.sleep(0.3)
        hotline.drop()
        # What had arrived still plays (about 2.7 s more), then the call ends.
        page.wait_for_function("() => window.phone.state === 'ending'", timeout=5000)
        assert page.locator("#status").inner_text() == "Mất kết nối với tổng đài. Cuộc gọi đã kết thúc."
        page.wait_for_function("() => window.phone.state === 'ended'", timeout=8000)
        assert stat(page, "samplesPlayed") >= 2.5 * 8000  # (stats lag up to 100 ms)
        assert page.locator("#status").inner_text() == "Mất kết nối với tổng đài. Cuộc gọi đã kết thúc."
        assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()


def test_an_unreachable_hotline_leaves_the_phone_usable(browser, site, hotline, monkeypatch):
    monkeypatch.setattr(views, "stream_url", lambda: "ws://127.0.0.1:9/phone/stream")
    with phone_page(browser, allowed_console_errors=("WebSocket connection",)) as page:
        page.goto(f"{site}/phone")
        page.click("#call")
        page.wait_for_function("() => window.phone.state === 'error'")
        assert page.locator("#status").inner_text().startswith("Không kết nối được tổng đài")
        assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()


def test_a_refused_microphone_is_said_and_the_keypad_still_calls(browser, site, hotline):
    with phone_page(browser) as page:
        page.add_init_script("navigator.mediaDevices.getUserMedia = () => Promise.reject("
                             "new DOMException('Permission denied', 'NotAllowedError'));")
        page.goto(f"{site}/phone")
        page.click("#call")
        page.wait_for_function("() => window.phone.state === 'in-call'")
        assert page.locator("#status").inner_text() == (
            "Không dùng được micrô: bác chưa cho phép trang này dùng micrô. "
            "Bác vẫn bấm phím để trả lời được.")
        assert hotline.connected.is_set()
        page.click(".key[data-digit='1']")
        hotline.wait_for(lambda m: m.get("event") == "dtmf" and m["dtmf"]["digit"] == "1")
        time.sleep(0.3)
        assert page.evaluate("() => window.phone.framesSent") == 0  # no microphone: no audio sent


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_every_button_is_on_screen_without_sideways_scrolling(browser, site, viewport):
    with phone_page(browser, viewport=viewport) as page:
        page.goto(f"{site}/phone")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
        for selector in ["#call", "#hangup", "#captions", *[f".key[data-digit='{d}']"
                                                            for d in "123456789*0#"]]:
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], selector
            assert box["y"] + box["height"] <= viewport["height"], selector  # no scrolling at all
            if selector != "#captions":
                assert box["height"] >= 48, selector  # big enough for a thumb


def test_the_g711_codec_matches_the_servers(browser, site):
    """The page's μ-law: decoding is audioop's exactly; encoding is the standard 16-bit encoder
    (ITU-T G.711, bias 0x84, clip 32635), which agrees with audioop's on every non-negative
    sample and is at most one code away on the others."""
    with phone_page(browser) as page:
        page.goto(f"{site}/phone")
        codes = page.evaluate("""async () => {
            const g711 = await import('/phone/static/g711.js');
            const decoded = Array.from({length: 256}, (_, c) => g711.decodeSample(c));
            const encoded = [];
            for (let x = -32768; x < 32768; x++) encoded.push(g711.encodeSample(x));
            return {decoded, encoded};
        }""")
    expected_decoded = memoryview(ulaw_to_pcm16(bytes(range(256)))).cast("h").tolist()
    assert codes["decoded"] == expected_decoded
    everything = b"".join(x.to_bytes(2, "little", signed=True) for x in range(-32768, 32768))
    expected = pcm16_to_ulaw(everything)
    assert codes["encoded"][32768:] == list(expected[32768:])
    assert codes["encoded"][32768] == 0xFF  # silence
    # Negative samples: audioop drops the two low bits first (floor, its 14-bit encoder), which
    # now and then lands on the neighbouring code of the same sign: one quantisation step.
    differing = [(x - 32768, mine, theirs) for x, (mine, theirs)
                 in enumerate(zip(codes["encoded"], expected)) if mine != theirs]
    assert all(abs(mine - theirs) == 1 and (mine ^ theirs) & 0x80 == 0
               for _, mine, theirs in differing), differing[:5]
    assert len(differing) < 0.01 * 65536, len(differing)


def test_a_stream_server_that_never_answers_is_said_after_ten_seconds(browser, site, monkeypatch):
    import socket

    with socket.socket() as full:  # accepts connections (the kernel's backlog) but never answers
        full.bind(("127.0.0.1", 0))
        full.listen(8)
        monkeypatch.setattr(views, "stream_url", lambda: f"ws://127.0.0.1:{full.getsockname()[1]}/phone/stream")
        with phone_page(browser, allowed_console_errors=("WebSocket connection",)) as page:
            page.goto(f"{site}/phone")
            page.click("#call")
            started = time.monotonic()
            page.wait_for_function("() => window.phone.state === 'error'", timeout=20_000)
            assert 9 <= time.monotonic() - started <= 15
            assert page.locator("#status").inner_text().startswith("Không kết nối được tổng đài")
            assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()
