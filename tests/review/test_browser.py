"""End-to-end: Debian's chromium, driven by Playwright, against the app served by a real HTTP server
on a local port (SQLite), with a real 8 kHz WAV made by espeak-ng and ffmpeg as the recording.

Needs ``/usr/bin/chromium`` (``apt-get install chromium``); never runs ``playwright install``.
"""
from __future__ import annotations

import http.client
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr import work
from ivr.models import AuditEntry, Report, ReportConfirmation, User, db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.conftest import make_app
from tests.serving import served
from tests.review.conftest import PASSWORDS, WorkLog, add_report, add_users

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@dataclass
class Site:
    """The served app: its base URL, the app (for database checks) and the seeded report ids."""

    url: str
    app: object
    report: int
    other: int

    def report_row(self, report_id: int) -> Report:
        with self.app.app_context():
            row = db.session.get(Report, report_id)
            db.session.expunge_all()
            return row

    def actions(self) -> list[str]:
        with self.app.app_context():
            return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def site(tmp_path, spoken_wav):
    """The app on a fresh SQLite database, served on a free local port by werkzeug in a thread."""
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path,
                   RECORDINGS_DIR=str(tmp_path / "recordings"), JOBS_DB=str(tmp_path / "jobs.sqlite3"))
    app.extensions[work.EXTENSION] = WorkLog()
    add_users(app)
    (tmp_path / "recordings").mkdir()
    shutil.copy(spoken_wav, tmp_path / "recordings" / "call.wav")
    report = add_report(app, audio_path="call.wav", recording_seconds=6, notes=None)
    other = add_report(app, status="confirmed", category="bank", audio_state="fetching", audio_path=None)
    with served(app) as url:
        yield Site(url, app, report, other)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors  # no script error on any page


