"""What the model writes across a long pause when it hears the two sides without the pause.

A take is decoded in pieces cut at pauses, and a long pause closes the stretch decoded in one
window (``PieceOptions.group_break_s``): the model hears the words before the pause with
nothing after them and ends them with a full stop, wherever the speaker was in the sentence
("... they needed them on their phones. | Before the first meeting of the day ..."). A
piece ending in silence also invites it to add a word or drop the last ones ("a clear plan
for it. | I think ..." for "a clear plan for | developing its junior staff. I think ...").

So the words around such a pause are heard again with the pause shortened: the stretch from
about ``CONTEXT_BEFORE_S`` before the pause to ``CONTEXT_AFTER_S`` after it, the silence
between cut to ``JOINED_PAUSE_S``, encoded as any piece is. The model's probability of a
sentence stop right after the words before the pause (:class:`StopOdds`: the transcript's
words forced through the decoder) is its reading of the words (and the voice) around the
pause without the pause: the punctuation it would have printed had the speaker not stopped.
It used to decode the stretch and read the stop it printed; that decode sometimes covered
a quarter of the stretch and ended it with a stop where it gave up (a reading that then
did not count: the cut stop stayed, verify17), or wrote a word the speaker never said
across the join.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription.model import transcribe_tokenizer

# The words the model hears on either side of the pause (whole words, from the transcript).
# About one sentence before and the phrase after: the model punctuates by what follows too.
CONTEXT_BEFORE_S = 8.0
CONTEXT_AFTER_S = 5.0
# The pause as the model hears it: a breath between two words, too short to end a sentence
# by itself (whisper_stops.SENTENCE_GAP_S), half of it kept on each side of the cut.
JOINED_PAUSE_S = 0.3
# Sound kept around the context's first and last words (word times are approximate).
_EDGE_S = 0.1
# The tokens that end a sentence (an ellipsis is the speaker trailing off: core.pause_context).
_STOPS = (".", "?", "!")
_ENDING_PUNCTUATION = ".,!?;:…"


@dataclass(frozen=True, slots=True)
class JoinedReading:
    """How the model read a pause shortened to ``JOINED_PAUSE_S``: its probability of a
    sentence stop there, and the word after the join as it would spell it there."""

    stop_probability: float
    next_word: str


def joined_stretch(
    samples: np.ndarray, *, start_s: float, pause_start_s: float, pause_end_s: float, end_s: float
) -> tuple[np.ndarray, float]:
    """The samples from ``start_s`` to ``end_s`` with the pause between ``pause_start_s`` and
    ``pause_end_s`` shortened to ``JOINED_PAUSE_S``, and the time of the join in them."""
    half = JOINED_PAUSE_S / 2
    first = max(0, round((start_s - _EDGE_S) * SAMPLE_RATE))
    cut = max(first, round((pause_start_s + half) * SAMPLE_RATE))
    resume = max(cut, round((pause_end_s - half) * SAMPLE_RATE))
    last = max(resume, round((end_s + _EDGE_S) * SAMPLE_RATE))
    stretch = np.concatenate((samples[first:cut], samples[resume:last]))
    return stretch, (cut - first) / SAMPLE_RATE


class StopOdds:
    """The model's probability of a sentence stop right after the words before a join.

    The words before the pause, as the transcript has them, are forced through the decoder
    (after the prompt every piece is decoded with) over the encoding of the joined stretch,
    each followed by a stop (``_STOPS``) and by the first token of the word after the join
    in lower case and with a capital: the probabilities of the stops are the model's
    reading of the join, the two spellings' tell how it would write the word there. A forced
    reading does not depend on the model writing the words again: a free decode of the
    stretch left out a quarter of it and stopped where it gave up ("... we're just
    saying" heard as the end).
    """

    def __init__(self, model: Any, *, prompt: str | None, language: str) -> None:
        self._model = model
        self._tokenizer = transcribe_tokenizer(model, language)
        self._start = list(
            model.get_prompt(self._tokenizer, [], without_timestamps=True, hotwords=prompt)
        )
        self._stops = [self._tokenizer.encode(stop)[0] for stop in _STOPS]

    def reading(
        self, encoded: Any, frames: int, *, before_text: str, next_word: str
    ) -> JoinedReading | None:
        """The reading of a join from ``encoded`` (the encoder output of the joined
        stretch, from ``frames`` feature frames), the transcript's words before it
        (``before_text``) and the word after it; None without a word before it."""
        import ctranslate2

        text = before_text.strip().rstrip(_ENDING_PUNCTUATION).strip()
        if not text:
            return None
        forced = self._tokenizer.encode(" " + text)
        bare = next_word.strip(_ENDING_PUNCTUATION + "\"'()") or next_word.strip()
        spellings = (bare[:1].lower() + bare[1:], bare[:1].upper() + bare[1:])
        ends = [*self._stops, *(self._tokenizer.encode(" " + w)[0] for w in spellings)]
        batch = np.repeat(np.asarray(encoded), len(ends), axis=0)
        results = self._model.model.align(
            ctranslate2.StorageView.from_array(np.ascontiguousarray(batch)),
            self._start,
            [[*forced, end] for end in ends],
            frames,
        )
        last = [float(r.text_token_probs[-1]) for r in results]
        stop = sum(last[: len(self._stops)])
        lower, capital = last[len(self._stops) :]
        return JoinedReading(
            stop_probability=stop, next_word=spellings[0] if lower >= capital else spellings[1]
        )
