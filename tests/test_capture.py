"""Recording a take through a fake microphone: what goes in comes out, whatever happens."""

from __future__ import annotations

import errno
import itertools
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
import soxr

from speakprep.audio.capture import (
    LEVEL_FLOOR_DBFS,
    LIVE_RATE_HZ,
    NO_MICROPHONE_MESSAGE,
    NoMicrophoneError,
    Recorder,
    RecorderError,
    RecorderState,
)
from speakprep.audio.devices import list_input_devices, load_sounddevice
from speakprep.audio.files import SAMPLE_RATE
from speakprep.audio.wavfile import WavWriter, inspect_wav, recover_wav
from tests.fakes import fake_input_factory

ROOT = Path(__file__).resolve().parents[1]
JFK = ROOT / "tests" / "data" / "audio" / "jfk.wav"
# Deterministic tests feed all their audio at once; a long stall timeout keeps a slow
# machine from mistaking the pause before stop() for an unplugged microphone.
PATIENT = {"stall_timeout_s": 60.0, "first_block_timeout_s": 60.0}


@pytest.fixture(scope="module")
def jfk() -> np.ndarray:
    audio, rate = soundfile.read(JFK, dtype="int16")
    assert rate == 16_000
    return audio


def _tone(seconds: float, amplitude: float, rate_hz: int = 16_000) -> np.ndarray:
    t = np.arange(round(seconds * rate_hz)) / rate_hz
    return (amplitude * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)


def _wav(path: Path) -> tuple[np.ndarray, int]:
    data, rate = soundfile.read(path, dtype="int16", always_2d=False)
    return data, rate


def test_live_rate_is_the_rate_files_are_loaded_at() -> None:
    assert LIVE_RATE_HZ == SAMPLE_RATE == 16_000


def test_a_clip_comes_out_bit_identical(tmp_path: Path, jfk: np.ndarray) -> None:
    factory, mic = fake_input_factory(jfk)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    assert rec.state is RecorderState.IDLE
    rec.start()
    assert rec.state is RecorderState.RECORDING
    assert not rec.device_lost
    assert mic.stream.feed() == len(jfk)
    result = rec.stop()

    assert rec.state is RecorderState.STOPPED
    assert result.path == tmp_path / "take.wav"
    assert (result.sample_rate_hz, result.channels, result.frames) == (16_000, 1, len(jfk))
    assert result.duration_s == pytest.approx(11.0)
    assert (result.dropped_frames, result.device_lost, result.error, result.saved) == (
        0,
        False,
        None,
        True,
    )
    data, rate = _wav(result.path)
    assert rate == 16_000
    np.testing.assert_array_equal(data, jfk)
    np.testing.assert_array_equal(rec.samples(), jfk.astype(np.float32) / 32768)
    assert rec.elapsed_s == pytest.approx(11.0)
    assert not inspect_wav(result.path).needs_recovery
    assert mic.stream.closed
    assert mic.attempts[0]["samplerate"] == 16_000
    assert mic.attempts[0]["dtype"] == "int16"
    assert rec.stop() is result  # stop() twice returns the same result


def test_chunked_reads_add_up_to_the_whole_take(tmp_path: Path, jfk: np.ndarray) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    rec.start()
    chunks = []
    edges = [0, 1, 777, 16_000, 50_001, 120_000, len(jfk)]
    for a, b in itertools.pairwise(edges):
        mic.stream.feed(jfk[a:b])
        assert rec.sync()
        chunk = rec.read_new()
        assert chunk.dtype == np.float32
        assert len(chunk) == b - a
        chunks.append(chunk)
    rec.stop()
    chunks.append(rec.read_new())
    whole = np.concatenate(chunks)
    np.testing.assert_array_equal(whole, rec.samples())
    np.testing.assert_array_equal(whole, jfk.astype(np.float32) / 32768)
    np.testing.assert_array_equal(rec.read_from(50_001), whole[50_001:])
    assert rec.live_sample_count == len(jfk)


def test_a_48k_device_is_resampled_to_16k(tmp_path: Path, jfk: np.ndarray) -> None:
    at_48k = soxr.resample(jfk.astype(np.float32) / 32768, 16_000, 48_000)
    fed = np.clip(np.rint(at_48k * 32768), -32768, 32767).astype(np.int16)
    factory, mic = fake_input_factory(fed, default_rate_hz=48_000, refuse_rates={16_000})
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    rec.start()
    mic.stream.feed()
    result = rec.stop()

    # 16 kHz was asked for and refused; the device's own rate was used instead.
    assert [a["samplerate"] for a in mic.attempts] == [16_000, None]
    assert result.sample_rate_hz == 48_000
    assert result.duration_s == pytest.approx(11.0)
    data, rate = _wav(result.path)
    assert rate == 48_000
    np.testing.assert_array_equal(data, fed)  # the file keeps what the device gave

    live = rec.samples()
    assert abs(len(live) - len(jfk)) <= 1
    expected = soxr.resample(fed.astype(np.float32) / 32768, 48_000, 16_000)
    np.testing.assert_allclose(live[: len(expected)], expected[: len(live)], atol=1e-5)
    # And it is still the same speech: close to the original 16 kHz clip.
    original = jfk.astype(np.float32) / 32768
    n = min(len(live), len(original))
    assert np.sqrt(np.mean((live[:n] - original[:n]) ** 2)) < 0.01


