"""The hotline's web application: ``create_app()`` wires config, database, flow, audio and blueprints.

``app = create_app()`` is what gunicorn serves (``Procfile``: ``web``).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import click
from flask import Flask, Response, redirect, url_for
from flask_migrate import Migrate
from flask_migrate.cli import db as migrate_cli
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ROOT, ConfigError, load_config
from config.logging import configure_logging
from ivr.cli_errors import install as install_schema_hint
from ivr.engine import FlowError, load_flow
from ivr.models import db
from speech.catalog import AudioCatalog
from speech.vietnamese import spell_phone_number

log = logging.getLogger("hotline")
migrate = Migrate()


def create_app(overrides: Mapping[str, Any] | None = None, env_name: str | None = None) -> Flask:
    """Build the application.

    ``env_name`` picks the config class (default ``$HOTLINE_ENV``); ``overrides`` replace single
    settings after it (tests pass ``SQLALCHEMY_DATABASE_URI``, ``AUDIO_DIR`` …).
    Raises :class:`config.ConfigError` when a required setting is missing, and
    :class:`ivr.engine.FlowError` when the content under ``prompts/`` is invalid.
    """
    # A process nobody configured logging for (a `flask` command): warnings with time and level.
    configure_logging(default_level="WARNING", force=False)
    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    settings = load_config(Path(app.instance_path), env_name)
    app.config.update(settings.as_dict())
    app.config.update(overrides or {})
    notes = settings.check()
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    flow = load_flow(app.config["PROMPTS_DIR"], flow_variables(app.config))
    if app.config.get("GATHER_TIMEOUT"):
        settings_ = replace(flow.settings, timeout_seconds=float(app.config["GATHER_TIMEOUT"]))
        flow = replace(flow, settings=settings_)
    catalog = AudioCatalog(app.config["AUDIO_DIR"])
    app.extensions["hotline.flow"] = flow
    app.extensions["hotline.catalog"] = catalog
    app.config["SPEECH_MODE"] = _speech_mode(app.config)
    _register(app)
    _log_startup(app, settings.ENV_NAME, notes, flow, catalog)
    return app


def _speech_mode(config: Mapping[str, Any]) -> str:
    """Resolve ``SPEECH_INPUT``: ``auto`` is ``vosk`` with a usable model folder, else ``off``.
    With Vosk (``vosk``, or ``stream``: live over Media Streams, issue 13) the model is loaded now,
    once per process, not during a caller's first answer."""
    from speech.model import get_model, layout_problems

    mode, path = config["SPEECH_INPUT"], config.get("VOSK_MODEL_PATH")
    if mode == "auto":
        mode = "vosk" if path and not layout_problems(path) else "off"
    if mode in ("vosk", "stream"):
        get_model(path)  # raises ModelError with the reason: SPEECH_INPUT=vosk was asked for
    return mode


def flow_variables(config: Mapping[str, Any]) -> dict[str, str]:
    """The ``{placeholders}`` the flow's texts may use, from the settings: ``volunteer_line`` is
    ``VOLUNTEER_LINE`` said digit by digit in groups, or where to find the number when unset."""
    line = config.get("VOLUNTEER_LINE") or ""
    spoken = f"số {spell_phone_number(line)}" if line else \
        "số điện thoại của đội tình nguyện viên ghi trên tờ giới thiệu tổng đài"
    return {"volunteer_line": spoken}


