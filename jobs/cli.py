"""``flask jobs ...``: run a queue worker in the foreground, or the sweeper once.

``flask jobs worker`` is ``huey_consumer worker.huey`` with this project's choices filled in (thread
workers, a short polling interval for the SQLite queue, the hotline's log lines next to Huey's),
running in the CLI's app (which registered itself with the queue when it was built), so a
configuration error or a database that was never migrated stops it at once instead of at the first
job.
"""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup
from huey.consumer_options import ConsumerConfig

from config.logging import configure_logging
from ivr.cli_errors import check_app_schema

from .queue import huey
from .sweeper import replay_spooled_recordings, run_maintenance, sweep_calls, sweep_recordings

# Seconds an idle worker waits at most between two looks at a SQLite queue (Redis workers block
# on the queue instead). Huey's default of 10 s would delay the first fetch after a quiet spell.
POLL_MAX_DELAY = 2.0


@click.group("jobs", cls=AppGroup)
def jobs_cli():
    """Background jobs: recordings, warning audio, retention."""


@jobs_cli.command("worker")
@click.option("-w", "--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Worker threads (jobs wait mostly on Twilio and ffmpeg, so threads suffice).")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also run the sweeper (every minute) and maintenance (hourly).")
@click.option("-v", "--verbose", is_flag=True, default=None, help="Debug logging.")
def worker_command(workers: int, periodic: bool, verbose: bool | None) -> None:
    """Run a job worker in the foreground until Ctrl-C (SIGINT: finish running jobs; SIGTERM: stop now)."""
    options = ConsumerConfig(workers=workers, worker_type="thread", periodic=periodic,
                             max_delay=POLL_MAX_DELAY, verbose=verbose)
    options.validate()
    # Before the consumer: its sweeper would log a "no such table" traceback every minute.
    check_app_schema(current_app)
    configure_logging("DEBUG" if verbose else None)  # LOG_LEVEL, LOG_FORMAT: config/logging.py
    click.echo(f"jobs worker: {huey.settings.describe()}, {workers} threads, periodic tasks "
               f"{'on' if periodic else 'off'}", err=True)
    huey.create_consumer(**options.values).run()


@jobs_cli.command("sweep")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def sweep_command(as_json: bool) -> None:
    """Run the sweeper and the maintenance once: re-queue stuck fetches, apply retention."""
    outcome = {"replayed": replay_spooled_recordings(), "requeued": sweep_recordings().as_dict(),
               "calls_ended": sweep_calls(), **run_maintenance()}
    if as_json:
        click.echo(json.dumps(outcome))
        return
    requeued, reconciled = outcome["requeued"], outcome["reconciled"]
    click.echo(f"spooled recording payloads applied: {len(outcome['replayed'])}")
    click.echo(f"re-queued fetches: {len(requeued['expired'])} with an expired lease, "
               f"{len(requeued['stale'])} stale pending, {len(requeued['failed'])} failed")
    ended = outcome["calls_ended"]
    click.echo(f"calls without a status callback ended: {len(ended['outbound'])} outbound, "
               f"{len(ended['attempts'])} callback tries, {len(ended['transfers'])} transfer tries")
    click.echo(f"retention: audio of {len(outcome['retention_deleted'])} reports deleted; "
               f"warnings queued for audio: {len(outcome['warnings_queued'])}; "
               f"partial downloads removed: {outcome['partials_removed']}")
    click.echo(f"reconciler: {len(reconciled['asked'])} calls asked at Twilio, "
               f"{len(reconciled['attached'])} recordings found"
               + (f" (stopped: {reconciled['stopped']})" if reconciled["stopped"] else ""))


__all__ = ["jobs_cli"]
