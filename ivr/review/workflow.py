"""The review workflow: which status may follow which, and the categories a reviewer can choose.

::

    new ──> in_review ──> confirmed ──> escalated
                │    └──> not_scam        ▲
                └───────> follow_up ──────┘

A decision can be reopened (``confirmed``/``not_scam``/``follow_up`` → ``in_review``) because
volunteers make mistakes; ``escalated`` is final (the authorities have it) and ``withdrawn`` belongs
to the caller, set from the phone side only. Pure: no Flask, no database.
"""
from __future__ import annotations

from ivr.models import IDENTITIES

CATEGORIES = (*IDENTITIES, "not_scam")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_review",),
    "in_review": ("confirmed", "not_scam", "follow_up"),
    "follow_up": ("escalated", "confirmed", "not_scam", "in_review"),
    "confirmed": ("escalated", "in_review"),
    "not_scam": ("in_review",),
    "escalated": (),
    "withdrawn": (),
}

# Statuses nobody should still be editing: the authorities have it, or the caller took it back.
READ_ONLY = ("escalated", "withdrawn")
# Statuses whose reports are sent to the authorities by the CSV export.
EXPORTABLE = ("confirmed",)
# Statuses from which an admin may publish a warning (the scam was confirmed).
WARNABLE = ("confirmed", "escalated")


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message is Vietnamese, for the reviewer."""


def allowed_next(status: str) -> tuple[str, ...]:
    """Statuses that may follow ``status`` (empty for final or unknown statuses)."""
    return TRANSITIONS.get(status, ())


def check_transition(current: str, new: str) -> None:
    """Raise :class:`TransitionError` unless ``current`` → ``new`` is allowed."""
    if new not in allowed_next(current):
        raise TransitionError("Không thể chuyển báo cáo sang trạng thái này từ trạng thái hiện tại.")
