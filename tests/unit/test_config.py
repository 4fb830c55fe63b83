"""Settings: environment overrides and start-up checks with clear messages."""
import pytest

from app import create_app
from config import ConfigError, database_url, load_config


def test_production_refuses_to_start_without_its_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_ENV", "production")
    with pytest.raises(ConfigError) as caught:
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    message = str(caught.value)
    assert "TWILIO_AUTH_TOKEN" in message and "SECRET_KEY" in message and "PUBLIC_BASE_URL" in message


def test_production_needs_https_public_url(tmp_path, monkeypatch):
    for name, value in {"HOTLINE_ENV": "production", "TWILIO_AUTH_TOKEN": "t", "SECRET_KEY": "s",
                        "PUBLIC_BASE_URL": "http://hotline.example.vn"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match="https://"):
        load_config(tmp_path).check()
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://hotline.example.vn/")
    config = load_config(tmp_path)
    assert config.check() == [] and config.PUBLIC_BASE_URL == "https://hotline.example.vn"


def test_development_generates_one_shared_token_and_says_so(tmp_path):
    first, second = load_config(tmp_path), load_config(tmp_path)
    assert first.TWILIO_AUTH_TOKEN == second.TWILIO_AUTH_TOKEN and len(first.TWILIO_AUTH_TOKEN) == 32
    assert any("generated development Twilio auth token" in note for note in first.check())
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o777 == 0o600


def test_environment_overrides_and_bad_values(tmp_path, monkeypatch):
    monkeypatch.setenv("GATHER_TIMEOUT", "12.5")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/hotline")
    config = load_config(tmp_path)
    assert config.GATHER_TIMEOUT == 12.5
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db/hotline"
    monkeypatch.setenv("GATHER_TIMEOUT", "ten")
    with pytest.raises(ConfigError, match="GATHER_TIMEOUT must be a number, found 'ten'"):
        load_config(tmp_path)
    with pytest.raises(ConfigError, match="HOTLINE_ENV must be one of"):
        load_config(tmp_path, "staging")
    monkeypatch.delenv("GATHER_TIMEOUT")
    monkeypatch.setenv("TTS_ENGINE", "festival")
    with pytest.raises(ConfigError, match="TTS_ENGINE"):
        load_config(tmp_path).check()


@pytest.mark.parametrize("raw, expected", [
    ("sqlite:///x.db", "sqlite:///x.db"),
    ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
    ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
])
def test_database_url_normalisation(raw, expected):
    assert database_url(raw) == expected


def test_volunteer_line_is_spoken_digit_by_digit(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                      "VOLUNTEER_LINE": "0912345678"}, env_name="testing")
    stuck = app.extensions["hotline.flow"].message("tutorial_stuck").text
    assert "số không chín một hai, ba bốn năm, sáu bảy tám" in stuck
