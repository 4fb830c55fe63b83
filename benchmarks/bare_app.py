"""The benchmark's baseline: a bare Flask app whose one POST route returns constant TwiML.

Same framework and server as the hotline, none of its work (no signature check, no form parsing,
no database, no engine). The answer is the main-menu TwiML that ``/voice/incoming`` gives a new
caller, with the same ``X-Hotline-Node`` header, so both answers are the same size and shape.
Served by ``benchmarks/webhooks.py`` as ``gunicorn bare_app:app``.
"""
from __future__ import annotations

from flask import Flask, Response

MENU_TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    '<Gather action="/voice/input?turn=1" finishOnKey="" input="dtmf" method="POST" numDigits="1" '
    'timeout="10">'
    "<Play>/audio/common.welcome.normal.309181db193d.wav</Play>"
    "<Play>/audio/main_menu.prompt.normal.b29e7921fca7.wav</Play>"
    "<Play>/audio/main_menu.option1.normal.f53cbc594ca7.wav</Play>"
    "<Play>/audio/main_menu.option2.normal.6a54db413fa4.wav</Play>"
    "<Play>/audio/main_menu.option3.normal.9eb962e29c83.wav</Play>"
    "<Play>/audio/main_menu.option4.normal.21dd7ed5559a.wav</Play>"
    "<Play>/audio/common.main_menu_controls.normal.b3ebf9f270c6.wav</Play>"
    "</Gather>"
    '<Redirect method="POST">/voice/input?turn=1&amp;event=timeout</Redirect></Response>'
)

app = Flask(__name__)


@app.post("/voice/incoming")
def incoming() -> Response:
    """Return the constant main-menu TwiML (``text/xml``), whatever was posted."""
    response = Response(MENU_TWIML, mimetype="text/xml")
    response.headers["X-Hotline-Node"] = "main_menu"
    return response