def _register(app: Flask) -> None:
    import jobs
    from ivr import api, browser_phone, https, review
    from ivr.cli import prompts_cli
    from ivr.official_cli import official_cli  # issue 11, item 2
    from ivr.people.cli import shifts_cli  # issue 12
    from ivr.prompt_audio import media
    from ivr.reports_cli import phone_cli, reports_cli
    from ivr.simulate.cli import call_command
    from ivr.voice.views import voice
    from ivr.voice import streams  # issue 13: Media Streams and the browser phone
    from ivr.voice import callback_calls  # noqa: F401  (issue 12: its webhooks join `voice`)
    from ivr.people.callbacks_cli import callbacks_cli  # issue 12, item 3
    from ivr.people.visits_cli import visits_cli  # issue 12, item 7 (the caller's side)
    from ivr.people.teams_cli import teams_cli  # issue 12, item 7
    import ivr.voice.transfer  # noqa: F401  registers /voice/transfer/* on the voice blueprint
    import ivr.voice.outbound_calls  # noqa: F401  (issue 12: its routes join the voice blueprint)
    from jobs.cli import jobs_cli
    from speech.speech_cli import speech_cli

    https.init_app(app)  # first, so an http page is redirected before anything else runs
    app.register_blueprint(voice, url_prefix="/voice")
    app.add_url_rule("/", "index", _index)
    app.register_blueprint(media)
    streams.init_app(app)
    app.cli.add_command(prompts_cli)
    app.cli.add_command(call_command)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(phone_cli)
    app.cli.add_command(speech_cli)
    app.cli.add_command(official_cli)  # issue 11, item 2
    app.cli.add_command(callbacks_cli)  # issue 12, item 3
    app.cli.add_command(visits_cli)  # issue 12, item 7
    app.cli.add_command(shifts_cli)  # issue 12
    app.cli.add_command(teams_cli)  # issue 12, item 7
    jobs.init_app(app)
    review.init_app(app)
    api.init_app(app)  # issue 11: the partner feed at /api/v1
    browser_phone.init_app(app)  # issue 13: the browser phone at /phone
    app.add_url_rule("/favicon.ico", "favicon", lambda: Response(status=204))  # no icon, no 404
    if app.config.get("DEV_RECORDINGS"):  # development only: recordings of simulated calls
        from ivr.simulate.dev_media import dev_media

        app.register_blueprint(dev_media)
    install_schema_hint(app.cli)  # after every command is added
    install_schema_hint(migrate_cli, schema=False)  # `flask db ...`: an unreachable database


def _index():
    """The bare address (what ``scripts/run`` prints) leads people to the volunteers' dashboard."""
    return redirect(url_for("review.queue"))


def _log_startup(app: Flask, env_name: str, notes: list[str], flow, catalog: AudioCatalog) -> None:
    prompts = flow.prompts()
    missing = len(catalog.missing(prompts))
    log.info("Công Dân Số hotline: %s mode, database %s", env_name,
             app.config["SQLALCHEMY_DATABASE_URI"].split("://")[0])
    log.info("flow: %d nodes, %d prompts; audio: %d of %d rendered%s", len(flow.nodes), len(prompts),
             len(prompts) - missing, len(prompts),
             " (run 'flask prompts render'; missing prompts use <Say>)" if missing else "")
    log.info("speech input: %s", _speech_line(app.config))
    for note in notes:
        log.warning(note)


def _speech_line(config: Mapping[str, Any]) -> str:
    """How callers may answer by voice, said once: ``off (no VOSK_MODEL_PATH) — keypad only``,
    ``Vosk model at /srv/vn (16000 Hz)``, ``off (SPEECH_INPUT=off) — keypad only`` or Twilio's."""
    from speech.model import speech_status

    mode = config["SPEECH_MODE"]
    if mode == "twilio":
        return "Twilio's speech recognition (SPEECH_INPUT=twilio)"
    if mode == "stream":  # issue 13
        return "live over Twilio Media Streams (SPEECH_INPUT=stream), " + \
            speech_status(config).removeprefix("speech: ")
    if mode == "off" and config["SPEECH_INPUT"] == "off":
        return "off (SPEECH_INPUT=off) — keypad only"
    return speech_status(config).removeprefix("speech: ")  # the Vosk model, or why there is none


def __getattr__(name: str):
    # ``app = create_app()`` for gunicorn ("app:app") and the flask CLI, built on first access so
    # that importing ``create_app`` (tests, scripts) does not also build a development app.
    if name == "app":
        globals()["app"] = built = _entry_app()
        return built
    raise AttributeError(name)


def _entry_app() -> Flask:
    """``create_app()``, with a bad setting reported as its one-line message and a broken flow as its
    list of problems: the ``flask`` command shows a ``ClickException`` as "Error: ..." and exits 1,
    without a traceback (gunicorn checks the settings in its master first: gunicorn.conf.py)."""
    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    except FlowError as error:
        raise click.ClickException(f"the call flow has {len(error.problems)} problem(s):\n{error}") \
            from error


__all__ = ["create_app", "flow_variables", "ConfigError"]

