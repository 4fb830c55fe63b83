"""``flask callbacks list [--json] [--closed]``: the callback queue from a terminal (issue 12).

Numbers are masked as on the dashboard (:func:`ivr.reports.masking.mask_number`); the full number
is never printed.
"""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ivr.people import callbacks
from ivr.reports.masking import mask_number

callbacks_cli = AppGroup("callbacks", help="Callback requests: callers who asked a volunteer to call back.")


@callbacks_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array (numbers masked).")
@click.option("--closed", is_flag=True, help="Also the closed requests, after the open ones.")
def list_command(as_json: bool, closed: bool) -> None:
    """Open requests oldest first (``calling`` and ``open``), then with ``--closed`` the closed
    ones, most recently closed first: id, status, masked number, context, tries."""
    rows = callbacks.queue() + (callbacks.queue(closed=True) if closed else [])
    items = [callbacks.as_json(row, mask_number) for row in rows]
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("Không có yêu cầu gọi lại nào.")
    for item in items:
        status = callbacks.STATUS_LABELS.get(item["status"], item["status"])
        click.echo(f"#{item['id']}  {status}  {item['number']}  {item['context']}  "
                   f"(đã gọi {item['attempts']} lần)")
