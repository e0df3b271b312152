"""A quiet laptop microphone gives the same figures as a well-set one.

The same answer scaled to peak at -3 dBFS and at -30 dBFS goes through the real model: the
speaking time must agree within 0.3 s and the pace within 5 % (issue 11; before the level
was evened out per piece, -30 dBFS lost 16 s of the hoarse-voice clip).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from speakprep.audio.files import load_audio
from tests import synth_signals as sig

DATA = Path(__file__).parent / "data"


@pytest.mark.model
@pytest.mark.parametrize(
    "path",
    [
        DATA / "audio" / "mfa_cold_corpus.wav",
        DATA / "audio" / "jfk.wav",
        DATA / "spoken" / "electrician_master.flac",
    ],
    ids=lambda p: p.stem,
)
def test_minus_30_dbfs_gives_the_figures_of_minus_3(engine, path: Path) -> None:
    x = load_audio(path).samples
    loud = engine.analyze_samples(sig.at_peak(x, -3.0)).delivery
    quiet = engine.analyze_samples(sig.at_peak(x, -30.0)).delivery
    assert loud is not None and quiet is not None
    assert quiet.speaking_s == pytest.approx(loud.speaking_s, abs=0.3)
    assert quiet.wpm == pytest.approx(loud.wpm, rel=0.05)
