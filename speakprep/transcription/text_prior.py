"""How likely the loaded Whisper model finds a text with no sound at all: its prior.

tiny.en writes English words for whatever it hears. For speech in another language it
falls back on what it expects English to say (fluent, common phrases: "I don't know",
"I'm going to"); for English speech it follows the sound, however accented or reverberant,
to words it would never have guessed ("I asked for aid back every Friday"). So how much
less likely the words are without the sound tells the two apart where the model's
confidence in them (a segment's average log-probability) does not
(speakprep.services.analyze).

The text is forced through the decoder against the encoding of 30 s of digital silence
(encoded once, then kept), a chunk of at most ``_CHUNK_TOKENS`` tokens at a time (the
decoder holds 448).
"""

from __future__ import annotations

import numpy as np

from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription.filler_odds import Lane
from speakprep.transcription.model import transcribe_tokenizer

_SILENCE_S = 30.0
_SILENCE_FRAMES = 3000  # mel frames of _SILENCE_S (10 ms each)
_CHUNK_TOKENS = 200
_FLOOR_PROBABILITY = 1e-12


class TextPrior:
    """Scores texts with a loaded ``faster_whisper.WhisperModel`` and no sound.

    ``lane`` is held around the calls of the model (a free replica of it).
    """

    def __init__(self, model: object, lane: Lane) -> None:
        self._model = model
        self._lane = lane
        self._tokenizer = transcribe_tokenizer(model)
        self._silence: object | None = None

    def mean_logprob(self, text: str) -> float | None:
        """Mean log-probability per token of ``text`` with no sound; None for no token."""
        tokens = self._tokenizer.encode(" " + text.strip())
        if not tokens:
            return None
        chunks = [tokens[k : k + _CHUNK_TOKENS] for k in range(0, len(tokens), _CHUNK_TOKENS)]
        model = self._model.model  # type: ignore[attr-defined]
        with self._lane():
            silence = self._encoded_silence()
            total = 0.0
            for chunk in chunks:
                result = model.align(
                    silence, list(self._tokenizer.sot_sequence), [chunk], _SILENCE_FRAMES
                )[0]
                probs = np.maximum(np.asarray(result.text_token_probs), _FLOOR_PROBABILITY)
                total += float(np.sum(np.log(probs)))
        return total / len(tokens)

    def _encoded_silence(self) -> object:
        """The encoder output for ``_SILENCE_S`` of digital silence (made once, holding a lane;
        two callers on two lanes may both make it, the same output)."""
        if self._silence is None:
            import ctranslate2

            model = self._model
            features = model.feature_extractor(  # type: ignore[attr-defined]
                np.zeros(int(_SILENCE_S * SAMPLE_RATE), np.float32), padding=0
            )
            frames = features[None, :, :_SILENCE_FRAMES]
            view = ctranslate2.StorageView.from_array(np.ascontiguousarray(frames))
            self._silence = model.model.encode(view, to_cpu=True)  # type: ignore[attr-defined]
        return self._silence
