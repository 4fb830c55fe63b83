"""``flask prompts render``: turn every prompt of the loaded flow into telephone audio.

``render_command`` is attached to the ``prompts`` group in ``ivr.cli``.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .render import RenderReport, prune_rendered, render_prompts, retain_prompts, write_manifest
from .tts import ENGINES, TtsUnavailable, choose_synthesizer


@click.command("render")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Voice: auto (gTTS if Google is reachable, else espeak-ng), gtts or espeak. "
                   "Default: the TTS_ENGINE setting.")
@click.option("--force", is_flag=True, help="Render again even files that are up to date.")
@click.option("--prune", is_flag=True, help="Delete rendered files no current prompt uses.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@with_appcontext
def render_command(engine: str | None, force: bool, prune: bool, quiet: bool) -> None:
    """Render all prompts to 8 kHz WAV (normal and slow). Exit 1 if any prompt failed."""
    config = current_app.config
    prompts = current_app.extensions["hotline.flow"].prompts()
    try:
        synthesizer = choose_synthesizer(engine or config["TTS_ENGINE"])
    except TtsUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    report = render_prompts(prompts, config["AUDIO_DIR"], synthesizer, tempo=config["TTS_TEMPO"],
                            slow_tempo=config["TTS_SLOW_TEMPO"],
                            target_dbfs=config["TTS_TARGET_DBFS"], force=force, progress=not quiet)
    removed = _prune(config["AUDIO_DIR"], report, [p.id for p in prompts]) if prune else None
    _summarise(report, len(prompts), removed)
    if report.failed:
        raise SystemExit(1)


# Rendered from the database, not part of the flow: dashboard warnings (jobs) and the names of
# official numbers' organisations (`flask official render`, issue 11 item 2).
DYNAMIC_PREFIXES = ("warning.", "official.")


def _prune(audio_dir: str, report: RenderReport, prompt_ids: list[str]) -> int:
    """Forget prompts that left the flow, delete unreferenced files; return how many were deleted.

    Prompts rendered from the database (warnings, official names) are kept: they are not in the
    flow files.
    """
    dynamic = [pid for pid in report.manifest.get("prompts", {}) if pid.startswith(DYNAMIC_PREFIXES)]
    manifest = retain_prompts(report.manifest, [*prompt_ids, *dynamic])
    write_manifest(audio_dir, manifest)
    return len(prune_rendered(audio_dir, manifest))


def _summarise(report: RenderReport, prompt_count: int, removed: int | None) -> None:
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(f"{prompt_count} prompts with voice {report.voice}: {report.rendered} files rendered, "
               f"{report.skipped} up to date, {report.failed} failed "
               f"({report.seconds:.1f} s) in {Path(report.folder).resolve()}")
    if removed is not None:
        click.echo(f"pruned {removed} unused files")


__all__ = ["render_command"]