def test_a_stereo_only_device_records_stereo_and_mixes_to_mono(tmp_path: Path) -> None:
    left = (_tone(0.5, 0.5) * 32768).astype(np.int16)
    stereo = np.stack([left, np.zeros_like(left)], axis=1)
    factory, mic = fake_input_factory(stereo, refuse_channels={1})
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    rec.start()
    mic.stream.feed()
    result = rec.stop()
    assert result.channels == 2
    np.testing.assert_array_equal(_wav(result.path)[0], stereo)
    np.testing.assert_allclose(rec.samples(), left.astype(np.float32) / 65536, atol=1e-7)


def test_the_level_follows_loud_and_silent_blocks(tmp_path: Path) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    assert rec.level.peak_dbfs == LEVEL_FLOOR_DBFS
    rec.start()
    mic.stream.feed(np.zeros(1600, np.float32))
    rec.sync()
    assert rec.level.peak_dbfs == rec.level.rms_dbfs == LEVEL_FLOOR_DBFS

    mic.stream.feed(_tone(0.1, 0.5))
    rec.sync()
    # A sine at half scale: peak -6 dBFS, RMS 3 dB lower.
    assert rec.level.peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert rec.level.rms_dbfs == pytest.approx(-9.03, abs=0.1)

    mic.stream.feed(_tone(0.1, 0.01))
    rec.sync()
    assert rec.level.peak_dbfs == pytest.approx(-40.0, abs=0.1)

    mic.stream.feed(np.zeros(1600, np.float32))  # 100 ms: longer than the level window
    rec.sync()
    assert rec.level.peak_dbfs == LEVEL_FLOOR_DBFS
    assert rec.elapsed_s == pytest.approx(0.4)
    assert rec.level_db == rec.level.peak_dbfs
    rec.stop()


def test_dropped_frames_are_counted_from_the_capture_clock(tmp_path: Path) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    rec.start()
    mic.stream.feed(_tone(0.5, 0.1))
    mic.stream.drop(1600)
    mic.stream.feed(_tone(0.5, 0.1))
    result = rec.stop()
    assert (result.dropped_frames, result.overflows) == (1600, 1)
    assert result.frames == 16_000


@pytest.mark.parametrize("mode", ["finished", "raise"])
def test_a_vanishing_microphone_keeps_the_take_so_far(
    tmp_path: Path, jfk: np.ndarray, mode: str
) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    rec.start()
    mic.stream.feed(jfk[:48_000])
    mic.stream.vanish(mode)  # type: ignore[arg-type]
    assert mic.stream.feed(jfk[48_000:]) == 0  # an unplugged microphone sends nothing
    if mode == "finished":
        # The recorder notices by itself and finishes the file without waiting for stop().
        assert rec.wait_ended(5)
        assert rec.state is RecorderState.DEVICE_LOST
        assert rec.device_lost
        assert not inspect_wav(tmp_path / "take.wav").needs_recovery
    result = rec.stop()

    assert result.device_lost
    assert result.error and "\n" not in result.error and "microphone" in result.error
    assert result.duration_s == pytest.approx(3.0)
    assert result.saved
    np.testing.assert_array_equal(_wav(result.path)[0], jfk[:48_000])
    np.testing.assert_array_equal(rec.samples(), jfk[:48_000].astype(np.float32) / 32768)


def test_a_microphone_that_goes_quiet_is_taken_as_gone(tmp_path: Path, jfk: np.ndarray) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(
        tmp_path / "take.wav", stream_factory=factory, stall_timeout_s=0.2, first_block_timeout_s=5
    )
    rec.start()
    mic.stream.feed(jfk[:16_000])
    mic.stream.vanish("silent")  # no frames, no error: a hung driver
    assert rec.wait_ended(5)
    result = rec.result
    assert result is not None and result.device_lost
    assert "stopped sending sound" in (result.error or "")
    assert mic.stream.closed  # the recorder let go of the dead stream
    assert rec.stop() is result
    np.testing.assert_array_equal(_wav(result.path)[0], jfk[:16_000])


def test_no_microphone_gives_a_clear_error(tmp_path: Path) -> None:
    factory, _ = fake_input_factory(None, missing=True)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory)
    with pytest.raises(NoMicrophoneError) as info:
        rec.start()
    assert str(info.value) == NO_MICROPHONE_MESSAGE
    assert not (tmp_path / "take.wav").exists()
    assert rec.state is RecorderState.IDLE


def test_a_missing_named_microphone_is_named(tmp_path: Path) -> None:
    factory, _ = fake_input_factory(None, missing=True)
    rec = Recorder(tmp_path / "take.wav", "Blue Yeti", stream_factory=factory)
    with pytest.raises(NoMicrophoneError, match='"Blue Yeti" was not found'):
        rec.start()


