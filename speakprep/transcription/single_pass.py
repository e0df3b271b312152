"""One pass of the Whisper model over one piece, with the encoder input length an option.

faster-whisper's ``BatchedInferencePipeline`` pads every piece to Whisper's 30 s window
(3000 feature frames) before the encoder, however short the piece: a 6 s piece costs the
encoder as much as 30 s of speech, and on a 90 s take the encoder was over half the
decoding time. CTranslate2 (3.19 and later) encodes shorter inputs, so here the input
length is an option (:func:`input_frames`; ``DecodeOptions.input_pad_s`` / ``min_input_s``),
and the pipeline's own decode step (``BatchedInferencePipeline.forward``: the beam search,
then the word timings from the cross-attention over the piece's frames) runs on that. With the input
padded to 3000 frames this is exactly the pipeline's ``transcribe`` of one clip
(tests/test_transcription.py checks it word for word). The default stays the full window:
shorter inputs made tiny.en loop and mishear (measured in ``DecodeOptions``); the option is
kept so benchmarks/word_errors.py can measure other lengths.

The input length depends on the piece alone, so a piece decoded live while the take is
recorded and the same piece decoded from the finished file get the same input and the
same words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription.model import transcribe_tokenizer

__all__ = [
    "FRAMES_PER_S",
    "WINDOW_FRAMES",
    "PassSegment",
    "PassWord",
    "SinglePass",
    "input_frames",
    "piece_features",
]

FRAMES_PER_S = 100  # Whisper's feature frames per second of audio
WINDOW_FRAMES = 3000  # Whisper's 30 s window


def input_frames(duration_s: float, *, pad_s: float, min_s: float) -> int:
    """Encoder frames for a piece of ``duration_s``: the piece and ``pad_s`` of silence,
    at least ``min_s``, at most Whisper's window; an even number (the encoder halves it).

    Never fewer than the piece's length rounded up to whole seconds: the pipeline aligns
    words over that many frames.
    """
    whole_s = math.ceil(duration_s - 1e-9)
    seconds = max(duration_s + pad_s, min_s, whole_s)
    frames = math.ceil(seconds * FRAMES_PER_S / 2 - 1e-9) * 2
    return min(frames, WINDOW_FRAMES)


def piece_features(model: Any, samples: np.ndarray, frames: int) -> np.ndarray:
    """The encoder's input for a piece: the log-mel frames of 16 kHz mono ``samples`` (the
    extractor's last, partial frame left out), cut or zero-padded to ``frames``."""
    features = model.feature_extractor(samples)[..., :-1][..., :frames]
    return np.pad(features, ((0, 0), (0, frames - features.shape[-1])))


@dataclass(frozen=True, slots=True)
class PassWord:
    """A word as the model wrote it, times in seconds from the piece start."""

    text: str
    start_s: float
    end_s: float
    probability: float


@dataclass(frozen=True, slots=True)
class PassSegment:
    """A segment of text the model wrote for a piece, with its words."""

    words: tuple[PassWord, ...]
    avg_logprob: float  # the model's mean log-probability of the segment's tokens
    compression_ratio: float  # of its text: a text that loops compresses well


class SinglePass:
    """Decodes pieces with a loaded ``faster_whisper.WhisperModel``; not thread-safe.

    Args:
        model: the loaded model.
        beam_size: beams of the search.
        language: the language token of the prompt.
    """

    def __init__(self, model: Any, *, beam_size: int, language: str) -> None:
        from faster_whisper import BatchedInferencePipeline
        from faster_whisper.transcribe import TranscriptionOptions, get_suppressed_tokens

        self._model = model
        self._pipeline = BatchedInferencePipeline(model=model)
        self._tokenizer = transcribe_tokenizer(model, language)
        # BatchedInferencePipeline.transcribe's defaults, with word timings and one
        # temperature (it never falls back), as speakprep called it.
        self._options = TranscriptionOptions(
            beam_size=beam_size,
            best_of=5,
            patience=1,
            length_penalty=1,
            repetition_penalty=1,
            no_repeat_ngram_size=0,
            log_prob_threshold=-1.0,
            no_speech_threshold=0.6,
            compression_ratio_threshold=2.4,
            condition_on_previous_text=False,
            prompt_reset_on_temperature=0.5,
            temperatures=[0.0],
            initial_prompt=None,
            prefix=None,
            suppress_blank=True,
            suppress_tokens=list(get_suppressed_tokens(self._tokenizer, [-1]) or ()),
            without_timestamps=True,
            max_initial_timestamp=0.0,
            word_timestamps=True,
            prepend_punctuations="\"'“¿([{-",
            append_punctuations="\"'.。,，!！?？:：”)]}、",
            multilingual=False,
            max_new_tokens=None,
            clip_timestamps=[],
            hallucination_silence_threshold=None,
            hotwords=None,
        )

    def __call__(
        self, samples: np.ndarray, *, frames: int, prompt: str | None, max_new_tokens: int
    ) -> tuple[PassSegment, ...]:
        """Decode 16 kHz mono float32 ``samples`` (at most 30 s) from an input of ``frames``.

        ``prompt`` goes before the piece as faster-whisper's ``hotwords``; the text stops
        after ``max_new_tokens`` tokens.
        """
        duration = samples.size / SAMPLE_RATE
        features = piece_features(self._model, samples, frames)
        options = replace(self._options, hotwords=prompt, max_new_tokens=max_new_tokens)
        chunk = {"offset": 0.0, "duration": duration, "segments": []}
        # Word timings of a piece start from no earlier speech (the pipeline keeps this
        # between the pieces of one of its runs).
        self._pipeline.last_speech_timestamp = 0.0
        (segments,) = self._pipeline.forward(
            features[np.newaxis], self._tokenizer, [chunk], options
        )
        return tuple(
            PassSegment(
                tuple(
                    PassWord(w["word"], float(w["start"]), float(w["end"]), float(w["probability"]))
                    for w in segment.get("words") or ()
                ),
                float(segment["avg_logprob"]),
                float(segment["compression_ratio"]),
            )
            for segment in segments
        )
