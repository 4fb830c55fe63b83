"""The Vosk speech model: find it, describe it, load it once per process, download and verify it.

Pitfalls guarded here:

- ``vosk.Model(lang=…)`` / ``Model(model_name=…)`` download from the internet and may call
  ``sys.exit(1)`` [1]: only ``Model(<path string>)`` is ever called, never with ``None``.
- One model per process, shared by every thread; a recognizer per utterance ([2]; [3]: never
  swap models in a live process). :func:`get_model` loads lazily, once, under a lock.
- The model's sample rate comes from ``conf/mfcc.conf`` (``--sample-frequency``, Kaldi's default
  16000) [4]; 8 kHz audio must be upsampled unless ``--allow-upsample=true`` is there [4], [5].
- Grammar words must be known to the model in NFC form; ``[unk]`` may be missing [6]:
  :meth:`SpeechModel.knows` looks words up with ``vosk_model_find_word`` [7].
- Runtime grammars need ``graph/HCLr.fst`` + ``graph/Gr.fst``; an ``HCLG.fst`` model only logs
  "Runtime graphs are not supported by this model" and ignores the grammar [4], [8].

``import vosk`` happens only when a model is loaded, so the hotline starts (keypad only) on a
machine without it. Exceptions::

    ModelError (RuntimeError)     no model configured, not a model, does not load
    └── DownloadError             the download, its checks or the unpacking failed

Sources:

[1] https://github.com/alphacep/vosk-api/blob/v0.3.45/python/vosk/__init__.py (``Model``)
[2] https://github.com/alphacep/vosk-api/issues/877 (one model, many recognizers; a recognizer
    stays in one thread)
[3] https://github.com/alphacep/vosk-api/issues/1337
[4] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/model.cc (reads ``conf/mfcc.conf``,
    forces only ``allow_downsample``; finds ``graph/HCLr.fst``)
[5] https://github.com/alphacep/vosk-api/issues/1726 ("Sampling frequency mismatch")
[6] https://github.com/alphacep/vosk-api/issues/2041 (a model without ``[unk]``)
[7] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/vosk_api.h (``vosk_model_find_word``,
    ``vosk_set_log_level``)
[8] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc
[9] https://alphacephei.com/vosk/models (the Vietnamese models, their URLs and sizes)
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping

log = logging.getLogger("hotline.speech")

# The default download (URL, size, SHA-256) is configuration: VOSK_MODEL_URL, VOSK_MODEL_SIZE and
# VOSK_MODEL_SHA256 in config/__init__.py (the model from [9]). The folder name it unpacks to:
VN_MODEL_NAME = "vosk-model-small-vn-0.4"
DEFAULT_SAMPLE_RATE = 16000  # Hz: Kaldi's MFCC default when mfcc.conf does not say
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf")
GRAMMAR_FILES = ("graph/HCLr.fst", "graph/Gr.fst")
VOSK_LOG_LEVEL = -1  # hides LOG lines [7], keeps WARNINGs such as "word missing in vocabulary"
CHUNK_BYTES = 1 << 16
MAX_UNPACKED_FACTOR = 20  # an archive may unpack to at most this many times its size (zip bomb)


class ModelError(RuntimeError):
    """No usable speech model; the message names the path and what to do, ``reason`` says what
    is wrong without the path (e.g. ``"does not load: Failed to create a model"``)."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


class DownloadError(ModelError):
    """Downloading, checking or unpacking a model failed; nothing was installed."""


# -- the model directory ---------------------------------------------------------------------------

