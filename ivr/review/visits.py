"""The dashboard pages "Thăm nhà" (issue 12, item 7): callers who asked to be shown at home.

- ``/review/visits``: the open visits, the volunteer's own team's first (marked "Đội của bạn"),
  then those with no team ("chưa rõ xã"), then the other teams'; oldest first in each; the
  caller's number masked, the age, the commune. ``?closed=1``: the closed ones.
- ``/review/visits/<id>``: one visit, audited ``visit_open``: the recording (play button →
  audited ``listen`` and a ticket, :mod:`ivr.review.audio`), the transcript, and the actions:
  set the commune, assign, "Gọi lại" (a callback request with reason ``visit`` rung through the
  bridged callback, :func:`ivr.people.callbacks.ring_volunteer`), close with an outcome. Admins
  may reveal the full number (audited ``reveal``), as on a report, and delete the number and
  recording when the caller asks ("Xoá theo yêu cầu người gọi", audited ``visit_forget``).

The rules and the audit of each change are :mod:`ivr.people.visit_queue`'s, in the same commit.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ivr.models import User, VisitRequest, db, utcnow
from ivr.people import callbacks, visits as caller_side
from ivr.people import visit_queue as service
from ivr.people.teams import team_ids_of
from ivr.reports.masking import display_number
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.callbacks import NOT_CONFIGURED, OUT_OF_HOURS, public_url
from ivr.review.forms import choices
from ivr.review.visit_forms import VisitAssignForm, VisitCloseForm, VisitCommuneForm, VisitForgetForm

GROUP_LABELS = {"mine": "Đội của bạn", "unknown": "Chưa rõ đội", "other": "Đội khác"}
UNKNOWN_COMMUNE = "chưa rõ xã"


def _me() -> User:
    return db.session.get(User, current_user.id)


def age_text(minutes: int) -> str:
    """How long a caller has waited, in Vietnamese: ``0`` → ``"vừa xong"``, ``45`` → ``"45 phút"``,
    ``150`` → ``"2 giờ"``, ``3000`` → ``"2 ngày"``."""
    if minutes < 1:
        return "vừa xong"
    if minutes < 60:
        return f"{minutes} phút"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ"
    return f"{minutes // (24 * 60)} ngày"


@review.get("/visits")
def visits():
    """The queue for this volunteer; ``?closed=1``: the closed and withdrawn visits."""
    me, closed = _me(), request.args.get("closed") == "1"
    rows = service.queue(me, closed)
    return render_template("review/visits.html", rows=rows, closed=closed,
                           counts=service.counts(rows), groups=GROUP_LABELS, now=utcnow(),
                           service=service, age_text=age_text, unknown=UNKNOWN_COMMUNE)


def _forms(visit: VisitRequest, me: User) -> dict:
    assign = VisitAssignForm(formdata=None, assignee=str(visit.assignee_id or ""))
    assign.assignee.choices = _assignee_choices(visit, me)
    return {"commune_form": VisitCommuneForm(formdata=None, commune=visit.commune or ""),
            "assign_form": assign, "close_form": VisitCloseForm(formdata=None),
            "forget_form": VisitForgetForm(formdata=None)}


def _assignee_choices(visit: VisitRequest, me: User) -> list:
    people = [(str(user.id), "Tôi nhận" if user.id == me.id else user.username)
              for user in service.assignable(visit, me)]
    if visit.assignee is not None and str(visit.assignee_id) not in dict(people):
        people.append((str(visit.assignee_id), visit.assignee.username))
    return choices([("", "— Chưa ai nhận —")] + people)


def _render(visit: VisitRequest, caller_number: str | None = None):
    """The visit page; ``caller_number``: the full number, for an admin who revealed it."""
    me = _me()
    return render_template(
        "review/visit.html", visit=visit, group=service.group_of(visit, team_ids_of(me.id)),
        groups=GROUP_LABELS, service=service, unknown=UNKNOWN_COMMUNE, caller_number=caller_number,
        age=age_text(service.age_minutes(visit)), final=visit.status in service.FINAL,
        can_call=callbacks.can_place(current_app.config),
        forgotten=caller_side.forgotten_on_request(visit), duplicate_of=service.duplicate_of(visit),
        **_forms(visit, me))


@review.get("/visits/<int:visit_id>")
def visit_page(visit_id: int):
    """One visit; audited ``visit_open``."""
    visit = _done(service.opened, visit_id)
    db.session.commit()
    return _render(visit)


def _done(action, visit_id: int, *args):
    """``action(visit_id, *args, …)`` of :mod:`ivr.people.visit_queue` as this volunteer: the
    visit, or ``None`` after a refusal (rolled back, flashed); 404 for an unknown visit."""
    try:
        return action(visit_id, *args, _me(), ip=request.remote_addr)
    except LookupError:
        db.session.rollback()
        abort(404)
    except service.VisitError as error:
        db.session.rollback()
        flash(str(error), "error")
        return None


def _back(visit_id: int):
    return redirect(url_for("review.visit_page", visit_id=visit_id))


def _first_error(form) -> str:
    return next((error for field in form for error in field.errors), "Dữ liệu không hợp lệ.")


@review.post("/visits/<int:visit_id>/commune")
def visit_commune(visit_id: int):
    """Set the commune by hand; the visit moves to that commune's team."""
    form = VisitCommuneForm()
    if not form.validate():
        flash(_first_error(form), "error")
    elif (visit := _done(service.set_commune, visit_id, form.commune.data)) is not None:
        db.session.commit()
        flash(f"Đã đặt xã: {visit.commune}" + (f" — đội {visit.team.name}." if visit.team else
                                               " (chưa có đội phụ trách xã này)."), "success")
    return _back(visit_id)


