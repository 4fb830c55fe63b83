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
                        "PUBLIC_BASE_URL": "http://hotline.example.vn",
                        "DATABASE_URL": "postgresql://u@db/hotline",
                        "REDIS_URL": "redis://cache:6379/0", "TWILIO_ACCOUNT_SID": "AC1"}.items():
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


# Every number setting, a value that is not a number and one out of range. A number setting added
# to config/ without a row here fails test_every_number_setting_is_checked_by_name.
NUMBER_SETTINGS = {
    "TRUSTED_PROXY_COUNT": ("one", "-1"),
    "DIAL_TIMEOUT": ("long", "3"),
    "CALLBACK_MAX_ATTEMPTS": ("three", "0"),
    "CALLBACK_RETRY_MINUTES": ("soon", "0"),
    "MISSED_CALL_PER_DAY": ("few", "0"),
    "RESUME_WITHIN_DAYS": ("sixty", "0"),
    "TTS_TEMPO": ("fast", "3"),
    "TTS_SLOW_TEMPO": ("slow", "0.1"),
    "TTS_TARGET_DBFS": ("loud", "6"),
    "GATHER_TIMEOUT": ("ten", "-5"),
    "SPEECH_SILENCE_SECONDS": ("1.5", "0"),
    "SPEECH_MAX_SECONDS": ("six", "0"),
    "SPEECH_MIN_CONFIDENCE": ("half", "1.5"),
    "VOSK_MODEL_SIZE": ("big", "0"),
    "FETCH_MAX_ATTEMPTS": ("three", "0"),
    "FETCH_RETRY_DELAY": ("nan", "-1"),
    "FETCH_TIMEOUT": ("inf", "0"),
    "FETCH_LEASE_SECONDS": ("10m", "0"),
    "FETCH_DEADLINE": ("soon", "0"),
    "FETCH_FAILED_RETRY_SECONDS": ("hourly", "-3600"),
    "FETCH_GIVE_UP_ATTEMPTS": ("many", "0"),
    "RETENTION_DAYS": ("30d", "0"),
    "REPORT_AUDIO_DAYS": ("90d", "0"),
    "CALLER_NUMBER_DAYS": ("month", "0"),
    "WITHDRAW_ATTEMPTS_PER_CALL": ("three", "0"),
    "WITHDRAW_ATTEMPTS_PER_DAY": ("ten", "0"),
    "TWILIO_DELETE_ATTEMPTS": ("five", "0"),
    "TWILIO_DELETE_RETRY_DELAY": ("soon", "-1"),
    "HSTS_SECONDS": ("a year", "-1"),
    "RECONCILE_GRACE_SECONDS": ("15m", "-1"),
    "RECONCILE_WINDOW_HOURS": ("2d", "0"),
    "RECONCILE_BATCH": ("fifty", "0"),
    "REVIEW_OVERDUE_HOURS": ("a day", "0", "9000"),
    # issue 12 (the foundation's settings)
    "DIAL_TIMEOUT": ("twenty", "4", "61"),
    "CALLBACK_MAX_ATTEMPTS": ("three", "0", "11"),
    "CALLBACK_RETRY_MINUTES": ("half an hour", "0"),
    "MISSED_CALL_PER_DAY": ("three", "0"),
    "SHIFT_MAX_HOURS": ("eight", "0", "25"),
}


@pytest.mark.parametrize("name, value", [(name, value) for name, values in NUMBER_SETTINGS.items()
                                         for value in values])
def test_a_bad_number_setting_names_the_variable_and_the_value(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, "testing").check()
    message = str(caught.value)
    assert message.startswith(f"{name} must be ") and repr(value) in message, message


def test_every_number_setting_is_checked_by_name(tmp_path):
    settings = load_config(tmp_path, "testing").as_dict()
    numbers = {name for name, value in settings.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)}
    assert numbers | {"GATHER_TIMEOUT"} == set(NUMBER_SETTINGS)  # GATHER_TIMEOUT is None unless set


def test_good_number_settings_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    monkeypatch.setenv("RESUME_WITHIN_DAYS", "7")
    monkeypatch.setenv("FETCH_TIMEOUT", "2.5")
    config = load_config(tmp_path, "testing")
    assert (config.TRUSTED_PROXY_COUNT, config.RESUME_WITHIN_DAYS, config.FETCH_TIMEOUT) == (2, 7, 2.5)


