"""The recordings folder: copying imported audio in, and finding takes a crash left behind.

Recorded takes are written there as WAV by the recorder. An imported file is copied in as
FLAC (lossless and about half the size of WAV) so the library never depends on, or changes,
a file elsewhere on the disk.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from speakprep.fsutil import PART_SUFFIX, atomic_output, disk_nearly_full, os_reason

__all__ = [
    "AudioCopyError",
    "KeptRecording",
    "find_no_speech",
    "find_unfinished",
    "import_audio",
    "is_inside",
    "mark_no_speech",
    "new_take_path",
    "recorded_at",
    "sweep_orphans",
]

# A take shorter than this with an intact header is most likely a stray click on record.
MIN_UNFINISHED_S = 1.0
# Source subtypes that fit in 16 bits without loss; everything else is stored as 24-bit.
_SIXTEEN_BIT = frozenset({"PCM_S8", "PCM_U8", "PCM_16", "ULAW", "ALAW"})
_FLAC_MAX_CHANNELS = 8
_FLOAT_SUBTYPES = frozenset({"FLOAT", "DOUBLE", "VORBIS", "OPUS"})
_BLOCK_FRAMES = 65_536
_UNSAFE = re.compile(r"[^\w.-]+")
# A recorded take is named after the moment recording started: take-YYYYmmdd-HHMMSS-ffffff.wav
_TAKE_PREFIX = "take-"
_TAKE_TIME = "%Y%m%d-%H%M%S-%f"
# A decoded fallback import must not be refused for length: the analysis accepted it already.
_NO_LIMIT_S = 24 * 3600.0
# A save in another process is between its copy and its commit for well under a second;
# anything older than this that no take uses was left by a crash.
SWEEP_MIN_AGE_S = 600.0
IMPORT_PREFIX = "import-"
"""How the names of imported copies start (the orphan sweep only removes such files)."""
# Beside a kept take whose analysis heard no speech (take-….wav gets take-….no-speech): it
# was analysed, so it is not a take a crash left unfinished.
NO_SPEECH_SUFFIX = ".no-speech"


class AudioCopyError(OSError):
    """The audio could not be copied into the library; ``str()`` is one line."""


@dataclass(frozen=True, slots=True)
class KeptRecording:
    """A recorded take kept on disk though its analysis heard no speech: not a take in
    the history (it has no score), but the user's recording all the same."""

    path: Path
    recorded_at: datetime | None
    duration_s: float | None


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

    A FLAC file is copied byte for byte: re-decoding it with libsndfile can fail on damage
    FFmpeg decoded past when the take was analysed ("flac decoder lost sync"). Other files
    soundfile reads (WAV, OGG, MP3...) keep their rate and channels; the rest (M4A, AAC,
    WebM..., and any file soundfile stops reading half-way) are decoded with FFmpeg, as the
    analysis did, to 16 kHz mono. ``source`` is only read. The copy is written through
    :func:`~speakprep.fsutil.atomic_output`: a crash or Ctrl-C leaves no half file, and the
    file and its folder are on the disk before this returns (so before the database commit
    that refers to it).

    Raises:
        AudioCopyError: the file cannot be read or the copy cannot be written (a full disk
            says "the disk is full").
    """
    recordings_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    stem = _UNSAFE.sub("-", source.stem).strip("-.")[:40] or "audio"
    target = recordings_dir / f"{IMPORT_PREFIX}{stamp}-{stem}.flac"
    n = 1
    while target.exists():
        n += 1
        target = recordings_dir / f"{IMPORT_PREFIX}{stamp}-{stem}-{n}.flac"
    try:
        with atomic_output(target) as partial:
            if _is_flac(source):
                shutil.copyfile(source, partial)
            elif not _copy_with_soundfile(source, partial):
                _copy_decoded(source, partial)
    except AudioCopyError:
        raise
    except (OSError, RuntimeError, ValueError) as exc:
        raise AudioCopyError(
            f"{source.name}: could not copy it into the library ({_why(exc, recordings_dir)})"
        ) from exc
    return target


def _is_flac(source: Path) -> bool:
    try:
        with open(source, "rb") as fh:
            return fh.read(4) == b"fLaC"
    except OSError:
        return False


def _copy_with_soundfile(source: Path, partial: Path) -> bool:
    """Stream ``source`` into a FLAC file; False if soundfile cannot read all of ``source``."""
    import soundfile as sf

    from speakprep.audio.files import clean_samples

    # soundfile encodes a str name strictly as UTF-8; a Linux name in another encoding must
    # go as its own bytes (Windows names are always Unicode, and need the str).
    name = os.fsencode(source) if os.name == "posix" else os.fspath(source)
    try:
        src = sf.SoundFile(name)
    except (sf.LibsndfileError, RuntimeError, TypeError):
        return False
    with src:
        if src.channels > _FLAC_MAX_CHANNELS:
            return False
        subtype = "PCM_16" if src.subtype in _SIXTEEN_BIT else "PCM_24"
        # Float samples (and Vorbis and Opus, decoded to floats that overshoot full scale)
        # are read as floats and cleaned as the analysis cleaned them: read as integers, NaN
        # became noise and values past full scale wrapped around.
        floats = src.subtype in _FLOAT_SUBTYPES
        dtype = "float32" if floats else "int16" if subtype == "PCM_16" else "int32"
        with sf.SoundFile(
            partial,
            "w",
            samplerate=src.samplerate,
            channels=src.channels,
            format="FLAC",
            subtype=subtype,
        ) as dst:
            blocks = src.blocks(blocksize=_BLOCK_FRAMES, dtype=dtype, always_2d=True)
            while True:
                try:
                    block = next(blocks)
                except StopIteration:
                    break
                except (sf.LibsndfileError, RuntimeError):
                    return False  # damage FFmpeg may read past: the caller decodes instead
                if floats:
                    clean_samples(block)
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
    left alone, and so are takes analysed already and found to hold no speech
    (:func:`mark_no_speech`).
    """
    from speakprep.audio.wavfile import WavRecoveryError, inspect_wav

    if not recordings_dir.is_dir():
        return []
    known = {p.resolve() for p in referenced}
    found = []
    for path in sorted(recordings_dir.glob("*.wav")):
        if not path.is_file() or path.resolve() in known:
            continue
        if path.with_suffix(NO_SPEECH_SUFFIX).exists():
            continue
        try:
            info = inspect_wav(path)
        except WavRecoveryError:
            continue
        if info.needs_recovery or info.duration_s > MIN_UNFINISHED_S:
            found.append(path)
    return found


