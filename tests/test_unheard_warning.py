"""The warning for sound the model wrote no word for ("a sentence the model could not hear",
issue 11), judged from the real activity detector on seeded sounds: no model needed.

Found unguarded in session 17: a mumbled or breath-filled stretch between the words of a
fresh answer got the note end to end (breaths and a sung vowel between two sentences), but
no test would have failed had it stopped.
"""

from __future__ import annotations

import numpy as np

from speakprep.core.activity import detect_activity
from speakprep.core.models import Word
from speakprep.core.quality import recording_warnings
from speakprep.core.settings import WarningSettings
from tests import synth_signals as sig

RATE = sig.RATE
# Where the take makes sound (a stand-in for speech: pink noise 40 dB over the room).
SOUNDING = ((0.5, 3.0), (4.2, 6.8), (8.5, 11.0))
# The words span their sound, as the model's word times do.
SAID = (Word("first", 0.4, 3.1), Word("last", 8.4, 11.1))
UNHEARD = "The speech model could not make out words"


def _take(sounding: tuple[tuple[float, float], ...]) -> np.ndarray:
    x = sig.noise_floor(12.0)
    for k, (a, b) in enumerate(sounding):
        burst = sig.pink_noise(b - a, dbfs=-22.0, seed=10 + k)
        x[round(a * RATE) : round(a * RATE) + burst.size] += burst
    return x


def _unheard_notes(samples: np.ndarray, words: tuple[Word, ...]) -> list[str]:
    """The take's "could not make out words" notes (a pause full of sound also gets the
    note on sound in the pauses: not this test's business)."""
    activity = detect_activity(samples, RATE)
    notes = recording_warnings(samples, RATE, words, activity, None, WarningSettings())
    return [note for note in notes if note.startswith(UNHEARD)]


def test_sound_with_no_word_is_named_with_where_it_is() -> None:
    assert _unheard_notes(_take(SOUNDING), SAID) == [f"{UNHEARD} in the sound at 0:04-0:07."]


def test_the_same_sound_under_a_word_or_too_short_is_not() -> None:
    heard = (*SAID, Word("middle", 4.1, 6.9))
    assert _unheard_notes(_take(SOUNDING), heard) == []
    # 1.5 s of sound with no word: under unheard_sound_s (2 s), a cough or a breath.
    assert _unheard_notes(_take(((0.5, 3.0), (4.2, 5.7), (8.5, 11.0))), SAID) == []
