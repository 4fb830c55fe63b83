"""Login, logout, sessions, roles, CSRF and login throttling, on SQLite and PostgreSQL."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, Report, User, db
from ivr.review.auth import hash_password
from tests.review.conftest import Reviewer, add_report, csrf_token

ADMIN_PAGES = ["/review/audit", "/review/export", "/review/warnings", "/review/warnings/new"]


def audit_actions(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(e.actor, e.action, e.target) for e in
                db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def review_urls(app, report_id: int) -> list[tuple[str, str]]:
    """Every (method, url) of the blueprint but the login page and the stylesheet."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/review") or rule.endpoint in ("review.login", "review.static"):
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule.replace("<int:report_id>", str(report_id)))
        url = re.sub(r"<any\(([\w]+)[^>]*>", r"\1", url)  # "<any(verify, …):change>": its first
        urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def test_anonymous_users_are_sent_to_login_from_every_page_and_recording(app, client, users):
    report_id = add_report(app)
    urls = review_urls(app, report_id)
    assert ("GET", f"/review/reports/{report_id}/audio") in urls and len(urls) >= 15
    for method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/review/login?next="), (method, url)


def test_login_page_is_vietnamese_and_login_goes_to_the_queue(app, users, reviewer):
    page = reviewer.client.get("/review/login").get_data(as_text=True)
    assert 'lang="vi"' in page and "Tên đăng nhập" in page and "Mật khẩu" in page
    response = reviewer.login("lan")
    assert response.status_code == 302 and response.headers["Location"] == "/review/"
    assert "Báo cáo lừa đảo" in reviewer.client.get("/review/").get_data(as_text=True)
    assert ("lan", "login", f"user:{users['lan']}") in audit_actions(app)
    with app.app_context():
        assert db.session.scalar(sa.select(User.last_login_at).filter_by(username="lan")) is not None


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(app, reviewer):
    report_id = add_report(app)
    page = reviewer.client.get("/review/login")
    token = csrf_token(page.get_data(as_text=True))
    for next_url, expected in ((f"/review/reports/{report_id}", f"/review/reports/{report_id}"),
                               ("https://evil.example/review/", "/review/"),
                               ("//evil.example/review/", "/review/"), ("/voice/incoming", "/review/")):
        response = reviewer.client.post("/review/login", query_string={"next": next_url}, data={
            "username": "lan", "password": "volunteer-password-1", "csrf_token": token})
        assert response.headers["Location"] == expected, next_url
        token = reviewer.token()


@pytest.mark.parametrize("username, password", [
    ("lan", "wrong-password"), ("nobody", "volunteer-password-1"), ("LAN", "volunteer-password-1")])
def test_wrong_credentials_show_one_vietnamese_message(app, reviewer, username, password):
    response = reviewer.login(username, password)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert reviewer.client.get("/review/").status_code == 302
    assert ("anonymous", "login_failed", "login") in audit_actions(app)


def test_inactive_users_cannot_log_in_and_lose_their_session(app, volunteer):
    with app.app_context():
        db.session.execute(sa.update(User).filter_by(username="lan").values(active=False))
        db.session.commit()
    assert volunteer.client.get("/review/").status_code == 302
    assert volunteer.login("lan").status_code == 200


def test_a_password_reset_ends_open_sessions(app, volunteer):
    assert volunteer.client.get("/review/").status_code == 200
    with app.app_context():
        user = db.session.scalar(sa.select(User).filter_by(username="lan"))
        user.password_hash = hash_password("a-brand-new-password")
        db.session.commit()
    assert volunteer.client.get("/review/").status_code == 302


def test_sessions_end_after_twelve_hours(app, volunteer):
    with volunteer.client.session_transaction() as session:
        session["review_login_at"] -= 12 * 3600 + 1
    response = volunteer.client.get("/review/")
    assert response.status_code == 302 and "/review/login" in response.headers["Location"]


def test_logout_needs_a_post_with_token(app, volunteer):
    assert volunteer.client.get("/review/logout").status_code == 405
    assert volunteer.client.post("/review/logout").status_code == 400  # no token
    assert volunteer.client.get("/review/").status_code == 200
    response = volunteer.post("/review/logout")
    assert response.status_code == 302 and volunteer.client.get("/review/").status_code == 302
    assert any(action == "logout" for _, action, _ in audit_actions(app))


def test_posts_without_a_valid_csrf_token_are_refused(app, volunteer):
    report_id = add_report(app)
    url = f"/review/reports/{report_id}/content"
    for data in ({"notes": "x"}, {"notes": "x", "csrf_token": "forged"}):
        response = volunteer.client.post(url, data=data)
        assert response.status_code == 400
        assert "Biểu mẫu thiếu mã bảo vệ hoặc đã hết hạn" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Report, report_id).notes is None
    login = Reviewer(app.test_client()).client.post("/review/login", data={
        "username": "lan", "password": "volunteer-password-1"})
    assert login.status_code == 400


