"""A report's life: its statuses, its audio states, the claimed identities, which status may follow
which, and the named groups every side of the hotline uses. Pure: no Flask, no database.

Review statuses (``Report.status``)::

    new ──> in_review ──> confirmed ──> escalated
                │    └──> not_scam        ▲
                └───────> follow_up ──────┘

A decision can be reopened (``confirmed``/``not_scam``/``follow_up`` → ``in_review``) because
volunteers make mistakes; ``escalated`` is final for volunteers (the authorities have it), so moving
there needs an explicit confirmation (:func:`needs_confirmation`), and ``withdrawn`` belongs to the
caller, set from the phone side only. An admin may revert any decided status, ``escalated``
included, back to ``in_review`` with a written reason (:func:`revert_target`), and confirm a
report alone, with a reason (:func:`admin_confirm_target`).

Audio states (``Report.audio_state``): ``none`` (no recording yet), ``pending`` (Twilio has it; a
fetch is queued), ``fetching`` (a worker holds it until ``audio_lease_until``), ``stored`` (the
file is in ``RECORDINGS_DIR``), ``failed`` (attempts exhausted; the sweeper retries), ``absent``
(the caller recorded nothing), ``deleted`` (retention, withdrawal or a new recording removed it).
"""
from __future__ import annotations

REPORT_STATUSES = ("new", "in_review", "confirmed", "not_scam", "follow_up", "escalated", "withdrawn")
AUDIO_STATES = ("none", "pending", "fetching", "stored", "failed", "absent", "deleted")
# Who the scammer claimed to be (the caller keys one; a reviewer may correct it).
IDENTITIES = ("police", "bank", "utility", "telecom", "delivery", "relative", "job", "other")
# What a reviewer may file a report under: an identity, or not a scam at all.
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

# Reports about a number that the phone line counts when a caller checks it.
CONFIRMED = ("confirmed", "escalated")
# Reports a volunteer has decided on: their audio is deleted ``RETENTION_DAYS`` after review.
REVIEWED = ("confirmed", "not_scam", "escalated", "follow_up")
# Statuses nobody should still be editing: the authorities have it, or the caller took it back.
READ_ONLY = ("escalated", "withdrawn")
# Statuses whose reports are sent to the authorities by the CSV export.
EXPORTABLE = ("confirmed",)
# Statuses from which an admin may publish a warning (the scam was confirmed).
WARNABLE = ("confirmed", "escalated")
# Audio states in which a recording exists (at Twilio or here) and deleting it means something.
AUDIO_HELD = ("pending", "fetching", "stored", "failed")


# Statuses an admin may revert (with a reason) to REVERT_TO; withdrawn stays the caller's.
REVERTIBLE = ("confirmed", "not_scam", "follow_up", "escalated")
REVERT_TO = "in_review"
# Moves a volunteer must confirm in a second step, because they cannot take them back.
FINAL_FOR_VOLUNTEERS = ("escalated",)


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message is Vietnamese, for the reviewer."""


def allowed_next(status: str) -> tuple[str, ...]:
    """Statuses that may follow ``status`` (empty for final or unknown statuses)."""
    return TRANSITIONS.get(status, ())


def check_transition(current: str, new: str) -> None:
    """Raise :class:`TransitionError` unless ``current`` → ``new`` is allowed."""
    if new not in allowed_next(current):
        raise TransitionError("Không thể chuyển báo cáo sang trạng thái này từ trạng thái hiện tại.")


def needs_confirmation(new: str) -> bool:
    """True when moving to ``new`` must be confirmed in a second step (volunteers cannot undo it)."""
    return new in FINAL_FOR_VOLUNTEERS


def revert_target(current: str) -> str:
    """The status an admin's revert moves a ``current`` report to (:data:`REVERT_TO`).

    Raises :class:`TransitionError` when ``current`` cannot be reverted (new, in review: nothing
    was decided; withdrawn: the caller's choice).
    """
    if current not in REVERTIBLE:
        raise TransitionError("Báo cáo ở trạng thái này không có gì để hoàn tác.")
    return REVERT_TO


def admin_confirm_target(current: str) -> str:
    """The status an admin's confirmation with a reason (confirming alone) leaves a ``current``
    report in: unchanged when already confirmed or escalated, else ``confirmed`` (an admin may
    skip the review steps). Raises :class:`TransitionError` for a withdrawn report."""
    if current in CONFIRMED:
        return current
    if current == "withdrawn" or current not in REPORT_STATUSES:
        raise TransitionError("Báo cáo người gọi đã rút lại thì không xác nhận được.")
    return "confirmed"


__all__ = ["REPORT_STATUSES", "AUDIO_STATES", "IDENTITIES", "CATEGORIES", "TRANSITIONS",
           "CONFIRMED", "REVIEWED", "READ_ONLY", "EXPORTABLE", "WARNABLE", "AUDIO_HELD",
           "REVERTIBLE", "REVERT_TO", "FINAL_FOR_VOLUNTEERS", "TransitionError", "allowed_next",
           "check_transition", "needs_confirmation", "revert_target", "admin_confirm_target"]
