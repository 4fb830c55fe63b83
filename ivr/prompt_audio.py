"""Serves rendered prompt audio to Twilio: ``GET /audio/<file>.wav`` from ``<AUDIO_DIR>/rendered``.

File names carry a hash of their content (``speech.render``), so a name never changes meaning and
responses may be cached for a year. ``send_from_directory`` refuses paths that leave the folder and
answers conditional (ETag, If-Modified-Since) and byte-range requests.
"""
from __future__ import annotations

import os

from flask import Blueprint, abort, current_app, request, send_from_directory

from speech.catalog import RENDERED_DIR

media = Blueprint("media", __name__)

ONE_YEAR = 31_536_000  # seconds
WAV_MIMETYPE = "audio/wav"  # one of the types Twilio <Play> accepts


def audio_url(prompt) -> str | None:
    """The URL this request's caller fetches ``prompt``'s rendered audio from (``/audio/<file>``
    under the app's root), or ``None`` when it is not rendered (TwiML then uses ``<Say>``)."""
    name = current_app.extensions["hotline.catalog"].filename(prompt)
    return f"{request.script_root}/audio/{name}" if name else None


@media.get("/audio/<path:filename>")
def audio(filename: str):
    """Return one rendered WAV file; 404 for anything else (other types, sub-folders, ``..``)."""
    if not filename.endswith(".wav") or "/" in filename or filename.startswith("."):
        abort(404)
    # abspath, not Flask's root_path: a relative AUDIO_DIR means the same folder the render
    # command (run from the working directory) wrote to.
    folder = os.path.join(os.path.abspath(current_app.config["AUDIO_DIR"]), RENDERED_DIR)
    response = send_from_directory(folder, filename, mimetype=WAV_MIMETYPE, max_age=ONE_YEAR,
                                   conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
