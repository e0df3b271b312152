"""Read any audio file the user gives us into 16 kHz mono float32, or say clearly why not.

Decoding uses PyAV, which bundles FFmpeg (the same library faster-whisper decodes with), so
there is no system dependency. This module must not import faster_whisper: the audio package
stays independent of the speech engine.

Every failure a person can cause (a missing, empty, silent, corrupt, truncated, too long or
unsupported file) raises :class:`AudioLoadError`, whose text is one line naming the file. No
PyAV exception escapes. The input file is only ever opened for reading.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from speakprep.audio._container import (
    claimed_duration_s,
    ends_early,
    is_video_container,
    read_wav_header,
)
from speakprep.audio._decode import DecodeResult, decode_mono
from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.core.units import SAMPLE_RATE
from speakprep.fsutil import os_reason
from speakprep.inputs import FileProblem, InputFileError, open_input

__all__ = [
    "SAMPLE_RATE",
    "SILENCE_PEAK_DBFS",
    "SUPPORTED_SUFFIXES",
    "AudioLoadError",
    "LoadedAudio",
    "check_audio_file",
    "clean_samples",
    "load_audio",
    "probe_duration",
]

# What the unsupported-type message offers: every ending of SUPPORTED_SUFFIXES
# (audio/suffixes.py), "wav, flac, ... or aac".
_SUPPORTED_NAMES = (
    ", ".join(s[1:] for s in SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1][1:]
)

SILENCE_PEAK_DBFS = -60.0
"""Default silence threshold: a file whose loudest sample is below this is "silent"."""

# Codec priming and padding (AAC adds about 23 ms, MP3 about 26 ms) make a take recorded to
# exactly the limit come out slightly longer; a second of grace avoids rejecting it.
_LIMIT_GRACE_S = 1.0
# Below this share of the duration the header promises, we call the file truncated. The
# slack covers encoder padding and duration estimates of a few percent.
_TRUNCATED_RATIO = 0.97
_TRUNCATED_MIN_SHORTFALL_S = 0.25
_JUNK_MIN_BAD_PACKETS = 20
_CUT_BEFORE_SOUND = "the file ends before any sound (truncated, or only a header)"
# An M4A written index-last and cut before it: no decoder can find its sound.
_CUT_BEFORE_INDEX = (
    "the file ends early (truncated): an M4A keeps the table of contents of its sound at "
    "its end, so none of it can be read"
)

# How the shared input gate's refusals map onto this module's kinds.
_INPUT_KINDS = {
    "not_found": "not_found",
    "folder": "not_found",
    "not_regular": "unsupported",
    "unreadable": "unreadable",
    "empty": "empty",
    "too_large": "too_long",
}


class AudioLoadError(FileProblem):
    """A file that cannot be turned into audio for analysis.

    ``str(err)`` is one line for a person, starting with the file name, for example
    ``"interview.m4a: the file is empty (0 bytes)"``.

    Attributes:
        kind: machine-readable reason, one of ``"not_found"`` (no such file, or a folder),
            ``"empty"``, ``"unsupported"``, ``"corrupt"``, ``"truncated"`` (the header promises
            audio that is not there), ``"too_long"``, ``"silent"``, ``"no_audio_stream"`` (a
            video with no sound track) or ``"unreadable"`` (permission denied or an I/O error).
        path: the path that was given.
        reason: the message without the file name.
    """

    KINDS = frozenset(
        {
            "not_found",
            "empty",
            "unsupported",
            "corrupt",
            "truncated",
            "too_long",
            "silent",
            "no_audio_stream",
            "unreadable",
        }
    )


@dataclass(frozen=True)
class LoadedAudio:
    """A decoded recording, ready for analysis.

    Attributes:
        samples: float32, mono, ``sample_rate`` Hz, C-contiguous, values in [-1, 1].
        sample_rate: always :data:`SAMPLE_RATE`.
        duration_s: length of ``samples`` in seconds.
        source_path: the file it came from.
        original_rate: the file's own sample rate, if the file says.
        original_channels: the file's own channel count, if the file says.
        warnings: one-line notes for the person, e.g. that the file ended early.
    """

    samples: np.ndarray = field(repr=False)
    sample_rate: int
    duration_s: float
    source_path: Path
    original_rate: int | None
    original_channels: int | None
    warnings: tuple[str, ...] = ()


def load_audio(
    path: str | os.PathLike[str],
    *,
    max_duration_s: float = 15 * 60,
    allow_silent: bool = False,
    silence_peak_dbfs: float = SILENCE_PEAK_DBFS,
) -> LoadedAudio:
    """Decode an audio file to 16 kHz mono float32.

    Stereo and multichannel audio are downmixed by averaging the channels. A file that ends
    early or has damaged parts is decoded as far as possible and the loss is reported in
    ``warnings``.

    Args:
        path: the file to read; it is never modified.
        max_duration_s: longest recording accepted. Checked against the container's stated
            duration before decoding (so an hour-long file fails at once) and again while
            decoding, for files that state no duration or a wrong one.
        allow_silent: return silent audio (with a warning) instead of raising ``"silent"``.
        silence_peak_dbfs: a file whose peak sample is below this level (dB relative to full
            scale, default -60) counts as silent.

    Raises:
        AudioLoadError: the file cannot be used; ``kind`` says why.
        ValueError: ``max_duration_s`` is not positive.
    """
    if not max_duration_s > 0:
        raise ValueError(f"max_duration_s must be positive, got {max_duration_s!r}")
    p = Path(path)
    check_audio_file(p)
    cut_short = ends_early(p)  # "mp4" or "ogg": it stops inside its own structure
    result, claimed_s = _decode_file(p, max_duration_s, cut_short=cut_short)
    # A WAV header states its data size, which FFmpeg quietly clamps to the bytes present; the
    # header's own figure is what reveals a cut file.
    is_wav, wav_s = read_wav_header(p)
    promised_s = max(claimed_s or 0.0, wav_s or 0.0) or None
    samples = result.samples
    warnings: list[str] = []

    if samples.size == 0 or _mostly_junk(result):
        if (promised_s or cut_short) and (result.bad_packets == 0 or result.read_error):
            raise AudioLoadError(p, "truncated", _CUT_BEFORE_SOUND)
        if result.bad_packets == 0 and not result.read_error and is_wav:
            # Only a WAV header can be trusted to say "no samples"; junk that FFmpeg took for
            # some other format also yields nothing, and that is corrupt, not empty.
            raise AudioLoadError(p, "empty", "the file holds no audio (it is 0 s long)")
        raise AudioLoadError(p, "corrupt", "cannot be read as audio (corrupt or not an audio file)")

    samples = _trim_encoder_padding(samples, claimed_s, result)
    invalid = clean_samples(samples)
    if invalid == samples.size:
        # Nothing but NaN: a damaged file, not a silent one.
        raise AudioLoadError(
            p, "corrupt", "cannot be read as audio (no sample is a number: NaN or infinity)"
        )
    duration_s = samples.size / SAMPLE_RATE

    analysed = f"analysed the {duration_s:.1f} s that could be read"
    if result.damaged_packets:
        n = result.damaged_packets
        parts = "1 damaged part was" if n == 1 else f"{n} damaged parts were"
        warnings.append(f"{parts} skipped (could not be decoded); {analysed}")
    # Damage in the middle also makes the audio shorter than promised; only a failure at the
    # end, or a shortfall with no damage to explain it, means the file was cut.
    cut = (
        result.read_error
        or cut_short is not None
        or (not result.damaged_packets and _is_truncated(promised_s, duration_s))
    )
    if cut:
        warnings.append(f"the file ends early (truncated); {analysed}")
    if invalid:
        warnings.append(
            f"{invalid} samples were not numbers (NaN or infinity) and were set to silence"
        )

    peak = float(np.max(np.abs(samples)))
    if peak < 10.0 ** (silence_peak_dbfs / 20.0):
        if cut and not allow_silent:  # the silence is the little that was left of the file
            raise AudioLoadError(
                p,
                "truncated",
                f"the file ends early (truncated): the {duration_s:.1f} s "
                "that could be read hold no sound",
            )
        if not allow_silent:
            raise AudioLoadError(p, "silent", "no sound in this file (it is silent)")
        warnings.append("no sound in this file (it is silent)")

    return LoadedAudio(
        samples=samples,
        sample_rate=SAMPLE_RATE,
        duration_s=duration_s,
        source_path=p,
        original_rate=result.original_rate,
        original_channels=result.original_channels,
        warnings=tuple(warnings),
    )


def clean_samples(samples: np.ndarray) -> int:
    """Set NaN and infinite samples to 0 and clip the rest to [-1, 1], in place; return how
    many were not numbers.

    A float WAV can hold NaN or infinity (a glitching plug-in, a broken export): one NaN
    poisons every mean and spectrum it touches, so Whisper heard nothing in a whole take of
    speech, and a copy converted to integers came out as noise. Lossy decoders and float
    files overshoot full scale, which integer formats would wrap around.
    """
    invalid = ~np.isfinite(samples)
    count = int(np.count_nonzero(invalid))
    samples[invalid] = 0.0
    np.clip(samples, -1.0, 1.0, out=samples)
    return count


def probe_duration(path: str | os.PathLike[str]) -> float | None:
    """Return the duration in seconds that the file's container states, without decoding.

    Returns None when the file is missing or unreadable, has no audio stream, or states no
    duration. The figure is the file's own claim: a truncated file or a bitrate estimate can
    be wrong, which :func:`load_audio` detects while decoding.
    """
    try:
        with av.open(os.fspath(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                return None
            return claimed_duration_s(container, container.streams.audio[0])
    except (av.error.FFmpegError, OSError, ValueError, TypeError):
        return None


def check_audio_file(p: Path) -> None:
    """Raise :class:`AudioLoadError` for problems visible without decoding: missing,
    folder, pipe, size, permission, a type speakprep does not read. Cheap: what a caller
    checks before it says it is reading the file (``load_audio`` checks it again)."""
    # The same gate as transcripts: a FIFO or a device would block or never end.
    try:
        with open_input(p) as (fh, _st):
            fh.read(1)  # turns a permission or I/O problem into a plain message
    except InputFileError as err:
        raise AudioLoadError(p, _INPUT_KINDS[err.kind], err.reason) from None
    except OSError as err:
        raise AudioLoadError(p, "unreadable", f"cannot be read ({os_reason(err)})") from None
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{p.suffix}'" if p.suffix else "(no file extension)"
        raise AudioLoadError(
            p, "unsupported", f"unsupported file type {shown} (use {_SUPPORTED_NAMES})"
        )


def _decode_file(
    p: Path, max_duration_s: float, *, cut_short: str | None
) -> tuple[DecodeResult, float | None]:
    """Open the container, refuse over-long files early, and decode the best audio stream.

    ``cut_short``: the file stops inside its own structure (:func:`ends_early`); one that
    cannot even be opened then is truncated, not corrupt (an M4A's index comes last).
    """
    try:
        with av.open(os.fspath(p), mode="r", metadata_errors="ignore") as container:
            stream = _audio_stream(p, container)
            claimed_s = claimed_duration_s(container, stream)
            if claimed_s is not None and claimed_s > max_duration_s + _LIMIT_GRACE_S:
                raise _too_long(p, _limit_text(claimed_s, max_duration_s), max_duration_s)
            max_samples = (
                math.ceil((max_duration_s + _LIMIT_GRACE_S) * SAMPLE_RATE)
                if math.isfinite(max_duration_s)
                else None
            )
            result = decode_mono(container, stream, SAMPLE_RATE, max_samples=max_samples)
    except AudioLoadError:
        raise
    except PermissionError:
        raise AudioLoadError(p, "unreadable", "permission denied (cannot read this file)") from None
    except (av.error.FFmpegError, OSError, ValueError, TypeError, EOFError, RuntimeError):
        # FFmpeg's own reasons ("Invalid data found when processing input") mean nothing to
        # the person; every failure to open or parse is the same thing to them.
        if cut_short:
            reason = _CUT_BEFORE_INDEX if cut_short == "mp4" else _CUT_BEFORE_SOUND
            raise AudioLoadError(p, "truncated", reason) from None
        raise AudioLoadError(
            p, "corrupt", "cannot be read as audio (corrupt or not an audio file)"
        ) from None
    if result.over_limit:
        raise _too_long(p, f"over {_fmt_duration(max_duration_s)}", max_duration_s)
    return result, claimed_s


def _audio_stream(p: Path, container: av.container.InputContainer) -> av.audio.AudioStream:
    if container.streams.audio:
        # FFmpeg's choice among several sound tracks (e.g. a dubbed video) is the default one.
        best = container.streams.best("audio")
        stream = best if isinstance(best, av.audio.AudioStream) else container.streams.audio[0]
        if stream.codec_context is None:
            # No decoder for it: a WAV format tag FFmpeg does not know, or a header that
            # names 0 bits per sample (before: an AttributeError traceback).
            raise AudioLoadError(
                p,
                "unsupported",
                "its sound is in an encoding speakprep cannot decode "
                "(save it again as WAV or FLAC)",
            )
        return stream
    if is_video_container(container):
        raise AudioLoadError(p, "no_audio_stream", "this file has video but no sound track")
    raise AudioLoadError(p, "corrupt", "cannot be read as audio (corrupt or not an audio file)")


def _trim_encoder_padding(
    samples: np.ndarray, claimed_s: float | None, result: DecodeResult
) -> np.ndarray:
    """Drop the encoder's padding after the last real sample, which FFmpeg leaves in.

    AAC pads its last frame to 1024 samples; an MP4 states the exact length, but FFmpeg
    decodes the whole frame, adding up to 64 ms of near-silence. Only an excess shorter than
    one codec frame is trimmed, so a wrong stated duration can never cut more than that.
    """
    frame_size = result.frame_size
    if claimed_s is None or not frame_size or not result.original_rate:
        return samples
    keep = round(claimed_s * SAMPLE_RATE)
    excess = samples.size - keep
    if 0 < excess <= math.ceil(frame_size * SAMPLE_RATE / result.original_rate) + 1:
        return samples[:keep]
    return samples


def _mostly_junk(result: DecodeResult) -> bool:
    # Random bytes can yield the odd packet that happens to decode; a real file, even a
    # damaged one, decodes far more than it rejects.
    return (
        result.bad_packets >= _JUNK_MIN_BAD_PACKETS and result.bad_packets > 4 * result.good_packets
    )


def _is_truncated(promised_s: float | None, duration_s: float) -> bool:
    if promised_s is None:
        return False
    shortfall_s = promised_s - duration_s
    return shortfall_s > _TRUNCATED_MIN_SHORTFALL_S and duration_s < _TRUNCATED_RATIO * promised_s


def _too_long(p: Path, length_text: str, max_duration_s: float) -> AudioLoadError:
    return AudioLoadError(
        p,
        "too_long",
        # What to do is the caller's to say: the command line has a flag, the app has none.
        f"the recording is {length_text} long; the limit is {_fmt_duration(max_duration_s)}",
    )


def _limit_text(actual_s: float, limit_s: float) -> str:
    """The stated length, in whole minutes only when that cannot blur into the limit."""
    if actual_s >= limit_s + 60:
        return f"{round(actual_s / 60)} min"
    minutes, seconds = divmod(round(actual_s), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _fmt_duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "unlimited"
    value, unit = (seconds / 60, "min") if seconds >= 60 else (seconds, "s")
    # "1.5 min" or "0.5 s", never a rounded "2 min" that misstates the limit.
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"
    return f"{text} {unit}"
