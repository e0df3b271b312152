"""Facts about a file read from its container and headers, without decoding audio."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import av

_WAV_MAX_CHUNKS = 64
_OGG_END_OF_STREAM = 0x04  # header_type flag of a stream's last page
_VIDEO_CONTAINERS = frozenset(
    {"mov", "mp4", "matroska", "webm", "ogg", "avi", "asf", "flv", "mpeg", "mpegts", "3gp"}
)


def claimed_duration_s(
    container: av.container.InputContainer, stream: av.audio.AudioStream
) -> float | None:
    """The duration in seconds the file states for ``stream``, or None if it states none."""
    # The audio stream's own duration is preferred: the container's is the longest stream's,
    # which may be a video track.
    if stream.duration is not None and stream.time_base is not None and stream.duration > 0:
        return float(stream.duration * stream.time_base)
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    return None


def is_video_container(container: av.container.InputContainer) -> bool:
    """Whether the file is a real video (in a video container), as opposed to junk."""
    # FFmpeg's probe can take random bytes for a raw video stream (H.263 has a weak
    # signature); a real video without sound comes in a proper container.
    names = set(container.format.name.split(","))
    return bool(container.streams.video) and not names.isdisjoint(_VIDEO_CONTAINERS)


def read_wav_header(p: Path) -> tuple[bool, float | None]:
    """Whether the file is RIFF/WAVE, and the duration its header promises (None if unknown)."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return False, None
            rate = block_align = 0
            pos = 12
            for _ in range(_WAV_MAX_CHUNKS):
                fh.seek(pos)
                chunk = fh.read(8)
                if len(chunk) < 8:
                    break
                chunk_id, size = chunk[:4], int.from_bytes(chunk[4:], "little")
                if chunk_id == b"fmt ":
                    fmt = fh.read(16)
                    if len(fmt) < 16:
                        break
                    rate = int.from_bytes(fmt[4:8], "little")
                    block_align = int.from_bytes(fmt[12:14], "little")
                elif chunk_id == b"data":
                    # 0 and 0xFFFFFFFF mean "not known": a recorder that streamed the file
                    # and never came back to fill in the size. Nothing is promised then.
                    if size in (0, 0xFFFFFFFF) or not rate or not block_align:
                        break
                    return True, size / (rate * block_align)
                pos += 8 + size + (size & 1)  # chunks are padded to an even length
    except OSError:
        return False, None
    return True, None


def ends_early(p: Path) -> str | None:
    """``"mp4"`` or ``"ogg"`` when an MP4 (M4A) or Ogg file stops inside its own structure,
    cut by a copy or by a recorder that never finished; None otherwise (other formats too).

    Neither states a duration that gives a cut away: a cut Ogg decoded to the end of its
    last whole page with no warning, and an M4A whose index comes last could not be opened
    at all ("corrupt").
    """
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
            size = os.fstat(fh.fileno()).st_size
            if head[4:8] == b"ftyp" and _mp4_cut(fh, size):
                return "mp4"
            if head[:4] == b"OggS" and _ogg_cut(fh, size):
                return "ogg"
    except OSError:
        pass
    return None


def _mp4_cut(fh: BinaryIO, size: int) -> bool:
    """A top-level box (the audio ``mdat``, the index ``moov``) runs past the file's end."""
    pos = 0
    while pos + 8 <= size:
        fh.seek(pos)
        box = fh.read(16)
        length = int.from_bytes(box[:4], "big")
        if length == 1:  # a 64-bit size follows the type
            if len(box) < 16:
                return True
            length = int.from_bytes(box[8:16], "big")
        elif length == 0:  # "to the end of the file"
            return False
        if length < 8 or not box[4:8].isascii() or not box[4:8].isalnum():
            return False  # not a box (damage, or padding after the last): no cut seen
        pos += length
    return pos > size


def _ogg_cut(fh: BinaryIO, size: int) -> bool:
    """The pages stop part way through one, or the last page does not end the stream."""
    pos = 0
    last_flags = 0
    while pos < size:
        fh.seek(pos)
        header = fh.read(27)
        if len(header) < 27:
            # A page cut short starts like one; a newline or padding after the last is no cut.
            return header.startswith(b"OggS"[: len(header)])
        if header[:4] != b"OggS":
            return False  # damage in the middle: the decoder's count says so
        lacing = fh.read(header[26])
        if len(lacing) < header[26]:
            return True
        last_flags = header[5]
        pos += 27 + len(lacing) + sum(lacing)
    return pos > size or not last_flags & _OGG_END_OF_STREAM
