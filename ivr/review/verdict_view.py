"""What the report page shows of the two-person rule (:mod:`ivr.reports.verdicts`): who confirmed
the report, whether its number is announced to callers now, and the forms to confirm, confirm
alone (admins, with a reason) or revert (admins, with a reason)."""
from __future__ import annotations

from flask_login import current_user

from ivr.models import Report
from ivr.reports import verdicts
from ivr.reports.lifecycle import CONFIRMED, REVERTIBLE, TransitionError, admin_confirm_target
from ivr.review.forms import ReasonForm

ANNOUNCED = "Đang cảnh báo cho người gọi"
ONE_MORE = "Cần thêm một người xác nhận"
NOT_ANNOUNCED = "Chưa cảnh báo cho người gọi"


def verdict_line(verdict: verdicts.NumberVerdict) -> str:
    """The verdict in the volunteers' words: announced, one more confirmation needed, or not."""
    if verdict.flagged:
        return ANNOUNCED
    return ONE_MORE if verdict.confirmers == 1 else NOT_ANNOUNCED


def _admin_may_confirm(report: Report, mine) -> bool:
    try:
        admin_confirm_target(report.status)
    except TransitionError:
        return False
    return not (mine and mine.is_admin_override)


def verdict_context(report: Report, **forms) -> dict:
    """Template values for the report page's verdict card; ``forms`` replace the empty reason
    forms (``override_form``, ``revert_form``) to show their errors."""
    confirmations = verdicts.confirmations(report.id)
    verdict = verdicts.number_verdict(report.reported_number)
    mine = next((c for c in confirmations if c.user_id == current_user.id), None)
    return {"confirmations": confirmations, "verdict": verdict, "verdict_line": verdict_line(verdict),
            "may_confirm": report.status in CONFIRMED and mine is None, "confirmed_by_me": mine is not None,
            "may_override": current_user.is_admin and _admin_may_confirm(report, mine),
            "may_revert": current_user.is_admin and report.status in REVERTIBLE,
            "override_form": forms.get("override_form") or ReasonForm(formdata=None, prefix="override"),
            "revert_form": forms.get("revert_form") or ReasonForm(formdata=None, prefix="revert")}


__all__ = ["verdict_context", "verdict_line", "ANNOUNCED", "ONE_MORE", "NOT_ANNOUNCED"]
