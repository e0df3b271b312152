"""Speech to timed words with faster-whisper, keeping the fillers people actually say."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from speakprep.core.models import Transcript
from speakprep.core.text import join_timed_words
from speakprep.transcription.model import ModelSpec, load_whisper, resolve_model

SAMPLE_RATE = 16_000

# Without a prompt tiny.en writes "So in the near term" for a spoken "Um, so in the near
# term": it cleans fillers away. A short verbatim prompt keeps them (design.md, and
# benchmarks/real_clips.py on the MFA clips). It is passed as ``hotwords``, which
# faster-whisper puts before every 30 s window; ``initial_prompt`` reaches only the first
# window once ``condition_on_previous_text`` is off, and fillers vanished after 30 s.
VERBATIM_PROMPT = "Umm, uh, hmm. Okay, so, like, you know."


class TranscriptionCancelled(Exception):
    """Raised when the caller's cancel event is set mid-transcription."""


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    beam_size: int = 5
    prompt: str | None = VERBATIM_PROMPT
    # Each 30 s window starts from the prompt again, not from the previous window's text:
    # conditioning on earlier text is how Whisper drifts into repeating itself.
    condition_on_previous_text: bool = False
    # faster-whisper's own guard against words invented over silences skipped whole stretches
    # of real, hesitant speech between long pauses (the last 30 s of the benchmark answer).
    # speakprep.core.alignment checks every word against the audio energy instead.
    hallucination_silence_threshold: float | None = None
    language: str = "en"


class Transcriber:
    """Holds one loaded model; call ``transcribe`` as often as needed (not concurrently)."""

    def __init__(
        self,
        model: str | None = None,
        *,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        options: DecodeOptions = DecodeOptions(),
    ) -> None:
        self.spec: ModelSpec = resolve_model(model)
        self.options = options
        self._model = load_whisper(self.spec, compute_type=compute_type, cpu_threads=cpu_threads)
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        return self.spec.label

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        offset_s: float = 0.0,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples into timed words.

        ``offset_s`` shifts every time (for a chunk cut from a longer take). ``progress`` gets
        the share of audio done, 0 to 1. Setting ``cancel`` stops between segments.
        """
        duration = samples.size / SAMPLE_RATE
        opts = self.options
        with self._lock:
            segments, _info = self._model.transcribe(
                samples,
                language=opts.language,
                beam_size=opts.beam_size,
                hotwords=opts.prompt,
                condition_on_previous_text=opts.condition_on_previous_text,
                word_timestamps=True,
                hallucination_silence_threshold=opts.hallucination_silence_threshold,
                vad_filter=False,
            )
            pieces: list[tuple[str, float, float, float]] = []
            for segment in segments:  # lazy: decoding happens as we iterate
                if cancel is not None and cancel.is_set():
                    raise TranscriptionCancelled()
                for w in segment.words or ():
                    pieces.append(
                        (w.word, offset_s + w.start, offset_s + w.end, float(w.probability))
                    )
                if progress is not None and duration > 0:
                    progress(min(1.0, segment.end / duration))
        if progress is not None:
            progress(1.0)
        transcript = join_timed_words(pieces)
        return Transcript(
            text=transcript.text,
            words=transcript.words,
            recording_s=duration,
            language=opts.language,
        )
