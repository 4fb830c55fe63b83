"""``flask prompts ...``: content commands (lint the flow, render its audio)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Mapping

import click
from flask import current_app
from flask.cli import AppGroup

from ivr.engine import Flow, MenuNode
from ivr.engine.lint import TIMING_REMINDER, lint_flow
from speech.cli import render_command


@click.group("prompts", cls=AppGroup)
def prompts_cli():
    """Check and render the spoken content under prompts/."""


@prompts_cli.command("lint")
@click.option("--audio/--no-audio", default=True, help="Also check measured lengths of rendered audio.")
def lint_command(audio: bool):
    """Check the flow: reachability, dead ends, length of every prompt, that every question names
    its keys and invites speech only when the call listens, and (with a speech model) that the
    model knows every spoken keyword. Exit 1 on problems."""
    flow = current_app.extensions["hotline.flow"]
    catalog = current_app.extensions["hotline.catalog"]
    measured = catalog.durations(flow.prompts()) if audio else None
    problems = [str(p) for p in lint_flow(flow, measured)] + unknown_keywords(flow, current_app.config)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(flow.nodes)} nodes, {len(flow.prompts())} prompts: "
               f"{'OK' if not problems else f'{len(problems)} problems'}")
    click.echo(TIMING_REMINDER)
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


@prompts_cli.command("timing")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--audio-dir", type=click.Path(file_okay=False), default=None,
              help="Measure the audio rendered there (as is). Default: render with espeak-ng into "
                   "a cache folder (only what changed since the last run).")
@click.option("--check", is_flag=True, help="Exit 1 when a figure misses its target.")
def timing_command(as_json: bool, audio_dir: str | None, check: bool):
    """Seconds of audio and keys from the answer to each goal of issue 8 (first steps, resume
    offer, report beep, check-a-number answer, longest prompt), from simulated in-process calls."""
    from ivr.cli_errors import check_app_schema
    from ivr.simulate.timing import Timer, format_table

    check_app_schema(current_app)  # in-process, a database error would only be an apology
    flow = current_app.extensions["hotline.flow"]
    durations, note = timing_durations(flow, audio_dir)
    figures = Timer(flow, simulated_call_factory(current_app), durations).report()
    missed = [f for f in figures if not f.met]
    if as_json:
        click.echo(json.dumps({"audio": note, "figures": [f.as_dict() for f in figures],
                               "missed": len(missed)}, ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(figures))
        click.echo(f"{note}; {len(missed)} of {len(figures)} figures miss their target")
    if check and missed:
        raise SystemExit(1)


def timing_durations(flow: Flow, audio_dir: str | None) -> tuple[dict[str, float], str]:
    """Prompt id → rendered seconds, and a note saying where they come from.

    Without ``audio_dir``, prompts are rendered with espeak-ng into a cache folder first; when
    espeak-ng is missing, nothing is rendered and every length is estimated from syllables.
    """
    from speech.catalog import AudioCatalog
    from speech.render import render_prompts
    from speech.tts import TtsUnavailable, choose_synthesizer

    config, prompts = current_app.config, flow.prompts()
    if audio_dir is None:
        audio_dir = str(Path(tempfile.gettempdir()) / "hotline-timing-audio")
        try:
            render_prompts(prompts, audio_dir, choose_synthesizer("espeak"), tempo=config["TTS_TEMPO"],
                           slow_tempo=config["TTS_SLOW_TEMPO"], target_dbfs=config["TTS_TARGET_DBFS"],
                           progress=False)
        except TtsUnavailable as error:
            click.echo(f"warning: {error}; lengths are estimated from syllables", err=True)
    durations = AudioCatalog(audio_dir, recheck_seconds=0).durations(prompts)
    note = (f"{len(durations)} of {len(prompts)} prompts measured from the audio in {audio_dir}"
            + ("" if len(durations) == len(prompts) else ", the others estimated (~) from syllables"))
    return durations, note


def simulated_call_factory(app):
    """Return caller number → a new in-process :class:`~ivr.simulate.CallSimulator` on ``app``."""
    from ivr.simulate.cli import local_simulator

    return lambda caller: local_simulator(app, caller)
