"""``flask prompts ...``: content commands (lint the flow, render its audio)."""
from __future__ import annotations

from typing import Any, Mapping

import click
from flask import current_app
from flask.cli import AppGroup

from ivr.engine import Flow, MenuNode
from ivr.engine.lint import lint_flow
from speech.cli import render_command


@click.group("prompts", cls=AppGroup)
def prompts_cli():
    """Check and render the spoken content under prompts/."""


@prompts_cli.command("lint")
@click.option("--audio/--no-audio", default=True, help="Also check measured lengths of rendered audio.")
def lint_command(audio: bool):
    """Check the flow: reachability, dead ends, length of every prompt, and (with a speech model)
    that the model knows every spoken keyword. Exit 1 on problems."""
    flow = current_app.extensions["hotline.flow"]
    catalog = current_app.extensions["hotline.catalog"]
    measured = catalog.durations(flow.prompts()) if audio else None
    problems = [str(p) for p in lint_flow(flow, measured)] + unknown_keywords(flow, current_app.config)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(flow.nodes)} nodes, {len(flow.prompts())} prompts: "
               f"{'OK' if not problems else f'{len(problems)} problems'}")
    if problems:
        raise SystemExit(1)


def spoken_keywords(flow: Flow) -> list[str]:
    """Every phrase the flow listens for: menu options' ``words`` and the ``speech:`` lists."""
    menus = [w for node in flow.nodes.values() if isinstance(node, MenuNode)
             for option in node.options for w in option.words]
    return menus + [p for phrases in flow.speech.values() for p in phrases]


def unknown_keywords(flow: Flow, config: Mapping[str, Any]) -> list[str]:
    """Problems for keyword words the configured Vosk model does not know (none without a model).

    Vosk drops unknown grammar words with only a log warning ("Ignoring word missing in vocabulary",
    https://github.com/alphacep/vosk-api/blob/master/src/recognizer.cc), so the
    lint reports them instead.
    """
    from speech.model import get_model, layout_problems

    path = config.get("VOSK_MODEL_PATH")
    if not path or layout_problems(path):
        return []
    words = [word for phrase in spoken_keywords(flow) for word in phrase.split()]
    return [f"speech: the model at {path} does not know {word!r} (a spoken keyword)"
            for word in get_model(path).unknown_words(words)]


prompts_cli.add_command(render_command)
