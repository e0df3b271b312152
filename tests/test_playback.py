"""Playing a take from a given second through a fake speaker."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soxr

from speakprep.audio.files import load_audio
from speakprep.audio.playback import NO_OUTPUT_MESSAGE, PlaybackError, Player
from tests.fakes import fake_output_factory

JFK = Path(__file__).parent / "data" / "audio" / "jfk.wav"
RATE = 16_000


def _ramp(seconds: float = 3.0) -> np.ndarray:
    # Every sample distinct, so a wrong offset cannot pass.
    n = round(seconds * RATE)
    return (np.arange(n, dtype=np.float32) / n) * 0.9


def _player(**config: object) -> tuple[Player, object]:
    config.setdefault("default_rate_hz", RATE)
    factory, speaker = fake_output_factory(**config)
    return Player(factory, blocksize=160), speaker


def test_play_from_a_second_sends_the_samples_from_there() -> None:
    audio = _ramp()
    player, speaker = _player()
    player.load(audio, RATE)
    assert player.duration_s == pytest.approx(3.0)
    assert not player.playing

    player.play(from_s=1.0)
    assert player.playing
    block = speaker.stream.pull()
    np.testing.assert_array_equal(block[:, 0], audio[16_000:16_160])
    assert player.position_s == pytest.approx(1.01)
    assert speaker.attempts[0]["samplerate"] == RATE
    assert speaker.attempts[0]["channels"] == 1


def test_pause_keeps_the_position_and_play_resumes_there() -> None:
    audio = _ramp()
    player, speaker = _player()
    player.load(audio, RATE)
    player.play(from_s=0.5)
    speaker.stream.pull_seconds(0.1)
    player.pause()
    assert not player.playing
    assert not speaker.stream.active
    assert player.position_s == pytest.approx(0.6)
    assert speaker.stream.pull() is None  # a paused stream asks for nothing

    player.play()
    assert player.playing
    np.testing.assert_array_equal(speaker.stream.pull()[:, 0], audio[9600:9760])
    assert len(speaker.streams) == 1  # the stream is reused, not reopened


def test_seek_and_play_while_playing_jump_without_restarting() -> None:
    audio = _ramp()
    player, speaker = _player()
    player.load(audio, RATE)
    player.play()
    speaker.stream.pull()
    player.seek(2.0)
    np.testing.assert_array_equal(speaker.stream.pull()[:, 0], audio[32_000:32_160])
    player.play(from_s=0.25)
    np.testing.assert_array_equal(speaker.stream.pull()[:, 0], audio[4000:4160])
    assert speaker.stream.starts == 1
    player.seek(99)  # clamped to the end
    assert player.position_s == pytest.approx(3.0)
    player.seek(-5)
    assert player.position_s == 0.0


def test_playback_ends_at_the_end_and_starts_over_on_play() -> None:
    audio = _ramp(0.5)
    player, speaker = _player()
    player.load(audio, RATE)
    player.play(from_s=0.45)
    played = speaker.stream.pull_seconds(1.0)
    assert not player.playing  # the callback ended the stream at the last sample
    assert player.position_s == pytest.approx(0.5)
    np.testing.assert_array_equal(played[:800, 0], audio[7200:])
    assert not np.any(played[800:])  # padded with silence, never garbage

    player.play()
    assert player.playing
    np.testing.assert_array_equal(speaker.stream.pull()[:, 0], audio[:160])


def test_stop_goes_back_to_the_start() -> None:
    player, speaker = _player()
    player.load(_ramp(), RATE)
    player.play(from_s=2.0)
    speaker.stream.pull()
    player.stop()
    assert not player.playing
    assert player.position_s == 0.0


def test_a_device_that_refuses_the_rate_gets_resampled_audio() -> None:
    audio = _ramp()
    player, speaker = _player(default_rate_hz=48_000, refuse_rates={RATE})
    player.load(audio, RATE)
    player.play(from_s=1.0)
    assert [a["samplerate"] for a in speaker.attempts] == [RATE, None]
    assert speaker.stream.samplerate == 48_000
    block = speaker.stream.pull()
    expected = soxr.resample(audio, RATE, 48_000)[48_000 : 48_000 + len(block)]
    np.testing.assert_allclose(block[:, 0], expected, atol=1e-6)
    assert player.position_s == pytest.approx(1.0 + len(block) / 48_000)
    assert player.duration_s == pytest.approx(3.0)


def test_a_stereo_only_device_plays_mono_on_both_channels() -> None:
    audio = _ramp()
    player, speaker = _player(refuse_channels={1})
    player.load(audio, RATE)
    player.play()
    block = speaker.stream.pull()
    assert block.shape == (160, 2)
    np.testing.assert_array_equal(block[:, 0], block[:, 1])
    np.testing.assert_array_equal(block[:, 0], audio[:160])


def test_no_output_device_gives_a_clear_error() -> None:
    player, _ = _player(missing=True)
    player.load(_ramp(), RATE)
    with pytest.raises(PlaybackError) as info:
        player.play()
    assert str(info.value) == NO_OUTPUT_MESSAGE
    assert not player.playing


def test_nothing_loaded_gives_a_clear_error() -> None:
    player, _ = _player()
    with pytest.raises(PlaybackError, match="Nothing to play"):
        player.play()


def test_a_vanished_speaker_stops_playback_and_then_reports_it() -> None:
    player, speaker = _player()
    player.load(_ramp(), RATE)
    player.play()
    speaker.stream.pull()
    speaker.stream.vanish()
    assert not player.playing
    with pytest.raises(PlaybackError, match="No speakers"):
        player.play()


def test_load_file_plays_a_real_clip() -> None:
    player, speaker = _player()
    player.load_file(JFK)
    assert player.duration_s == pytest.approx(11.0)
    player.play(from_s=2.0)
    block = speaker.stream.pull()
    expected = load_audio(JFK).samples[32_000:32_160]
    np.testing.assert_array_equal(block[:, 0], expected)


def test_loading_new_audio_stops_the_old() -> None:
    player, speaker = _player()
    player.load(_ramp(), RATE)
    player.play(from_s=1.0)
    speaker.stream.pull()
    other = np.full(8000, 0.25, np.float32)
    player.load(other, 8000)  # another rate: the stream is reopened on the next play
    assert not player.playing
    assert player.position_s == 0.0
    assert player.duration_s == pytest.approx(1.0)
    player.play()
    assert speaker.stream.samplerate == 8000
    np.testing.assert_array_equal(speaker.stream.pull()[:, 0], other[:160])
    player.close()
    assert all(s.closed for s in speaker.streams)
