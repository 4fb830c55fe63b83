"""HTTPS in production: dashboard pages asked for over plain HTTP are redirected to HTTPS, and
answers over HTTPS carry HTTP Strict Transport Security, so a volunteer's browser never again
sends the session cookie in clear.

- Whether a request came over HTTPS is ``request.is_secure``: the server's own TLS, or behind a
  TLS-terminating proxy the ``X-Forwarded-Proto`` that ``TRUSTED_PROXY_COUNT`` tells ProxyFix to
  believe (app.py). A forwarded header from anyone else is ignored, so it cannot switch this off.
- Only ``GET`` and ``HEAD`` are redirected, and only outside the Twilio routes (``/voice/``) and
  the prompt audio Twilio fetches: a redirected POST loses its body, and a Twilio webhook's
  signature is computed on the URL Twilio called (those routes check signatures against
  ``PUBLIC_BASE_URL`` and answer as they always do). 308 keeps the method
  (RFC 9110 §15.4.9, https://www.rfc-editor.org/rfc/rfc9110#name-308-permanent-redirect).
- ``Strict-Transport-Security`` is sent only on HTTPS answers, as RFC 6797 §7.2 requires
  (https://www.rfc-editor.org/rfc/rfc6797#section-7.2).

Settings: ``HTTPS_REDIRECT`` and ``HSTS_SECONDS`` (config/__init__.py; on in production only).
"""
from __future__ import annotations

from flask import Flask, redirect, request

# Paths Twilio calls or fetches (signed webhooks, prompt audio, dev recordings): never redirected.
TWILIO_PREFIXES = ("/voice/", "/audio/", "/dev/")


def _wants_redirect(app: Flask) -> bool:
    return (app.config.get("HTTPS_REDIRECT", False) and not request.is_secure
            and request.method in ("GET", "HEAD") and not request.path.startswith(TWILIO_PREFIXES))


def _https_url(app: Flask) -> str:
    """The same page on ``PUBLIC_BASE_URL`` (production requires it, https), not on the Host the
    request named, so a forged Host cannot make this an open redirect."""
    base = app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/").replace("http://", "https://", 1)
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def init_app(app: Flask) -> None:
    """Install the redirect (``HTTPS_REDIRECT``) and the HSTS header (``HSTS_SECONDS`` > 0)."""

    @app.before_request
    def _to_https():
        if _wants_redirect(app):
            return redirect(_https_url(app), code=308)
        return None

    @app.after_request
    def _hsts(response):
        seconds = app.config.get("HSTS_SECONDS", 0)
        if seconds and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={int(seconds)}")
        return response


__all__ = ["init_app", "TWILIO_PREFIXES"]
