"""The recordings folder: copying imported audio in, and finding takes a crash left behind.

Recorded takes are written there as WAV by the recorder. An imported file is copied in as
FLAC (lossless and about half the size of WAV) so the library never depends on, or changes,
a file elsewhere on the disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

__all__ = [
    "AudioCopyError",
    "find_unfinished",
    "import_audio",
    "is_inside",
    "new_take_path",
    "recorded_at",
]

# A take shorter than this with an intact header is most likely a stray click on record.
MIN_UNFINISHED_S = 1.0
# Source subtypes that fit in 16 bits without loss; everything else is stored as 24-bit.
_SIXTEEN_BIT = frozenset({"PCM_S8", "PCM_U8", "PCM_16", "ULAW", "ALAW"})
_FLAC_MAX_CHANNELS = 8
_BLOCK_FRAMES = 65_536
_UNSAFE = re.compile(r"[^\w.-]+")
# A recorded take is named after the moment recording started: take-YYYYmmdd-HHMMSS-ffffff.wav
_TAKE_PREFIX = "take-"
_TAKE_TIME = "%Y%m%d-%H%M%S-%f"
# A decoded fallback import must not be refused for length: the analysis accepted it already.
_NO_LIMIT_S = 24 * 3600.0


class AudioCopyError(OSError):
    """The audio could not be copied into the library; ``str()`` is one line."""


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is (after resolving links) somewhere under ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())


def new_take_path(recordings_dir: Path, *, now: datetime | None = None) -> Path:
    """Where a take recorded ``now`` is written (the folder is created if need be)."""
    recordings_dir.mkdir(parents=True, exist_ok=True)
    return recordings_dir / f"{_TAKE_PREFIX}{(now or datetime.now()):{_TAKE_TIME}}.wav"


def recorded_at(path: Path) -> datetime | None:
    """When a take was recorded, from the name :func:`new_take_path` gave it (local time)."""
    if not path.stem.startswith(_TAKE_PREFIX):
        return None
    try:
        return datetime.strptime(path.stem[len(_TAKE_PREFIX) :], _TAKE_TIME).astimezone()
    except ValueError:
        return None


def import_audio(source: Path, recordings_dir: Path, *, now: datetime | None = None) -> Path:
    """Copy ``source`` into ``recordings_dir`` as a new FLAC file and return its path.

    Files soundfile reads (WAV, FLAC, OGG, MP3...) keep their rate and channels; others
    (M4A, AAC, WebM...) are decoded to the 16 kHz mono the analysis used. ``source`` is only
    read. The copy is written under a temporary name and renamed when complete, so a crash
    never leaves half a file that looks like a take.

    Raises:
        AudioCopyError: the file cannot be read or the copy cannot be written.
    """
    recordings_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    stem = _UNSAFE.sub("-", source.stem).strip("-.")[:40] or "audio"
    target = recordings_dir / f"import-{stamp}-{stem}.flac"
    n = 1
    while target.exists():
        n += 1
        target = recordings_dir / f"import-{stamp}-{stem}-{n}.flac"
    partial = target.with_name(target.name + ".part")
    try:
        if not _copy_with_soundfile(source, partial):
            _copy_decoded(source, partial)
        os.replace(partial, target)
    except AudioCopyError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, RuntimeError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise AudioCopyError(
            f"{source.name}: could not copy it into the library ({_why(exc)})"
        ) from exc
    return target


def _copy_with_soundfile(source: Path, partial: Path) -> bool:
    """Stream ``source`` into a FLAC file; False if soundfile cannot read ``source``."""
    import soundfile as sf

    try:
        src = sf.SoundFile(source)
    except (sf.LibsndfileError, RuntimeError, TypeError):
        return False
    with src:
        if src.channels > _FLAC_MAX_CHANNELS:
            return False
        subtype = "PCM_16" if src.subtype in _SIXTEEN_BIT else "PCM_24"
        dtype = "int16" if subtype == "PCM_16" else "int32"
        with sf.SoundFile(
            partial,
            "w",
            samplerate=src.samplerate,
            channels=src.channels,
            format="FLAC",
            subtype=subtype,
        ) as dst:
            for block in src.blocks(blocksize=_BLOCK_FRAMES, dtype=dtype, always_2d=True):
                dst.write(block)
    return True


def _copy_decoded(source: Path, partial: Path) -> None:
    import soundfile as sf

    from speakprep.audio.files import AudioLoadError, load_audio

    try:
        audio = load_audio(source, max_duration_s=_NO_LIMIT_S, allow_silent=True)
    except AudioLoadError as exc:
        raise AudioCopyError(str(exc)) from None
    sf.write(partial, audio.samples, audio.sample_rate, format="FLAC", subtype="PCM_24")


def find_unfinished(recordings_dir: Path, referenced: Iterable[Path]) -> list[Path]:
    """WAV takes no library entry points to that a crash may have left, oldest first.

    A file counts if the recorder died before fixing its header, or if it simply holds
    more than :data:`MIN_UNFINISHED_S` of audio that never reached the library (the app
    was closed or crashed before the analysis finished). Files that are not our WAVs are
    left alone.
    """
    from speakprep.audio.wavfile import WavRecoveryError, inspect_wav

    if not recordings_dir.is_dir():
        return []
    known = {p.resolve() for p in referenced}
    found = []
    for path in sorted(recordings_dir.glob("*.wav")):
        if not path.is_file() or path.resolve() in known:
            continue
        try:
            info = inspect_wav(path)
        except WavRecoveryError:
            continue
        if info.needs_recovery or info.duration_s > MIN_UNFINISHED_S:
            found.append(path)
    return found


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
