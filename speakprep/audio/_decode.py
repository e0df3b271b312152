"""The PyAV decoding loop behind :func:`speakprep.audio.files.load_audio`.

Kept apart from the error policy in ``files.py``: this module only decodes, resamples and
counts what went wrong; ``files.py`` decides what that means for the person.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import av
import numpy as np

# Random bytes given an audio name can fool the demuxer into yielding "packets" that all fail
# to decode; stop early rather than grinding through a large junk file.
_GIVE_UP_AFTER_BAD_PACKETS = 200


@dataclass(frozen=True)
class DecodeResult:
    """What one pass over an audio stream produced.

    Attributes:
        samples: float32 mono at the requested rate (empty if nothing decoded, or if the
            limit was hit, in which case the partial audio is dropped at once).
        original_rate: the stream's sample rate, if known.
        original_channels: the stream's channel count, if known.
        frame_size: samples per codec frame at the original rate (0 if it varies).
        good_packets: packets that decoded to audio.
        bad_packets: packets the decoder rejected (damaged parts, or junk), in all.
        damaged_packets: rejected packets with good audio after them: damage in the middle.
        read_error: reading failed part way, or the last packets would not decode: the file
            ends early (a cut file usually ends in half a packet). A file whose one packet
            would not decode counts too: it was cut inside its first frame.
        over_limit: decoding stopped because the audio exceeded ``max_samples``.
    """

    samples: np.ndarray
    original_rate: int | None
    original_channels: int | None
    frame_size: int
    good_packets: int
    bad_packets: int
    damaged_packets: int
    read_error: bool
    over_limit: bool


class _MonoResampler:
    """Resample frames to float32 at one rate, keeping channels, then average them to mono.

    Channels are averaged here rather than left to FFmpeg's downmix matrix so that the
    downmix is an exact mean for any layout. The stream may change its format or layout part
    way (some AAC and MP3 streams do); PyAV's resampler refuses that, so a new one is made.
    """

    def __init__(self, rate: int) -> None:
        self._rate = rate
        self._resampler: av.AudioResampler | None = None
        self._key: tuple[str, str, int] | None = None

    def push(self, frame: av.AudioFrame, out: list[np.ndarray]) -> int:
        key = (frame.format.name, frame.layout.name, frame.sample_rate)
        added = 0
        if key != self._key:
            added += self.flush(out)
            # Packed ("flt"), not planar: PyAV reads a planar frame of more than 8 channels
            # (a 16-track field recorder's WAV) past its 8 data pointers and crashes the
            # process (segfault); a packed frame is one buffer, whatever its channels.
            self._resampler = av.AudioResampler(format="flt", rate=self._rate)
            self._key = key
        # Timestamps of damaged or spliced files jump about; the resampler only needs the
        # samples in order, and a timestamp check would drop or pad audio.
        frame.pts = None
        assert self._resampler is not None
        for resampled in self._resampler.resample(frame):
            added += _append_mono(resampled, out)
        return added

    def flush(self, out: list[np.ndarray]) -> int:
        added = 0
        if self._resampler is not None:
            for resampled in self._resampler.resample(None):
                added += _append_mono(resampled, out)
        self._resampler = None
        self._key = None
        return added


def _append_mono(frame: av.AudioFrame, out: list[np.ndarray]) -> int:
    if frame.samples == 0:  # then its array is empty too: (1, 0 * channels)
        return 0
    packed = frame.to_ndarray()  # (1, samples * channels), interleaved, for packed "flt"
    # (channels, samples) as a view: the mean adds the channels one after another, as the
    # planar frames did, so every sample is the same to the bit.
    planes = packed.reshape(frame.samples, -1).T
    # Copy (or mean, which copies) so no frame buffer outlives its frame.
    mono = planes[0].copy() if planes.shape[0] == 1 else planes.mean(axis=0, dtype=np.float32)
    out.append(mono.astype(np.float32, copy=False))
    return int(mono.size)


def decode_mono(
    container: av.container.InputContainer,
    stream: av.audio.AudioStream,
    rate: int,
    *,
    max_samples: int | None,
) -> DecodeResult:
    """Decode ``stream`` to float32 mono at ``rate``, tolerating damaged packets.

    Decoded chunks are collected in a list and concatenated once at the end. Decoding stops
    as soon as more than ``max_samples`` output samples exist. FFmpeg errors while opening
    are the caller's; errors while reading or decoding are counted, not raised.
    """
    codec = stream.codec_context
    original_rate = int(codec.sample_rate) or None
    original_channels = int(codec.channels) or None

    chunks: list[np.ndarray] = []
    total = 0
    good = bad = damaged = pending_bad = 0
    read_error = over_limit = False
    mono = _MonoResampler(rate)
    try:
        # demux + packet.decode rather than container.decode(): a generator dies at its first
        # exception, and we want to skip a damaged packet and carry on.
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except (av.error.FFmpegError, ValueError):
                bad += 1
                pending_bad += 1
                if bad >= _GIVE_UP_AFTER_BAD_PACKETS and bad > 4 * good:
                    break
                continue
            if frames:
                good += 1
                damaged += pending_bad
                pending_bad = 0
            for frame in frames:
                total += mono.push(frame, chunks)
            if max_samples is not None and total > max_samples:
                over_limit = True
                break
    except (av.error.FFmpegError, OSError):
        # A read error part way (e.g. a file cut mid-packet): keep what was decoded.
        read_error = True
    # Rejected packets at the end follow the audio of a cut file; with no audio before, only
    # one lone packet is a cut (inside the first frame): junk is rejected many times over.
    read_error = read_error or (pending_bad > 0 and (good > 0 or bad == 1))
    if not over_limit:
        total += mono.flush(chunks)
        over_limit = max_samples is not None and total > max_samples

    del mono
    # PyAV's resampler graphs are not freed until a collection runs (faster-whisper issue
    # #390); collect now so repeated loads do not pile up native memory.
    gc.collect()

    if over_limit or not chunks:
        samples = np.zeros(0, dtype=np.float32)
    else:
        samples = np.ascontiguousarray(np.concatenate(chunks), dtype=np.float32)
    return DecodeResult(
        samples=samples,
        original_rate=original_rate,
        original_channels=original_channels,
        frame_size=int(codec.frame_size or 0),
        good_packets=good,
        bad_packets=bad,
        damaged_packets=damaged,
        read_error=read_error,
        over_limit=over_limit,
    )
