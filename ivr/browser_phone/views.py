"""``GET /phone``: the browser phone page, who may open it, and its security headers."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, logout_user

from ivr.voice.streams import PHONE_PATH, stream_url as voice_stream_url

phone = Blueprint("phone", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/static")

# As strict as the review dashboard's (ivr/review/blueprint.py): scripts only from this site, no
# inline script, and WebSocket connections only to this site or the stream's own origin
# (filled in per request). The AudioWorklet module is a script: script-src covers it.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src {connect}; media-src 'self' blob:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def stream_url() -> str:
    """The absolute WebSocket URL the page calls, e.g. ``wss://hotline.example.vn/phone/stream``:
    :func:`ivr.voice.streams.stream_url` (``STREAM_BASE_URL``, else ``PUBLIC_BASE_URL`` as
    ``wss://``, else this request's host). Must run inside a request."""
    return voice_stream_url(PHONE_PATH)


def _access_answer():
    """``None`` when this request may see the page; else the answer to give instead (404 when
    ``PHONE_PAGE=off``, the login redirect when ``login`` and nobody is logged in)."""
    mode = current_app.config.get("PHONE_PAGE", "open")
    if mode == "open":
        return None
    if mode == "login":
        # The review dashboard's login, with its 12-hour session limit (ivr/review/auth.py).
        from ivr.review.auth import login_manager, session_expired

        if current_user.is_authenticated and session_expired():
            logout_user()
        if current_user.is_authenticated:
            return None
        return login_manager.unauthorized()
    return _not_found()


def _not_found():
    return render_template("phone/not_found.html"), 404


@phone.before_request
def _check_access():
    return _access_answer()


@phone.get("", strict_slashes=False)
def page():
    """The phone: call and hang-up buttons, the 12-key keypad, captions and the status line; the
    stream's URL is in ``data-stream-url`` for ``phone.js``, and ``data-listens`` says whether
    the hotline understands speech (a Vosk model), so the page invites it only then."""
    listens = current_app.config.get("SPEECH_MODE") in ("stream", "vosk")  # the stream recognises
    return render_template("phone/phone.html", stream_url=stream_url(), listens=listens)


@phone.after_request
def _security_headers(response):
    connect = "'self'"
    if request.endpoint == "phone.page":
        parts = urlsplit(stream_url())
        connect += f" {parts.scheme}://{parts.netloc}"
    response.headers.setdefault("Content-Security-Policy", CSP.format(connect=connect))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    # Microphone for this page only; no camera, no location.
    response.headers.setdefault("Permissions-Policy", "microphone=(self), camera=(), geolocation=()")
    if request.endpoint != "phone.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
