"""The transcription job: a machine draft of a stored recording, for the volunteers' report view.

Queued by the fetch job once a recording is stored, when a speech model is configured
(``VOSK_MODEL_PATH``); without one, transcription is off, quietly. The text and word timings come
from :func:`speech.transcribe.transcribe` and are written, in Unicode NFC (:func:`nfc_transcript`),
only if the same file is still stored.
"""
from __future__ import annotations

import logging
import unicodedata
from typing import Any, Iterable, Mapping

import sqlalchemy as sa
from flask import current_app

from ivr.models import Report, db
from ivr.reports.storage import stored_recording
from speech.audio_input import AudioInputError
from speech.transcribe import transcribe

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")


@huey.task(retries=2, retry_delay=60)
def transcribe_recording(report_id: int) -> None:
    """Huey task: transcribe a stored recording with the speech model (:func:`transcribe_once`)."""
    with task_context():
        transcribe_once(report_id)


def queue_transcription(report_id: int, config: Mapping[str, Any]) -> None:
    """Queue the transcription of a stored recording when a speech model is configured.

    Never raises for an unreachable queue (the recording stays playable without a transcript).
    """
    if not config.get("VOSK_MODEL_PATH"):
        return  # no model configured: transcription is off, quietly
    try:
        transcribe_recording(report_id)
    except QUEUE_ERRORS as exc:
        log.warning("report %s: could not queue the transcription (%s)", report_id, exc)


def transcribe_once(report_id: int) -> bool:
    """Transcribe ``report_id``'s stored recording; return False (quietly) when there is nothing to do.

    Nothing to do: no ``VOSK_MODEL_PATH``, or no stored audio. Audio the recogniser cannot use
    (``speech.audio_input.AudioInputError``) is logged and returns False: retrying cannot help.
    The model runs outside any database transaction. Model errors (``speech.model.ModelError``,
    ``speech.recognizer.RecognitionError``) are raised, so Huey retries.
    """
    model = current_app.config.get("VOSK_MODEL_PATH")
    report = db.session.get(Report, report_id) if model else None
    path = stored_recording(report) if report else None
    name = report.audio_path if path else None
    db.session.commit()
    if path is None:
        log.info("report %s: no transcription (no model or no stored audio)", report_id)
        return False
    try:
        text, words = transcribe(path, model)
    except AudioInputError as error:
        log.warning("report %s: the stored audio cannot be transcribed: %s", report_id, error)
        return False
    text, words = nfc_transcript(text, words)
    query = (sa.update(Report).where(Report.id == report_id, Report.audio_state == "stored",
                                     Report.audio_path == name)
             .values(transcript=text, transcript_words=words)
             .execution_options(synchronize_session=False))
    db.session.execute(query)
    db.session.commit()
    return True


def nfc_transcript(text: str, words: Iterable[dict]) -> tuple[str, list[dict]]:
    """The transcript and its words in Unicode NFC, the composed form Vietnamese is typed and
    searched in: a recogniser may emit decomposed marks ("e" + U+0302 + U+0301 for "ế"), which
    look the same but compare and search differently (https://unicode.org/reports/tr15/)."""
    return (unicodedata.normalize("NFC", text),
            [{**w, "word": unicodedata.normalize("NFC", str(w.get("word", "")))} for w in words])


__all__ = ["transcribe_recording", "queue_transcription", "transcribe_once", "nfc_transcript"]
