"""The browser phone (issue 13): ``GET /phone``, a phone-sized page that calls the hotline from a
web browser over the same Media Streams protocol Twilio speaks, so volunteers (and, when opened,
anyone) can try the hotline without a telephone.

The page (``templates/phone/phone.html``) and its scripts (``static/phone.js`` and the
AudioWorklet ``static/phone-worklet.js``) capture the microphone, send it as 8 kHz μ-law
``media`` messages, play what the hotline sends, show its captions and send keypad presses as
``dtmf`` messages, all over one WebSocket to ``/phone/stream`` (served by ``ivr.voice.streams``).

Who may open it is ``PHONE_PAGE`` (config/__init__.py): ``open``, ``login`` (the review
dashboard's login, :mod:`ivr.review.auth`) or ``off`` (404). The package is not called
``ivr.phone``: that name is the phone-number module.

``init_app(app)`` registers it::

    from ivr import browser_phone
    browser_phone.init_app(app)
"""
from __future__ import annotations

from flask import Flask

from ivr.browser_phone.views import phone

URL_PREFIX = "/phone"


def init_app(app: Flask) -> None:
    """Register the ``phone`` blueprint at :data:`URL_PREFIX` (page at ``/phone``, its scripts and
    style under ``/phone/static/``). Needs the review dashboard's Flask-Login set up for
    ``PHONE_PAGE=login`` (``ivr.review.init_app``), in any order."""
    app.register_blueprint(phone, url_prefix=URL_PREFIX)


__all__ = ["init_app", "phone", "URL_PREFIX"]