def read_kaldi_conf(path: Path) -> dict[str, str]:
    """Return ``--name=value`` options of a Kaldi config file (``{}`` if missing).

    ``--flag`` without a value reads as ``"true"``; ``#`` starts a comment.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    options = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line.startswith("--"):
            continue
        name, _, value = line[2:].partition("=")
        options[name.strip()] = value.strip() if value else "true"
    return options


def model_sample_rate(path: str | Path) -> int:
    """The sample rate (Hz) the model's features are computed at: ``--sample-frequency`` in
    ``conf/mfcc.conf``, else 16000 (Kaldi's default; the Korean and Vietnamese small models)."""
    raw = read_kaldi_conf(Path(path) / "conf" / "mfcc.conf").get("sample-frequency")
    try:
        return int(float(raw)) if raw else DEFAULT_SAMPLE_RATE
    except ValueError:
        return DEFAULT_SAMPLE_RATE


def allows_upsample(path: str | Path) -> bool:
    """True if ``conf/mfcc.conf`` lets Kaldi upsample lower-rate audio itself ([4], [5] above)."""
    value = read_kaldi_conf(Path(path) / "conf" / "mfcc.conf").get("allow-upsample", "false")
    return value.lower() in ("true", "1")


def supports_grammar(path: str | Path) -> bool:
    """True if the model has the lookahead graph that runtime grammars need ([4], [8] above)."""
    return all((Path(path) / name).is_file() for name in GRAMMAR_FILES)


def layout_problems(path: str | Path) -> list[str]:
    """Reasons ``path`` is not a Vosk model directory; ``[]`` if it looks like one (files: [4])."""
    folder = Path(path)
    if not folder.is_dir():
        return [f"{folder} is not a directory"]
    problems = [f"missing {name}" for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not supports_grammar(folder) and not (folder / "graph" / "HCLG.fst").is_file():
        problems.append("missing graph/HCLr.fst + graph/Gr.fst (or graph/HCLG.fst)")
    return problems


# -- loading ---------------------------------------------------------------------------------------

@dataclass
class SpeechModel:
    """A loaded Vosk model and what we know about it. Shared by threads; read-only after loading.

    ``sample_rate`` (Hz) is the rate recognizers should be fed at; ``vosk`` the ``vosk.Model``.
    """

    path: str
    vosk: Any
    sample_rate: int
    allows_upsample: bool
    supports_grammar: bool
    has_unk: bool = False
    _cache: dict[str, bool] = field(default_factory=dict, repr=False)

    def knows(self, word: str) -> bool:
        """True if ``word`` (one vocabulary token, NFC-normalised here) is in the vocabulary."""
        word = unicodedata.normalize("NFC", word)
        if word not in self._cache:  # a benign race: two threads may both look it up
            self._cache[word] = self.vosk.vosk_model_find_word(word) != -1
        return self._cache[word]

    def input_rate(self, rate: int) -> int:
        """The rate (Hz) to feed audio recorded at ``rate``: ``rate`` itself when the model takes
        it as it is (its own rate, or lower with ``--allow-upsample``: Kaldi's resampler runs in C,
        in parallel threads, where an ffmpeg process costs ~70 ms per call), else the model's."""
        if rate == self.sample_rate or (rate < self.sample_rate and self.allows_upsample):
            return rate
        return self.sample_rate

    def unknown_words(self, words: Iterable[str]) -> list[str]:
        """The words of ``words`` the model does not know, in order, without repeats."""
        return list(dict.fromkeys(w for w in words if not self.knows(w)))


_vosk_lock = threading.Lock()
_models_lock = threading.Lock()
_models: dict[tuple[int, str], SpeechModel] = {}


def _vosk_module():
    """Import vosk once, with its log level set; :class:`ModelError` if it is not installed."""
    with _vosk_lock:
        try:
            import vosk
        except ImportError as exc:
            raise ModelError("the vosk package is not installed: "
                             "pip install -r requirements.txt") from exc
        if not getattr(vosk, "_hotline_log_level_set", False):
            vosk.SetLogLevel(VOSK_LOG_LEVEL)
            vosk._hotline_log_level_set = True
        return vosk


def load_model(path: str | Path) -> SpeechModel:
    """Load the model at ``path`` now (no caching; :func:`get_model` is the shared one).

    Raises :class:`ModelError` if ``path`` is empty, not a model directory, or Kaldi refuses it.
    Takes seconds and hundreds of MB (small models need about 300 MB at runtime,
    https://alphacephei.com/vosk/models; the Korean stand-in took 2 s and 530 MB with vosk 0.3.45).
    """
    if not path or not str(path).strip():
        raise ModelError("no model path given (set VOSK_MODEL_PATH)")
    folder = Path(path).resolve()
    problems = layout_problems(folder)
    if problems:
        reason = f"is not a Vosk model: {'; '.join(problems)}"
        raise ModelError(f"{folder} {reason}", reason)
    vosk = _vosk_module()
    try:
        handle = vosk.Model(str(folder))  # a path string: never the downloading lang= form
    except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
        raise ModelError(f"the model at {folder} does not load: {exc}", f"does not load: {exc}") from exc
    model = SpeechModel(str(folder), handle, model_sample_rate(folder), allows_upsample(folder),
                        supports_grammar(folder))
    model.has_unk = model.knows("[unk]")
    return model


def get_model(path: str | Path | None = None) -> SpeechModel:
    """The process's shared model for ``path`` (default: :func:`configured_model_path`).

    Loaded on first use, once, even when many threads ask at the same time; keyed by process id
    too, so a forked worker loads its own rather than using a parent's half-copied threads.
    Raises :class:`ModelError`.
    """
    folder = str(Path(path or configured_model_path()).resolve())
    key = (os.getpid(), folder)
    model = _models.get(key)
    if model is not None:
        return model
    with _models_lock:
        if key not in _models:
            _models[key] = load_model(folder)
            log.info("speech model loaded: %s", describe(_models[key]))
        return _models[key]


def configured_model_path() -> str:
    """``VOSK_MODEL_PATH`` of the current Flask app, else of the environment.

    Raises :class:`ModelError` when neither is set: speech is off, the hotline is keypad only.
    """
    path = None
    try:
        from flask import current_app
        if current_app:
            path = current_app.config.get("VOSK_MODEL_PATH")
    except RuntimeError:  # outside an application context
        path = None
    path = path or os.environ.get("VOSK_MODEL_PATH")
    if not path:
        raise ModelError("no VOSK_MODEL_PATH: speech recognition is off (keypad only)")
    return path


def describe(model: SpeechModel) -> str:
    """One line: path, rate and the capabilities that matter (grammars, ``[unk]``)."""
    notes = [f"{model.sample_rate} Hz"]
    if not model.supports_grammar:
        notes.append("no runtime grammars: answers are decoded with the full vocabulary")
    if not model.has_unk:
        notes.append("no [unk] word: off-list speech is forced onto listed words")
    return f"{model.path} ({', '.join(notes)})"


def speech_status(config: Mapping[str, Any] | Any) -> str:
    """One line for the start-up log, without loading the model (that waits for the first use).

    ``config``: ``app.config`` or a config object. Examples: ``"speech: off (no VOSK_MODEL_PATH)
    — keypad only"``, ``"speech: Vosk model at /srv/models/vn (16000 Hz)"``.
    """
    get = config.get if isinstance(config, Mapping) else lambda name: getattr(config, name, None)
    path = get("VOSK_MODEL_PATH")
    if not path:
        return "speech: off (no VOSK_MODEL_PATH) — keypad only"
    problems = layout_problems(path)
    if problems:
        return f"speech: off (VOSK_MODEL_PATH {path}: {problems[0]}) — keypad only"
    extra = "" if supports_grammar(path) else ", no runtime grammars"
    return f"speech: Vosk model at {path} ({model_sample_rate(path)} Hz{extra})"


# -- download --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InstalledModel:
    """What :func:`download_model` installed and found when it loaded it."""

    path: Path
    sample_rate: int
    supports_grammar: bool
    has_unk: bool
    unknown_optional_words: tuple[str, ...]


def download_model(url: str, dest: str | Path, sha256: str, size: int, *,
                   required_words: Iterable[str], optional_words: Iterable[str] = (),
                   require_unk: bool = True, replace: bool = False,
                   progress: Callable[[int], None] | None = None,
                   timeout: float = 60.0) -> InstalledModel:
    """Download a model zip from ``url``, check it, unpack it and install it at ``dest`` atomically.

    ``size`` (bytes) and ``sha256`` (hex) are checked while streaming; the zip is unpacked into a
    temporary folder beside ``dest``, loaded with Vosk and its vocabulary checked
    (``required_words`` and, unless ``require_unk`` is false, ``[unk]``); only then is the model
    folder renamed to ``dest``. ``optional_words`` missing are reported, not fatal. ``progress``
    is called with each chunk's byte count. ``replace`` lets an existing ``dest`` be replaced.
    Raises :class:`DownloadError`; on any failure nothing is left behind.
    """
    dest = Path(dest).resolve()
    if dest.exists() and not replace:
        raise DownloadError(f"{dest} already exists; remove it first, choose another --dest "
                            "or pass --force")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.download-"))
    try:
        archive = work / "model.zip"
        fetch_checked(url, archive, sha256, size, progress, timeout)
        root = unpack_zip(archive, work / "unpacked", max_bytes=size * MAX_UNPACKED_FACTOR)
        archive.unlink()
        installed = verify_model(root, required_words, optional_words, require_unk)
        _move_into_place(root, dest, work)
        return InstalledModel(dest, installed.sample_rate, installed.supports_grammar,
                              installed.has_unk, installed.unknown_optional_words)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fetch_checked(url: str, dest: Path, sha256: str, size: int,
                  progress: Callable[[int], None] | None = None, timeout: float = 60.0) -> None:
    """Stream ``url`` into ``dest``, checking the byte count against ``size`` and the SHA-256.

    Stops as soon as more than ``size`` bytes arrive or the announced Content-Length differs.
    Raises :class:`DownloadError` naming the URL and the mismatch.
    """
    import requests  # only the download needs it

    digest, received = hashlib.sha256(), 0
    try:
        with requests.get(url, stream=True, timeout=(10, timeout)) as response:
            if response.status_code != 200:
                raise DownloadError(f"download failed: HTTP {response.status_code} from {url}")
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and int(announced) != size:
                raise DownloadError(f"{url} announces {int(announced):,} bytes, expected {size:,}: "
                                    "not the expected model file")
            with open(dest, "wb") as out:
                for chunk in response.iter_content(CHUNK_BYTES):
                    received += len(chunk)
                    if received > size:
                        raise DownloadError(f"{url} sent more than the expected {size:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(len(chunk))
    except requests.RequestException as exc:
        raise DownloadError(f"download failed: {type(exc).__name__}: {exc}") from exc
    _check_download(url, received, size, digest.hexdigest(), sha256)


def _check_download(url: str, received: int, size: int, actual: str, expected: str) -> None:
    if received != size:
        raise DownloadError(f"received {received:,} of {size:,} bytes from {url} "
                            "(interrupted download?); nothing was installed")
    if actual.lower() != expected.strip().lower():
        raise DownloadError(f"SHA-256 mismatch for {url}: got {actual}, expected {expected}; "
                            "the file is corrupt or not the expected model; nothing was installed")


def unpack_zip(archive: Path, into: Path, max_bytes: int) -> Path:
    """Unpack ``archive`` into ``into``; return the model folder inside (the one with
    ``am/final.mdl``: the top level or its single sub-folder).

    Refuses members with absolute paths or ``..`` (they would land outside ``into``) and archives
    unpacking to more than ``max_bytes``. Raises :class:`DownloadError`.
    """
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            _check_members(members, max_bytes)
            zipped.extractall(into)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise DownloadError(f"cannot unpack the archive: {exc}") from exc
    for candidate in (into, *sorted(p for p in into.iterdir() if p.is_dir())):
        if (candidate / "am" / "final.mdl").is_file():
            return candidate
    raise DownloadError("the archive holds no Vosk model (no am/final.mdl at its top level "
                        "or in its top folder)")


def _check_members(members: list[zipfile.ZipInfo], max_bytes: int) -> None:
    total = 0
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in member.filename:
            raise DownloadError(f"unsafe path in the archive: {member.filename!r}")
        total += member.file_size
    if total > max_bytes:
        raise DownloadError(f"the archive unpacks to {total:,} bytes, more than {max_bytes:,}")


def verify_model(folder: Path, required_words: Iterable[str], optional_words: Iterable[str] = (),
                 require_unk: bool = True) -> InstalledModel:
    """Load the model at ``folder`` and check its vocabulary; :class:`DownloadError` if unusable.

    Fatal: layout problems, Kaldi refusing the model, a missing required word, a missing
    ``[unk]`` when ``require_unk``. Missing ``optional_words`` are returned, not fatal.
    """
    try:
        model = load_model(folder)
    except ModelError as exc:
        raise DownloadError(f"the unpacked model {exc.reason}; nothing was installed") from exc
    missing = model.unknown_words(required_words)
    if missing:
        raise DownloadError(f"the model does not know words our grammars need: {', '.join(missing)} "
                            "(wrong language or wrong model?); nothing was installed")
    if require_unk and not model.has_unk:
        raise DownloadError("the model has no [unk] word, so off-list answers would be forced onto "
                            "listed words (https://github.com/alphacep/vosk-api/issues/2041); "
                            "pass --no-require-unk to accept it anyway")
    optional = tuple(model.unknown_words(optional_words))
    result = InstalledModel(Path(folder), model.sample_rate, model.supports_grammar, model.has_unk,
                            optional)
    del model  # frees the Kaldi model before the folder moves
    return result


def _move_into_place(root: Path, dest: Path, work: Path) -> None:
    """Rename ``root`` to ``dest`` (atomic on one file system); an old ``dest`` goes to ``work``."""
    if dest.exists():
        os.replace(dest, work / "previous")
    os.replace(root, dest)


__all__ = ["SpeechModel", "ModelError", "DownloadError", "InstalledModel", "get_model", "load_model",
           "configured_model_path", "model_sample_rate", "allows_upsample", "supports_grammar",
           "layout_problems", "speech_status", "describe", "download_model", "fetch_checked",
           "unpack_zip", "verify_model", "read_kaldi_conf", "VN_MODEL_NAME", "DEFAULT_SAMPLE_RATE"]
