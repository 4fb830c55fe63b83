"""The audit log: who opened, listened to, edited, revealed, exported or withdrew what, and when.

Entries are added to the current database session and committed with the change they describe, so
an action and its audit entry land together or not at all.
"""
from __future__ import annotations

from typing import Any

from ivr.models import AuditEntry, User, db

ACTIONS = ("login", "login_failed", "logout", "open", "listen", "edit", "status", "assign",
           "reveal", "export", "withdraw", "retention_delete", "warning_create", "warning_retire",
           "user_create", "user_role", "user_password", "user_deactivate", "user_activate",
           # official numbers (issue 11, item 2)
           "official_create", "official_edit", "official_verify", "official_unverify",
           "official_deactivate", "official_activate")
# The partner feed (issue 11, ivr.api): keys created and revoked by admins, and every read.
ACTIONS += ("partner_key_create", "partner_key_revoke", "feed_read")
# The two-person rule (issue 11): confirmations, an admin's revert.
ACTIONS += ("confirm", "revert")
# Callback requests (issue 12): a caller's request, a volunteer's "Gọi lại", each try's outcome.
ACTIONS += ("callback_request", "callback_call", "callback_outcome")
# Home visits, the caller's side (issue 12, item 7): a request made on the phone.
ACTIONS += ("visit_request",)
# Volunteers on shift (issue 12): a user's phone, switch and hours; an admin viewing the phones.
ACTIONS += ("shift_phone", "shift_on", "shift_off", "shift_hours", "shift_phones")
# Home visits by commune teams (issue 12, item 7): admins' teams; volunteers' work on a visit
# (its page opened, its commune set, closed; "listen", "assign", "reveal" as for reports).
ACTIONS += ("team_create", "team_rename", "team_communes", "team_commune_remove",
            "team_member_add", "team_member_remove", "visit_open", "visit_commune", "visit_close")
# An admin deletes a visit's number and recording because the caller asked (issue 12, item 7).
ACTIONS += ("visit_forget",)


def record(action: str, target: str, *, user: User | None = None, actor: str | None = None,
           detail: dict[str, Any] | None = None, ip: str | None = None) -> AuditEntry:
    """Add an audit entry to the session (the caller commits). ``target`` is e.g. ``"report:12"``.

    ``actor`` defaults to the user's name, else ``"system"``. Raises ``ValueError`` for an action
    not in :data:`ACTIONS`, so a typo cannot silently create a new kind of entry.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(user_id=user.id if user else None,
                       actor=actor or (user.username if user else "system"),
                       action=action, target=target, detail=detail, ip=ip)
    db.session.add(entry)
    return entry
