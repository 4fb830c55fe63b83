"""``flask visits list [--json] [--limit N]``: home visit requests from a terminal (issue 12, item 7).

Numbers are masked as on the dashboard (:func:`ivr.reports.masking.mask_number`); the full number
is never printed, nor the recording or its transcript.
"""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ivr.models import db
from ivr.people import visits
from ivr.reports.masking import mask_number

LIMIT_MAX = 10_000  # a bound the database's LIMIT accepts (a huge number overflowed it)

visits_cli = AppGroup("visits", help="Home visit requests: callers who asked to be shown at home.")


@visits_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array (numbers masked).")
@click.option("--limit", type=click.IntRange(1, LIMIT_MAX), default=200, show_default=True,
              help="Newest requests first, at most this many.")
def list_command(as_json: bool, limit: int) -> None:
    """Visit requests, newest first: id, reference, status, masked number, commune (and where it
    came from: ``speech`` or ``volunteer``), team, recording state."""
    items = [visits.as_json(row, mask_number) for row in visits.listing(limit)]
    db.session.commit()
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("Không có yêu cầu đến nhà nào.")
    for item in items:
        status = visits.STATUS_LABELS.get(item["status"], item["status"])
        commune = item["commune"] or "chưa rõ xã"
        team = item["team"] or "chưa có đội"
        click.echo(f"#{item['id']}  {item['reference']}  {status}  {item['number']}  {commune}  "
                   f"{team}  (ghi âm: {item['audio_state']})")
