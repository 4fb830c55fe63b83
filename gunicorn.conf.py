"""gunicorn settings for the hotline's web process: Procfile ``web``, scripts/run, benchmarks/run.

The address comes from the command line (``--bind``). Measured on 2 CPUs (benchmarks/README.md):

- sync workers, one per CPU. Each webhook is short and CPU-bound; on SQLite its write transaction
  queues behind the other workers' (ivr/sqlite.py), so more processes than CPUs only add waiting,
  and threads (gthread) add GIL hand-overs inside the transaction. ``WEB_CONCURRENCY`` overrides
  the count (Heroku sets it per dyno size).
- one log for the whole server (config/logging.py, ``LOG_LEVEL``, ``LOG_FORMAT``), on standard
  error: gunicorn's own lines, an access line per request, each worker's start-up summary (each
  worker builds the app once, when it boots: ``app:app``) and one line per webhook.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # gunicorn may run from elsewhere

from config.logging import logging_config  # noqa: E402

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
worker_class = "sync"
accesslog = "-"
logconfig_dict = logging_config()
