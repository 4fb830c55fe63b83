"""The read-only API for partner organisations (156, the police, carriers), mounted at
``/api/v1``: the flagged scam numbers as JSON and CSV, each with a ready 156 SMS.

Modules: ``views`` (routes, the key check, auditing), ``feed`` (which numbers: the one query),
``formats`` (pure: summaries → JSON, CSV, 156 SMS). Keys are made and revoked by admins on the
dashboard (``ivr.review.api_keys``) and checked by ``ivr.partner_keys``.

``init_app(app)`` registers it::

    from ivr import api
    api.init_app(app)
"""
from __future__ import annotations

from flask import Flask

from ivr.api.views import api

URL_PREFIX = "/api/v1"


def init_app(app: Flask) -> None:
    """Register the blueprint at ``/api/v1`` (no login, no CSRF: a key on every request)."""
    app.register_blueprint(api, url_prefix=URL_PREFIX)


__all__ = ["init_app", "api"]