@review.post("/visits/<int:visit_id>/assign")
def visit_assign(visit_id: int):
    """Give the visit to this volunteer, a member of its team, or nobody."""
    form = VisitAssignForm()
    form.assignee.choices = choices([("", "")] + [(str(u.id), u.username) for u in _active()])
    if not form.validate():
        flash("Người nhận việc không hợp lệ.", "error")
        return _back(visit_id)
    assignee = db.session.get(User, int(form.assignee.data)) if form.assignee.data else None
    if _done(service.assign, visit_id, assignee) is not None:
        db.session.commit()
        flash(f"Đã giao cho {assignee.username}." if assignee else "Đã bỏ giao việc.", "success")
    return _back(visit_id)


def _active() -> list[User]:
    return list(db.session.scalars(db.select(User).where(User.active.is_(True))))


@review.post("/visits/<int:visit_id>/call")
def visit_call(visit_id: int):
    """"Gọi lại": the visit's callback request, rung through this volunteer's phone."""
    config = current_app.config
    if not callbacks.can_place(config):
        flash(NOT_CONFIGURED, "error")
    elif not callbacks.within_calling_hours(config["CALLING_HOURS"], utcnow()):
        flash(OUT_OF_HOURS.format(hours=config["CALLING_HOURS"]), "error")
    elif (found := _done(service.callback_for, visit_id)) is not None:
        db.session.commit()
        _ring(found.id)
    return _back(visit_id)


def _ring(request_id: int) -> None:
    try:
        callbacks.ring_volunteer(request_id, _me(), current_app.config,
                                 lambda attempt: public_url("voice.callback_volunteer", attempt),
                                 lambda attempt: public_url("voice.callback_status", attempt))
    except callbacks.CallbackError as error:
        db.session.rollback()
        flash(str(error), "error")
        return
    flash("Tổng đài đang gọi vào điện thoại của bạn. Nghe máy, rồi bấm 1 để nối máy với người "
          "dân và hẹn ngày đến thăm.", "success")


@review.post("/visits/<int:visit_id>/close")
def visit_close(visit_id: int):
    """Close with an outcome and an optional note; final."""
    form = VisitCloseForm()
    if not form.validate():
        flash(_first_error(form), "error")
    elif _done(service.close, visit_id, form.outcome.data, form.note.data) is not None:
        db.session.commit()
        flash(f"Đã đóng yêu cầu: {service.OUTCOME_LABELS[form.outcome.data]}.", "success")
    return _back(visit_id)


@review.post("/visits/<int:visit_id>/forget")
@admin_required
def visit_forget(visit_id: int):
    """Admins, "Xoá theo yêu cầu người gọi": the caller's number and recording deleted, an open
    visit withdrawn; audited ``visit_forget``. The confirmation box must be ticked."""
    form = VisitForgetForm()
    if not form.validate():
        flash(_first_error(form), "error")
    elif _done(service.forget_on_request, visit_id) is not None:
        db.session.commit()
        flash("Đã xoá số điện thoại và bản ghi theo yêu cầu người gọi.", "success")
    return _back(visit_id)


@review.post("/visits/<int:visit_id>/reveal")
@admin_required
def visit_reveal(visit_id: int):
    """Admins: the caller's full number on the visit page; audited ``reveal``."""
    visit = db.get_or_404(VisitRequest, visit_id)
    audit("reveal", f"visit:{visit.id}")
    db.session.commit()
    return _render(visit, caller_number=display_number(visit.caller))


__all__ = ["visits", "visit_page", "visit_commune", "visit_assign", "visit_call", "visit_close",
           "visit_forget", "visit_reveal", "age_text"]
