"""The work the web tier hands to the background: the :class:`WorkQueue` interface it calls.

The call service and the dashboard call :func:`work_queue` *after* the database commit that made
the work; ``app.py`` wires the implementation (``jobs.init_app`` stores a Huey-backed one in
``app.extensions["hotline.work"]``). The database row is the source of truth: an implementation
never raises because its queue is unreachable, and the jobs' sweeper finds the rows again
(``pending`` reports, active warnings without audio). With nothing wired, work is logged and left
to that sweeper.
"""
from __future__ import annotations

import logging
from typing import Protocol

from flask import current_app

EXTENSION = "hotline.work"  # the key in ``app.extensions``

log = logging.getLogger(__name__)


class WorkQueue(Protocol):
    """Background work the web tier asks for. Implementations never raise for an unreachable queue."""

    def fetch_recording(self, report_id: int, kind: str = "report") -> None:
        """Fetch, store and transcribe report ``report_id``'s recording (it is ``pending``, with its
        ``recording_url`` stored); ``kind="visit"``: a home visit request's (issue 12)."""

    def render_warning(self, warning_id: int) -> None:
        """Render the audio of the active warning ``warning_id``."""

    def place_outbound_call(self, outbound_id: int) -> None:
        """Place the scheduled outbound call ``outbound_id`` (issue 12) when it is due."""


class UnwiredQueue:
    """The :class:`WorkQueue` of an app with no job queue: logs the work, leaves it to the sweeper."""

    def fetch_recording(self, report_id: int, kind: str = "report") -> None:
        log.warning("no work queue: %s %s's recording waits for the sweeper", kind, report_id)

    def render_warning(self, warning_id: int) -> None:
        log.warning("no work queue: warning %s's audio waits for the maintenance task", warning_id)

    def place_outbound_call(self, outbound_id: int) -> None:
        log.warning("no work queue: outbound call %s waits for the minute sweep", outbound_id)


def work_queue() -> WorkQueue:
    """The current app's :class:`WorkQueue` (an :class:`UnwiredQueue` when none is wired)."""
    return current_app.extensions.get(EXTENSION) or UnwiredQueue()


__all__ = ["EXTENSION", "WorkQueue", "UnwiredQueue", "work_queue"]
