"""Streaming a caller's recording (a report's, or a home visit request's) to logged-in volunteers,
with an audit that says who listened.

A recording is played in two steps, so that "listen" in the audit log means a person pressed
play, not that a page was opened or a browser preloaded audio:

1. ``POST /review/reports/<id>/listen`` (or ``/review/visits/<id>/listen``; the page's play
   button, CSRF-checked like every POST) writes one ``listen`` entry (target ``report:<id>`` or
   ``visit:<id>``) and hands out a *listen ticket*: the audio URL with ``?t=`` a token signed
   with ``SECRET_KEY`` naming the kind, the user and the row. The page's script asks for JSON
   (``{"src": url}``) and starts the player on it; without script the form is submitted and
   the answer is a 303 redirect to the same URL, which the browser plays itself.
2. ``GET /review/reports/<id>/audio?t=…`` (or ``/review/visits/<id>/audio``) streams the file,
   with Range requests (``send_file(conditional=True)``) so the player can seek. It writes
   nothing: every range of one playback rides on the same ticket. Without a valid ticket of this
   user for this row (or with one older than a login lasts) it answers 403, so no recording
   leaves the server without its ``listen`` entry. The page's ``<audio>`` has
   ``preload="none"`` and no source until a ticket exists.

The file is the one recorded in the database for that row, found by the one rule of
:mod:`ivr.reports.storage` (a bare file name inside ``RECORDINGS_DIR``; a path that resolves
outside it is refused like a missing file), so neither a request nor a bad row can reach any
other file. Reports and visit requests keep their recording in the same columns
(``audio_state``, ``audio_path``); :data:`KINDS` says what differs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import (abort, current_app, jsonify, redirect, render_template, request, send_file,
                   url_for)
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ivr.models import Report, VisitRequest, db
from ivr.reports.storage import stored_recording
from ivr.review.auth import SESSION_HOURS, audit
from ivr.review.blueprint import review

WAV_MIMETYPE = "audio/wav"
NO_TICKET = ("Hãy nghe bằng nút trên trang",
             "Bản ghi chỉ phát khi bạn bấm nút \u201cNghe bản ghi\u201d trên trang báo cáo hoặc trang "
             "yêu cầu thăm nhà, để nhật ký ghi đúng ai đã nghe. Vui lòng quay lại trang đó.")


@dataclass(frozen=True)
class Recorded:
    """A kind of row with a caller's recording: its model, the audit target's prefix, the
    audio route's endpoint and URL argument, the downloaded file's name prefix."""

    kind: str
    model: type
    endpoint: str
    arg: str
    download: str


KINDS = {"report": Recorded("report", Report, "review.recording", "report_id", "bao-cao"),
         "visit": Recorded("visit", VisitRequest, "review.visit_recording", "visit_id", "tham-nha")}


def recording_file(row: Report | VisitRequest) -> Path | None:
    """The stored recording of ``row`` (a report or a visit request) if its file exists, else
    ``None`` (not ``stored``, no path, a path leading out of ``RECORDINGS_DIR``, the file
    missing)."""
    path = stored_recording(row)
    return path if path is not None and path.is_file() else None


def _tickets() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="review-listen")


def listen_ticket(user_id: int, row_id: int, kind: str = "report") -> str:
    """A token allowing ``user_id`` to stream the recording of ``kind`` (a key of :data:`KINDS`)
    number ``row_id`` (URL-safe text)."""
    return _tickets().dumps([kind, user_id, row_id])


def ticket_valid(token: str, user_id: int, row_id: int, kind: str = "report") -> bool:
    """True when ``token`` was made by :func:`listen_ticket` for this kind, user and row, within
    the last :data:`~ivr.review.auth.SESSION_HOURS` hours (a report's ticket opens no visit)."""
    try:
        return _tickets().loads(token, max_age=SESSION_HOURS * 3600) == [kind, user_id, row_id]
    except BadSignature:  # also an expired one
        return False


def _playable(recorded: Recorded, row_id: int) -> tuple[Report | VisitRequest, Path]:
    row = db.get_or_404(recorded.model, row_id)
    path = recording_file(row)
    if path is None:
        abort(404)
    return row, path


def give_ticket(recorded: Recorded, row_id: int):
    """Audit ``listen`` on the row and hand out the ticketed audio URL: JSON ``{"src": url}`` to
    the page's script (``Accept: application/json``), else a 303 redirect to it. 404 when there
    is no recording to play."""
    row, _path = _playable(recorded, row_id)
    audit("listen", f"{recorded.kind}:{row.id}")
    db.session.commit()
    src = url_for(recorded.endpoint, **{recorded.arg: row.id},
                  t=listen_ticket(current_user.user.id, row.id, recorded.kind))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(src=src)
    return redirect(src, code=303)


def stream(recorded: Recorded, row_id: int):
    """The row's WAV (200, or 206 for a Range request) for a holder of a listen ticket; 404 when
    there is no recording, 403 without a valid ticket. Writes no audit entry (``listen`` was
    written when the ticket was given)."""
    row, path = _playable(recorded, row_id)
    if not ticket_valid(request.args.get("t", ""), current_user.user.id, row.id, recorded.kind):
        return render_template("review/error.html", code=403, title=NO_TICKET[0],
                               text=NO_TICKET[1]), 403
    response = send_file(path, mimetype=WAV_MIMETYPE, conditional=True, etag=True, max_age=0,
                         download_name=f"{recorded.download}-{row.reference}.wav")
    # A caller's voice is personal data: keep it out of shared caches and the phone's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@review.post("/reports/<int:report_id>/listen")
def listen(report_id: int):
    """The report page's play button: :func:`give_ticket`."""
    return give_ticket(KINDS["report"], report_id)


@review.get("/reports/<int:report_id>/audio")
def recording(report_id: int):
    """A report's recording, with a ticket: :func:`stream`."""
    return stream(KINDS["report"], report_id)


@review.post("/visits/<int:visit_id>/listen")
def visit_listen(visit_id: int):
    """A visit request's play button: :func:`give_ticket`."""
    return give_ticket(KINDS["visit"], visit_id)


@review.get("/visits/<int:visit_id>/audio")
def visit_recording(visit_id: int):
    """A visit request's recording, with a ticket: :func:`stream`."""
    return stream(KINDS["visit"], visit_id)
