"""Notes on the recording itself, for the report's ``warnings`` (design.md section 4).

Each note is one line in plain words: the take clipped, it is very quiet, there is sound
in the pauses (someone talking, a TV), or a stretch of sound got no word. They do not change
any figure; they tell the person why a figure may be off and what to change next time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.models import Voice, Word
from speakprep.core.settings import WarningSettings

__all__ = ["recording_warnings"]

# A pause's edges belong to the words around it (breath, a trailing consonant).
_EDGE_S = 0.15
_MAX_STRETCHES = 3
# A word's loudness is measured over frames this long.
_FRAME_S = 0.02


def recording_warnings(
    samples: np.ndarray,
    sample_rate: int,
    words: Sequence[Word],
    activity: Activity,
    voice: Voice | None,
    settings: WarningSettings,
) -> tuple[str, ...]:
    """The warnings about a take's audio, in a fixed order; empty for a clean take."""
    timed = sorted(
        (w.start_s, w.end_s) for w in words if w.start_s is not None and w.end_s is not None
    )
    notes = []
    if _clipped_share(samples, sample_rate, activity, settings) >= settings.clipped_share:
        notes.append(
            "Some of the take is clipped (too loud for the microphone): lower the input level "
            "or sit a little further away."
        )
    level = voice.loudness_mean_db if voice is not None else None
    if level is not None and level < settings.quiet_below_dbfs:
        notes.append(
            # The figure with its yardstick: "-70 dBFS" alone meant nothing to a new user.
            f"The take is very quiet (speech at about {level:.0f} dBFS, where "
            f"{settings.quiet_below_dbfs:g} or louder is clear): move closer to the microphone "
            "or raise its input level."
        )
    if _sound_in_pauses(timed, activity, settings):
        notes.append(
            "There is sound in your pauses (someone talking, a TV or music in the "
            "background): the figures may be less accurate."
        )
    quiet = _quiet_words(samples, sample_rate, words, settings)
    if quiet is not None:
        notes.append(
            f"The words at {_clock(quiet[0])}-{_clock(quiet[1])} are much quieter than the rest "
            "(another voice in the background, a TV, or you turned away from the microphone): "
            "they may not be yours."
        )
    stretches = _unheard(timed, activity, settings)
    if stretches:
        where = ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in stretches[:_MAX_STRETCHES])
        notes.append(f"The speech model could not make out words in the sound at {where}.")
    return tuple(notes)


def _clipped_share(
    samples: np.ndarray, sample_rate: int, activity: Activity, settings: WarningSettings
) -> float:
    """Clipped samples as a share of the samples while someone makes sound."""
    x = np.asarray(samples, np.float32).reshape(-1)
    if x.size == 0:
        return 0.0
    clipped = int(np.count_nonzero(np.abs(x) >= settings.clip_level))
    sounding = activity.active_fraction(0.0, x.size / sample_rate) * x.size
    return clipped / max(sounding, 1.0)


def _gaps(timed: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The silences between consecutive words (overlapping words leave none)."""
    out = []
    end = None
    for start, stop in timed:
        if end is not None and start > end:
            out.append((end, start))
        end = stop if end is None else max(end, stop)
    return out


def _sound_in_pauses(
    timed: list[tuple[float, float]], activity: Activity, settings: WarningSettings
) -> bool:
    """Whether the pauses of the answer are mostly sound: another voice, a TV, music."""
    inner = [(a + _EDGE_S, b - _EDGE_S) for a, b in _gaps(timed) if b - a >= 1.0 + 2 * _EDGE_S]
    total = sum(b - a for a, b in inner)
    if total < settings.background_min_pause_s:
        return False
    sound = sum(activity.active_fraction(a, b) * (b - a) for a, b in inner)
    return sound / total >= settings.background_active_share


def _unheard(
    timed: list[tuple[float, float]], activity: Activity, settings: WarningSettings
) -> list[tuple[float, float]]:
    """Stretches before, between or after the words holding ``unheard_sound_s`` of sound."""
    edges = [(0.0, 0.0), *timed, (activity.duration_s, activity.duration_s)]
    spans = _gaps(edges) if timed else [(0.0, activity.duration_s)]
    out = []
    for a, b in spans:
        if activity.active_fraction(a, b) * (b - a) >= settings.unheard_sound_s:
            first = activity.first_active(a, b)
            last = activity.last_active(a, b)
            out.append((a if first is None else first, b if last is None else last))
    return out


def _quiet_words(
    samples: np.ndarray, sample_rate: int, words: Sequence[Word], settings: WarningSettings
) -> tuple[float, float] | None:
    """The span of the longest run of words far quieter than the take's usual word, if it
    holds at least ``quiet_words_min`` words; fillers heard only in the audio are left out."""
    x = np.asarray(samples, np.float32).reshape(-1)
    frame = max(1, round(_FRAME_S * sample_rate))
    measured: list[tuple[float, float, float]] = []
    for w in words:
        if w.start_s is None or w.end_s is None or w.source != "asr":
            continue
        seg = x[round(w.start_s * sample_rate) : round(w.end_s * sample_rate)]
        if seg.size < 2 * frame:
            continue  # too short to measure; it neither breaks nor extends a run
        frames = seg[: seg.size // frame * frame].reshape(-1, frame)
        rms = float(np.percentile(np.sqrt(np.mean(frames**2, axis=1)), 90))
        measured.append((w.start_s, w.end_s, 20 * np.log10(rms + 1e-9)))
    if len(measured) < 2 * settings.quiet_words_min:
        return None
    floor = float(np.median([db for _, _, db in measured])) - settings.quiet_words_drop_db
    best: tuple[int, int] = (0, 0)
    first = 0
    for k, (_, _, db) in enumerate([*measured, (0.0, 0.0, 0.0)]):
        if db >= floor:
            if k - first > best[1] - best[0]:
                best = (first, k)
            first = k + 1
    if best[1] - best[0] < settings.quiet_words_min:
        return None
    return measured[best[0]][0], measured[best[1] - 1][1]


def _clock(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"
