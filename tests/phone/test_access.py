"""Who may open the browser phone (``PHONE_PAGE``: open, login, off) and what the page carries."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app import create_app
from config import ConfigError, load_config
from ivr.models import db
from tests.conftest import ROOT
from tests.review.conftest import PASSWORDS, Reviewer, add_users


@pytest.fixture
def phone_app(sqlite_apps):
    """A testing app on SQLite; ``phone_app(PHONE_PAGE=...)`` for another setting."""
    return sqlite_apps


def test_open_page_has_the_phone_and_the_stream_url(phone_app):
    app = phone_app()
    assert app.config["PHONE_PAGE"] == "open"  # testing's default, as development's
    response = app.test_client().get("/phone")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="vi"' in html and "Gọi tổng đài" in html and "Kết thúc" in html
    assert "Tổng đài nói:" in html and 'aria-live="polite"' in html
    digits = re.findall(r'data-digit="([^"]+)"', html)
    assert digits == list("123456789*0#")
    url = re.search(r'data-stream-url="([^"]+)"', html).group(1)
    assert url.startswith("ws://localhost") and url.endswith("/phone/stream")
    # Scripts only from this site (no inline script, no CDN); the stream's origin may be connected to.
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self' ws://localhost;" in policy
    assert "<script>" not in html and "http" not in re.sub(r'data-stream-url="[^"]+"', "", html)


def test_https_page_calls_a_wss_stream(phone_app):
    response = phone_app().test_client().get("/phone", base_url="https://hotline.example.vn")
    assert 'data-stream-url="wss://hotline.example.vn/phone/stream"' in response.get_data(as_text=True)


def test_scripts_and_style_are_served_as_such(phone_app):
    client = phone_app().test_client()
    for name, kind in (("phone.js", "text/javascript"), ("phone-worklet.js", "text/javascript"),
                       ("g711.js", "text/javascript"), ("phone.css", "text/css")):
        response = client.get(f"/phone/static/{name}")
        assert response.status_code == 200 and response.mimetype == kind, name
        response.close()


def test_off_answers_404_in_vietnamese_for_the_page_and_its_files(phone_app):
    client = phone_app(PHONE_PAGE="off").test_client()
    response = client.get("/phone")
    assert response.status_code == 404 and "Không tìm thấy" in response.get_data(as_text=True)
    assert client.get("/phone/static/phone.js").status_code == 404


def test_login_sends_strangers_to_the_dashboard_login_and_lets_volunteers_in(phone_app):
    app = phone_app(PHONE_PAGE="login")
    add_users(app)
    client = app.test_client()
    response = client.get("/phone")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/review/login")
    assert client.get("/phone/static/phone.js").status_code == 302
    assert Reviewer(client).login("lan").status_code == 302
    response = client.get("/phone")
    assert response.status_code == 200 and "Gọi tổng đài" in response.get_data(as_text=True)


def test_a_wrong_password_does_not_open_the_phone(phone_app):
    app = phone_app(PHONE_PAGE="login")
    add_users(app)
    client = app.test_client()
    Reviewer(client).login("lan", password=PASSWORDS["minh"])
    assert client.get("/phone").status_code == 302


def test_an_expired_dashboard_session_closes_the_phone_too(phone_app):
    app = phone_app(PHONE_PAGE="login")
    add_users(app)
    client = app.test_client()
    Reviewer(client).login("lan")
    with client.session_transaction() as session:
        session["review_login_at"] -= 13 * 3600  # ivr.review.auth.SESSION_HOURS is 12
    assert client.get("/phone").status_code == 302


def _production_env(monkeypatch, **extra):
    for name, value in {"TWILIO_AUTH_TOKEN": "t", "SECRET_KEY": "s",
                        "PUBLIC_BASE_URL": "https://hotline.example.vn",
                        "ALLOW_SQLITE_IN_PRODUCTION": "1", "TWILIO_ACCOUNT_SID": "AC1",
                        **extra}.items():
        monkeypatch.setenv(name, value)


def test_production_defaults_to_login(tmp_path, monkeypatch):
    _production_env(monkeypatch)
    assert load_config(tmp_path, "production").PHONE_PAGE == "login"
    assert load_config(tmp_path, "development").PHONE_PAGE == "open"
    assert load_config(tmp_path, "testing").PHONE_PAGE == "open"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                      "AUDIO_DIR": str(tmp_path / "audio"), "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
                      "SPOOL_DIR": str(tmp_path / "spool"),
                      "RECORDINGS_DIR": str(tmp_path / "recordings")}, env_name="production")
    try:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        response = app.test_client().get("/phone", base_url="https://hotline.example.vn")
        assert response.status_code == 302
        assert "/review/login" in response.headers["Location"]
    finally:
        with app.app_context():
            db.engine.dispose()


def test_production_may_open_it_on_purpose(tmp_path, monkeypatch):
    _production_env(monkeypatch, PHONE_PAGE="open")
    assert load_config(tmp_path, "production").PHONE_PAGE == "open"


@pytest.mark.parametrize("value", ["public", "OPEN", "yes", "login "])
def test_a_wrong_value_is_refused_by_name(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PHONE_PAGE", value)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, "testing").check()
    assert str(caught.value) == f"PHONE_PAGE must be open, login or off, found {value!r}"


def test_the_package_leaves_ivr_phone_the_number_module():
    import ivr.phone

    assert Path(ivr.phone.__file__).name == "phone.py" and hasattr(ivr.phone, "classify_number")


def test_a_separate_stream_process_is_called_and_allowed_by_the_policy(phone_app):
    app = phone_app(STREAM_BASE_URL="wss://stream.example.vn")
    response = app.test_client().get("/phone")
    assert 'data-stream-url="wss://stream.example.vn/phone/stream"' in response.get_data(as_text=True)
    assert "connect-src 'self' wss://stream.example.vn;" in response.headers["Content-Security-Policy"]


def test_logging_in_from_the_phone_comes_back_to_the_phone(phone_app):
    app = phone_app(PHONE_PAGE="login")
    add_users(app)
    client = app.test_client()
    login = client.get("/phone").headers["Location"]
    assert "next=%2Fphone" in login or "next=/phone" in login
    page = client.get(login)
    from tests.review.conftest import csrf_token

    answer = client.post(login, data={"username": "lan", "password": PASSWORDS["lan"],
                                      "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert answer.status_code == 302 and answer.headers["Location"] == "/phone"
    # Anything else outside the dashboard still goes to the queue.
    for target in ("/phone/../review", "https://evil.example/phone", "/phoney"):
        client = app.test_client()
        page = client.get("/review/login")
        answer = client.post(f"/review/login?next={target}", data={
            "username": "lan", "password": PASSWORDS["lan"],
            "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert answer.headers["Location"] == "/review/", target
