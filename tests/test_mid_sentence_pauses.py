"""A thinking pause inside a sentence is mid-sentence by the words around it.

Speech is decoded in pieces cut at pauses and Whisper ends every piece with a full stop, so
a 3 s pause inside a sentence used to land between two "sentences" and was never flagged.
The takes in tests/data/synth (pause_*.flac, made by make_synth.py) hold such a pause at a
known time; through the real model, clean and under noise, it must be flagged long and
mid-sentence, and the sentence must not be split there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speakprep.audio.files import load_audio
from speakprep.core.models import Transcript
from speakprep.core.sentences import mend_cut_stops
from speakprep.core.text import join_timed_words
from tests import synth_signals as sig

SYNTH = Path(__file__).parent / "data" / "synth"
TAKES = json.loads((SYNTH / "pauses.json").read_text(encoding="utf-8"))
NOISE = {
    "clean": lambda x: x,
    "pink noise 15 dB": lambda x: sig.mix(x, sig.pink_noise(30.0), 15.0),
    "music 15 dB": lambda x: sig.mix(x, sig.music(30.0), 15.0),
}


@pytest.mark.model
@pytest.mark.parametrize("noise", sorted(NOISE))
@pytest.mark.parametrize("take", TAKES, ids=lambda t: t["file"])
def test_a_long_pause_inside_a_sentence_is_flagged(engine, take: dict, noise: str) -> None:
    samples = NOISE[noise](load_audio(SYNTH / take["file"]).samples)
    report = engine.analyze_samples(samples)
    assert report.delivery is not None
    start, end = take["pause_start_s"], take["pause_end_s"]
    (pause,) = [
        p for p in report.delivery.pauses if p.start_s < start + 0.5 and p.end_s > end - 0.5
    ]
    assert pause.mid_sentence and pause.long
    words = report.transcript.words
    before = max(i for i, w in enumerate(words) if w.end_s is not None and w.end_s <= pause.start_s)
    after = min(
        i for i, w in enumerate(words) if w.start_s is not None and w.start_s >= pause.end_s
    )
    (holder,) = [s for s in report.content.sentences if before in s.word_indexes]
    assert after in holder.word_indexes, "the sentence was split at the pause"


def _transcript(*pieces: tuple[str, float]) -> Transcript:
    """Words of ``text`` from ``start_s`` on, 0.3 s each, the way a piece is decoded."""
    parts = []
    for text, t in pieces:
        for k, token in enumerate(text.split()):
            parts.append((" " + token, t + 0.3 * k, t + 0.3 * k + 0.25, 0.9))
    return join_timed_words(parts)


def test_a_stop_after_an_open_word_or_before_a_fragment_is_taken_out() -> None:
    cut = _transcript(("I want to lead a team of.", 0.0), ("Support engineers at a startup.", 5.0))
    mended = mend_cut_stops(cut)
    assert mended.text == "I want to lead a team of Support engineers at a startup."
    for w in mended.words:
        assert mended.text[w.char_start : w.char_end] == w.text
    fragment = _transcript(("I am learning Python.", 0.0), ("Mostly in the evenings.", 4.0))
    assert mend_cut_stops(fragment).text == "I am learning Python Mostly in the evenings."
    lowered = _transcript(("My plan is to lead a team in.", 0.0), ("The next two years.", 4.0))
    assert mend_cut_stops(lowered).text == "My plan is to lead a team in the next two years."


def test_a_real_sentence_end_stays() -> None:
    done = _transcript(("I lead a small team.", 0.0), ("I want to grow it next year.", 4.0))
    assert mend_cut_stops(done).text == done.text
    quick = _transcript(("I lead a small team of.", 0.0), ("Support engineers at a startup.", 1.55))
    # No pause after the stop: it was not where a piece was cut.
    assert mend_cut_stops(quick).text == quick.text
