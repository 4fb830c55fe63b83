"""The volunteers' review dashboard, mounted at ``/review``: a queue of scam reports, the report
page (recording, transcript, category, status workflow, assignment), the audit log, the CSV export
for the authorities and the hotline's warnings. Server-rendered, Vietnamese, phone-sized.

Modules: ``auth`` (login, roles, throttling, audit helper), ``views`` (queue, report page and its
actions), ``audio`` (streaming recordings), ``export`` (CSV), ``scam_warnings``, ``audit_log``,
``confirmations`` (second opinions, an admin's override and revert), ``verdict_view``, ``cli``
(``flask users``), ``passwords`` (what a password must be), ``forms``, ``queries``,
``labels``; ``api_keys`` (partner keys for the feed of ``ivr.api``); ``callbacks``,
``shift_views``, ``team_views`` and ``visits`` (issue 12: callbacks, shifts, commune teams, home
visits). The report rules it applies
(workflow, masking, where a recording is) live in ``ivr.reports``. No telephony here: the
dashboard reads what the call side stored, and hands work to ``ivr.work``.

``init_app(app)`` registers everything::

    from ivr import review
    review.init_app(app)
"""
from __future__ import annotations

from flask import Flask

# Imported for their routes, which they attach to the blueprint.
from ivr.review import audio, audit_log, export, scam_warnings, views  # noqa: F401
from ivr.review import api_keys  # noqa: F401  (issue 11: partner API keys)
from ivr.review import official_numbers  # noqa: F401  (issue 11, item 2)
from ivr.review import confirmations  # noqa: F401  (issue 11: confirm, override, revert)
from ivr.review import callbacks  # noqa: F401  (issue 12: the callback queue)
from ivr.review import shift_views  # noqa: F401  (issue 12: "Ca trực", "Ai đang trực")
from ivr.review import team_views, visits  # noqa: F401  (issue 12, item 7: "Đội xã", "Thăm nhà")
from ivr.review.auth import install_throttle, login_manager
from ivr.review.blueprint import csrf, review
from ivr.review.cli import users_cli

URL_PREFIX = "/review"


def init_app(app: Flask) -> None:
    """Register the blueprint at ``/review``, Flask-Login, CSRF (checked for this blueprint only),
    the login throttle and the ``flask users`` commands."""
    # CSRFProtect would otherwise check every POST of the app, Twilio's signed webhooks included;
    # the blueprint checks its own POSTs (auth._check_csrf).
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    # A token lives as long as the login (12 h at most): a volunteer who spends an hour on one
    # transcript must not lose it to an expired token.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    login_manager.init_app(app)
    app.register_blueprint(review, url_prefix=URL_PREFIX)
    install_throttle(app)
    app.cli.add_command(users_cli)


__all__ = ["init_app", "review"]
