"""Which audio file plays a prompt: the manifest written by ``flask prompts render``.

The manifest lives at ``<AUDIO_DIR>/rendered/manifest.json``::

    {"version": 1,
     "prompts": {"common.welcome": {"normal": {"file": "common.welcome.normal.3f2a….wav",
                                               "text_sha1": "…", "source": "espeak", "seconds": 9.4},
                                    "slow":   {...}}}}

A file is used only while the prompt's current text still has the digest it was rendered from, so
an edited prompt falls back to ``<Say>`` until it is rendered again, never to stale audio.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import unicodedata
from pathlib import Path
from typing import Protocol

MANIFEST_NAME = "manifest.json"
RENDERED_DIR = "rendered"


class PromptLike(Protocol):
    id: str
    text: str

    @property
    def variant(self) -> str: ...


def text_digest(text: str) -> str:
    """Return the SHA-1 hex digest of the NFC-normalised ``text`` (the manifest's ``text_sha1``)."""
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


class AudioCatalog:
    """Looks up rendered files for prompts; reloads the manifest when it changes on disk.

    Thread-safe. ``recheck_seconds`` bounds how often the manifest's mtime is checked.
    """

    def __init__(self, audio_dir: str | Path, recheck_seconds: float = 1.0):
        self.folder = Path(audio_dir) / RENDERED_DIR
        self.recheck_seconds = recheck_seconds
        self._entries: dict[str, dict[str, dict]] = {}
        self._mtime: float | None = None
        self._generation = 0  # counts manifest (re)loads, see generation()
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._digests: dict[str, str] = {}

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST_NAME

    def filename(self, prompt: PromptLike) -> str | None:
        """Return the file name (inside :attr:`folder`) for ``prompt``, or ``None`` if not rendered."""
        self._refresh()
        entry = self._entries.get(prompt.id, {}).get(prompt.variant)
        if entry is None or entry.get("text_sha1") != self._digest(prompt.text):
            return None
        return entry["file"]

    def generation(self) -> int:
        """Return a number that changes whenever :meth:`filename` may answer differently.

        It counts the manifest's (re)loads and removals, after the usual mtime check, so a caller
        may keep anything derived from the lookups while the number stays the same.
        """
        self._refresh()
        return self._generation

    def missing(self, prompts) -> list:
        """Return those of ``prompts`` that have no current audio file (in their own variant)."""
        return [p for p in prompts if self.filename(p) is None]

    def durations(self, prompts) -> dict[str, float]:
        """Return prompt id → measured seconds of the current normal rendering, where known."""
        self._refresh()
        found = {}
        for prompt in prompts:
            entry = self._entries.get(prompt.id, {}).get("normal")
            if entry and entry.get("text_sha1") == self._digest(prompt.text) and "seconds" in entry:
                found[prompt.id] = float(entry["seconds"])
        return found

    def _digest(self, text: str) -> str:
        digest = self._digests.get(text)
        if digest is None:
            digest = self._digests[text] = text_digest(text)
        return digest

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < self.recheck_seconds:
            return
        with self._lock:
            self._checked = now
            try:
                mtime = os.stat(self.manifest_path).st_mtime
            except FileNotFoundError:
                if self._mtime is not None:
                    self._entries, self._mtime = {}, None
                    self._generation += 1
                return
            if mtime == self._mtime:
                return
            try:
                data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return  # a half-written manifest: keep the previous one until the next check
            entries = data.get("prompts", {}) if isinstance(data, dict) else {}
            self._entries = {
                pid: {v: e for v, e in variants.items() if (self.folder / e.get("file", "")).is_file()}
                for pid, variants in entries.items()
            }
            self._mtime = mtime
            self._generation += 1
