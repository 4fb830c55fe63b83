"""Streaming a report's recording to logged-in reviewers.

The URL names only the report (``/review/reports/<id>/audio``); the file is the one recorded in the
database for that report (``Report.audio_path``, relative to ``RECORDINGS_DIR`` or absolute inside
it). A stored path that leads outside the folder (``..``, a symlink, another absolute path) is
refused like a missing file, so neither a request nor a bad row can reach any other file.
Range requests are answered (``send_file(conditional=True)``) so the browser can seek.
"""
from __future__ import annotations

import os

from flask import abort, current_app, request, send_file

from ivr.models import Report, db
from ivr.review.auth import audit
from ivr.review.blueprint import review

WAV_MIMETYPE = "audio/wav"


def recordings_dir() -> str:
    """The real path of ``RECORDINGS_DIR`` (default ``<instance>/recordings``); a relative setting
    is taken from the working directory, as the jobs that write the files do."""
    configured = current_app.config.get("RECORDINGS_DIR") or \
        os.path.join(current_app.instance_path, "recordings")
    return os.path.realpath(configured)


def recording_file(report: Report, root: str) -> str | None:
    """Absolute path of ``report``'s stored recording inside ``root``, or ``None`` when it has none
    (``audio_state`` not ``stored``, no path, file missing) or the path leaves ``root``."""
    if report.audio_state != "stored" or not report.audio_path:
        return None
    # realpath resolves ".." and symlinks before the containment check, not after.
    candidate = os.path.realpath(os.path.join(root, report.audio_path))
    if os.path.commonpath([root, candidate]) != root or candidate == root:
        return None
    return candidate if os.path.isfile(candidate) else None


@review.get("/reports/<int:report_id>/audio")
def recording(report_id: int):
    """The report's WAV (200, or 206 for a Range request); 404 when there is none. Audited as
    ``listen`` on every request, including each range a seeking player asks for."""
    report = db.get_or_404(Report, report_id)
    path = recording_file(report, recordings_dir())
    if path is None:
        abort(404)
    asked = request.headers.get("Range")
    audit("listen", f"report:{report.id}", **({"range": asked} if asked else {}))
    db.session.commit()
    response = send_file(path, mimetype=WAV_MIMETYPE, conditional=True, etag=True, max_age=0,
                         download_name=f"bao-cao-{report.reference}.wav")
    # A caller's voice is personal data: keep it out of shared caches and the phone's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
