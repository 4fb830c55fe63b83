"""``X-Twilio-Signature`` validation for every webhook, with twilio-python's RequestValidator.

Twilio signs the exact URL it requested plus the sorted POST parameters (HMAC-SHA1 with the auth
token, or the algorithm named in ``X-Twilio-Webhooks-Signature-Settings``). Behind a TLS-terminating
proxy the URL Flask sees differs from the one Twilio used, so the URL is rebuilt from
``PUBLIC_BASE_URL`` when set; otherwise from the request, which ``ProxyFix`` corrects when
``TRUSTED_PROXY_COUNT`` is set. Source: Twilio "Webhooks security" documentation.
"""
from __future__ import annotations

import logging
from functools import wraps
from urllib.parse import quote

from flask import Response, current_app, g, request
from twilio.request_validator import RequestValidator, get_signature_algorithm

log = logging.getLogger(__name__)
# Characters Werkzeug leaves unquoted in a path (``werkzeug.sansio.utils.get_current_url``).
_PATH_SAFE = "!$&'()*+,/:;=@%"


def public_url() -> str:
    """Return the URL Twilio requested, as it signed it (scheme, host, path and query).

    Twilio signs the URL as it sent it, query string included byte for byte
    (https://www.twilio.com/docs/usage/security#validating-requests). ``request.url`` is not that
    URL: Werkzeug rebuilds it as an IRI, decoding ``%C3%A1`` to ``á`` and ``%2F`` to ``/``; so the
    query is the raw ``QUERY_STRING`` as received, after ``PUBLIC_BASE_URL`` or else the request's
    scheme and host (corrected by ``ProxyFix`` behind ``TRUSTED_PROXY_COUNT`` proxies).
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    path = request.path
    if not base:
        base = f"{request.scheme}://{request.host}"
        path = quote(request.script_root + request.path, safe=_PATH_SAFE)
    query = request.query_string.decode("latin-1")  # WSGI: the raw bytes, one char per byte
    return f"{base}{path}" + (f"?{query}" if query else "")


def is_signed(token: str, url: str | None = None) -> bool:
    """True if the current request carries a valid Twilio signature for ``token``, over ``url``
    (default :func:`public_url`; a Media Stream's upgrade is signed over its ``wss://`` URL)."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    settings = request.headers.get("X-Twilio-Webhooks-Signature-Settings")
    params = request.form if request.method == "POST" else {}
    return RequestValidator(token).validate(url or public_url(), params, signature,
                                            get_signature_algorithm(settings))


def twilio_signed(view):
    """Decorate a webhook view: answer 403 (plain text, never a crash) unless Twilio signed it."""

    @wraps(view)
    def checked(*args, **kwargs):
        config = current_app.config
        if config.get("VALIDATE_TWILIO_SIGNATURE", True) and not is_signed(config["TWILIO_AUTH_TOKEN"]):
            if "webhook_refused" in g:  # the webhook's one log line (views.log_webhook) says why
                g.webhook_refused = "invalid or missing X-Twilio-Signature"
            else:
                log.warning("rejected unsigned or forged webhook %s %s from %s",
                            request.method, request.path, request.remote_addr)
            return Response("Forbidden: invalid or missing X-Twilio-Signature\n", 403,
                            mimetype="text/plain")
        return view(*args, **kwargs)

    return checked
