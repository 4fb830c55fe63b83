"""``flask official seed``, ``flask official list`` and ``flask official render``: the list of
official hotlines (:mod:`ivr.reports.official`) from a terminal.

``scripts/run`` and the Procfile's ``release`` run ``seed`` after ``flask db upgrade``, so a fresh
database starts with the list; admins verify entries on the dashboard ("Số tổng đài chính thức").
"""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from ivr.engine import Prompt
from ivr.models import db
from ivr.reports import official


@click.group("official", cls=AppGroup)
def official_cli():
    """Official hotlines: seed the list, show it, render their names' audio."""


@official_cli.command("seed")
def seed_command() -> None:
    """Add the seed's official numbers that are missing (ivr/reports/data/official_numbers.yaml).

    Idempotent; an entry an admin edited, verified or deactivated is never changed. Exit 1 with the
    entry named when the file is wrong.
    """
    try:
        counts = official.seed()
    except official.SeedError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"official numbers: {counts['added']} added, {counts['updated']} updated from the "
               f"seed, {counts['kept']} kept")


@official_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, per number.")
def list_command(as_json: bool) -> None:
    """Active official numbers, verified first; only verified ones are announced to callers."""
    for row in official.active_entries():
        data = official.as_dict(row)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            state = f"verified by {data['verified_by'] or 'seed'}" if row.verified else "NOT verified"
            click.echo(f"{row.display:<16} {row.kind:<15} {row.organisation} ({state}) {row.source_url}")


@official_cli.command("render")
def render_command() -> None:
    """Render the organisation names of verified numbers to telephone audio (else ``<Say>``)."""
    from speech.render import manifest_lock, render_prompts
    from speech.tts import choose_synthesizer

    prompts = [Prompt(row.prompt_id, row.organisation) for row in official.active_entries()
               if row.verified]
    db.session.commit()
    config = current_app.config
    with manifest_lock(config["AUDIO_DIR"]):
        report = render_prompts(prompts, config["AUDIO_DIR"], choose_synthesizer(config["TTS_ENGINE"]),
                                tempo=config["TTS_TEMPO"], slow_tempo=config["TTS_SLOW_TEMPO"],
                                target_dbfs=config["TTS_TARGET_DBFS"], progress=False)
    click.echo(f"official names: {len(prompts)} prompts, {report.rendered} files rendered")
    if report.failed:
        raise click.ClickException("; ".join(str(failure) for failure in report.failures))


__all__ = ["official_cli"]
