"""``flask shifts list [--json]``: who takes transfers now, from a terminal (issue 12).

One line per volunteer on shift, longest on shift first (the order they are rung): username,
since when (UTC, ISO 8601; weekly hours count from now), until when (the switch counts
``SHIFT_MAX_HOURS`` after it was turned on, never past the end of ``CALLING_HOURS``; weekly hours until the end of the day's span), by
``switch`` or ``hours``, and the phone masked but its last 3 digits (the full number is for
admins, on the audited dashboard page).
"""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from ivr.models import utcnow

from .outbound_rules import parse_calling_hours
from .shifts import aware, on_shift_now
from .volunteers import mask_phone, on_shift_by, shift_ends


@click.group("shifts", cls=AppGroup)
def shifts_cli():
    """Volunteers on shift for live transfers."""


@shifts_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, per volunteer.")
def list_command(as_json: bool) -> None:
    """Who is on shift now: username, since, until, by switch or by hours, phone masked."""
    now, max_hours = utcnow(), int(current_app.config["SHIFT_MAX_HOURS"])
    hours = parse_calling_hours(current_app.config["CALLING_HOURS"])
    found = on_shift_now(now, max_hours, hours)
    for user in found:
        by = on_shift_by(user, now, max_hours, hours)
        since = aware(user.on_shift_since) if by == "switch" else now
        until = shift_ends(user, now, max_hours, hours)
        data = {"username": user.username, "since": since.isoformat(),
                "until": until.isoformat() if until else None, "by": by,
                "phone": mask_phone(user.phone)}
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(f"{data['username']:<20} {data['by']:<7} {data['since']} → {data['until']}"
                       f"  {data['phone']}")
    if not found and not as_json:
        click.echo("nobody on shift: callers hear that the volunteers are busy")
