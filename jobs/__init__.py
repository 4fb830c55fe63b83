"""Background jobs: fetch recordings from Twilio, convert and transcribe them, render warning audio,
sweep stuck work and apply retention. A Huey queue: SQLite by default, Redis with ``REDIS_URL``.

Public surface used by the web tier (call these *after* the database commit that made the work):

- ``enqueue_fetch_recording(report_id: int) -> None``: the report is ``pending`` with its
  ``recording_url`` (and ``recording_sid``) stored.
- ``enqueue_render_warning(warning_id: int) -> None``: the warning is stored and active.

Neither raises when the queue is unreachable: the database row is the source of truth and the
periodic sweeper finds the work again.

Also: ``init_app(app)`` (called by ``create_app``: the queue follows the app's settings and tasks
run in that app) and ``huey`` (what consumers run: ``huey_consumer jobs.huey``). A stored
recording is ``RECORDINGS_DIR / Report.audio_path`` (a bare file name).

Modules: ``queue`` (the Huey instance, settings, app context), ``recordings`` (fetch, convert,
store, transcription hook), ``sweeper`` (periodic re-queueing, retention), ``warnings`` (warning
audio), ``cli`` (``flask jobs``).
"""
from .queue import huey, init_app
from .recordings import enqueue_fetch_recording
from .warnings import enqueue_render_warning
from . import sweeper  # noqa: F401  (registers the periodic tasks with the consumer)

__all__ = ["huey", "init_app", "enqueue_fetch_recording", "enqueue_render_warning"]
