"""A take has a length limit, says so a minute before, and is held in memory once (issue 14)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile

from speakprep.audio.capture import Recorder, RecorderState, RecordingLimits
from speakprep.audio.recording_limits import load_recording_limits
from tests.fakes import fake_input_factory

PATIENT = {"stall_timeout_s": 60.0, "first_block_timeout_s": 60.0}
JFK = Path(__file__).parent / "data" / "audio" / "jfk.wav"


def test_the_default_limit_is_data_and_matches_the_file_limit() -> None:
    limits = load_recording_limits()
    assert limits.max_s == 15 * 60  # the longest file `analyze` takes by default
    assert limits.notice_before_s == 60


def test_a_take_stops_at_its_limit_with_a_notice_before(tmp_path: Path) -> None:
    jfk, rate = soundfile.read(JFK, dtype="int16")
    factory, mic = fake_input_factory(None, default_rate_hz=rate)
    limits = RecordingLimits(max_s=4.0, notice_before_s=1.5)
    rec = Recorder(tmp_path / "take.wav", stream_factory=factory, limits=limits, **PATIENT)
    rec.start()
    mic.stream.feed(jfk[: 2 * rate])
    rec.sync()
    assert rec.limit_notice is None and rec.time_left_s == pytest.approx(2.0)
    mic.stream.feed(jfk[2 * rate : 3 * rate])
    rec.sync()
    assert rec.limit_notice == "1 s left: the take stops at the 4-second limit."
    assert not rec.limit_reached
    mic.stream.feed(jfk[3 * rate :])  # 8 s more than the limit allows
    assert rec.wait_ended(30)
    assert rec.limit_reached and rec.state is RecorderState.STOPPED
    result = rec.stop()  # what the UI calls next: the same result
    assert result.limit_reached and result.error is None and result.saved
    assert result.notice == "The take reached the 4-second limit and was stopped there."
    assert result.frames == 4 * rate
    on_disk, _ = soundfile.read(result.path, dtype="int16")
    np.testing.assert_array_equal(on_disk, jfk[: 4 * rate])
    np.testing.assert_array_equal(rec.samples(), jfk[: 4 * rate].astype(np.float32) / 32768)


def test_a_take_is_streamed_to_disk_and_held_in_memory_once(tmp_path: Path) -> None:
    rate, seconds = 48_000, 60
    stereo = (np.random.default_rng(7).normal(0, 3000, (rate * seconds, 2))).astype(np.int16)
    factory, mic = fake_input_factory(None, default_rate_hz=rate)
    rec = Recorder(
        tmp_path / "take.wav",
        stream_factory=factory,
        sample_rate_hz=rate,
        channels=2,
        **PATIENT,
    )
    tracemalloc.start()
    try:
        rec.start()
        mic.stream.feed(stereo)
        result = rec.stop()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.frames == rate * seconds and result.channels == 2
    raw_bytes = stereo.nbytes  # 11.5 MB: what a second copy at the device's rate costs
    live_bytes = 16_000 * seconds * 4  # 3.8 MB: the one copy, 16 kHz mono float32
    assert held < live_bytes + raw_bytes / 2
    on_disk, disk_rate = soundfile.read(result.path, dtype="int16")
    assert disk_rate == rate
    np.testing.assert_array_equal(on_disk, stereo)
