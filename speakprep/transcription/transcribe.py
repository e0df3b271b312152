"""Speech to timed words with faster-whisper, keeping the fillers people actually say."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from speakprep.core.activity import Activity, detect_activity
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


# Whisper hears 30 s at a time. A long take is cut into pieces of at most this much at
# pauses, and each piece is decoded as a recording of its own. faster-whisper's own windows
# start wherever the last one's words ended, often mid-phrase; with the prompt, tiny.en then
# skipped the start of a window or looped at its end (on the 92 s answer of
# benchmarks/analysis_speed.py it dropped 30-41 s and looped in 60-90 s until a temperature
# fallback: word error 0.29, and 2-6 s of extra decoding). Cut at pauses it skipped nothing
# (word error 0.06), kept both fillers and needed no fallback.
MAX_PIECE_S = 30.0
# A cut goes in the longest pause (at least MIN_CUT_PAUSE_S) whose middle is this far or
# further into the piece; failing that, in the quietest 10 ms of the piece's last 10 s.
MIN_PIECE_S = 15.0
MIN_CUT_PAUSE_S = 0.15
# Decoding of a piece stops once less sound than this is left after its last word.
# faster-whisper moves its next window to the last word's end; when only a breath of
# silence is left (0.2-0.5 s at the end of most takes), the prompt makes tiny.en loop on it
# ("Umm, uh, hmm, ...", 448 tokens) through two or three temperature fallbacks before its
# no-speech check drops the lot: 1-4 s per piece, thrown away. Words there would be
# invented ones, which speakprep.core.alignment drops anyway.
TAIL_SOUND_S = 0.3


class TranscriptionCancelled(Exception):
    """Raised when the caller's cancel event is set mid-transcription."""


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """How faster-whisper decodes each piece; chosen for fillers, then timed.

    Measured on the 2-core machine with tiny.en int8, pieces cut at pauses
    (benchmarks/analysis_speed.py's 92.5 s espeak-ng answer, "answer90", its 94 s of joined
    real clips, "clips", and benchmarks/real_clips.py):

    * ``beam_size=1`` decodes answer90 in 3.7 s instead of 6.1 s, but finds 14 of the
      real clips' 18 hard fillers instead of 17 (and 13 instead of 16 on "clips"): kept at
      5, faster-whisper's default.
    * Temperature fallback (re-decoding a window whose text loops) no longer fires on
      either recording once pieces are cut at pauses and silent tails are skipped; it
      costs nothing there and stays as the safety net it is.
    * The prompt goes in as ``hotwords``, before every window: ``initial_prompt`` with
      ``condition_on_previous_text`` off reaches only a piece's first window, and on
      faster-whisper's own 30 s windows it kept 4 of the 19 hard fillers found on "clips".
    """

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
        activity: Activity | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples into timed words.

        ``offset_s`` shifts every time (for a chunk cut from a longer take). ``progress`` gets
        the share of audio done, 0 to 1. Setting ``cancel`` stops between segments.
        ``activity`` is ``detect_activity`` of these samples, if the caller already has it.
        """
        duration = samples.size / SAMPLE_RATE
        opts = self.options
        if activity is None:
            activity = detect_activity(samples, SAMPLE_RATE)
        pieces: list[tuple[str, float, float, float]] = []
        with self._lock:
            for start_s, end_s in plan_pieces(activity, duration):
                first, last = round(start_s * SAMPLE_RATE), round(end_s * SAMPLE_RATE)
                segments, _info = self._model.transcribe(
                    samples[first:last],
                    language=opts.language,
                    beam_size=opts.beam_size,
                    hotwords=opts.prompt,
                    condition_on_previous_text=opts.condition_on_previous_text,
                    word_timestamps=True,
                    hallucination_silence_threshold=opts.hallucination_silence_threshold,
                    vad_filter=False,
                )
                for segment in segments:  # lazy: decoding happens as we iterate
                    if cancel is not None and cancel.is_set():
                        raise TranscriptionCancelled()
                    shift = offset_s + start_s
                    for w in segment.words or ():
                        pieces.append(
                            (w.word, shift + w.start, shift + w.end, float(w.probability))
                        )
                    if progress is not None and duration > 0:
                        progress(min(1.0, (start_s + segment.end) / duration))
                    end = start_s + (segment.words[-1].end if segment.words else segment.end)
                    if _sound_between(activity, end, end_s) < TAIL_SOUND_S:
                        break  # only silence is left in this piece: do not decode it
        if progress is not None:
            progress(1.0)
        transcript = join_timed_words(pieces)
        return Transcript(
            text=transcript.text,
            words=transcript.words,
            recording_s=duration,
            language=opts.language,
        )


def plan_pieces(activity: Activity, duration: float) -> list[tuple[float, float]]:
    """Cut a recording into pieces of at most ``MAX_PIECE_S``, at pauses, as (start, end) s."""
    islands = activity.islands
    pauses = [
        (left[1], right[0])
        for left, right in itertools.pairwise(islands)
        if right[0] - left[1] >= MIN_CUT_PAUSE_S
    ]
    pieces: list[tuple[float, float]] = []
    start = 0.0
    while duration - start > MAX_PIECE_S:
        latest = start + MAX_PIECE_S - 0.1
        inside = [p for p in pauses if start + MIN_PIECE_S <= (p[0] + p[1]) / 2 <= latest]
        if inside:
            pause = max(inside, key=lambda p: p[1] - p[0])
            cut = (pause[0] + pause[1]) / 2
        else:  # no pause for 15 s: the quietest moment of the last 10 s
            window = activity.level_db[activity._frames(latest - 10.0, latest)]
            cut = (int((latest - 10.0) / activity.hop_s) + int(np.argmin(window))) * activity.hop_s
        cut = round(cut, 2)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, duration))
    return pieces


def _sound_between(activity: Activity, start_s: float, end_s: float) -> float:
    """Seconds of sound from ``start_s`` to ``end_s``."""
    if start_s >= end_s:
        return 0.0
    return activity.active_fraction(start_s, end_s) * (end_s - start_s)
