"""Settings, read from the environment in one place.

``HOTLINE_ENV`` picks the class: ``development`` (default: SQLite under ``instance/``, generated
development secrets, offline-friendly), ``production`` (every secret required) or ``testing``.
Every setting below can be overridden by an environment variable of the same name; the README's
configuration table lists them.
"""
from __future__ import annotations

import json
import math
import os
import re
import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Twilio's <Say> voices for vi-VN, exactly as Twilio's voice table lists them: an unknown voice
# inside <Gather> makes Twilio fail the call, so anything else is refused. Only the names confirmed
# in Twilio's table (https://www.twilio.com/docs/voice/twiml/say/text-speech#available-voices-and-
# languages) are here: Google's Standard and WaveNet voices A-D (also in Google's own list,
# https://cloud.google.com/text-to-speech/docs/voices) and the eight Chirp3-HD voices. Google also
# lists vi-VN Neural2-A and Neural2-D, but Twilio's table does not, so they are left out until it does.
SAY_VOICES = tuple(
    [f"Google.vi-VN-{kind}-{letter}" for kind in ("Standard", "Wavenet") for letter in "ABCD"]
    + [f"Google.vi-VN-Chirp3-HD-{star}" for star in
       ("Aoede", "Kore", "Leda", "Zephyr", "Charon", "Fenrir", "Orus", "Puck")])
# Spellings of a yes/no setting (case-insensitive); anything else is refused by name.
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
# Who may open the browser phone (PHONE_PAGE): anyone, logged-in volunteers, or nobody (404).
PHONE_PAGE_MODES = ("open", "login", "off")


class ConfigError(RuntimeError):
    """A required setting is missing or invalid; the message names the variable and the fix."""


def _env(name: str, default: Any = None) -> Any:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _float(name: str, default: float, minimum: float | None = None, maximum: float | None = None,
           positive: bool = False) -> float:
    """``$name`` as a finite number (default ``default``) within the bounds given; raises
    :class:`ConfigError` naming the variable and the value it found."""
    raw = _env(name, default)
    try:
        value = float(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name} must be a number, found {raw!r}") from exc
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, found {raw!r}")
    _check_range(name, raw, value, minimum, maximum, positive)
    return value


def _int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """``$name`` as a whole number (default ``default``) from ``minimum`` to ``maximum``; raises
    :class:`ConfigError` naming the variable and the value it found."""
    raw = _env(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name} must be a whole number, found {raw!r}") from exc
    _check_range(name, raw, value, minimum, maximum)
    return value


