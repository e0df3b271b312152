"""Typed analysis settings, loaded from ``assets/analysis.toml`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

from speakprep.core.datafile import DataFileError, load_toml
from speakprep.core.models import FillerStatus, PaceStatus, TargetStatus

# A settings file is missing, malformed or has a value of the wrong kind.
SettingsError = DataFileError


@dataclass(frozen=True, slots=True)
class SpeakingTimeBands:
    target_s: float = 90.0
    too_short_below_s: float = 30.0
    a_little_long_until_s: float = 105.0
    # Below this speaking time pace and fillers per minute are "too short to rate".
    rates_from_s: float = 10.0

    def status(self, speaking_s: float) -> TargetStatus:
        if speaking_s < self.too_short_below_s:
            return "too_short"
        if speaking_s <= self.target_s:
            return "on_target"
        if speaking_s <= self.a_little_long_until_s:
            return "a_little_long"
        return "too_long"

    def too_short_to_rate(self, speaking_s: float) -> bool:
        """Whether ``speaking_s`` is too short for a per-minute rate to mean anything."""
        return bool(speaking_s < self.rates_from_s)  # word times are np.float32

    def rate_shown(self, rate: float | None, speaking_s: float | None) -> float | None:
        """``rate`` (pace or fillers a minute) of a take that spoke ``speaking_s``, or None
        when it has none or is too short to rate: what a list or a trend shows."""
        if rate is None or speaking_s is None or self.too_short_to_rate(speaking_s):
            return None
        return rate


@dataclass(frozen=True, slots=True)
class PaceBands:
    good_min_wpm: float = 120.0
    good_max_wpm: float = 165.0
    slow_below_wpm: float = 110.0
    fast_above_wpm: float = 175.0
    window_s: float = 10.0
    step_s: float = 1.0

    def status(self, wpm: float) -> PaceStatus:
        if wpm < self.slow_below_wpm:
            return "slow"
        if wpm < self.good_min_wpm:
            return "a_little_slow"
        if wpm <= self.good_max_wpm:
            return "good"
        if wpm <= self.fast_above_wpm:
            return "a_little_fast"
        return "fast"


@dataclass(frozen=True, slots=True)
class FillerBands:
    good_max_per_minute: float = 3.0
    fair_max_per_minute: float = 5.0

    def status(self, per_minute: float) -> FillerStatus:
        if per_minute <= self.good_max_per_minute:
            return "good"
        if per_minute <= self.fair_max_per_minute:
            return "fair"
        return "high"


@dataclass(frozen=True, slots=True)
class PauseSettings:
    min_pause_s: float = 1.0
    long_mid_sentence_s: float = 2.5


@dataclass(frozen=True, slots=True)
class RepetitionSettings:
    min_count: int = 4
    min_word_length: int = 4
    max_items: int = 5
    ignore: tuple[str, ...] = ()
    # Two sentences say the same thing when they share at least this many content words and
    # that many make up at least ``sentence_overlap`` of the shorter one's content words.
    sentence_min_shared: int = 3
    sentence_overlap: float = 0.6
    function_words: tuple[str, ...] = ()  # never count toward two sentences being the same


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    envelope_step_s: float = 0.1
    pitch_min_hz: float = 50.0
    pitch_max_hz: float = 400.0
    monotone_below_semitones: float = 4.0
    min_voiced_s: float = 2.0


@dataclass(frozen=True, slots=True)
class WarningSettings:
    """When a report warns about the recording itself (``[warnings]`` in analysis.toml)."""

    clip_level: float = 0.99
    clipped_share: float = 0.001
    quiet_below_dbfs: float = -40.0
    background_min_pause_s: float = 3.0
    background_active_share: float = 0.5
    unheard_sound_s: float = 2.0
    quiet_words_drop_db: float = 7.0
    quiet_words_min: int = 4


@dataclass(frozen=True, slots=True)
class ScoreSettings:
    content_weight: float = 0.7
    delivery_weight: float = 0.3
    delivery: dict[str, float] = field(default_factory=dict)
    status_credit: dict[str, float] = field(default_factory=dict)
    # Points off the total for what a listener notices at once: a speaking-time status, a
    # monotone voice, each pair of sentences that repeat each other (up to repetition_max).
    penalty: dict[str, float] = field(default_factory=dict)
    # The lowest total of each verdict, best first in the file ("excellent", "good", ...).
    verdicts: dict[str, float] = field(default_factory=dict)
    # An answer that is not on target in both time and content is held below "excellent".
    excellent_cap: float = 84.0


@dataclass(frozen=True, slots=True)
class ChangeSettings:
    """The smallest change between takes worth calling better or worse, per figure
    ("speaking_s", "wpm", "fillers_per_minute", "long_pauses", "pitch_range_semitones",
    "score", "checks")."""

    meaningful: dict[str, float] = field(default_factory=dict)

    def matters(self, figure: str, delta: float) -> bool:
        """Whether ``delta`` is at least the meaningful change of ``figure`` (0 when unknown)."""
        return abs(delta) >= self.meaningful.get(figure, 0.0) and abs(delta) > 1e-9


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    speaking_time: SpeakingTimeBands = SpeakingTimeBands()
    pace: PaceBands = PaceBands()
    fillers: FillerBands = FillerBands()
    pauses: PauseSettings = PauseSettings()
    repetition: RepetitionSettings = RepetitionSettings()
    voice: VoiceSettings = VoiceSettings()
    score: ScoreSettings = ScoreSettings()
    changes: ChangeSettings = ChangeSettings()
    warnings: WarningSettings = WarningSettings()

    def with_overrides(
        self,
        *,
        target_s: float | None = None,
        pace: tuple[float, float] | None = None,
        fillers_good_max: float | None = None,
    ) -> AnalysisSettings:
        """A copy with the user's own target, good pace band or filler limit."""
        out = self
        if target_s is not None:
            st = out.speaking_time
            shift = target_s - st.target_s
            out = replace(
                out,
                speaking_time=replace(
                    st,
                    target_s=target_s,
                    a_little_long_until_s=st.a_little_long_until_s + shift,
                    too_short_below_s=min(st.too_short_below_s, target_s / 2),
                ),
            )
        if pace is not None:
            lo, hi = pace
            p = out.pace
            out = replace(
                out,
                pace=replace(
                    p,
                    good_min_wpm=lo,
                    good_max_wpm=hi,
                    slow_below_wpm=min(p.slow_below_wpm, lo),
                    fast_above_wpm=max(p.fast_above_wpm, hi),
                ),
            )
        if fillers_good_max is not None:
            f = out.fillers
            out = replace(
                out,
                fillers=replace(
                    f,
                    good_max_per_minute=fillers_good_max,
                    fair_max_per_minute=max(f.fair_max_per_minute, fillers_good_max),
                ),
            )
        return out


