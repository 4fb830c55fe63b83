"""HTTPS in production (issue 10): dashboard pages asked for over http are redirected to https,
https answers carry HSTS, and nothing Twilio calls is redirected (a redirected webhook would lose
its body and its signature). The forwarded scheme counts only through TRUSTED_PROXY_COUNT."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade
from twilio.request_validator import RequestValidator

from app import create_app
from ivr.models import db
from tests.conftest import ROOT

BASE = "https://hotline.example.vn"
TOKEN = "production-test-token-0123456789"
YEAR = "max-age=31536000"


def production_app(tmp_path, monkeypatch, **overrides):
    for name, value in {"TWILIO_AUTH_TOKEN": TOKEN, "SECRET_KEY": "s" * 32, "PUBLIC_BASE_URL": BASE,
                        "ALLOW_SQLITE_IN_PRODUCTION": "1"}.items():
        monkeypatch.setenv(name, value)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.sqlite3'}",
                      "AUDIO_DIR": str(tmp_path / "audio"), "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
                      "RECORDINGS_DIR": str(tmp_path / "recordings"), **overrides},
                     env_name="production")
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


@pytest.fixture
def prod(tmp_path, monkeypatch):
    app = production_app(tmp_path, monkeypatch)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/review/", "/review/login?next=/review/audit", "/"])
def test_dashboard_pages_over_http_are_redirected_to_https(prod, path):
    response = prod.test_client().get(path, base_url="http://hotline.example.vn")
    assert response.status_code == 308
    assert response.headers["Location"] == BASE + path
    assert "Strict-Transport-Security" not in response.headers  # RFC 6797 §7.2: never over http


def test_a_forged_host_is_not_followed(prod):
    response = prod.test_client().get("/review/", base_url="http://evil.example")
    assert response.headers["Location"] == BASE + "/review/"


def test_https_answers_carry_hsts(prod):
    client = prod.test_client()
    for path in ("/review/login", "/review/"):
        response = client.get(path, base_url=BASE)
        assert response.status_code in (200, 302)
        assert response.headers["Strict-Transport-Security"] == YEAR


def test_twilio_webhooks_over_http_are_answered_not_redirected(prod):
    params = {"CallSid": "CA" + "1" * 32, "From": "+84912345678", "To": "+842812345678",
              "AccountSid": "AC" + "0" * 32, "CallStatus": "ringing"}
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/voice/incoming", params)
    response = prod.test_client().post("/voice/incoming", data=params, base_url="http://hotline.example.vn",
                                       headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200 and b"<Response>" in response.data
    assert "Location" not in response.headers


def test_posts_and_twilio_fetches_over_http_are_never_redirected(prod):
    client = prod.test_client()
    assert client.post("/review/login", base_url="http://hotline.example.vn").status_code != 308
    assert client.post("/voice/status", base_url="http://hotline.example.vn").status_code != 308
    assert client.get("/audio/rendered/x.wav", base_url="http://hotline.example.vn").status_code != 308


@pytest.mark.parametrize("count, redirected", [(1, False), (0, True)])
def test_the_forwarded_scheme_counts_only_behind_trusted_proxies(tmp_path, monkeypatch, count,
                                                                redirected):
    app = production_app(tmp_path, monkeypatch, TRUSTED_PROXY_COUNT=count)
    response = app.test_client().get("/review/login", base_url="http://hotline.example.vn",
                                     headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.9"})
    assert (response.status_code == 308) == redirected
    assert ("Strict-Transport-Security" in response.headers) != redirected
    with app.app_context():
        db.engine.dispose()


def test_settings_switch_them_off(tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_REDIRECT", "0")
    monkeypatch.setenv("HSTS_SECONDS", "0")
    app = production_app(tmp_path, monkeypatch)
    response = app.test_client().get("/review/login", base_url=BASE)
    assert "Strict-Transport-Security" not in response.headers
    assert app.test_client().get("/review/login", base_url="http://h.example").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_development_neither_redirects_nor_sends_hsts(app):
    response = app.test_client().get("/review/login")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response.headers
