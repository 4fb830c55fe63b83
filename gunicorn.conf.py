"""gunicorn settings for the hotline's web process: Procfile ``web``, scripts/run, benchmarks/run.

The address comes from the command line (``--bind``). Measured on 2 CPUs (benchmarks/README.md):

- sync workers, one per CPU. Each webhook is short and CPU-bound; on SQLite its write transaction
  queues behind the other workers' (ivr/sqlite.py), so more processes than CPUs only add waiting,
  and threads (gthread) add GIL hand-overs inside the transaction. ``WEB_CONCURRENCY`` overrides
  the count (Heroku sets it per dyno size).
- one log for the whole server (config/logging.py, ``LOG_LEVEL``, ``LOG_FORMAT``), on standard
  error: gunicorn's own lines, an access line per request, each worker's start-up summary (each
  worker builds the app once, when it boots: ``app:app``) and one line per webhook.
- the settings are checked once, by the master, before any worker is forked (:func:`on_starting`):
  a bad one ends the server with one line ``Error: ...`` and exit status 1, instead of a traceback
  from every worker.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # gunicorn may run from elsewhere

from config import ROOT, ConfigError, int_setting, load_config  # noqa: E402
from config.logging import logging_config  # noqa: E402

try:
    workers = int_setting("WEB_CONCURRENCY", os.cpu_count() or 2, minimum=1)
    logconfig_dict = logging_config()
except ConfigError as error:  # read while gunicorn loads this file, before it logs anything
    sys.exit(f"Error: {error}")
worker_class = "sync"
accesslog = "-"
# gunicorn 25.1+ opens a control socket for `gunicornc`, by default one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or $HOME/.gunicorn/gunicorn.ctl): two servers on one machine (two
# hotlines, or a benchmark beside a server) would share it, and the first to stop deletes the
# other's. Nothing here uses gunicornc, so there is none.
# https://gunicorn.org/reference/settings/#control_socket_disable
control_socket_disable = True


def on_starting(server) -> None:
    """gunicorn's hook in the master before it forks: load and check the settings as each worker's
    ``create_app`` will, and stop at once (status 1) with the message if they are unusable.

    The start-up notes are logged here too: a development token generated now (the master is the
    first to load the settings) is reported by this process and by no worker.
    """
    try:
        notes = load_config(ROOT / "instance").check()
    except ConfigError as error:
        sys.exit(f"Error: {error}")
    for note in notes:
        server.log.warning(note)