def test_related_numbers_are_checked_with_their_values(tmp_path, monkeypatch):
    monkeypatch.setenv("TTS_SLOW_TEMPO", "1.2")  # slower than the normal tempo of 0.9: refused
    with pytest.raises(ConfigError, match=r"TTS_SLOW_TEMPO=1.2 and TTS_TEMPO=0.9"):
        load_config(tmp_path, "testing").check()
    monkeypatch.delenv("TTS_SLOW_TEMPO")
    monkeypatch.setenv("FETCH_MAX_ATTEMPTS", "40")
    with pytest.raises(ConfigError, match=r"FETCH_MAX_ATTEMPTS=40 and FETCH_GIVE_UP_ATTEMPTS=30"):
        load_config(tmp_path, "testing").check()


@pytest.mark.parametrize("voice", ["Google.vi-VN-Standard-A", "Google.vi-VN-Standard-D",
                                   "Google.vi-VN-Wavenet-B", "Google.vi-VN-Wavenet-D",
                                   "Google.vi-VN-Chirp3-HD-Aoede", "Google.vi-VN-Chirp3-HD-Puck"])
def test_twilio_vietnamese_voices_are_accepted(tmp_path, monkeypatch, voice):
    monkeypatch.setenv("SAY_VOICE", voice)
    config = load_config(tmp_path, "testing")
    assert config.check() == [] and config.SAY_VOICE == voice


@pytest.mark.parametrize("voice", ["alice", "Polly.Joanna", "Google.en-US-Standard-A",
                                   "google.vi-vn-standard-a", "Google.vi-VN-Standard-", "vi-VN-Standard-A",
                                   'Google.vi-VN-Standard-A" loop="0', "Google.vi-VN-Chirp3-HD-",
                                   # look like Twilio's names, but are in no voice table
                                   "Google.vi-VN-Standard-Z", "Google.vi-VN-Neural2-Q",
                                   "Google.vi-VN-Wavenet-E", "Google.vi-VN-Chirp3-HD-Nobody",
                                   # Google's list has it, Twilio's table does not (config/__init__.py)
                                   "Google.vi-VN-Neural2-A"])
def test_other_voices_are_refused_by_name(tmp_path, monkeypatch, voice):
    monkeypatch.setenv("SAY_VOICE", voice)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, "testing").check()
    assert str(caught.value).startswith("SAY_VOICE must be one of Twilio's Vietnamese voices")
    assert repr(voice) in str(caught.value)
    # The message lists what is accepted, so the fix is in the error.
    message = str(caught.value)
    assert "Google.vi-VN-Standard-A, " in message and "Google.vi-VN-Chirp3-HD-Puck" in message


def _production(monkeypatch, **extra):
    for name, value in {"TWILIO_AUTH_TOKEN": "t", "SECRET_KEY": "s",
                        "PUBLIC_BASE_URL": "https://hotline.example.vn", **extra}.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("extra, named, not_named", [
    ({}, ["DATABASE_URL", "REDIS_URL"], []),
    ({"DATABASE_URL": "postgresql://u@db/hotline"}, ["REDIS_URL"], ["DATABASE_URL"]),
    ({"DATABASE_URL": "sqlite:////srv/hotline.sqlite3", "REDIS_URL": "redis://cache:6379/0"},
     ["DATABASE_URL"], ["REDIS_URL"]),
    ({"ALLOW_SQLITE_IN_PRODUCTION": "0"}, ["DATABASE_URL", "REDIS_URL"], []),
])
def test_production_refuses_sqlite_unless_chosen(tmp_path, monkeypatch, extra, named, not_named):
    _production(monkeypatch, **extra)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, "production").check()
    message = str(caught.value)
    assert message.startswith("production refuses SQLite") and "ALLOW_SQLITE_IN_PRODUCTION=1" in message
    assert all(name in message for name in named) and not any(name in message for name in not_named)


