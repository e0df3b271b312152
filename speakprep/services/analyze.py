"""Audio or text in, the full practice report out: the one pipeline the CLI and app share.

load audio -> transcribe -> check words against the audio -> fillers
           -> delivery + voice -> content (sentences, labels, checks) -> score
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from speakprep.core.activity import detect_activity
from speakprep.core.alignment import align_words
from speakprep.core.content import analyze_content
from speakprep.core.correction import correct_transcript
from speakprep.core.delivery import measure_delivery
from speakprep.core.fillers import FillerLexicon, filler_spans, load_filler_lexicon, mark_fillers
from speakprep.core.models import Delivery, Question, Report, Transcript
from speakprep.core.rubric import Rubric, load_rubric
from speakprep.core.score import score_answer
from speakprep.core.settings import AnalysisSettings, load_settings
from speakprep.core.talking_points import Similarity, TalkingPoints, match_points
from speakprep.core.text import drop_words, transcript_from_text
from speakprep.core.units import SAMPLE_RATE
from speakprep.core.voice import measure_voice
from speakprep.services.encoder import default_judge, encoder_similarity
from speakprep.services.filler_check import check_fillers
from speakprep.transcription.model import ModelLoadError, resolve_model
from speakprep.transcription.transcribe import Transcriber, TranscriptionCancelled

__all__ = [
    "Context",
    "Engine",
    "ModelLoadError",
    "TextInputError",
    "TranscriptionCancelled",
    "check_model",
]

DEFAULT_MAX_DURATION_S = 15 * 60.0

# progress(stage, fraction): stage is "loading", "transcribing" or "analysing".
Progress = Callable[[str, float], None]


class TextInputError(ValueError):
    """A transcript file that cannot be used; ``str()`` is one line for a person."""


def check_model(model: str | None) -> str | None:
    """Why ``model`` (a folder or name; None for the bundled one) cannot be used, or None.

    A quick look at the folder, for settings forms; loading can still fail later.
    """
    try:
        resolve_model(model)
    except ModelLoadError as err:
        return str(err)
    return None


@dataclass(frozen=True, slots=True)
class Context:
    """What the user told us about the interview."""

    question: str | None = None
    company: str | None = None
    role: str | None = None
    talking_points: TalkingPoints | None = None


@dataclass
class Engine:
    """The analysis engine: data files loaded once, the speech model loaded on first use."""

    settings: AnalysisSettings = field(default_factory=load_settings)
    rubric: Rubric = field(default_factory=load_rubric)
    lexicon: FillerLexicon = field(default_factory=load_filler_lexicon)
    model: str | None = None
    max_duration_s: float = DEFAULT_MAX_DURATION_S
    # Matches talking points by meaning (the packaged sentence encoder); None: by words only.
    similarity: Similarity | None = encoder_similarity
    # CTranslate2's threads for the model; 0 lets it choose. A batch of N worker processes
    # gives each a share of the cores (speakprep.services.batch).
    cpu_threads: int = 0
    _transcriber: Transcriber | None = field(default=None, repr=False)

    @property
    def transcriber(self) -> Transcriber:
        """The Whisper model, loaded once (it takes a second or two)."""
        if self._transcriber is None:
            self._transcriber = Transcriber(self.model, cpu_threads=self.cpu_threads)
        return self._transcriber

    def question(self, context: Context) -> Question:
        return self.rubric.question(context.question)

    def analyze_text(
        self, text: str, context: Context = Context(), *, source: str | None = None
    ) -> Report:
        """Analyse a written transcript: content checks, no delivery figures."""
        if not text.strip():
            raise TextInputError(f"{source or 'the transcript'}: it is empty")
        transcript = mark_fillers(transcript_from_text(text), self.lexicon)
        return self._report(transcript, None, context, source=source, model=None)

    def analyze_file(
        self,
        path: str | Path,
        context: Context = Context(),
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        """Analyse a recording in any format ``load_audio`` reads."""
        from speakprep.audio.files import load_audio

        if progress:
            progress("loading", 0.0)
        audio = load_audio(path, max_duration_s=self.max_duration_s)
        return self.analyze_samples(
            audio.samples, context, source=str(path), progress=progress, cancel=cancel
        )

    def analyze_samples(
        self,
        samples: np.ndarray,
        context: Context = Context(),
        *,
        source: str | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        """Analyse 16 kHz mono float32 samples."""
        transcriber = self.transcriber
        if progress:
            progress("transcribing", 0.0)
        raw = transcriber.transcribe(
            samples,
            progress=(lambda f: progress("transcribing", f)) if progress else None,
            cancel=cancel,
        )
        if progress:
            progress("analysing", 0.0)
        return self.analyze_transcribed(
            samples, raw, context, source=source, model=transcriber.label
        )

    def analyze_transcribed(
        self,
        samples: np.ndarray,
        raw: Transcript,
        context: Context = Context(),
        *,
        source: str | None = None,
        model: str | None = None,
    ) -> Report:
        """Everything after transcription; also used by live analysis on joined chunks."""
        recording_s = samples.size / SAMPLE_RATE
        activity = detect_activity(samples, SAMPLE_RATE)
        aligned = align_words(raw.words, activity)
        transcript = drop_words(
            Transcript(
                text=raw.text, words=aligned.words, recording_s=recording_s, language=raw.language
            ),
            aligned.dropped,
        )
        transcript = mark_fillers(transcript, self.lexicon)
        transcript = check_fillers(
            transcript, activity, samples, SAMPLE_RATE, self.transcriber.filler_evidence
        )
        voice = measure_voice(samples, SAMPLE_RATE, activity, settings=self.settings.voice)
        delivery = measure_delivery(
            transcript,
            filler_spans(transcript),
            recording_s=recording_s,
            settings=self.settings,
            voice=voice,
        )
        return self._report(transcript, delivery, context, source=source, model=model)

    def _report(
        self,
        transcript: Transcript,
        delivery: Delivery | None,
        context: Context,
        *,
        source: str | None,
        model: str | None,
    ) -> Report:
        question = self.question(context)
        content = analyze_content(
            transcript,
            rubric=self.rubric,
            question=question,
            company=context.company,
            role=context.role,
            pauses=delivery.pauses if delivery else (),
            speaking_s=delivery.speaking_s if delivery else None,
            judge=default_judge(),
            speaking_status=delivery.target_status if delivery else None,
        )
        score = score_answer(content, delivery, self.settings)
        points = context.talking_points
        matches = (
            match_points(points, [s.text for s in content.sentences], similarity=self.similarity)
            if points is not None
            else ()
        )
        return Report(
            question=question,
            transcript=transcript,
            delivery=delivery,
            content=content,
            score=score,
            company=context.company,
            role=context.role,
            source=source,
            model=model,
            talking_points=matches,
        )

    def analyze_corrected(self, report: Report, text: str, context: Context) -> Report:
        """``report`` scored again on the user's corrected words, the audio's timings kept.

        Raises ``CorrectionError`` for a text with no words.
        """
        transcript = mark_fillers(correct_transcript(report.transcript, text), self.lexicon)
        delivery = None
        if report.delivery is not None:
            delivery = measure_delivery(
                transcript,
                filler_spans(transcript),
                recording_s=report.delivery.recording_s,
                settings=self.settings,
                voice=report.delivery.voice,
            )
        fresh = self._report(
            transcript, delivery, context, source=report.source, model=report.model
        )
        heard = report.heard_text if report.heard_text is not None else report.transcript.text
        return replace(fresh, heard_text=heard)
