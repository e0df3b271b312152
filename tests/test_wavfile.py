"""The crash-safe WAV writer and the repair of a take whose writer died."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile

from speakprep.audio.wavfile import (
    HEADER_BYTES,
    WavRecoveryError,
    WavWriter,
    inspect_wav,
    recover_wav,
    to_int16,
)


def _sizes(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:HEADER_BYTES]
    return struct.unpack("<I", head[4:8])[0], struct.unpack("<I", head[40:44])[0]


def _noise(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(-32768, 32768, n, dtype=np.int16)


def test_int16_frames_come_back_bit_identical(tmp_path: Path) -> None:
    path = tmp_path / "take.wav"
    frames = _noise(16_000)
    with WavWriter(path, 16_000) as w:
        w.write(frames[:5000])
        w.write(frames[5000:])
        assert w.frames_written == 16_000
        assert w.duration_s == pytest.approx(1.0)
    data, rate = soundfile.read(path, dtype="int16")
    assert rate == 16_000
    np.testing.assert_array_equal(data, frames)
    assert _sizes(path) == (36 + 32_000, 32_000)


def test_float_frames_use_the_scale_readers_divide_by(tmp_path: Path) -> None:
    ints = _noise(1000)
    floats = ints.astype(np.float32) / 32768
    np.testing.assert_array_equal(to_int16(floats), ints)
    # Out of range is clipped, not wrapped.
    np.testing.assert_array_equal(
        to_int16(np.array([1.5, -1.5, 1.0], np.float32)), np.array([32767, -32768, 32767])
    )
    path = tmp_path / "f.wav"
    with WavWriter(path, 16_000) as w:
        w.write(floats)
    np.testing.assert_array_equal(soundfile.read(path, dtype="float32")[0], floats)


def test_stereo_frames_are_interleaved(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    frames = _noise(2000).reshape(1000, 2)
    with WavWriter(path, 48_000, channels=2) as w:
        w.write(frames)
        with pytest.raises(ValueError, match="channel"):
            w.write(frames[:, 0])
    data, rate = soundfile.read(path, dtype="int16")
    assert rate == 48_000
    np.testing.assert_array_equal(data, frames)


def test_flush_leaves_a_complete_file_while_writing(tmp_path: Path) -> None:
    path = tmp_path / "live.wav"
    frames = _noise(8000)
    w = WavWriter(path, 16_000)
    w.write(frames[:3000])
    assert inspect_wav(path).frames == 0  # nothing touches the disk before a flush
    w.flush()
    w.write(frames[3000:])  # pending, not yet on disk
    data, _ = soundfile.read(path, dtype="int16")
    np.testing.assert_array_equal(data, frames[:3000])
    assert not inspect_wav(path).needs_recovery
    assert w.frames_flushed == 3000
    w.close()
    np.testing.assert_array_equal(soundfile.read(path, dtype="int16")[0], frames)
    w.close()  # twice is fine


def test_an_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "take.wav"
    path.write_bytes(b"an earlier take")
    with pytest.raises(FileExistsError):
        WavWriter(path, 16_000)
    assert path.read_bytes() == b"an earlier take"
    WavWriter(path, 16_000, overwrite=True).close()
    assert inspect_wav(path).frames == 0


def test_a_missing_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        WavWriter(tmp_path / "nope" / "take.wav", 16_000)
    assert not (tmp_path / "nope").exists()


def test_recover_fixes_the_header_and_drops_a_half_frame(tmp_path: Path) -> None:
    path = tmp_path / "crashed.wav"
    frames = _noise(4000)
    w = WavWriter(path, 16_000)
    w.write(frames[:1000])
    w.flush()
    # The writer died after appending more audio but before rewriting the header, in the
    # middle of a frame.
    with open(path, "ab") as fh:
        fh.write(frames[1000:].tobytes() + b"\x01")
    w.abandon()
    info = inspect_wav(path)
    assert info.needs_recovery
    assert (info.frames, info.header_frames, info.trailing_bytes) == (4000, 1000, 1)

    assert recover_wav(path) == pytest.approx(4000 / 16_000)
    assert path.stat().st_size == HEADER_BYTES + 8000
    assert _sizes(path) == (36 + 8000, 8000)
    np.testing.assert_array_equal(soundfile.read(path, dtype="int16")[0], frames)
    assert not inspect_wav(path).needs_recovery


def test_recover_handles_a_file_with_only_a_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    WavWriter(path, 16_000).abandon()
    assert path.stat().st_size == HEADER_BYTES
    assert recover_wav(path) == 0.0
    assert len(soundfile.read(path, dtype="int16")[0]) == 0


def test_recover_leaves_a_complete_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "done.wav"
    with WavWriter(path, 16_000, channels=2) as w:
        w.write(_noise(3200).reshape(1600, 2))
    before = path.read_bytes()
    assert recover_wav(path) == pytest.approx(0.1)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no complete WAV header"),
        (b"hello, this is not audio at all, just a text file with some words", "no complete"),
        (b"RIFF\x00\x00\x00\x00WAVE", "no complete WAV header"),
    ],
)
def test_recover_refuses_a_file_that_is_not_ours(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "notes.wav"
    path.write_bytes(content)
    with pytest.raises(WavRecoveryError, match=reason) as info:
        recover_wav(path)
    message = str(info.value)
    assert message.startswith("notes.wav: ")
    assert "\n" not in message
    assert path.read_bytes() == content  # never touched


def test_recover_refuses_other_wav_layouts(tmp_path: Path) -> None:
    floats = tmp_path / "float.wav"
    soundfile.write(floats, np.zeros(100, np.float32), 16_000, subtype="FLOAT")
    with pytest.raises(WavRecoveryError, match="not a speakprep recording"):
        recover_wav(floats)
    with pytest.raises(WavRecoveryError, match=r"missing\.wav: file not found"):
        recover_wav(tmp_path / "missing.wav")
