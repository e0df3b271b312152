"""A long pause after a content word is mid-sentence by the words that follow it.

Whisper closes every decoded piece with a stop, and ``mend_cut_stops`` takes out only a stop
after a word no sentence ends on ("a small team of. Support"). After a content word ("I want
to lead a small. Team of analysts who build ...") the stop stays in the text; the pause must
still be flagged long and mid-sentence. The takes in tests/data/synth (pause_voice_*.flac,
made by make_paused_voices.sh: espeak-ng, flite and festival voices, clean, under pink noise
and mains hum) hold such a 3 s pause at a known time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speakprep.core.pause_context import sentence_ends_between

SYNTH = Path(__file__).parent / "data" / "synth"
TAKES = json.loads((SYNTH / "pauses_voices.json").read_text(encoding="utf-8"))


@pytest.mark.model
@pytest.mark.parametrize("take", TAKES, ids=lambda t: t["file"])
def test_a_long_pause_after_a_content_word_is_flagged(engine, take: dict) -> None:
    report = engine.analyze_file(SYNTH / take["file"])
    assert report.delivery is not None
    start, end = take["pause_start_s"], take["pause_end_s"]
    (pause,) = [
        p for p in report.delivery.pauses if p.start_s < start + 0.5 and p.end_s > end - 0.5
    ]
    assert pause.mid_sentence and pause.long, report.transcript.text


GOES_ON = [
    "I want to lead a small. Team of analysts who build dashboards.",
    "I want to lead a small... Team of analysts.",
    "I want to run our weekly. Planning meetings for the office.",
    "I lead a small. Team of nurses, who train the new hires.",
]
ENDS = [
    "I lead a small team. I want to grow it next year.",
    "I lead a small team. In five years, I want to run the office.",
    "I lead a small team. Further out, I'd like to run the office.",
    "I lead a small team. My manager is retiring.",
    "I lead a small team. Growth is what I want.",
    "I lead a small team. Management.",
]


@pytest.mark.parametrize(
    ("text", "ends"), [(t, False) for t in GOES_ON] + [(t, True) for t in ENDS]
)
def test_a_stop_ends_a_sentence_unless_it_goes_on(text: str, ends: bool) -> None:
    stop = text.index(".")
    after = text.index(" ", stop) + 1
    assert sentence_ends_between(text, stop, after, 3.0) is ends


def test_no_stop_no_end() -> None:
    text = "I want to lead a small team of analysts."
    assert not sentence_ends_between(text, text.index(" small") + 6, text.index("team"), 3.0)
    assert not sentence_ends_between(text, None, 0, 3.0)
