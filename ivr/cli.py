"""``flask prompts ...``: content commands (lint the flow, render its audio)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ivr.engine.lint import lint_flow
from speech.cli import render_command


@click.group("prompts", cls=AppGroup)
def prompts_cli():
    """Check and render the spoken content under prompts/."""


@prompts_cli.command("lint")
@click.option("--audio/--no-audio", default=True, help="Also check measured lengths of rendered audio.")
def lint_command(audio: bool):
    """Check the flow: reachability, dead ends, length of every prompt. Exit 1 on problems."""
    flow = current_app.extensions["hotline.flow"]
    catalog = current_app.extensions["hotline.catalog"]
    measured = catalog.durations(flow.prompts()) if audio else None
    problems = lint_flow(flow, measured)
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(flow.nodes)} nodes, {len(flow.prompts())} prompts: "
               f"{'OK' if not problems else f'{len(problems)} problems'}")
    if problems:
        raise SystemExit(1)


prompts_cli.add_command(render_command)
