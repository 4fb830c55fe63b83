"""The reconciler: ask Twilio for the recordings of reports that never heard of theirs.

A report is saved before the beep; Twilio then tells us about the recording twice (the
``<Record>`` action and the recording status callback). If both were lost (the database and the
spool both failed, a network fault, a web process killed at the wrong moment), the report would
stay without a recording for good: this job asks Twilio's REST API
(``GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json``,
https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources, through
:mod:`ivr.voice.twilio_rest`) and attaches what it has, exactly as a late status callback would
(:func:`ivr.reports.intake.attach_recording`); the normal fetch job then downloads it.

Which reports (bounded, so a run is cheap): no RecordingSid, ``audio_state`` ``none`` (Twilio has
said nothing, not even ``absent``), not withdrawn, saved between ``RECONCILE_WINDOW_HOURS`` and
``RECONCILE_GRACE_SECONDS`` ago, whose call reached a recording node (its path in
``call_events``; a report saved on the money-lost path records nothing), newest first, at most
``RECONCILE_BATCH`` per run. Run hourly from :func:`jobs.sweeper.run_maintenance`; a report
Twilio has nothing for is asked again next run until it leaves the window.

A transient REST failure (5xx, 429, the network) ends the run: the next run tries again. A
permanent one (401: wrong credentials) ends it with an error in the log. Without
``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN`` nothing is asked.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ivr.engine import RecordNode
from ivr.models import Call, CallEvent, Report, db, utcnow
from ivr.reports import intake
from ivr.voice.twilio_rest import (PermanentApiError, RemoteRecording, TransientApiError,
                                   call_recordings, rest_client)

from .fetch import enqueue_fetch_recording

log = logging.getLogger("hotline.jobs")

USABLE = ("completed", "absent", "failed")  # a recording still "processing" waits for next run


@dataclass
class ReconcileResult:
    """One run: CallSids asked, report ids given a recording, and why the run stopped early
    (``None``, ``"no credentials"``, ``"transient: …"``, ``"permanent: …"``)."""

    asked: list[str] = field(default_factory=list)
    attached: list[int] = field(default_factory=list)
    stopped: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def reconcile_recordings(now: datetime | None = None) -> ReconcileResult:
    """Ask Twilio for the recordings of the reports described in the module docstring and attach
    them; queue their fetches. Runs in an app context; never raises for Twilio's failures."""
    config = current_app.config
    result = ReconcileResult()
    client = rest_client(config)
    if client is None:
        result.stopped = "no credentials"
        return result
    for call_sid in _candidates(now or utcnow(), config):
        try:
            recordings = call_recordings(client, call_sid)
        except TransientApiError as exc:
            result.stopped = f"transient: {exc}"
            log.warning("reconciler: Twilio's REST API failed (%s); next run", exc)
            break
        except PermanentApiError as exc:
            result.stopped = f"permanent: {exc}"
            log.error("reconciler: Twilio's REST API refused (%s); check TWILIO_ACCOUNT_SID and "
                      "TWILIO_AUTH_TOKEN", exc)
            break
        result.asked.append(call_sid)
        report_id = _attach(call_sid, recordings)
        if report_id is not None:
            result.attached.append(report_id)
            enqueue_fetch_recording(report_id)
    if result.attached:
        log.info("reconciler: recordings found at Twilio for reports %s", result.attached)
    return result


def _candidates(now: datetime, config) -> list[str]:
    """CallSids of the reports to ask about (see the module docstring), newest first."""
    # A report's recording nodes only: a home visit request's recording (keeps: visit, issue 12)
    # made in the same call must never be taken for a report's.
    record_nodes = [node.id for node in current_app.extensions["hotline.flow"].nodes.values()
                    if isinstance(node, RecordNode) and node.keeps == "report"]
    reached = (sa.select(CallEvent.id).join(Call, Call.id == CallEvent.call_id)
               .where(Call.call_sid == Report.call_sid, CallEvent.next_node.in_(record_nodes))
               .exists())
    since = now - timedelta(hours=float(config["RECONCILE_WINDOW_HOURS"]))
    until = now - timedelta(seconds=float(config["RECONCILE_GRACE_SECONDS"]))
    query = (sa.select(Report.call_sid)
             .where(Report.recording_sid.is_(None), Report.audio_state == "none",
                    Report.status != "withdrawn", Report.created_at >= since,
                    Report.created_at <= until, reached)
             .order_by(Report.created_at.desc(), Report.id.desc())
             .limit(int(config["RECONCILE_BATCH"])))
    call_sids = list(db.session.execute(query).scalars())
    db.session.commit()
    return call_sids


def _attach(call_sid: str, recordings: list[RemoteRecording]) -> int | None:
    """Attach the call's recording as a late status callback would; commit. Several (the caller
    recorded again): the last one listed. Returns the report id to fetch, else ``None``."""
    usable = [r for r in recordings if r.status in USABLE]
    if not usable:
        return None
    chosen = next((r for r in reversed(usable) if r.status == "completed"), usable[-1])
    report = intake.attach_recording(call_sid, chosen.sid, chosen.url, chosen.seconds,
                                     chosen.status, from_action=False)
    report_id = report.id if report is not None else None
    db.session.commit()
    return report_id


__all__ = ["reconcile_recordings", "ReconcileResult"]