def int_setting(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """``$name`` read as a whole number from ``minimum`` to ``maximum`` (default ``default``), for
    settings read outside the config classes (``WEB_CONCURRENCY`` in gunicorn.conf.py).
    Raises :class:`ConfigError` naming the variable and the value it found."""
    return _int(name, default, minimum, maximum)


def _bool(name: str, default: bool) -> bool:
    """``$name`` as yes or no: 1/true/yes/on or 0/false/no/off, any case (default ``default``);
    raises :class:`ConfigError` naming the variable and the value it found for anything else."""
    raw = _env(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ConfigError(f"{name} must be one of {', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}, "
                      f"found {raw!r}")


def _check_range(name: str, raw: Any, value: float, minimum: float | None, maximum: float | None,
                 positive: bool = False) -> None:
    if positive and value <= 0:
        raise ConfigError(f"{name} must be more than 0, found {raw!r}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, found {raw!r}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, found {raw!r}")


def database_url(raw: str) -> str:
    """Return an SQLAlchemy URL for ``raw``, mapping Heroku-style ``postgres://`` to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


class BaseConfig:
    """Defaults shared by every environment. Units: seconds, Hz, dBFS."""

    ENV_NAME = "base"

    def __init__(self, instance_path: Path):
        self.INSTANCE_PATH = str(instance_path)
        default_db = f"sqlite:///{instance_path / 'hotline.sqlite3'}"
        self.SQLALCHEMY_DATABASE_URI = database_url(_env("DATABASE_URL", default_db))
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.PUBLIC_BASE_URL = (_env("PUBLIC_BASE_URL") or "").rstrip("/")
        self.TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0, minimum=0)
        self.TWILIO_AUTH_TOKEN = _env("TWILIO_AUTH_TOKEN")
        self.TWILIO_ACCOUNT_SID = _env("TWILIO_ACCOUNT_SID")
        # Where Twilio's REST API is (ivr/voice/twilio_rest.py); only tests point it elsewhere.
        self.TWILIO_API_BASE_URL = _env("TWILIO_API_BASE_URL", "https://api.twilio.com")
        self.SECRET_KEY = _env("SECRET_KEY")
        self.VALIDATE_TWILIO_SIGNATURE = True
        # Review dashboard cookies (ivr/review): out of reach of page scripts, not sent with
        # cross-site POSTs; Secure is switched on in production (the dashboard is served over https).
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = False
        # HTTPS (ivr/https.py): redirect dashboard pages asked for over http, and the HSTS max-age
        # in seconds (0 = no header). On in production only.
        self.HTTPS_REDIRECT = _bool("HTTPS_REDIRECT", False)
        self.HSTS_SECONDS = _int("HSTS_SECONDS", 0, minimum=0)
        # Failed dashboard logins allowed (ivr/review/auth.py): per client and account, and per
        # account from unknown browsers; per address for all accounts together. Flask-Limiter's
        # notation: https://flask-limiter.readthedocs.io/en/stable/configuration.html
        # (section "Rate limit string notation").
        self.REVIEW_LOGIN_LIMIT = _env("REVIEW_LOGIN_LIMIT", "5 per minute")
        self.REVIEW_LOGIN_IP_LIMIT = _env("REVIEW_LOGIN_IP_LIMIT", "30 per minute")
        # Where the login counters live; unset: REDIS_URL, else this process's memory.
        self.RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI")
        self.PROMPTS_DIR = _env("PROMPTS_DIR", str(ROOT / "prompts"))
        self.AUDIO_DIR = _env("AUDIO_DIR", str(ROOT / "audio"))
        self.TTS_ENGINE = _env("TTS_ENGINE", "auto")  # auto | gtts | espeak
        self.TTS_TEMPO = _float("TTS_TEMPO", 0.9, 0.5, 2.0)  # <1 is slower than the voice's own pace
        self.TTS_SLOW_TEMPO = _float("TTS_SLOW_TEMPO", 0.7, 0.5, 2.0)  # the "say it slower" variant
        self.TTS_TARGET_DBFS = _float("TTS_TARGET_DBFS", -16.0, -60.0, 0.0)
        # <Say> fallback voice; Twilio offers only Google voices for vi-VN (Twilio TTS voice table).
        self.SAY_VOICE = _env("SAY_VOICE", "Google.vi-VN-Standard-A")
        # Seconds of silence per question; unset keeps settings.timeout_seconds from prompts/flow.yaml.
        self.GATHER_TIMEOUT = _float("GATHER_TIMEOUT", 0.0, minimum=0.0) or None
        self.VOLUNTEER_LINE = _env("VOLUNTEER_LINE", "")
        # A person behind the line (issue 12). The hotline's own number (E.164): the caller ID of
        # transfers (<Dial callerId>) and the From of every outbound call; unset: no transfer, no
        # outbound call (the caller is offered a callback request, which waits in the queue).
        self.HOTLINE_NUMBER = _env("HOTLINE_NUMBER", "")
        # Seconds a transfer rings the volunteers on shift before the caller is offered a callback
        # (TwiML <Dial timeout>, https://www.twilio.com/docs/voice/twiml/dial#timeout).
        self.DIAL_TIMEOUT = _int("DIAL_TIMEOUT", 22, minimum=5, maximum=60)
        # Hours a volunteer's on-shift switch counts after they turned it on (a forgotten switch
        # must not ring them at 3 a.m.); weekly hours are not capped. At most a day.
        self.SHIFT_MAX_HOURS = _int("SHIFT_MAX_HOURS", 8, minimum=1, maximum=24)
        # Callbacks: tries per request, and minutes before a try that nobody answered is repeated.
        self.CALLBACK_MAX_ATTEMPTS = _int("CALLBACK_MAX_ATTEMPTS", 3, minimum=1, maximum=10)
        self.CALLBACK_RETRY_MINUTES = _int("CALLBACK_RETRY_MINUTES", 30, minimum=1)
        # Outbound calls to callers (missed-call line, verdict calls) only inside these hours,
        # Asia/Ho_Chi_Minh, "HH:MM-HH:MM".
        self.CALLING_HOURS = _env("CALLING_HOURS", "07:00-21:00")
        # The free line (item 4): reject the ring busy and call back on the hotline's cost.
        self.MISSED_CALL_CALLBACK = _bool("MISSED_CALL_CALLBACK", False)
        self.MISSED_CALL_PER_DAY = _int("MISSED_CALL_PER_DAY", 3, minimum=1)
        self.RESUME_WITHIN_DAYS = _int("RESUME_WITHIN_DAYS", 60, minimum=1)
        # Triage (issue 11): an open report (new or in review) older than this many hours is
        # marked "Quá hạn" in the review queue. Up to a year.
        self.REVIEW_OVERDUE_HOURS = _float("REVIEW_OVERDUE_HOURS", 24.0, maximum=8760.0,
                                           positive=True)
        # The browser phone at /phone (issue 13, ivr/browser_phone): open to anyone, only after
        # the review dashboard's login, or off (404). Production's default is login.
        self.PHONE_PAGE = _env("PHONE_PAGE", "open")
        self._jobs_settings(instance_path)
        self._speech_settings()

    def _speech_settings(self) -> None:
        """Speech recognition (``speech/model.py``); without a model the hotline is keypad only."""
        # Folder of an unpacked Vosk model; unset = speech off. Not in git: fetch it with
        # `flask speech download-model`, which prints the path to set here.
        self.VOSK_MODEL_PATH = _env("VOSK_MODEL_PATH")
        # How callers may answer by voice: auto (vosk when VOSK_MODEL_PATH is set, else off),
        # vosk (short <Record> + our own recogniser), twilio (<Gather input="dtmf speech"
        # language="vi-VN">, no model needed, billed by Twilio), stream (issue 13: Twilio Media
        # Streams to the `stream` process, recognised live with Vosk; needs a model) or off.
        self.SPEECH_INPUT = _env("SPEECH_INPUT", "auto")
        # Where callers' and browsers' WebSockets reach the `stream` process (Procfile), as
        # ws:// or wss:// and no path, e.g. wss://hotline.example.org. Unset: PUBLIC_BASE_URL with
        # wss:// (a proxy sends /voice/stream and /phone/stream to the stream process), or the
        # request's own host.
        self.STREAM_BASE_URL = (_env("STREAM_BASE_URL") or "").rstrip("/")
        # A spoken answer ends after this much silence (s), or at this length (s) at the latest.
        self.SPEECH_SILENCE_SECONDS = _int("SPEECH_SILENCE_SECONDS", 2, minimum=1)
        self.SPEECH_MAX_SECONDS = _int("SPEECH_MAX_SECONDS", 6, minimum=1)
        # Below this recogniser confidence (0–1; Twilio's `Confidence`) a spoken answer is said
        # back and confirmed (key 1 or a second "có") before it acts; 0 confirms only what matters.
        self.SPEECH_MIN_CONFIDENCE = _float("SPEECH_MIN_CONFIDENCE", 0.5, 0.0, 1.0)
        # What `flask speech download-model` fetches and checks by default: the official small
        # Vietnamese model listed at https://alphacephei.com/vosk/models (URL and size there); the
        # byte count and SHA-256 are those of that zip, checked on every download.
        self.VOSK_MODEL_URL = _env("VOSK_MODEL_URL",
                                   "https://alphacephei.com/vosk/models/vosk-model-small-vn-0.4.zip")
        self.VOSK_MODEL_SHA256 = _env(
            "VOSK_MODEL_SHA256", "efe5c8494212110471a79befc48c79da679e5b1fc52a4ffb500222ff86d622e5")
        self.VOSK_MODEL_SIZE = _int("VOSK_MODEL_SIZE", 33_656_337, minimum=1)

    def _jobs_settings(self, instance_path: Path) -> None:
        """Background jobs (``jobs/``): the queue, recordings, retries, retention."""
        # With REDIS_URL the queue lives in Redis and any number of workers on any machines share it;
        # without it, a SQLite file that needs no server (workers on this machine only).
        self.REDIS_URL = _env("REDIS_URL")
        self.JOBS_DB = _env("JOBS_DB", str(instance_path / "jobs.sqlite3"))
        # Separates several hotlines (or test runs) sharing one Redis.
        self.JOBS_QUEUE_NAME = _env("JOBS_QUEUE_NAME", "hotline")
        self.RECORDINGS_DIR = _env("RECORDINGS_DIR", str(instance_path / "recordings"))
        # Twilio's credentials are sent only to these origins (scheme://host[:port], comma-separated),
        # so a wrong RecordingUrl can never leak them. Twilio's media lives on api.twilio.com.
        self.RECORDING_ORIGINS = _env("RECORDING_ORIGINS", "https://api.twilio.com")
        # Quick retries after the recording callback: media can 404 for a moment (issue 3).
        self.FETCH_MAX_ATTEMPTS = _int("FETCH_MAX_ATTEMPTS", 5, minimum=1)
        # s before retry 1; doubles each time
        self.FETCH_RETRY_DELAY = _float("FETCH_RETRY_DELAY", 5.0, minimum=0.0)
        self.FETCH_TIMEOUT = _float("FETCH_TIMEOUT", 30.0, positive=True)  # s without a byte from Twilio
        # s a worker (or the queue) holds a fetch before the sweeper hands it to another worker;
        # longer than the slowest download plus conversion.
        self.FETCH_LEASE_SECONDS = _float("FETCH_LEASE_SECONDS", 600.0, positive=True)
        # s one download may take in all (connect, headers, body), however slowly Twilio sends;
        # must be shorter than the lease, so a download is over before another worker may start
        # the same one. Default: 120 s (a 3-minute report is under 6 MB), at most half the lease.
        self.FETCH_DEADLINE = _float("FETCH_DEADLINE", min(120.0, self.FETCH_LEASE_SECONDS / 2),
                                     positive=True)
        # After the quick retries: the sweeper tries a failed fetch again this often (s) until the
        # report has this many attempts in all.
        self.FETCH_FAILED_RETRY_SECONDS = _float("FETCH_FAILED_RETRY_SECONDS", 3600.0, positive=True)
        self.FETCH_GIVE_UP_ATTEMPTS = _int("FETCH_GIVE_UP_ATTEMPTS", 30, minimum=1)
        # What is kept of callers, and for how long (ivr/reports/retention.py, README "What is
        # kept"). A report's audio and transcript go RETENTION_DAYS after review, and
        # REPORT_AUDIO_DAYS after the call whatever its review; the report itself stays.
        self.RETENTION_DAYS = _int("RETENTION_DAYS", 30, minimum=1)
        self.REPORT_AUDIO_DAYS = _int("REPORT_AUDIO_DAYS", 90, minimum=1)
        # Days after the call before the caller's number on calls and reports is removed (their
        # keyed hash, caller_key, stays).
        self.CALLER_NUMBER_DAYS = _int("CALLER_NUMBER_DAYS", 30, minimum=1)
        # Wrong withdrawal references allowed per call, and per caller (keyed hash) per 24 hours.
        self.WITHDRAW_ATTEMPTS_PER_CALL = _int("WITHDRAW_ATTEMPTS_PER_CALL", 3, minimum=1)
        self.WITHDRAW_ATTEMPTS_PER_DAY = _int("WITHDRAW_ATTEMPTS_PER_DAY", 10, minimum=1)
        # Deleting Twilio's copy of a withdrawn or retired recording (jobs/twilio_delete.py):
        # quick attempts, and seconds before the first retry (doubling); the sweeper tries again
        # hourly after that.
        self.TWILIO_DELETE_ATTEMPTS = _int("TWILIO_DELETE_ATTEMPTS", 5, minimum=1)
        self.TWILIO_DELETE_RETRY_DELAY = _float("TWILIO_DELETE_RETRY_DELAY", 30.0, minimum=0.0)
        # Twilio's recording payloads the database could not take (an outage) wait here, one
        # file each, until the replayer applies them (ivr/reports/spool.py, ivr/replay.py).
        # Local disk of the web server: shared with the worker when both run on one machine.
        self.SPOOL_DIR = _env("SPOOL_DIR", str(instance_path / "spool"))
        # The reconciler (jobs/reconcile.py) asks Twilio's REST API for the recordings of reports
        # still without one this long (s) after they were saved, within this window (h), at most
        # this many reports per run.
        self.RECONCILE_GRACE_SECONDS = _float("RECONCILE_GRACE_SECONDS", 900.0, minimum=0.0)
        self.RECONCILE_WINDOW_HOURS = _float("RECONCILE_WINDOW_HOURS", 48.0, positive=True)
        self.RECONCILE_BATCH = _int("RECONCILE_BATCH", 50, minimum=1)

    def check(self) -> list[str]:
        """Return notes about what this configuration switches on; raise :class:`ConfigError` if unusable."""
        if self.SPEECH_INPUT not in ("auto", "vosk", "twilio", "stream", "off"):
            raise ConfigError(f"SPEECH_INPUT must be auto, vosk, twilio, stream or off, found {self.SPEECH_INPUT!r}")
        if self.SPEECH_INPUT in ("vosk", "stream") and not self.VOSK_MODEL_PATH:
            raise ConfigError(f"SPEECH_INPUT={self.SPEECH_INPUT} needs VOSK_MODEL_PATH (flask speech download-model)")
        if self.STREAM_BASE_URL and not re.fullmatch(r"wss?://[^/?#\s]+", self.STREAM_BASE_URL):
            raise ConfigError("STREAM_BASE_URL must be ws:// or wss:// and a host, with no path "
                              f"(e.g. wss://hotline.example.org), found {self.STREAM_BASE_URL!r}")
        if self.TTS_ENGINE not in ("auto", "gtts", "espeak"):
            raise ConfigError(f"TTS_ENGINE must be auto, gtts or espeak, found {self.TTS_ENGINE!r}")
        if not 0.5 <= self.TTS_SLOW_TEMPO <= self.TTS_TEMPO <= 2.0:
            raise ConfigError(f"need 0.5 <= TTS_SLOW_TEMPO <= TTS_TEMPO <= 2.0, found "
                              f"TTS_SLOW_TEMPO={self.TTS_SLOW_TEMPO} and TTS_TEMPO={self.TTS_TEMPO}")
        if self.SAY_VOICE not in SAY_VOICES:
            raise ConfigError(f"SAY_VOICE must be one of Twilio's Vietnamese voices "
                              f"({', '.join(SAY_VOICES)}), found {self.SAY_VOICE!r}")
        self._check_jobs()
        self._check_people()
        if self.PHONE_PAGE not in PHONE_PAGE_MODES:
            raise ConfigError(f"PHONE_PAGE must be {', '.join(PHONE_PAGE_MODES[:-1])} or "
                              f"{PHONE_PAGE_MODES[-1]}, found {self.PHONE_PAGE!r}")
        return []

    def _check_people(self) -> None:
        """Issue 12's settings that are not plain numbers: the hotline's number and the hours."""
        import re  # noqa: PLC0415 (only here)
        if self.HOTLINE_NUMBER and not re.fullmatch(r"\+[1-9]\d{6,14}", self.HOTLINE_NUMBER):
            raise ConfigError(f"HOTLINE_NUMBER must be E.164 (+84…), found {self.HOTLINE_NUMBER!r}")
        match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)",
                             self.CALLING_HOURS)
        if not match or self.CALLING_HOURS[:5] >= self.CALLING_HOURS[6:]:
            raise ConfigError(f"CALLING_HOURS must be HH:MM-HH:MM with the start first (Vietnam "
                              f"time), found {self.CALLING_HOURS!r}")

    def _check_jobs(self) -> None:
        if self.REDIS_URL and not self.REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError("REDIS_URL must start with redis://, rediss:// or unix://")
        if self.FETCH_MAX_ATTEMPTS < 1 or self.FETCH_GIVE_UP_ATTEMPTS < self.FETCH_MAX_ATTEMPTS:
            raise ConfigError(f"need 1 <= FETCH_MAX_ATTEMPTS <= FETCH_GIVE_UP_ATTEMPTS, found "
                              f"FETCH_MAX_ATTEMPTS={self.FETCH_MAX_ATTEMPTS} and "
                              f"FETCH_GIVE_UP_ATTEMPTS={self.FETCH_GIVE_UP_ATTEMPTS}")
        if self.FETCH_DEADLINE >= self.FETCH_LEASE_SECONDS:
            raise ConfigError(f"FETCH_DEADLINE must be shorter than FETCH_LEASE_SECONDS, found "
                              f"FETCH_DEADLINE={self.FETCH_DEADLINE:g} and FETCH_LEASE_SECONDS="
                              f"{self.FETCH_LEASE_SECONDS:g}: a download still running when its "
                              "lease ends would be started a second time by another worker")

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k.isupper()}


class DevelopmentConfig(BaseConfig):
    """Embedded default: SQLite, generated secrets kept in ``instance/dev-secrets.json``."""

    ENV_NAME = "development"

    def __init__(self, instance_path: Path):
        super().__init__(instance_path)
        generated, created = _dev_secrets(instance_path)
        # Said once, by the process that wrote the file, not by every command after it.
        self._generated_token = self.TWILIO_AUTH_TOKEN is None and created
        self.TWILIO_AUTH_TOKEN = self.TWILIO_AUTH_TOKEN or generated["TWILIO_AUTH_TOKEN"]
        self.SECRET_KEY = self.SECRET_KEY or generated["SECRET_KEY"]
        # `flask call` records at this server's /dev/recordings/ (ivr/simulate/dev_media.py), so
        # the worker may fetch from the server's own address ($PORT, as scripts/run) too.
        self.DEV_RECORDINGS = True
        port = _env("PORT", "5000")
        self.RECORDING_ORIGINS = _env("RECORDING_ORIGINS", ",".join((
            "https://api.twilio.com", f"http://127.0.0.1:{port}", f"http://localhost:{port}")))

    def check(self) -> list[str]:
        notes = super().check()
        if self._generated_token:
            notes.append("using a generated development Twilio auth token (instance/dev-secrets.json); "
                         "real Twilio calls need TWILIO_AUTH_TOKEN")
        return notes


class ProductionConfig(BaseConfig):
    """Production: refuses to start without the secrets and the public URL Twilio calls."""

    ENV_NAME = "production"

    def __init__(self, instance_path: Path):
        super().__init__(instance_path)
        self.SESSION_COOKIE_SECURE = True
        self.REMEMBER_COOKIE_SECURE = True
        self.HTTPS_REDIRECT = _bool("HTTPS_REDIRECT", True)
        # One year, the value HSTS preload lists ask for:
        # https://hstspreload.org/#deployment-recommendations
        self.HSTS_SECONDS = _int("HSTS_SECONDS", 31_536_000, minimum=0)
        self.ALLOW_SQLITE_IN_PRODUCTION = _bool("ALLOW_SQLITE_IN_PRODUCTION", False)
        # A public hotline's browser phone is for volunteers trying it, unless opened on purpose.
        self.PHONE_PAGE = _env("PHONE_PAGE", "login")

    def check(self) -> list[str]:
        notes = super().check()
        missing = [name for name in ("TWILIO_AUTH_TOKEN", "SECRET_KEY", "PUBLIC_BASE_URL")
                   if not getattr(self, name)]
        if missing:
            raise ConfigError(
                f"production needs {', '.join(missing)} set in the environment "
                "(see README, 'Configuration'); refusing to start")
        if not self.PUBLIC_BASE_URL.startswith("https://"):
            raise ConfigError("PUBLIC_BASE_URL must start with https:// in production")
        self._check_no_sqlite()
        if not self.TWILIO_ACCOUNT_SID:
            # Accounts may require HTTP Basic auth (account SID and auth token) on recording media:
            # https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
            notes.append("TWILIO_ACCOUNT_SID is not set: recording downloads are made without "
                         "Twilio's Basic auth and fail on accounts that require it")
        return notes

    def _check_no_sqlite(self) -> None:
        """SQLite serves one machine: refuse it for the database or the job queue unless chosen."""
        embedded = []
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            embedded.append("DATABASE_URL is unset or SQLite (set a postgresql:// URL)")
        if not self.REDIS_URL:
            embedded.append("REDIS_URL is unset, so jobs would queue in a SQLite file (set a redis:// URL)")
        if embedded and not self.ALLOW_SQLITE_IN_PRODUCTION:
            raise ConfigError(f"production refuses SQLite: {'; '.join(embedded)}; or set "
                              "ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite on purpose")


class TestingConfig(BaseConfig):
    """Tests: a fixed auth token so tests can sign requests; the database URL comes from the test."""

    __test__ = False  # not a pytest test class, despite the name
    ENV_NAME = "testing"
    TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef"

    def __init__(self, instance_path: Path):
        super().__init__(instance_path)
        self.TESTING = True
        self.TWILIO_AUTH_TOKEN = self.TEST_AUTH_TOKEN
        self.SECRET_KEY = "test-secret-key"
        self.TTS_ENGINE = "espeak"
        # Outbound calls (and the on-shift switch) at any hour unless a test narrows them: no
        # test may depend on the wall clock.
        self.CALLING_HOURS = _env("CALLING_HOURS", "00:00-24:00")


CONFIGS = {c.ENV_NAME: c for c in (DevelopmentConfig, ProductionConfig, TestingConfig)}


def load_config(instance_path: Path, env_name: str | None = None) -> BaseConfig:
    """Return the config object for ``env_name`` (default ``$HOTLINE_ENV`` or ``development``).

    Raises :class:`ConfigError` for an unknown name or an invalid value.
    """
    name = env_name or _env("HOTLINE_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"HOTLINE_ENV must be one of {', '.join(CONFIGS)}, found {name!r}")
    return CONFIGS[name](Path(instance_path))


def _dev_secrets(instance_path: Path) -> tuple[dict[str, str], bool]:
    """Load or create the development secrets, so the server and the simulator share them.
    Returns the secrets and whether this call created the file."""
    path = Path(instance_path) / "dev-secrets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"TWILIO_AUTH_TOKEN": secrets.token_hex(16), "SECRET_KEY": secrets.token_hex(32)}
    try:
        # O_EXCL: several web workers may start at once; exactly one writes, all read the same.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text()), False
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    return values, True
