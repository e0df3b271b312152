"""Where a take is cut for Whisper: in pauses, decided from the audio so far, live or whole.

Silero (shipped in faster-whisper) runs for real on real speech here; no speech model.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speakprep.audio.files import load_audio
from speakprep.core.activity import detect_activity
from speakprep.transcription.pieces import (
    Piece,
    PieceCutter,
    PieceGroups,
    PieceOptions,
    StreamingVad,
    cut_pieces,
)
from tests.conftest import AUDIO, read_textgrid

RATE = 16_000


@cache
def _clip(name: str) -> np.ndarray:
    return load_audio(AUDIO / name).samples


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE), np.float32)


@cache
def _take() -> np.ndarray:
    """61 s of real speech: two speakers, fillers, pauses of 0.8 s and 2.5 s between clips."""
    return np.concatenate(
        [
            _clip("mfa_acoustic_corpus.wav"),
            _silence(0.8),
            _clip("jfk.wav"),
            _silence(2.5),
            _clip("mfa_cold_corpus.wav"),
        ]
    )


def _live(samples: np.ndarray, chunks: list[int], options: PieceOptions) -> list[Piece]:
    """Cut as live analysis does: the audio arrives in chunks of the given sizes, cycled."""
    cutter = PieceCutter(options)
    pieces: list[Piece] = []
    at = 0
    for size in itertools.cycle(chunks):
        if at >= samples.size:
            break
        pieces += cutter.feed(samples[at : at + size])
        at += size
    return pieces + cutter.finish()


def _words_cut(cuts: list[float], reference: list[tuple[float, float, str]]) -> list[str]:
    return [text for c in cuts for start, end, text in reference if start + 0.02 < c < end - 0.02]


# ------------------------------------------------------------------- live equals whole


@settings(max_examples=12, deadline=None)
@given(chunks=st.lists(st.integers(min_value=1, max_value=24_000), min_size=1, max_size=6))
def test_cutting_as_the_audio_arrives_gives_the_pieces_of_the_whole_file(chunks) -> None:
    take = _take()[: 40 * RATE]
    options = PieceOptions(min_piece_s=4.0)
    assert _live(take, chunks, options) == cut_pieces(take, options)


def test_the_same_take_in_half_second_chunks_and_at_once_is_cut_alike() -> None:
    take = _take()
    whole = cut_pieces(take)
    assert _live(take, [RATE // 2], PieceOptions()) == whole
    assert len(whole) >= 4


def test_streaming_vad_in_pieces_equals_one_call_over_the_take() -> None:
    from faster_whisper.vad import get_vad_model

    audio = _take()[: 20 * RATE]
    whole = np.asarray(get_vad_model()(audio)).reshape(-1)
    vad = StreamingVad()
    step = 16 * 512  # about what half a second of polling brings
    pieces = np.concatenate([vad(audio[i : i + step]) for i in range(0, audio.size, step)])
    np.testing.assert_allclose(pieces, whole, atol=1e-5)


def test_the_vad_model_ships_inside_faster_whisper() -> None:
    from faster_whisper.utils import get_assets_path

    assert (Path(get_assets_path()) / "silero_vad_v6.onnx").is_file()


# ------------------------------------------------------------------- where the cuts go


@pytest.mark.parametrize(
    "options",
    [PieceOptions(), PieceOptions(min_piece_s=2.0, late_piece_s=3.0, max_piece_s=5.0)],
    ids=["default", "short pieces"],
)
def test_pieces_cover_the_take_and_never_cut_a_word(options: PieceOptions) -> None:
    take = _clip("mfa_acoustic_corpus.wav")
    pieces = cut_pieces(take, options)
    assert pieces[0].start == 0 and pieces[-1].end == take.size
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    assert all(p.end_s - p.start_s <= options.max_piece_s + 1e-9 for p in pieces)
    cuts = [p.end_s for p in pieces[:-1]]
    assert len(cuts) >= (7 if options.max_piece_s == 5.0 else 2)
    # The forced aligner's words (tests/data/audio): no cut falls inside one, even where
    # the speaker talks fast for 6 s with no pause Silero would call one.
    reference = read_textgrid(AUDIO / "mfa_acoustic_corpus.TextGrid")
    assert _words_cut(cuts, reference) == []


def test_a_long_pause_ends_the_piece_as_soon_as_it_has_lasted_long_pause_s() -> None:
    options = PieceOptions()
    clip = _clip("jfk.wav")
    last_sound = detect_activity(clip, RATE).islands[-1][1]
    take = np.concatenate([clip, _silence(4.0), clip])
    cutter = PieceCutter(options)
    # Silero's speech ends a little after the sound does; allow it a quarter second.
    ready_at = round((last_sound + options.long_pause_s + 0.25) * RATE)
    early = cutter.feed(take[:ready_at])
    assert early and all(p.speech for p in early)
    assert last_sound < early[-1].end_s < last_sound + options.long_pause_s
    rest = cutter.feed(take[ready_at:]) + cutter.finish()
    # The rest of the pause goes with the next speech.
    assert rest[0].start == early[-1].end and rest[0].speech
    assert rest[0].end_s > take.size / RATE - clip.size / RATE + 1.0
    assert rest[-1].end == take.size


def test_a_voice_silero_misses_is_still_cut_in_time_and_transcribed() -> None:
    # Silero hears under half of the cold-voice clip as speech; the pieces still stay
    # within max_piece_s, out of words, and every piece holding words is sent to Whisper.
    clip = _clip("mfa_cold_corpus.wav")
    probs = StreamingVad()(clip[: clip.size // 512 * 512])
    assert (probs >= 0.5).mean() < 0.6
    options = PieceOptions(min_piece_s=4.0, max_piece_s=10.0)
    pieces = cut_pieces(clip, options)
    assert all(p.end_s - p.start_s <= 10.0 + 1e-9 for p in pieces)
    reference = read_textgrid(AUDIO / "mfa_cold_corpus.TextGrid")
    assert _words_cut([p.end_s for p in pieces[:-1]], reference) == []
    for piece in pieces:
        holds_words = any(piece.start_s < start < piece.end_s for start, _, _ in reference)
        assert piece.speech or not holds_words, piece


@pytest.mark.parametrize(
    "audio",
    [
        np.zeros(5 * RATE, np.float32),
        np.random.default_rng(1).normal(0, 1e-3, 25 * RATE).astype(np.float32),
        np.random.default_rng(2).normal(0, 0.05, 8 * RATE).astype(np.float32),  # loud hiss
    ],
    ids=["digital silence", "quiet room", "loud hiss"],
)
def test_silence_and_steady_noise_are_not_sent(audio: np.ndarray) -> None:
    pieces = cut_pieces(audio)
    assert pieces and not any(p.speech for p in pieces)
    assert pieces[-1].end == audio.size
    assert all(p.end_s - p.start_s <= PieceOptions().max_piece_s + 1e-9 for p in pieces)


def test_nothing_fed_is_no_piece_and_finish_is_final() -> None:
    cutter = PieceCutter()
    assert cutter.finish() == []
    assert cutter.finish() == []
    with pytest.raises(RuntimeError):
        cutter.feed(np.zeros(10, np.float32))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_piece_s": 0.0},
        {"min_piece_s": 25.0, "max_piece_s": 20.0},
        {"max_piece_s": 31.0},
        {"late_pause_s": 0.5, "min_pause_s": 0.4},
        {"long_pause_s": 0.3},
        {"group_s": -1.0},
        {"group_s": 31.0},
    ],
)
def test_options_that_make_no_sense_are_refused(kwargs) -> None:
    with pytest.raises(ValueError):
        PieceOptions(**kwargs)


# ------------------------------------------------------------------- groups of pieces


def _grouped(pieces: list[Piece], group_s: float) -> list[Piece]:
    groups = PieceGroups(PieceOptions(group_s=group_s))
    return [s for p in pieces for s in groups.add(p)] + groups.finish()


@pytest.mark.parametrize("group_s", [0.0, 8.0, 12.0, 20.0, 30.0])
def test_groups_join_consecutive_pieces_within_one_window(group_s: float) -> None:
    pieces = cut_pieces(_take(), PieceOptions(min_piece_s=4.0))
    stretches = _grouped(pieces, group_s)
    # The stretches tile the take like the pieces, each ends at a cut, none passes 30 s,
    # and all but the last hold at least group_s (or would pass 30 s with the next piece,
    # or a long pause follows them).
    assert stretches[0].start == 0 and stretches[-1].end == pieces[-1].end
    assert all(a.end == b.start for a, b in itertools.pairwise(stretches))
    assert {s.end for s in stretches} <= {p.end for p in pieces}
    assert all(s.end_s - s.start_s <= 30.0 + 1e-9 for s in stretches)
    ends = [p.end for p in pieces]
    for s in stretches[:-1]:
        nxt = pieces[ends.index(s.end) + 1]
        assert (
            s.end_s - s.start_s >= group_s
            or (nxt.end - s.start) / RATE > 30.0
            or s.tail_s + nxt.lead_s >= PieceOptions().group_break_s
        )
    if group_s == 0.0:
        assert stretches == pieces
    else:
        assert len(stretches) < len(pieces)


def test_a_piece_with_no_speech_closes_the_group_and_is_passed_on_alone() -> None:
    second = RATE
    talk = [Piece(0, 5 * second, True), Piece(5 * second, 9 * second, True)]
    quiet = Piece(9 * second, 29 * second, False)
    late = Piece(29 * second, 33 * second, True)
    assert _grouped([*talk, quiet, late], 12.0) == [
        Piece(0, 9 * second, True),
        quiet,
        late,
    ]