def log_in(page, site: Site, username: str, password: str | None = None):
    page.goto(f"{site.url}/review/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username] if password is None else password)
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Đăng nhập")


def submit(page, form_selector: str):
    """Click the form's submit button; return the HTTP response of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.click(f"{form_selector} button[type=submit]")
    return navigation.value


def test_opening_a_report_audits_open_and_pressing_play_audits_one_listen(page, site):
    """Issue 10: "listen" means a person pressed play. Opening the page (and waiting, as a
    preloading player would have fetched by then) writes "open" only; play writes one "listen",
    however many range requests the playback and a seek make."""
    log_in(page, site, "lan")
    audio_requests = []
    page.on("request", lambda request: audio_requests.append(request.url)
            if "/audio" in request.url else None)
    page.goto(f"{site.url}/review/reports/{site.report}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert site.actions().count("open") == 1 and "listen" not in site.actions()
    assert audio_requests == []  # the page fetched no audio at all
    page.click("#play")
    page.wait_for_function("() => { const a = document.querySelector('audio#recording');"
                           " return a.duration > 0 && a.currentTime > 0.3; }")
    audio = page.locator("audio#recording")
    assert audio.evaluate("a => !a.paused")
    audio.evaluate("a => new Promise(done => { a.addEventListener('seeked', done, {once: true});"
                   " a.currentTime = a.duration / 2; })")
    page.wait_for_timeout(300)
    assert len(audio_requests) >= 1
    assert site.actions().count("listen") == 1 and site.actions().count("open") == 1
    assert page.locator("#listen-form").is_hidden()


def test_without_script_the_play_button_still_plays_and_audits(browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    assert "listen" not in site.actions()
    with page.expect_response(lambda r: "/audio?t=" in r.url) as played:
        page.click("#play")
    assert played.value.status in (200, 206)
    assert site.actions().count("listen") == 1
    context.close()


def test_a_volunteer_logs_in_listens_and_reviews_a_report(page, site):
    log_in(page, site, "lan")
    assert urlsplit(page.url).path == "/review/"
    page.click(f"a[href='/review/reports/{site.report}']")
    audio = page.locator("audio#recording")
    page.click("#play")
    page.wait_for_function("() => document.querySelector('audio#recording').duration > 0")
    duration = audio.evaluate("a => a.duration")
    assert 3 < duration < 15  # espeak-ng's sentence, a few seconds long
    page.click("button.speed[data-rate='1.5']")
    assert audio.evaluate("a => a.playbackRate") == 1.5
    assert page.get_attribute("button.speed[data-rate='1.5']", "aria-pressed") == "true"
    # Seeking needs Range requests: the browser asks for bytes past the start and gets them.
    audio.evaluate("a => new Promise(done => { a.addEventListener('seeked', done, {once: true});"
                   " a.currentTime = a.duration / 2; })")
    assert abs(audio.evaluate("a => a.currentTime") - duration / 2) < 0.5

    page.select_option("#status", "in_review")
    submit(page, "#status-form")
    assert "Đã chuyển sang: Đang xem xét." in page.inner_text("main")
    page.select_option("#status", "confirmed")
    submit(page, "#status-form")
    page.select_option("#category", "police")
    submit(page, "#content-form")
    assert "Đã lưu nội dung." in page.inner_text("main")
    saved = site.report_row(site.report)
    assert (saved.status, saved.category) == ("confirmed", "police") and saved.reviewed_at
    assert {"login", "open", "listen", "status", "edit"} <= set(site.actions())


def test_an_admin_exports_csv_with_a_bom_and_a_vietnamese_header(page, site, tmp_path):
    log_in(page, site, "admin")
    page.click("nav >> text=Xuất CSV")
    with page.expect_download() as download_info:
        page.click("#export-form button[type=submit]")
    download = download_info.value
    assert download.suggested_filename.startswith("bao-cao-lua-dao-")
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã báo cáo,Thời gian báo cáo,Số điện thoại bị báo cáo")
    assert len(text.splitlines()) == 2 and "Giả danh ngân hàng" in text
    assert "export" in site.actions()


def test_an_admin_reveals_the_callers_number(page, site):
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/reports/{site.report}")
    assert page.inner_text("#caller-number") == "09•• ••• 678"
    with page.expect_navigation():
        page.click("#reveal")
    assert page.inner_text("#caller-number") == "0912 345 678"
    assert "reveal" in site.actions()


def test_a_volunteer_cannot_export_reveal_or_read_the_audit_log(page, site):
    log_in(page, site, "lan")
    nav = page.inner_text("header")
    assert "Xuất CSV" not in nav and "Nhật ký" not in nav and "Cảnh báo" not in nav
    for path in ("/review/export", "/review/audit", "/review/warnings"):
        response = page.goto(site.url + path)
        assert response.status == 403 and "chỉ dành cho quản trị viên" in page.inner_text("main")
    page.goto(f"{site.url}/review/reports/{site.report}")
    assert page.locator("#reveal").count() == 0 and "09•• ••• 678" in page.inner_text("main")
    # Forged requests with a valid token still fail: the role is checked on the server.
    statuses = page.evaluate("""async (urls) => {
        const token = document.querySelector("input[name=csrf_token]").value;
        const out = [];
        for (const url of urls) {
            const body = new URLSearchParams({csrf_token: token});
            out.push((await fetch(url, {method: "POST", body})).status);
        }
        return out;
    }""", [f"/review/reports/{site.report}/reveal", "/review/export"])
    assert statuses == [403, 403]
    assert "reveal" not in site.actions() and "export" not in site.actions()


def test_anonymous_users_are_sent_to_login_from_every_page_and_recording(page, site):
    paths = ["/review/", f"/review/reports/{site.report}", f"/review/reports/{site.report}/audio",
             "/review/audit", "/review/export", "/review/warnings", "/review/warnings/new",
             f"/review/reports/{site.other}"]
    for path in paths:
        response = page.goto(site.url + path)
        assert urlsplit(page.url).path == "/review/login", path
        assert response.status == 200 and "Vui lòng đăng nhập để tiếp tục." in page.inner_text("main")
    assert "listen" not in site.actions() and "open" not in site.actions()


def test_a_form_posted_without_its_csrf_token_is_refused(page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    page.evaluate("document.querySelector('#content-form input[name=csrf_token]').remove()")
    page.fill("#notes", "Ghi chú không được lưu")
    response = submit(page, "#content-form")
    assert response.status == 400
    assert "Biểu mẫu thiếu mã bảo vệ hoặc đã hết hạn" in page.inner_text("main")
    assert site.report_row(site.report).notes is None


XSS = ('<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
       '<b id="injected">đậm</b>"><svg onload="window.__xss = 3">')


def test_script_and_html_typed_into_notes_are_shown_as_text(page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    page.fill("#notes", XSS)
    submit(page, "#content-form")
    assert page.input_value("#notes") == XSS
    page.goto(f"{site.url}/review/")
    assert "<b id=\"injected\">đậm</b>" in page.inner_text("main")  # shown, as text
    for url in (f"{site.url}/review/reports/{site.report}", f"{site.url}/review/"):
        page.goto(url)
        assert page.evaluate("window.__xss") is None
        assert page.locator("#injected").count() == 0 and page.locator("main svg").count() == 0
    assert site.report_row(site.report).notes == XSS


def test_a_recording_url_with_dot_dot_is_refused(page, site, tmp_path):
    (tmp_path / "secret.wav").write_bytes(b"RIFF-secret")
    log_in(page, site, "lan")
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "session")
    base = f"/review/reports/{site.report}/audio"
    # Sent as-is on the wire: a browser would resolve the dots before sending.
    for path in (f"{base}/../../../../secret.wav", f"{base}/..%2F..%2F..%2Fsecret.wav",
                 f"/review/reports/{site.report}/../../../secret.wav"):
        connection = http.client.HTTPConnection("127.0.0.1", urlsplit(site.url).port, timeout=10)
        connection.request("GET", path, headers={"Cookie": f"session={cookie}"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404 and b"secret" not in body, path
    # And as a browser sends it, after resolving the dots itself.
    response = page.goto(f"{site.url}{base}/%2e%2e/%2e%2e/%2e%2e/secret.wav")
    assert response.status == 404 and "secret" not in page.content()


def test_login_throttling_kicks_in_after_five_failures(page, site):
    for _ in range(5):
        log_in(page, site, "lan", "mat-khau-sai")
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.inner_text("main")
    page.fill("#username", "lan")
    page.fill("#password", PASSWORDS["lan"])
    response = submit(page, "form")
    assert response.status == 429
    assert "Quá nhiều lần đăng nhập sai" in page.inner_text("main")
    assert urlsplit(page.url).path == "/review/login"


def test_pages_fit_a_phone_screen(page, site, tmp_path):
    """No sideways scrolling at 390 px and large type; screenshots go to ``$REVIEW_SCREENSHOTS``
    (default: the test's tmp folder) for a person to look at."""
    folder = Path(os.environ.get("REVIEW_SCREENSHOTS") or tmp_path)
    log_in(page, site, "admin")
    for name, path in (("queue", "/review/"), ("report", f"/review/reports/{site.report}"),
                       ("fetching", f"/review/reports/{site.other}"), ("audit", "/review/audit")):
        page.goto(site.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways: {width}px"
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
        page.screenshot(path=str(folder / f"review-{name}.png"), full_page=True)
    page.goto(f"{site.url}/review/reports/{site.other}")
    assert "Đang tải bản ghi từ Twilio" in page.inner_text("main")
    assert "api.twilio.com" in page.inner_text("main")  # admins see where it comes from


# --- issue 11, lane verdicts: the two-person rule, end to end. The served site has two reports about
# 0987 654 321: ``site.report`` (new) and ``site.other`` (confirmed, nobody's confirmation recorded);
# what a caller hears is checked through the signed webhooks of the same app and database.

FOUND, NOT_FOUND = "check_number_result.found1", "check_number_result.not_found1"


def phone_answer(site: Site) -> str:
    """The first prompt a caller hears after checking 0987 654 321 by phone (signed webhooks)."""
    simulator = CallSimulator(FlaskTransport(site.app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                              caller="+84933000111",
                              describe=prompt_describer(site.app.extensions["hotline.flow"]))
    simulator.start()
    simulator.press("4")
    return simulator.press("0987654321#").prompt_ids[0]


def confirm_as(site: Site, report_id: int, *names: str) -> None:
    with site.app.app_context():
        for name in names:
            user = db.session.scalar(db.select(User).where(User.username == name))
            db.session.add(ReportConfirmation(report_id=report_id, user_id=user.id))
        db.session.commit()


def other_user_page(browser, site: Site, name: str):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(15_000)
    second = context.new_page()
    log_in(second, site, name)
    return context, second


def test_one_volunteers_confirmation_does_not_flag_the_number_and_a_second_users_does(browser, page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    page.select_option("#status", "in_review")
    submit(page, "#status-form")
    page.select_option("#status", "confirmed")
    submit(page, "#status-form")
    assert page.inner_text("#verdict") == "Cần thêm một người xác nhận"
    assert page.inner_text("#confirmers") == "lan" and page.locator("#confirm-form").count() == 0
    assert phone_answer(site) == NOT_FOUND  # one volunteer's click scares nobody

    context, second = other_user_page(browser, site, "minh")
    second.goto(f"{site.url}/review/reports/{site.report}")
    submit(second, "#confirm-form")
    assert second.inner_text("#verdict") == "Đang cảnh báo cho người gọi"
    assert second.inner_text("#confirmers") == "lan, minh"
    assert "Đã ghi nhận xác nhận của bạn." in second.inner_text("main")
    context.close()
    assert phone_answer(site) == FOUND  # from the next call on
    assert site.actions().count("confirm") == 1


def test_repeated_clicks_on_the_status_button_never_move_a_report(page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    assert page.input_value("#status") == "new"  # the form starts on the current status
    for _ in range(3):
        submit(page, "#status-form")
        assert "Trạng thái không đổi" in page.inner_text("main")
    assert site.report_row(site.report).status == "new"
    page.select_option("#status", "in_review")
    for _ in range(3):
        submit(page, "#status-form")
    assert site.report_row(site.report).status == "in_review"
    assert page.input_value("#status") == "in_review"
    assert site.actions().count("status") == 1


def test_an_admins_revert_with_a_reason_takes_the_number_off_the_phone_at_once(page, site):
    confirm_as(site, site.other, "lan", "minh")
    assert phone_answer(site) == FOUND
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/reports/{site.other}")
    assert page.inner_text("#verdict") == "Đang cảnh báo cho người gọi"
    page.click("#revert-form button[type=submit]")  # no reason: the browser keeps the form
    assert site.report_row(site.other).status == "confirmed"
    page.fill("#revert-reason", "Số thật của ngân hàng, báo nhầm.")
    submit(page, "#revert-form")
    assert "Đã hoàn tác về: Đang xem xét." in page.inner_text("main")
    assert page.inner_text("#verdict") == "Chưa cảnh báo cho người gọi"
    assert site.report_row(site.other).status == "in_review"
    assert phone_answer(site) == NOT_FOUND
    assert "revert" in site.actions()


def test_escalation_needs_its_confirmation_step(page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.other}")
    page.select_option("#status", "escalated")
    submit(page, "#status-form")
    assert "hãy đánh dấu ô xác nhận" in page.inner_text("main")
    assert site.report_row(site.other).status == "confirmed"
    page.select_option("#status", "escalated")
    page.check("#confirm_final")
    submit(page, "#status-form")
    assert "Đã chuyển sang: Đã chuyển cơ quan chức năng." in page.inner_text("main")
    assert site.report_row(site.other).status == "escalated"
    assert page.locator("#status-form").count() == 0  # final for volunteers
# --- end issue 11 verdicts
