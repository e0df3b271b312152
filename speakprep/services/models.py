"""The speech models a user may choose: the catalog (``assets/models.toml``) and what is here.

tiny.en ships with speakprep; the others are downloaded, only when the user asks, by
:func:`speakprep.services.hub_download.download_model` into the data folder's ``models/``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from speakprep.cpu import usable_cores
from speakprep.paths import AppPaths
from speakprep.transcription.model import ModelLoadError, bundled_model_path, resolve_model


class CatalogError(ValueError):
    """The model catalog cannot be read, or names no such model; one line for a person."""


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One model of the catalog."""

    name: str
    size_mb: float
    relative_time: float  # analysis time against tiny.en on the same machine
    word_errors: float  # share of tiny.en's word errors it still makes
    summary: str
    repo: str | None = None  # None: bundled, never downloaded
    revision: str = "main"

    @property
    def bundled(self) -> bool:
        return self.repo is None


@dataclass(frozen=True, slots=True)
class Catalog:
    """The models, and the measured speed of tiny.en that the estimates scale from."""

    models: tuple[ModelEntry, ...]
    reference_seconds_per_minute: float
    reference_cores: int

    def get(self, name: str) -> ModelEntry:
        for entry in self.models:
            if entry.name == name:
                return entry
        known = ", ".join(m.name for m in self.models)
        raise CatalogError(f"no model named '{name}' (known: {known})")

    def seconds_per_minute(self, entry: ModelEntry, cores: int | None = None) -> float:
        """About how long a minute of speech takes to analyse with ``entry`` on ``cores``."""
        cores = cores or usable_cores()
        # CTranslate2 uses up to 4 cores well for one file; beyond that it barely helps.
        scale = self.reference_cores / min(max(cores, 1), 4)
        return self.reference_seconds_per_minute * entry.relative_time * scale


# The catalog's two measures as every screen names them (Settings' model table and
# ``speakprep models list``): "Errors 75%" / "Word errors: 100% of tiny.en's" was jargon to
# a job seeker, and "Time per minute" left one asking "a minute of what?".
TIME_COLUMN = (
    "Analysis of 1 min",
    "About how long this computer takes to analyse a minute of speech",
)
MISTAKES_COLUMN = (
    "Mistaken words",
    "How many fewer words the model gets wrong than tiny.en, the bundled one",
)


def time_text(seconds: float) -> str:
    """A model's analysis time for a minute of speech: "about 18 s"."""
    return f"about {seconds:.0f} s"


def mistakes_text(word_errors: float) -> str:
    """A model's word errors (a share of tiny.en's) in plain words: "30% fewer than
    tiny.en", or "the baseline" for tiny.en's own row (and any model that matches it)."""
    fewer = round((1.0 - word_errors) * 100)
    if fewer == 0:
        return "the baseline"
    return f"{abs(fewer)}% {'fewer' if fewer > 0 else 'more'} than tiny.en"


def load_catalog(path: Path | None = None) -> Catalog:
    """Read the catalog; the packaged ``models.toml`` when ``path`` is None."""
    source = path or resources.files("speakprep.assets") / "models.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        models = tuple(_entry(m) for m in data["model"])
        return Catalog(
            models=models,
            reference_seconds_per_minute=float(data["reference_seconds_per_minute"]),
            reference_cores=int(data["reference_cores"]),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"models.toml: cannot be used ({exc})") from exc


def _entry(raw: dict[str, Any]) -> ModelEntry:
    bundled = bool(raw.get("bundled", False))
    return ModelEntry(
        name=str(raw["name"]),
        size_mb=float(raw["size_mb"]),
        relative_time=float(raw["relative_time"]),
        word_errors=float(raw["word_errors"]),
        summary=str(raw["summary"]),
        repo=None if bundled else str(raw["repo"]),
        revision=str(raw.get("revision", "main")),
    )


def installed_path(entry: ModelEntry, paths: AppPaths) -> Path | None:
    """The model's folder if it is on this computer (bundled, or downloaded whole), else None."""
    if entry.bundled:
        return bundled_model_path()
    folder = paths.models_dir / entry.name
    if not folder.is_dir():
        return None
    try:
        resolve_model(folder)  # the same check as --model FOLDER
    except ModelLoadError:
        return None
    return folder


def model_argument(value: str | None, paths: AppPaths) -> str | None:
    """A ``--model`` value with a downloaded catalog name turned into its folder.

    Anything else (a folder, a name in the Hugging Face cache, None) is returned unchanged.
    """
    if value is None or os.sep in value or Path(value).exists():
        return value
    try:
        entry = load_catalog().get(value)
    except CatalogError:
        return value
    if entry.bundled:
        return None
    found = installed_path(entry, paths)
    return str(found) if found is not None else value
