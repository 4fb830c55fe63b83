"""Background jobs: fetch recordings from Twilio, convert and transcribe them, render warning audio,
sweep stuck work and apply retention. A Huey queue: SQLite by default, Redis with ``REDIS_URL``.

The web tier never imports this package: it calls ``ivr.work.work_queue()`` after its commit, and
``init_app(app)`` (called by ``create_app``) wires :class:`HueyWorkQueue` there. Enqueueing never
raises when the queue is unreachable: the database row is the source of truth and the periodic
sweeper finds the work again. Workers run ``worker.huey`` (``huey_consumer worker.huey``) or
``flask jobs worker``; both build the app first.

Modules: ``queue`` (the Huey instance, settings, the app tasks run in), ``fetch`` (the recording
fetch: claim, lease, fence, outcomes), ``transcribe`` (a machine draft of a stored recording),
``sweeper`` (periodic: the recording spool's replay, re-queueing, retention), ``reconcile`` (asks
Twilio for recordings nobody told us about), ``warnings`` (warning audio), ``outbound`` (the
hotline's calls to callers, issue 12), ``cli`` (``flask jobs``).
"""
from flask import Flask

from ivr import work

from . import sweeper  # noqa: F401  (registers the periodic tasks with the consumer)
from . import outbound  # noqa: F401  (registers the minute sweep of due outbound calls)
from .fetch import enqueue_fetch_recording
from .queue import huey, register_app
from .warnings import enqueue_render_warning


class HueyWorkQueue:
    """:class:`ivr.work.WorkQueue` on this package's Huey queue (never raises for an unreachable one)."""

    def fetch_recording(self, report_id: int, kind: str = "report") -> None:
        """Queue :func:`jobs.fetch.fetch_recording` for ``report_id`` (of ``kind``'s table)."""
        enqueue_fetch_recording(report_id, kind)

    def render_warning(self, warning_id: int) -> None:
        """Queue :func:`jobs.warnings.render_warning` for ``warning_id``."""
        enqueue_render_warning(warning_id)

    def place_outbound_call(self, outbound_id: int) -> None:
        """Queue :func:`jobs.outbound.place_outbound_call` for ``outbound_id`` (issue 12)."""
        outbound.enqueue_outbound_call(outbound_id)


def init_app(app: Flask) -> None:
    """Point the queue at ``app``'s settings, run tasks in ``app``, and make this queue the app's
    work queue (``app.extensions["hotline.work"]``; the Huey instance is ``["hotline.jobs"]``)."""
    register_app(app)
    app.extensions[work.EXTENSION] = HueyWorkQueue()


__all__ = ["huey", "init_app", "HueyWorkQueue", "enqueue_fetch_recording", "enqueue_render_warning"]
