"""The transcription job: a machine draft of a stored recording, for the volunteers' report view.

Queued by the fetch job once a recording is stored, when a speech model is configured
(``VOSK_MODEL_PATH``); without one, transcription is off, quietly. The text and word timings come
from :func:`speech.transcribe.transcribe` and are written, in Unicode NFC (:func:`nfc_transcript`),
only if the same file is still stored. A home visit request's recording (``kind="visit"``,
issue 12) is transcribed the same way, and its transcript names the commune
(:func:`ivr.people.visits.place_from_transcript`: the commune's team sees it first).
"""
from __future__ import annotations

import logging
import unicodedata
from typing import Any, Iterable, Mapping

import sqlalchemy as sa
from flask import current_app

from ivr.models import db
from ivr.people.visits import place_from_transcript
from ivr.reports.storage import recording_model, stored_recording
from speech.audio_input import AudioInputError
from speech.transcribe import transcribe

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")


@huey.task(retries=2, retry_delay=60)
def transcribe_recording(report_id: int, kind: str = "report") -> None:
    """Huey task: transcribe a stored recording with the speech model (:func:`transcribe_once`);
    ``kind``: ``report`` or ``visit``."""
    with task_context():
        transcribe_once(report_id, kind)


def queue_transcription(report_id: int, config: Mapping[str, Any], kind: str = "report") -> None:
    """Queue the transcription of a stored recording (of ``kind``'s table) when a speech model
    is configured.

    Never raises for an unreachable queue (the recording stays playable without a transcript).
    """
    if not config.get("VOSK_MODEL_PATH"):
        return  # no model configured: transcription is off, quietly
    try:
        transcribe_recording(report_id, *(() if kind == "report" else (kind,)))
    except QUEUE_ERRORS as exc:
        log.warning("%s %s: could not queue the transcription (%s)", kind, report_id, exc)


def transcribe_once(report_id: int, kind: str = "report") -> bool:
    """Transcribe ``report_id``'s stored recording (a row of ``kind``'s table: ``report`` or
    ``visit``); return False (quietly) when there is nothing to do.

    Nothing to do: no ``VOSK_MODEL_PATH``, or no stored audio. Audio the recogniser cannot use
    (``speech.audio_input.AudioInputError``) is logged and returns False: retrying cannot help.
    The model runs outside any database transaction. Model errors (``speech.model.ModelError``,
    ``speech.recognizer.RecognitionError``) are raised, so Huey retries.
    """
    model = current_app.config.get("VOSK_MODEL_PATH")
    table = recording_model(kind)
    report = db.session.get(table, report_id) if model else None
    path = stored_recording(report) if report else None
    name = report.audio_path if path else None
    db.session.commit()
    if path is None:
        log.info("%s %s: no transcription (no model or no stored audio)", kind, report_id)
        return False
    try:
        text, words = transcribe(path, model)
    except AudioInputError as error:
        log.warning("%s %s: the stored audio cannot be transcribed: %s", kind, report_id, error)
        return False
    text, words = nfc_transcript(text, words)
    query = (sa.update(table).where(table.id == report_id, table.audio_state == "stored",
                                    table.audio_path == name)
             .values(transcript=text, transcript_words=words)
             .execution_options(synchronize_session=False))
    written = db.session.execute(query).rowcount == 1
    if written and kind == "visit":
        place_from_transcript(report_id, text)
    db.session.commit()
    return True


def nfc_transcript(text: str, words: Iterable[dict]) -> tuple[str, list[dict]]:
    """The transcript and its words in Unicode NFC, the composed form Vietnamese is typed and
    searched in: a recogniser may emit decomposed marks ("e" + U+0302 + U+0301 for "ế"), which
    look the same but compare and search differently (https://unicode.org/reports/tr15/)."""
    return (unicodedata.normalize("NFC", text),
            [{**w, "word": unicodedata.normalize("NFC", str(w.get("word", "")))} for w in words])


__all__ = ["transcribe_recording", "queue_transcription", "transcribe_once", "nfc_transcript"]
