"""A WAV writer that survives a crash, and the repair for a take whose writer died.

The recorder writes each take as 16-bit PCM while it records. :class:`WavWriter` keeps the
newest audio in memory and, on every :meth:`WavWriter.flush` (the recorder calls it at least
every 0.5 s), appends it to the file, rewrites the sizes in the header and fsyncs. A killed
process or a power cut therefore leaves a valid WAV holding everything up to the last flush;
only a header that lags the data can be wrong, and :func:`recover_wav` fixes it from the
file's real length.

The header is always the canonical 44 bytes (``RIFF``, ``fmt `` with 16 bytes of PCM
format, then ``data``), which is what lets :func:`recover_wav` recognise one of our takes.
"""

from __future__ import annotations

import contextlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from speakprep.fsutil import fsync_dir, os_reason

__all__ = [
    "HEADER_BYTES",
    "WavInfo",
    "WavRecoveryError",
    "WavWriter",
    "inspect_wav",
    "recover_wav",
    "to_int16",
]

HEADER_BYTES = 44
"""Length of the header :class:`WavWriter` writes; the audio starts right after it."""

_PCM = 1
_BITS = 16
_SAMPLE_BYTES = _BITS // 8
_MAX_DATA_BYTES = 0xFFFFFFFF - (HEADER_BYTES - 8)  # the RIFF size field is 32 bits


def to_int16(frames: np.ndarray) -> np.ndarray:
    """``frames`` as int16: int16 unchanged, floats in [-1, 1] scaled by 32768 and clipped.

    The scale 32768 is the one soundfile and FFmpeg divide by when they read 16-bit audio as
    float, so int16 -> float -> int16 is exact.
    """
    a = np.asarray(frames)
    if a.dtype == np.int16:
        return a
    if a.dtype.kind == "f":
        scaled = np.rint(a.astype(np.float64) * 32768.0)
        return np.clip(scaled, -32768, 32767).astype(np.int16)
    if a.dtype.kind in "iu":
        return np.clip(a, -32768, 32767).astype(np.int16)
    raise TypeError(f"cannot write audio of type {a.dtype} (use float32 or int16)")


