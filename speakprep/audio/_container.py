"""Facts about a file read from its container and headers, without decoding audio."""

from __future__ import annotations

from pathlib import Path

import av

_WAV_MAX_CHUNKS = 64
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
