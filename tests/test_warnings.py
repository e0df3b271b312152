"""The report's warnings: one plain line for each thing wrong with the recording itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speakprep.audio.files import load_audio
from speakprep.core.settings import load_settings
from speakprep.render.text import render_report
from tests import synth_signals as sig
from tests.conftest import AUDIO

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def clip() -> np.ndarray:
    return load_audio(AUDIO / "jfk.wav").samples


def test_a_clean_take_has_no_warnings(engine, clip) -> None:
    assert engine.analyze_samples(clip).warnings == ()


def test_clipping_is_named(engine, clip) -> None:
    loud = np.clip(clip / np.abs(clip).max() * 3.0, -1.0, 1.0)
    (note,) = engine.analyze_samples(loud).warnings
    assert note.startswith("Some of the take is clipped")


def test_a_very_quiet_take_is_named_and_the_text_report_shows_it(engine, clip) -> None:
    report = engine.analyze_samples(sig.at_peak(clip, -30.0))
    (note,) = [w for w in report.warnings if w.startswith("The take is very quiet")]
    # The level with its yardstick (found as a new user: "-70 dBFS" alone meant nothing).
    level = float(note.split("about ")[1].split(" dBFS")[0])
    assert level < load_settings().warnings.quiet_below_dbfs
    assert f"where {load_settings().warnings.quiet_below_dbfs:g} or louder is clear" in note
    text = render_report(report)
    assert "\nWarnings\n  ! The take is very quiet" in text


def test_a_truncated_file_keeps_the_warning_load_audio_found(engine, tmp_path: Path) -> None:
    whole = tmp_path / "whole.wav"
    x = load_audio(AUDIO / "jfk.wav").samples
    sf.write(whole, x, 16_000, subtype="PCM_16")
    cut = tmp_path / "cut.wav"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])  # the header still promises all of it
    report = engine.analyze_file(cut)
    assert report.warnings and "ends early" in report.warnings[0]
    assert report.delivery is not None and report.delivery.recording_s < 8.0
    # A sentence like the notes after it (found as a new user: "! the file ends early ...").
    (file_note,) = load_audio(cut).warnings
    assert report.warnings[0] == f"{file_note[:1].upper()}{file_note[1:]}."
    assert report.warnings[0].startswith("The file ends early (truncated); analysed the ")


def test_a_tv_under_the_answer_is_named(engine) -> None:
    """A news read 12 dB under the answer fills its pauses, so the model writes its words
    into the transcript and no pause is left to hear it in; the run of quiet words is."""
    synth = Path(__file__).parent / "data" / "synth"
    with_tv = engine.analyze_file(synth / "tv_under_answer.flac").warnings
    assert any("much quieter than the rest" in w for w in with_tv), with_tv
    alone = engine.analyze_file(synth / "answer_no_tv.flac").warnings
    assert not any("much quieter" in w for w in alone), alone