@pytest.mark.parametrize("extra", [
    {"ALLOW_SQLITE_IN_PRODUCTION": "1"},
    {"ALLOW_SQLITE_IN_PRODUCTION": "yes"},
    {"ALLOW_SQLITE_IN_PRODUCTION": "True"},
    {"ALLOW_SQLITE_IN_PRODUCTION": " ON "},
    {"DATABASE_URL": "postgres://u@db/hotline", "REDIS_URL": "redis://cache:6379/0"},
])
def test_production_runs_on_sqlite_when_chosen_or_on_servers(tmp_path, monkeypatch, extra):
    _production(monkeypatch, TWILIO_ACCOUNT_SID="AC0123", **extra)
    assert load_config(tmp_path, "production").check() == []


@pytest.mark.parametrize("value", ["0", "no", "FALSE", "off"])
def test_a_no_in_any_spelling_keeps_sqlite_refused(tmp_path, monkeypatch, value):
    _production(monkeypatch, ALLOW_SQLITE_IN_PRODUCTION=value)
    with pytest.raises(ConfigError, match="^production refuses SQLite"):
        load_config(tmp_path, "production").check()


@pytest.mark.parametrize("value", ["2", "y", "enable", "yes please"])
def test_a_yes_no_setting_refuses_other_words_by_name(tmp_path, monkeypatch, value):
    _production(monkeypatch, ALLOW_SQLITE_IN_PRODUCTION=value)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, "production")
    assert str(caught.value) == ("ALLOW_SQLITE_IN_PRODUCTION must be one of 1, true, yes, on or "
                                 f"0, false, no, off, found {value!r}")


def test_production_without_an_account_sid_starts_with_a_warning(tmp_path, monkeypatch):
    _production(monkeypatch, DATABASE_URL="postgres://u@db/hotline", REDIS_URL="redis://cache:6379/0")
    notes = load_config(tmp_path, "production").check()
    assert len(notes) == 1 and notes[0].startswith("TWILIO_ACCOUNT_SID is not set: recording downloads")
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC0123")
    assert load_config(tmp_path, "production").check() == []


def test_the_development_token_notice_is_given_once(tmp_path):
    first, second = load_config(tmp_path), load_config(tmp_path)
    assert len(first.check()) == 1 and second.check() == []
    assert first.TWILIO_AUTH_TOKEN == second.TWILIO_AUTH_TOKEN


@pytest.mark.parametrize("name, value", [("HOTLINE_NUMBER", "0912345678"),
                                         ("HOTLINE_NUMBER", "+84 91 234"),
                                         ("CALLING_HOURS", "7-21"),
                                         ("CALLING_HOURS", "21:00-07:00"),
                                         ("CALLING_HOURS", "07:00-25:00")])
def test_the_hotline_number_and_calling_hours_are_checked(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(tmp_path, "testing").check()


def test_good_hotline_number_and_calling_hours_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_NUMBER", "+842873000000")
    monkeypatch.setenv("CALLING_HOURS", "08:00-20:30")
    config = load_config(tmp_path, "testing")
    config.check()  # raises ConfigError on a bad value
    assert (config.HOTLINE_NUMBER, config.CALLING_HOURS) == ("+842873000000", "08:00-20:30")


@pytest.mark.parametrize("value", ["https://hotline.example.org", "wss://hotline.example.org/voice",
                                   "ws://", "hotline.example.org"])
def test_the_stream_base_url_must_be_a_websocket_host(tmp_path, monkeypatch, value):
    monkeypatch.setenv("STREAM_BASE_URL", value)
    with pytest.raises(ConfigError, match="STREAM_BASE_URL must be ws:// or wss://"):
        load_config(tmp_path, "testing").check()


def test_live_voice_needs_a_model_and_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEECH_INPUT", "stream")
    with pytest.raises(ConfigError, match="SPEECH_INPUT=stream needs VOSK_MODEL_PATH"):
        load_config(tmp_path, "testing").check()
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path))
    monkeypatch.setenv("STREAM_BASE_URL", "wss://hotline.example.org/")
    config = load_config(tmp_path, "testing")
    config.check()  # raises ConfigError on a bad value
    assert (config.SPEECH_INPUT, config.STREAM_BASE_URL) == ("stream", "wss://hotline.example.org")