def test_twilio_webhooks_are_not_asked_for_a_csrf_token(call):
    assert call().start().status == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_volunteers_get_a_vietnamese_403_on_admin_pages(app, volunteer, url):
    response = volunteer.client.get(url)
    assert response.status_code == 403
    assert "chỉ dành cho quản trị viên" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admins_reach_admin_pages(app, admin, url):
    assert admin.client.get(url).status_code == 200


def test_unknown_reports_get_a_vietnamese_404(app, volunteer):
    for url in ("/review/reports/999", "/review/reports/999/audio"):
        response = volunteer.client.get(url)
        assert response.status_code == 404 and "Không tìm thấy" in response.get_data(as_text=True)


def test_cookies_are_httponly_and_samesite_lax(app, reviewer):
    response = reviewer.login("lan")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    from config import load_config
    for name, value in {"TWILIO_AUTH_TOKEN": "t", "SECRET_KEY": "s",
                        "PUBLIC_BASE_URL": "https://hotline.example.vn"}.items():
        monkeypatch.setenv(name, value)
    config = load_config(tmp_path, "production")
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    assert config.SESSION_COOKIE_SAMESITE == "Lax" and config.SESSION_COOKIE_HTTPONLY


def test_pages_carry_security_headers(app, volunteer):
    headers = volunteer.client.get("/review/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "private, no-store"


def _fail(client, username: str, ip: str):
    page = client.get("/review/login", environ_base={"REMOTE_ADDR": ip})
    return client.post("/review/login", environ_base={"REMOTE_ADDR": ip}, data={
        "username": username, "password": "wrong-password",
        "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_five_failures_from_one_address_hold_only_that_name_from_there(app, reviewer):
    """The office behind one proxy address: one volunteer mistyping locks out neither the other
    volunteers nor the admin there (before: every name from that address got 429)."""
    for _ in range(5):
        assert _fail(reviewer.client, "lan", "10.0.0.1").status_code == 200
    refused = _fail(reviewer.client, "lan", "10.0.0.1")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Quá nhiều lần đăng nhập sai" in refused.get_data(as_text=True)
    assert _fail(reviewer.client, "minh", "10.0.0.1").status_code == 200
    for name in ("minh", "admin"):
        client = Reviewer(app.test_client())
        assert client.login(name, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 302, name
    # The right password of the held name waits too: the guesser might have it.
    assert reviewer.login("lan", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 429


def test_failed_logins_are_throttled_per_user_name_across_ips(app, reviewer):
    for n in range(5):
        assert _fail(reviewer.client, "lan", f"10.0.1.{n}").status_code == 200
    assert _fail(reviewer.client, " LAN ", "10.0.2.1").status_code == 429
    assert _fail(reviewer.client, "minh", "10.0.2.1").status_code == 200


def test_successful_logins_are_not_counted(app, users):
    for _ in range(7):
        assert Reviewer(app.test_client()).login("lan").status_code == 302


def test_the_login_limit_is_a_setting(database_url, tmp_path):
    from tests.conftest import make_app
    from tests.review.conftest import add_users
    app = make_app(database_url, tmp_path, REVIEW_LOGIN_LIMIT="2 per minute",
                   JOBS_DB=str(tmp_path / "jobs.sqlite3"))
    add_users(app)
    client = app.test_client()
    assert [_fail(client, "lan", "10.9.9.9").status_code for _ in range(3)] == [200, 200, 429]
    with app.app_context():
        db.engine.dispose()


def test_throttling_falls_back_to_memory_when_redis_is_down(database_url, tmp_path):
    from tests.conftest import make_app
    from tests.review.conftest import add_users
    # Port 1 on loopback: connection refused at once.
    app = make_app(database_url, tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                   JOBS_DB=str(tmp_path / "jobs.sqlite3"))
    add_users(app)
    client = app.test_client()
    assert [_fail(client, "lan", "10.9.9.8").status_code for _ in range(6)] == [200] * 5 + [429]
    assert Reviewer(app.test_client()).login("minh").status_code == 302
    with app.app_context():
        db.engine.dispose()


def test_flash_and_error_text_is_escaped(app, reviewer):
    response = reviewer.login("<b>x</b>", "nope")
    assert "<b>x</b>" not in response.get_data(as_text=True)
    assert re.search(r'value="&lt;b&gt;x&lt;/b&gt;"', response.get_data(as_text=True))
