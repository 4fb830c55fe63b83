"""ivr.work: the web tier's queue interface works, quietly, with nothing wired."""
from __future__ import annotations

import logging

from flask import Flask

from ivr.work import EXTENSION, UnwiredQueue, work_queue


def test_without_a_wired_queue_work_is_logged_and_left_to_the_sweeper(caplog):
    caplog.set_level(logging.WARNING, logger="ivr.work")
    app = Flask("bare")
    with app.app_context():
        queue = work_queue()
        queue.fetch_recording(7)
        queue.render_warning(3)
    assert isinstance(queue, UnwiredQueue)
    assert "report 7" in caplog.text and "warning 3" in caplog.text and "sweeper" in caplog.text


def test_the_wired_queue_is_the_one_in_the_apps_extensions():
    asked = []

    class Queue:
        def fetch_recording(self, report_id):
            asked.append(("fetch", report_id))

        def render_warning(self, warning_id):
            asked.append(("render", warning_id))

    app = Flask("wired")
    app.extensions[EXTENSION] = Queue()
    with app.app_context():
        work_queue().fetch_recording(5)
        work_queue().render_warning(6)
    assert asked == [("fetch", 5), ("render", 6)]
