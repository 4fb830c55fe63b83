"""End to end: the browser phone in Debian's chromium calls the real app (``/phone/stream``,
flask-sock on werkzeug's threaded server, :mod:`ivr.voice.streams`), hears the welcome with its
captions, walks into a tutorial with the keypad, and answers a question by voice from the fake
microphone (``SPEECH_INPUT=stream`` with the Korean stand-in model: saying "네" chooses 1).
"""
from __future__ import annotations

import time

import pytest

from ivr.models import Call, db
from tests.review.conftest import PASSWORDS, add_users
from tests.phone.conftest import chromium_hearing, ending_websockets, phone_page, write_tone
from tests.serving import served
from tests.speech_recognition.conftest import YES_NO_MENU, Voice, korean_model_path, write_korean_flow

pytestmark = pytest.mark.browser


@pytest.fixture
def serve_app(sqlite_apps):
    """``serve_app(**settings)``: a testing app on SQLite (served by each test)."""
    return sqlite_apps


def captions(page) -> list[str]:
    return page.evaluate("() => window.phone.captions.slice()")


def wait_for_caption(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function("text => window.phone.captions.includes(text)", arg=text, timeout=timeout)


def test_welcome_captions_and_keys_walk_into_a_tutorial(playwright_driver, serve_app, tmp_path):
    app = serve_app()
    assert app.config["SPEECH_MODE"] == "off"  # keys only: the microphone's hum answers nothing
    mic = write_tone(tmp_path / "hum.wav", hz=50, amplitude=0.01)
    with chromium_hearing(playwright_driver, mic) as browser, served(ending_websockets(app)) as url, \
            phone_page(browser) as page:
        page.goto(f"{url}/phone")
        page.click("#call")
        wait_for_caption(page, "Công Dân Số xin chào bác.", timeout=15_000)
        page.wait_for_function("() => window.phone.framesReceived > 25"
                               " && window.phone.samplesPlayed > 4000")
        assert page.locator("#captions li.current").inner_text() == captions(page)[-1]
        # Keys barge in (the hotline clears what is still queued) and answer the main menu.
        page.click(".key[data-digit='1']")
        wait_for_caption(page, "Hướng dẫn.")
        wait_for_caption(page, "Bấm 1: cài ứng dụng.")
        page.keyboard.press("1")
        page.wait_for_function("() => window.phone.captions.some("
                               "c => c.includes('Bài này giúp bác cài ứng dụng.'))", timeout=30_000)
        assert page.evaluate("() => window.phone.digitsSent") == ["1", "1"]
        assert page.evaluate("() => window.phone.marksEchoed.length") >= 1  # marks went back
        assert page.evaluate("() => window.phone.framesSent") > 50  # the microphone streamed
        time.sleep(0.5)
        with app.app_context():
            calls = db.session.scalars(db.select(Call)).all()
            assert len(calls) == 1
            call_sid = calls[0].call_sid
        page.click("#hangup")
        assert page.locator("#status").inner_text() == "Đã kết thúc cuộc gọi"
        assert page.locator("#call").is_enabled()
    assert call_sid.startswith("CA")


@pytest.fixture
def korean_prompts(tmp_path):
    """A tiny menu whose options are Korean words (the stand-in model knows no Vietnamese): "네"
    (yes) chooses 1, "아니요" (no) chooses 2."""
    return write_korean_flow(tmp_path / "prompts", YES_NO_MENU)


def test_a_spoken_answer_from_the_microphone_is_understood(playwright_driver, serve_app,
                                                            korean_prompts, tmp_path):
    app = serve_app(SPEECH_INPUT="stream", VOSK_MODEL_PATH=str(korean_model_path()),
                    PROMPTS_DIR=str(korean_prompts))
    # "네" after 1.5 s of silence, then 2 s of silence; chromium loops the file.
    (tmp_path / "voice").mkdir()
    yes = Voice(tmp_path / "voice").wav("네", rate=48000, lead=1.5, tail=2.0)
    with chromium_hearing(playwright_driver, yes) as browser, served(ending_websockets(app)) as url, \
            phone_page(browser) as page:
        page.goto(f"{url}/phone")
        page.click("#call")
        wait_for_caption(page, "Công Dân Số xin chào bác.", timeout=15_000)
        assert page.locator("#status").inner_text() == "Đang nghe… Bác có thể nói hoặc bấm phím."
        # "네" 1.5 s into the call barges into the welcome (the hotline clears it: captions of
        # what was dropped are never shown) and answers the main menu: option 1.
        wait_for_caption(page, "Bác đã chọn một.", timeout=30_000)
        # The goodbye plays, its mark goes back, the hotline closes the stream: the call is over.
        page.wait_for_function("() => window.phone.state === 'ended'", timeout=30_000)
        assert page.locator("#status").inner_text() == "Đã kết thúc cuộc gọi"
        assert page.locator("#call").is_enabled() and page.locator("#hangup").is_disabled()
        assert page.evaluate("() => window.phone.digitsSent") == []  # no key was pressed
        assert "Bác đã chọn hai." not in captions(page)


def test_behind_the_dashboard_login_the_phone_calls_with_the_volunteers_session(
        playwright_driver, serve_app, tmp_path):
    """``PHONE_PAGE=login``: the page sends strangers to the dashboard's login; once logged in,
    the page and its stream (the session cookie goes with the WebSocket upgrade) both work."""
    app = serve_app(PHONE_PAGE="login")
    add_users(app)
    mic = write_tone(tmp_path / "hum.wav", hz=50, amplitude=0.01)
    with chromium_hearing(playwright_driver, mic) as browser, served(ending_websockets(app)) as url, \
            phone_page(browser) as page:
        page.goto(f"{url}/phone")
        assert "/review/login" in page.url
        page.fill("#username", "lan")
        page.fill("#password", PASSWORDS["lan"])
        with page.expect_navigation():
            page.click("button[type=submit] >> text=Đăng nhập")
        page.goto(f"{url}/phone")
        assert page.url == f"{url}/phone"
        page.click("#call")
        wait_for_caption(page, "Công Dân Số xin chào bác.", timeout=15_000)
        page.click("#hangup")
        assert page.locator("#status").inner_text() == "Đã kết thúc cuộc gọi"
