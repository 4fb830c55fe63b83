"""The job worker's entry point: builds the app, then hands its queue to Huey's consumer.

``huey_consumer worker.huey`` (``Procfile``'s ``flask jobs worker`` does the same from the CLI):
the app is built first, from the environment like the web server's, and registers itself as the
app every task runs in (``jobs.init_app``), so the job package never imports ``app``.
"""
from app import create_app
from config.logging import configure_logging

configure_logging()  # LOG_LEVEL (default INFO) and LOG_FORMAT, as for the web server
app = create_app()
huey = app.extensions["hotline.jobs"]
