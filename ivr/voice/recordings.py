"""Fetching a caller's short spoken answer from Twilio inside the webhook that recognises it.

The same checks as the report fetch job (``jobs.recordings``): the URL's origin must be one of
``RECORDING_ORIGINS`` before Twilio's credentials are sent, and only a 200 with WAV audio is
accepted. Media can 404 for a moment right after the recording ends (shared/domain/twilio.md), so
a 404 is retried briefly; the caller waits, so the whole fetch is bounded by ``FETCH_BUDGET``.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Mapping

import requests

from jobs.recordings import (FetchError, allowed_origins, check_response, is_wav_header, media_url,
                             twilio_auth)

log = logging.getLogger(__name__)
FETCH_BUDGET = 2.0  # seconds for the whole fetch, retries included
RETRY_PAUSE = 0.2  # seconds between tries after a 404


def fetch_utterance(recording_url: str, config: Mapping[str, Any]) -> bytes | None:
    """Return the WAV bytes of a short recording, or ``None`` if they could not be had in time."""
    deadline = time.monotonic() + FETCH_BUDGET
    try:
        url = media_url(recording_url, allowed_origins(config["RECORDING_ORIGINS"]))
        while True:
            left = deadline - time.monotonic()
            response = requests.get(url, auth=twilio_auth(config), timeout=max(left, 0.1))
            if response.status_code == 404 and left > RETRY_PAUSE:
                time.sleep(RETRY_PAUSE)
                continue
            check_response(response)
            if not is_wav_header(response.content[:12]):
                raise FetchError("the body is not a WAV file")
            return response.content
    except (FetchError, requests.RequestException) as error:
        log.warning("spoken answer not fetched from %s: %s", recording_url, error)
        return None
