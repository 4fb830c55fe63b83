"""Render an admin's scam warning to telephone audio, like any prompt, so the phone plays it.

A warning becomes ``Prompt(id="warning.<id>", text=...)`` and goes through
``speech.render.render_prompts``: the same files (normal and slow variants) and the same manifest
(``<AUDIO_DIR>/rendered/manifest.json``), so ``speech.catalog`` finds it and the adapter plays it
instead of ``<Say>``. Until it is rendered the text can still be spoken with ``<Say>``.

Every render run rewrites the whole manifest, so two runs at once could drop each other's
entries: renders here hold an exclusive lock file beside the manifest (``flock``; one machine, or a
shared file system that supports it). ``flask prompts render`` does not take that lock yet.
"""
from __future__ import annotations

import logging

from flask import current_app

from ivr.engine import Prompt
from ivr.models import ScamWarning, db
from speech.render import RenderReport, manifest_lock, render_prompts  # the lock: re-exported
from speech.tts import choose_synthesizer

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")


class RenderFailed(RuntimeError):
    """The warning's audio could not be rendered; the message lists why (Huey retries the task)."""


@huey.task(retries=2, retry_delay=60)
def render_warning(warning_id: int) -> None:
    """Huey task: render warning ``warning_id`` (:func:`render_warning_audio`), retried twice."""
    with task_context():
        render_warning_audio(warning_id)


def enqueue_render_warning(warning_id: int) -> None:
    """Queue the rendering of warning ``warning_id``. Call after the commit that created it.

    Never raises for an unreachable queue: the hourly maintenance finds active warnings without
    audio and queues them.
    """
    try:
        render_warning(int(warning_id))
    except QUEUE_ERRORS as exc:
        log.warning("warning %s: could not queue its rendering (%s); maintenance will", warning_id, exc)


def warning_prompt(warning: ScamWarning) -> Prompt:
    """Return the prompt a warning is rendered and played as (id ``warning.<id>``)."""
    return Prompt(id=warning.prompt_id, text=warning.text)


def render_warning_audio(warning_id: int) -> RenderReport | None:
    """Render an active warning's audio into the manifest; ``None`` if it is gone or retired.

    Runs in an app context; the voice comes from ``TTS_ENGINE``. Files already rendered from the
    same text are kept. Raises :class:`RenderFailed` (or ``speech.tts.TtsUnavailable``).
    """
    warning = db.session.get(ScamWarning, warning_id)
    prompt = warning_prompt(warning) if warning is not None and warning.active else None
    db.session.commit()  # end the read before synthesis, which takes seconds
    if prompt is None:
        log.info("warning %s: gone or retired, nothing to render", warning_id)
        return None
    config = current_app.config
    synthesizer = choose_synthesizer(config["TTS_ENGINE"])
    with manifest_lock(config["AUDIO_DIR"]):
        report = render_prompts([prompt], config["AUDIO_DIR"], synthesizer, tempo=config["TTS_TEMPO"],
                                slow_tempo=config["TTS_SLOW_TEMPO"],
                                target_dbfs=config["TTS_TARGET_DBFS"], progress=False)
    if report.failed:
        raise RenderFailed("; ".join(str(failure) for failure in report.failures))
    log.info("warning %s: audio rendered with %s (%d new files)", warning_id, report.voice,
             report.rendered)
    return report


__all__ = ["render_warning", "enqueue_render_warning", "warning_prompt", "render_warning_audio",
           "manifest_lock", "RenderFailed"]