def _header(rate_hz: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * _SAMPLE_BYTES
    return (
        b"RIFF"
        + struct.pack("<I", HEADER_BYTES - 8 + data_bytes)
        + b"WAVE"
        + b"fmt "
        + struct.pack(
            "<IHHIIHH", 16, _PCM, channels, rate_hz, rate_hz * block_align, block_align, _BITS
        )
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class WavWriter:
    """Write a 16-bit PCM WAV incrementally, so that a crash loses only unflushed audio.

    Args:
        path: the file to create. An existing file is never overwritten unless
            ``overwrite`` is true, so a bug cannot destroy an earlier take.
        rate_hz: the sample rate of the frames that will be written.
        channels: interleaved channels per frame.
        overwrite: replace an existing file.
        fsync: force the data to the disk on every flush (turn off only in tests that
            write a lot and do not care about power cuts).

    Raises:
        OSError: the file cannot be created (missing folder, permission, disk full...).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        rate_hz: int,
        channels: int = 1,
        *,
        overwrite: bool = False,
        fsync: bool = True,
    ) -> None:
        if not 1 <= int(rate_hz) <= 0xFFFFFFFF // 8:
            raise ValueError(f"rate_hz must be a positive sample rate, got {rate_hz!r}")
        if not 1 <= channels <= 64:
            raise ValueError(f"channels must be between 1 and 64, got {channels!r}")
        self.path = Path(path)
        self.rate_hz = int(rate_hz)
        self.channels = int(channels)
        self._fsync = fsync
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._flushed_bytes = 0
        self._fh: BinaryIO | None = open(self.path, "wb" if overwrite else "xb")  # noqa: SIM115
        try:
            self._fh.write(_header(self.rate_hz, self.channels, 0))
            self._sync()
            # The new directory entry must reach the disk too, or a power cut can lose the
            # whole file even though its data were synced.
            if fsync:
                fsync_dir(self.path.parent)
        except BaseException:
            self._fh.close()
            self._fh = None
            if not overwrite:
                # Created exclusively above, so it is ours: leave no empty file behind.
                with contextlib.suppress(OSError):
                    self.path.unlink()
            raise

    @property
    def frames_written(self) -> int:
        """Frames given to :meth:`write` so far, flushed or not."""
        return (self._flushed_bytes + self._pending_bytes) // (self.channels * _SAMPLE_BYTES)

    @property
    def frames_flushed(self) -> int:
        """Frames safely in the file (as of the last flush)."""
        return self._flushed_bytes // (self.channels * _SAMPLE_BYTES)

    @property
    def duration_s(self) -> float:
        """Length of the audio written so far, in seconds."""
        return self.frames_written / self.rate_hz

    @property
    def closed(self) -> bool:
        return self._fh is None

    def write(self, frames: np.ndarray) -> None:
        """Queue frames for the next flush: shape (n,) for mono or (n, channels).

        Float samples are expected in [-1, 1] (louder ones are clipped); int16 is written as
        is. Nothing touches the disk until :meth:`flush`.
        """
        if self._fh is None:
            raise ValueError("write to a closed WavWriter")
        a = to_int16(frames)
        if a.ndim == 1:
            if self.channels != 1:
                raise ValueError(f"got mono frames for a {self.channels}-channel file")
        elif a.ndim != 2 or a.shape[1] != self.channels:
            raise ValueError(f"frames of shape {a.shape} do not fit {self.channels} channel(s)")
        if a.size == 0:
            return
        data = a.astype("<i2", copy=False).tobytes()
        if self._flushed_bytes + self._pending_bytes + len(data) > _MAX_DATA_BYTES:
            raise OSError("the recording is too long for a WAV file (over 4 GB)")
        self._pending.append(data)
        self._pending_bytes += len(data)

    def flush(self) -> None:
        """Append the queued frames, rewrite the sizes in the header and fsync.

        After this returns, the file on disk is a complete WAV of everything written.

        Raises:
            OSError: the disk is full or the file cannot be written. The file then still
                holds the audio of the previous flush (recoverable with :func:`recover_wav`);
                the writer should not be used further.
        """
        fh = self._fh
        if fh is None:
            return
        if self._pending:
            fh.seek(HEADER_BYTES + self._flushed_bytes)
            fh.write(b"".join(self._pending))
            # The data must be on the disk before a header that counts it, or a power cut
            # could leave a header promising bytes that never arrived.
            self._sync()
            self._flushed_bytes += self._pending_bytes
            self._pending.clear()
            self._pending_bytes = 0
        fh.seek(0)
        fh.write(_header(self.rate_hz, self.channels, self._flushed_bytes))
        self._sync()

    def close(self) -> None:
        """Flush and close the file. Safe to call twice; the file is closed even on error."""
        fh = self._fh
        if fh is None:
            return
        try:
            self.flush()
        finally:
            self._fh = None
            fh.close()

    def abandon(self) -> None:
        """Close the file without writing the queued frames (after a write error)."""
        fh, self._fh = self._fh, None
        self._pending.clear()
        self._pending_bytes = 0
        if fh is not None:
            # The disk already failed us; the file holds the last good flush.
            with contextlib.suppress(OSError):
                fh.close()

    def __enter__(self) -> WavWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sync(self) -> None:
        assert self._fh is not None
        self._fh.flush()
        if self._fsync:
            os.fsync(self._fh.fileno())


class WavRecoveryError(ValueError):
    """A file :func:`recover_wav` cannot repair; ``str(err)`` is one line naming the file."""


@dataclass(frozen=True, slots=True)
class WavInfo:
    """What the header of one of our WAV files says, against what the file holds.

    Attributes:
        rate_hz: sample rate.
        channels: channels per frame.
        frames: whole frames actually present in the file.
        header_frames: frames the header's data size claims.
        trailing_bytes: bytes of a half-written frame at the end.
    """

    rate_hz: int
    channels: int
    frames: int
    header_frames: int
    trailing_bytes: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate_hz

    @property
    def needs_recovery(self) -> bool:
        """Whether the writer died before finishing (the header disagrees with the file)."""
        return self.header_frames != self.frames or self.trailing_bytes != 0


def inspect_wav(path: str | os.PathLike[str]) -> WavInfo:
    """Read the header of a WAV written by :class:`WavWriter` and measure its real length.

    Raises:
        WavRecoveryError: the file is missing, unreadable or not one of our recordings.
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(HEADER_BYTES)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise WavRecoveryError(f"{p.name}: file not found") from None
    except OSError as err:
        raise WavRecoveryError(f"{p.name}: cannot be read ({os_reason(err)})") from None
    return _parse(p, head, size)


def _parse(p: Path, head: bytes, size: int) -> WavInfo:
    if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise WavRecoveryError(f"{p.name}: not a speakprep recording (no complete WAV header)")
    fmt_id, fmt_size, tag, channels, rate, _byte_rate, block_align, bits = struct.unpack(
        "<4sIHHIIHH", head[12:36]
    )
    if fmt_id != b"fmt " or fmt_size != 16 or head[36:40] != b"data":
        raise WavRecoveryError(f"{p.name}: not a speakprep recording (unexpected WAV layout)")
    if tag != _PCM or bits != _BITS or not channels or block_align != channels * _SAMPLE_BYTES:
        raise WavRecoveryError(f"{p.name}: not a speakprep recording (not 16-bit PCM audio)")
    if not rate:
        raise WavRecoveryError(f"{p.name}: not a speakprep recording (sample rate is 0)")
    (header_bytes,) = struct.unpack("<I", head[40:44])
    data_bytes = size - HEADER_BYTES
    return WavInfo(
        rate_hz=rate,
        channels=channels,
        frames=data_bytes // block_align,
        header_frames=header_bytes // block_align,
        trailing_bytes=data_bytes % block_align,
    )


def recover_wav(path: str | os.PathLike[str]) -> float:
    """Repair a take whose writer died, in place, and return its duration in seconds.

    The sizes in the header are recomputed from the file's real length and a half-written
    frame at the end is cut off. A file holding only the header is valid and gives 0.0. A
    file that is already complete is left untouched.

    Raises:
        WavRecoveryError: the file is missing, unreadable or unwritable, or is not a WAV
            written by :class:`WavWriter`.
    """
    p = Path(path)
    info = inspect_wav(p)
    if not info.needs_recovery:
        return info.duration_s
    data_bytes = info.frames * info.channels * _SAMPLE_BYTES
    try:
        with open(p, "r+b") as fh:
            fh.truncate(HEADER_BYTES + data_bytes)
            fh.seek(0)
            fh.write(_header(info.rate_hz, info.channels, data_bytes))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:
        raise WavRecoveryError(f"{p.name}: cannot be repaired ({os_reason(err)})") from None
    return info.duration_s