def load_settings(path: Path | None = None) -> AnalysisSettings:
    """Read analysis settings; the packaged ``analysis.toml`` when ``path`` is None."""
    data, name = load_toml(path, "analysis.toml")
    return _build(AnalysisSettings, data, name, "")


@lru_cache(maxsize=1)
def packaged_settings() -> AnalysisSettings:
    """The packaged analysis settings, read on first use and shared afterwards (read only:
    ``with_overrides`` makes a changed copy): what is judged without the user's own.

    Raises:
        SettingsError: the packaged ``analysis.toml`` cannot be read (tried again next call).
    """
    return load_settings()


def _build(cls: type, data: Any, file: str, where: str) -> Any:
    if not isinstance(data, dict):
        raise SettingsError(f"{file}: [{where or 'top'}] must be a table")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(f"{file}: unknown key '{unknown[0]}' in [{where or 'top'}]")
    values: dict[str, Any] = {}
    for name, value in data.items():
        kind = hints[name]
        key = f"{where}.{name}" if where else name
        if isinstance(kind, type) and is_dataclass(kind):
            values[name] = _build(kind, value, file, key)
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SettingsError(f"{file}: {key} must be a number, not {value!r}")
            values[name] = float(value)
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(f"{file}: {key} must be a whole number, not {value!r}")
            values[name] = value
        elif kind == tuple[str, ...]:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"{file}: {key} must be a list of words")
            values[name] = tuple(v.lower() for v in value)
        elif kind == dict[str, float]:
            if not isinstance(value, dict) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
            ):
                raise SettingsError(f"{file}: [{key}] must map names to numbers")
            values[name] = {k: float(v) for k, v in value.items()}
        else:  # pragma: no cover - a field type this loader does not know
            raise SettingsError(f"{file}: cannot read {key}")
    return cls(**values)
