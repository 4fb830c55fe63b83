"""speech.tts: espeak-ng for real, gTTS against a local stand-in for Google, engine choice."""
from __future__ import annotations

import base64
import json
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import gtts.tts
import pytest

from speech.tts import (EspeakSynthesizer, GttsSynthesizer, SynthesisFailed, TtsUnavailable,
                        choose_synthesizer)

TONE_SECONDS = 0.6


def test_espeak_speaks_vietnamese(espeak):
    audio = espeak.synthesize("Bác bấm phím một để nghe hướng dẫn.")
    assert espeak.name == "espeak-ng-vi"
    assert 1.0 < audio.duration_seconds < 5.0
    assert audio.rms > 0


def test_espeak_reads_text_that_looks_like_an_option(espeak):
    assert espeak.synthesize("--help").duration_seconds > 0.2


def test_espeak_refuses_empty_text(espeak):
    with pytest.raises(SynthesisFailed):
        espeak.synthesize("   ")


def test_missing_espeak_says_how_to_install():
    with pytest.raises(TtsUnavailable, match="apt-get install espeak-ng"):
        EspeakSynthesizer(executable="espeak-ng-not-installed")


# --- gTTS through a local HTTP server that answers like translate.google.com's batchexecute ---

@pytest.fixture(scope="module")
def mp3_tone() -> bytes:
    return subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={TONE_SECONDS}", "-ac", "1", "-ar", "24000",
         "-f", "mp3", "pipe:1"], check=True, capture_output=True).stdout


@pytest.fixture
def fake_google(mp3_tone, monkeypatch):
    """Serve batchexecute answers carrying ``mp3_tone``; yield the list of (path, text, lang) seen."""
    seen: list[tuple[str, str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _batchexecute_handler(mp3_tone, seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setattr(gtts.tts, "_translate_url", lambda tld="com", path="": base + path)
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # gTTS sends through the environment's proxies
    yield seen
    server.shutdown()
    server.server_close()
    thread.join()


def _batchexecute_handler(mp3: bytes, seen: list):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            rpc = json.loads(parse_qs(body)["f.req"][0])
            text, lang = json.loads(rpc[0][0][1])[:2]
            seen.append((self.path, text, lang))
            # The shape gTTS 2.5 parses (gtts/tts.py, stream()): a line with
            # jQ1olc","[\"<base64 mp3>\"]" inside Google's JSON envelope.
            payload = json.dumps([["wrb.fr", "jQ1olc", json.dumps([base64.b64encode(mp3).decode()]),
                                   None, None, None, "generic"]], separators=(",", ":"))
            answer = f")]}}'\n\n{len(payload)}\n{payload}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    return Handler


def test_gtts_posts_vietnamese_text_and_decodes_the_mp3(fake_google):
    audio = GttsSynthesizer(timeout=5).synthesize("Xin chào bác, đây là tổng đài Công Dân Số")

    assert fake_google == [("/_/TranslateWebserverUi/data/batchexecute",
                            "Xin chào bác, đây là tổng đài Công Dân Số", "vi")]
    assert audio.duration_seconds == pytest.approx(TONE_SECONDS, abs=0.1)


def test_gtts_joins_the_parts_of_a_long_text(fake_google):
    long_text = ("Bác mở ứng dụng VNeID trên điện thoại. Bác bấm vào ô số định danh cá nhân, "
                 "rồi nhập mười hai số trên căn cước công dân của bác, sau đó bấm nút tiếp tục.")
    audio = GttsSynthesizer(timeout=5).synthesize(long_text)

    assert len(fake_google) >= 2  # gTTS sends at most 100 characters per request
    assert all(lang == "vi" for _, _, lang in fake_google)
    assert audio.duration_seconds == pytest.approx(len(fake_google) * TONE_SECONDS, abs=0.2)


def test_gtts_failure_is_a_synthesis_error(monkeypatch):
    port = _closed_port()
    monkeypatch.setattr(gtts.tts, "_translate_url",
                        lambda tld="com", path="": f"http://127.0.0.1:{port}/{path}")
    with pytest.raises(SynthesisFailed, match="gTTS"):
        GttsSynthesizer(timeout=2).synthesize("Xin chào")


# --- choosing the engine ---

def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_auto_falls_back_to_espeak_when_google_is_unreachable():
    started = time.monotonic()
    voice = choose_synthesizer("auto", probe_timeout=2.0, probe_host="127.0.0.1",
                               probe_port=_closed_port())
    assert isinstance(voice, EspeakSynthesizer)
    assert time.monotonic() - started < 2.0


def test_auto_uses_gtts_when_the_probe_connects():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        voice = choose_synthesizer("auto", probe_timeout=2.0, probe_host="127.0.0.1",
                                   probe_port=listener.getsockname()[1])
    assert isinstance(voice, GttsSynthesizer)
    assert voice.name == "gtts-vi"


def test_auto_gives_up_on_a_probe_that_hangs():
    # 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the connect either hangs or fails.
    started = time.monotonic()
    voice = choose_synthesizer("auto", probe_timeout=0.5, probe_host="192.0.2.1", probe_port=443)
    assert isinstance(voice, EspeakSynthesizer)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("engine, kind", [("gtts", GttsSynthesizer), ("espeak", EspeakSynthesizer)])
def test_forced_engines_need_no_probe(engine, kind):
    voice = choose_synthesizer(engine, probe_host="127.0.0.1", probe_port=_closed_port())
    assert isinstance(voice, kind)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="auto, gtts, espeak"):
        choose_synthesizer("polly")