@pytest.mark.skipif(
    load_sounddevice() is None or bool(list_input_devices()),
    reason="needs PortAudio and a machine without microphones",
)
def test_no_microphone_with_the_real_sounddevice(tmp_path: Path) -> None:
    with pytest.raises(NoMicrophoneError, match="No microphone found"):
        Recorder(tmp_path / "take.wav").start()


def test_an_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    factory, mic = fake_input_factory(None)
    rec = Recorder(not_a_folder / "take.wav", stream_factory=factory)
    with pytest.raises(RecorderError, match="Cannot save the recording") as info:
        rec.start()
    assert "\n" not in str(info.value)
    assert mic.stream.closed  # the microphone is released again


class _DiskFillsUp(WavWriter):
    """A writer whose disk fills up after the first flush that carries audio."""

    def flush(self) -> None:
        if self.frames_flushed > 0 and self.frames_written > self.frames_flushed:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().flush()


def test_a_full_disk_keeps_the_take_in_memory(tmp_path: Path, jfk: np.ndarray) -> None:
    factory, mic = fake_input_factory(None)
    rec = Recorder(
        tmp_path / "take.wav",
        stream_factory=factory,
        writer_factory=_DiskFillsUp,
        flush_interval_s=0.0,  # flush after every block
        **PATIENT,
    )
    rec.start()
    mic.stream.feed(jfk[:16_000])
    rec.sync()
    mic.stream.feed(jfk[16_000:])
    result = rec.stop()

    assert not result.saved
    assert "disk is full" in (result.error or "")
    assert "kept in memory" in (result.error or "")
    assert not result.device_lost
    assert rec.disk_error is not None
    on_disk = recover_wav(result.path)
    assert 0 < on_disk < 11.0  # what reached the disk is still a valid file
    np.testing.assert_array_equal(rec.samples(), jfk.astype(np.float32) / 32768)
    saved = rec.save_copy(tmp_path / "elsewhere.wav")
    np.testing.assert_array_equal(_wav(saved)[0], jfk)


def test_a_recorder_records_one_take(tmp_path: Path) -> None:
    factory, _ = fake_input_factory(None)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, **PATIENT)
    with pytest.raises(RecorderError, match="not started"):
        rec.stop()
    rec.start()
    with pytest.raises(RecorderError, match="already"):
        rec.start()
    rec.stop()


def test_recording_in_real_time_streams_audio_and_flushes_to_disk(
    tmp_path: Path, jfk: np.ndarray
) -> None:
    factory, mic = fake_input_factory(jfk[:16_000], realtime=True, speed=2.0)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, stall_timeout_s=5.0)
    rec.start()
    assert mic.stream.wait_fed(4000)
    rec.sync()
    early = rec.read_new()
    assert len(early) >= 4000  # live audio while the take goes on
    # The file holds audio on disk while still recording (flushed every 0.5 s).
    deadline = time.monotonic() + 3.0
    while inspect_wav(tmp_path / "take.wav").frames == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert inspect_wav(tmp_path / "take.wav").frames > 0
    assert rec.state is RecorderState.RECORDING
    assert mic.stream.wait_fed(16_000)
    result = rec.stop()
    whole = np.concatenate([early, rec.read_new()])
    np.testing.assert_array_equal(whole, rec.samples())
    # After the clip the fake microphone sends silence, as a real one would.
    assert result.frames >= 16_000
    np.testing.assert_array_equal(_wav(result.path)[0][:16_000], jfk[:16_000])
    assert not np.any(_wav(result.path)[0][16_000:])


def _read_progress(proc: subprocess.Popen[bytes], until: int, timeout_s: float) -> int:
    """The last frame count the recording process printed, once it reaches ``until``."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buffer = b""
    fed = 0
    deadline = time.monotonic() + timeout_s
    while fed < until:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or proc.poll() is not None:
            pytest.fail(f"the recording process stalled at {fed} frames (exit {proc.poll()})")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        buffer += os.read(fd, 65536)
        *lines, buffer = buffer.split(b"\n")
        if lines:
            fed = int(lines[-1])
    return fed


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select on pipes are POSIX")
def test_a_killed_recording_loses_at_most_a_second(tmp_path: Path, jfk: np.ndarray) -> None:
    path = tmp_path / "take.wav"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_recorder", str(path), str(JFK)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        bufsize=0,
    )
    try:
        _read_progress(proc, until=int(2.5 * 16_000), timeout_s=30)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.communicate(timeout=10)[0]
    fed = int(rest.split()[-1]) if rest.split() else 0
    fed = max(fed, int(2.5 * 16_000))
    assert proc.returncode == -signal.SIGKILL

    recovered_s = recover_wav(path)
    data, rate = _wav(path)
    assert rate == 16_000
    assert len(data) == round(recovered_s * rate)
    assert fed - len(data) <= rate, f"lost {(fed - len(data)) / rate:.2f} s"
    # Never more than the microphone gave (the kill may fall between a block and its print).
    assert len(data) <= fed + 0.1 * rate
    np.testing.assert_array_equal(data, jfk[: len(data)])
