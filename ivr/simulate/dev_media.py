"""Development only: a stand-in for Twilio's media URL, so a simulated call's recording can be fetched.

A real call's ``<Record>`` ends with a ``RecordingUrl`` on api.twilio.com; the job worker downloads
``RecordingUrl`` + ``.wav`` (WAV is the default format of a recording's media file:
https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file). ``flask call`` has
no Twilio account behind it, so it sends ``<server>/dev/recordings/<RecordingSid>`` instead, and
this blueprint answers ``GET /dev/recordings/<RecordingSid>[.wav]`` with one short sample: 8 kHz
mono 16-bit PCM WAV, as Twilio serves a phone recording. ``app.py`` registers it only when
``DEV_RECORDINGS`` is set, which only the development config does; the development
``RECORDING_ORIGINS`` lets the worker fetch from this server.

The sample (``sample_recording.wav``, 3.7 s) was made with::

    espeak-ng -v vi -s 150 -w raw.wav "Bác đọc cho tôi mã OTP vừa gửi đến điện thoại nhé."
    ffmpeg -i raw.wav -ar 8000 -ac 1 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact \\
        -flags:a +bitexact sample_recording.wav
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, abort

PATH = "/dev/recordings/"
SAMPLE = Path(__file__).with_name("sample_recording.wav")
SAMPLE_SECONDS = 4  # its length, in whole seconds as Twilio's RecordingDuration
_RECORDING_SID = re.compile(r"RE[0-9a-f]{32}")  # Twilio's RecordingSid: "RE" + 32 hex digits

dev_media = Blueprint("dev_media", __name__)


@dev_media.get(PATH + "<name>")
def recording(name: str):
    """The sample WAV for any well-formed RecordingSid, with or without ``.wav``; else 404."""
    if not _RECORDING_SID.fullmatch(name.removesuffix(".wav")):
        abort(404)
    return Response(_sample(), mimetype="audio/x-wav")


@cache
def _sample() -> bytes:
    return SAMPLE.read_bytes()  # 60 kB, read once per process


def recording_url(server: str, recording_sid: str) -> str:
    """Return the ``RecordingUrl`` a simulated recording sends: ``<server>/dev/recordings/<sid>``.

    ``server`` is the hotline's address (``http://127.0.0.1:5000``); like Twilio's, the URL has
    no extension and the worker asks for ``.wav``.
    """
    return f"{server.rstrip('/')}{PATH}{recording_sid}"