def find_no_speech(recordings_dir: Path, referenced: Iterable[Path]) -> list[KeptRecording]:
    """The takes :func:`mark_no_speech` noted that no take uses, newest first.

    They are listed so the user can replay, analyse again or delete them: without this a
    take with no recognisable speech stayed on disk where the app never showed it.
    """
    from speakprep.audio.wavfile import WavRecoveryError, inspect_wav

    if not recordings_dir.is_dir():
        return []
    known = {p.resolve() for p in referenced}
    found = []
    for note in recordings_dir.glob(f"*{NO_SPEECH_SUFFIX}"):
        path = note.with_suffix(".wav")
        if not path.is_file() or path.resolve() in known:
            continue
        try:
            duration_s: float | None = inspect_wav(path).duration_s
        except WavRecoveryError:
            duration_s = None
        found.append(KeptRecording(path, recorded_at(path), duration_s))
    return sorted(found, key=lambda r: r.path.name, reverse=True)


def mark_no_speech(path: Path) -> None:
    """Note that the take at ``path`` was analysed and holds no speech: it is kept, but
    :func:`find_unfinished` no longer offers it as a take a crash left.

    Raises:
        OSError: the note cannot be written (the take is offered again at the next start).
    """
    path.with_suffix(NO_SPEECH_SUFFIX).touch()


def sweep_orphans(
    recordings_dir: Path,
    referenced: Iterable[Path],
    *,
    min_age_s: float = SWEEP_MIN_AGE_S,
    now_s: float | None = None,
) -> list[Path]:
    """Delete what an interrupted save left behind; return the files removed.

    That is temporary ``*.part`` files, and imported copies (``import-*.flac``) that no take
    refers to: a save killed between the copy and the database commit. Only files older
    than ``min_age_s`` go, because a save running in another process may be in exactly
    that gap. WAV files are never touched: an unreferenced WAV is a recorded take that
    :func:`find_unfinished` offers to recover, or one kept though it held no speech
    (:func:`mark_no_speech`). Files that cannot be removed are skipped.
    """
    if not recordings_dir.is_dir():
        return []
    known = {p.resolve() for p in referenced}
    cutoff = (time.time() if now_s is None else now_s) - min_age_s
    removed = []
    for path in sorted(recordings_dir.iterdir()):
        name = path.name
        orphan_copy = name.startswith(IMPORT_PREFIX) and name.endswith(".flac")
        if not (name.endswith(PART_SUFFIX) or orphan_copy):
            continue
        try:
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode) or st.st_mtime > cutoff:
                continue
            if orphan_copy and path.resolve() in known:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _why(exc: BaseException, folder: Path) -> str:
    if isinstance(exc, OSError):
        return os_reason(exc)
    # libsndfile reports a failed write as "System error." and loses the errno; a folder
    # with no room left is by far the likeliest cause.
    if disk_nearly_full(folder):
        return "the disk is full"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
