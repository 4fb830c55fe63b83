"""gunicorn settings for the hotline's web process: Procfile ``web``, scripts/run, benchmarks/run.

The address comes from the command line (``--bind``). Measured on 2 CPUs (benchmarks/README.md):

- sync workers, one per CPU. Each webhook is short and CPU-bound; on SQLite its write transaction
  queues behind the other workers' (ivr/sqlite.py), so more processes than CPUs only add waiting,
  and threads (gthread) add GIL hand-overs inside the transaction. ``WEB_CONCURRENCY`` overrides
  the count (Heroku sets it per dyno size).
- an access log line per request on stdout, as before.
"""
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
worker_class = "sync"
accesslog = "-"
