"""The callback queue "Gọi lại" (issue 12, item 3): callers who asked a volunteer to call back.

Open requests oldest first, with their context in Vietnamese, the number masked, the tries so
far and when a retry is due; closed ones on their own list ("Đã xong"). "Gọi lại" rings the
volunteer's own phone first through Twilio's REST API (:func:`ivr.people.callbacks.call_volunteer`)
and, when they press 1, bridges them to the caller (:mod:`ivr.voice.callback_calls`), so neither
sees the other's number. A volunteer may also record the outcome of a call by hand. Every action
is audited by the service in the same commit.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import Conflict
from flask_login import current_user

from ivr.models import db, utcnow
from ivr.people import callbacks as service
from ivr.review.blueprint import review

NOT_CONFIGURED = ("Tổng đài chưa gọi ra được: chưa đặt số tổng đài (HOTLINE_NUMBER) hoặc thông tin "
                  "Twilio. Bạn có thể tự gọi cho người dân rồi ghi kết quả bên dưới.")
OUT_OF_HOURS = "Ngoài giờ gọi ({hours}). Tổng đài không gọi cho người dân lúc này."
CLOSED_TITLE = "Yêu cầu gọi lại đã đóng"


@review.get("/callbacks")
def callbacks():
    """Open requests oldest first; ``?closed=1``: the closed ones ("Đã xong")."""
    closed = request.args.get("closed") == "1"
    return render_template("review/callbacks.html", rows=service.queue(closed), closed=closed,
                           can_call=service.can_place(current_app.config), now=utcnow(),
                           service=service)


@review.post("/callbacks/<int:request_id>/call")
def callback_call(request_id: int):
    """"Gọi lại": ring this volunteer's phone, then (on their key 1) the caller. A closed request
    is 409 first, whether or not calls can be placed now."""
    config = current_app.config
    _done(service.check_open, request_id)  # 404 or 409 (the README's promise), never a redirect
    if not service.can_place(config):
        flash(NOT_CONFIGURED, "error")
    elif not service.within_calling_hours(config["CALLING_HOURS"], utcnow()):
        flash(OUT_OF_HOURS.format(hours=config["CALLING_HOURS"]), "error")
    else:
        _call(request_id)
    return redirect(url_for("review.callbacks"))


def _call(request_id: int) -> None:
    if not _done(service.ring_volunteer, request_id, current_user.user, current_app.config,
                 lambda attempt_id: public_url("voice.callback_volunteer", attempt_id),
                 lambda attempt_id: public_url("voice.callback_status", attempt_id)):
        return
    flash("Tổng đài đang gọi vào điện thoại của bạn. Nghe máy, nghe tóm tắt, rồi bấm 1 để nối "
          "máy với người dân.", "success")


@review.post("/callbacks/<int:request_id>/outcome/<any(talked, no_answer, wrong_number):outcome>")
def callback_outcome(request_id: int, outcome: str):
    """Record by hand how a call went: "Đã nói chuyện", "Không nghe máy", "Nhầm số"."""
    if not _done(service.record_by_hand, request_id, outcome, current_user.user,
                 service.Limits.from_config(current_app.config)):
        return redirect(url_for("review.callbacks"))
    db.session.commit()
    flash(f"Đã ghi: {service.OUTCOME_LABELS[outcome]}.", "success")
    return redirect(url_for("review.callbacks"))


def _done(action, request_id: int, *args) -> bool:
    """Run the service's ``action(request_id, *args)``: a request that does not exist is 404, a
    closed one 409 (:class:`~ivr.people.callbacks.RequestClosed`, its message on the page); any
    other refusal (:class:`~ivr.people.callbacks.CallbackError`) is flashed. False then, rolled
    back."""
    try:
        action(request_id, *args)
    except LookupError:
        db.session.rollback()
        abort(404)
    except service.RequestClosed as error:
        db.session.rollback()
        raise _Closed(str(error)) from error
    except service.CallbackError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    return True


class _Closed(Conflict):
    """409 for a closed request, answered with its Vietnamese message (:func:`_closed`)."""


@review.errorhandler(_Closed)
def _closed(error: _Closed):
    return render_template("review/error.html", code=409, title=CLOSED_TITLE,
                           text=error.description), 409


def public_url(endpoint: str, attempt_id: int) -> str:
    """An absolute URL Twilio can reach: under ``PUBLIC_BASE_URL``, else this request's host."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base + url_for(endpoint, attempt=attempt_id)
    return url_for(endpoint, attempt=attempt_id, _external=True)
