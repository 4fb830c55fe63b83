"""The job worker's entry point: builds the app, then hands its queue to Huey's consumer.

``huey_consumer worker.huey`` (``Procfile``'s ``flask jobs worker`` does the same from the CLI):
the app is built first, from the environment like the web server's, and registers itself as the
app every task runs in (``jobs.init_app``), so the job package never imports ``app``.

Two things differ from a bare ``huey_consumer``:

- a bad setting, or a database that was never migrated, ends the consumer with one line
  ``Error: ...`` on standard error and exit status 1, not a traceback (the same line the
  ``flask`` commands print);
- Huey's lines are written once, in the project's format (config/logging.py). ``huey_consumer``
  would add its own handler to the ``huey`` logger after importing this module
  (``ConsumerConfig.setup_logger``, huey/bin/huey_consumer.py), so every line would also appear a
  second time in Huey's format: :func:`_huey_level_only` keeps only the level that its ``-v`` or
  ``-q`` asks for.
"""
import logging
import sys

import click
from huey.consumer_options import ConsumerConfig

from app import create_app
from config import ConfigError
from config.logging import configure_logging
from ivr.cli_errors import check_app_schema

_huey_setup_logger = ConsumerConfig.setup_logger


def _huey_level_only(self: ConsumerConfig, logger: logging.Logger | None = None) -> None:
    """``ConsumerConfig.setup_logger`` without its stream handler: the records reach the root
    handler configured above. ``-v`` / ``-q`` still set the ``huey`` logger's level; ``-l FILE``
    still writes Huey's own lines to that file."""
    if self.logfile:
        _huey_setup_logger(self, logger)
    elif self.verbose is not None:
        (logger or logging.getLogger()).setLevel(self.loglevel)


try:
    configure_logging()  # LOG_LEVEL (default INFO) and LOG_FORMAT, as for the web server
    app = create_app()
    check_app_schema(app)  # an unmigrated database: the hint, not a traceback every minute
except ConfigError as error:
    sys.exit(f"Error: {error}")
except click.ClickException as error:
    sys.exit(f"Error: {error.message}")
ConsumerConfig.setup_logger = _huey_level_only
huey = app.extensions["hotline.jobs"]
