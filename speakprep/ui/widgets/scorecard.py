"""The scorecard: the overall score with a verdict, and one tile per delivery figure."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from speakprep.core.delivery import judge_report
from speakprep.core.models import Delivery, Report
from speakprep.core.score import DELIVERY_TONE, long_pause_status
from speakprep.core.score import verdict as core_verdict
from speakprep.core.settings import AnalysisSettings, packaged_settings
from speakprep.core.units import clock_text
from speakprep.render.text import (
    STATUS_WORDS,
    TOO_SHORT_TO_RATE,
    pauses_text,
    score_deductions,
)
from speakprep.ui import theme
from speakprep.ui.widgets.tiles import (
    CARD,
    INK,
    MUTED,
    TEXT,
    MetricTile,
    figure_row,
    hex_of,
    label,
    number,
    set_label_color,
    tint,
)

# A verdict's status colour; the verdict itself comes from core.score (report.score.verdict).
VERDICT_STATUS: dict[str, str] = {
    "excellent": "pass",
    "good": "pass",
    "fair": "warn",
    "weak": "fail",
}

NO_AUDIO_NOTE = "No recording: delivery figures need audio"
# Under the score when the bands now judge a figure otherwise than at analysis.
SCORED_WITH_OLD_BANDS = "Scored with the bands of its analysis"


def _statuses(d: Delivery | None) -> tuple[str, ...]:
    """The statuses a band change can move (the ones the delivery score credits)."""
    return () if d is None else (d.target_status, d.pace_status, d.filler_status)


def _rate_needs(settings: AnalysisSettings) -> str:
    """ "0:10 of speech": what a take too short to rate would need for pace and fillers."""
    return f"{clock_text(settings.speaking_time.rates_from_s)} of speech"


def verdict(total: int, name: str = "") -> tuple[str, str]:
    """The verdict as shown (capitalised) and its status colour key.

    ``name`` is the report's own verdict (``report.score.verdict``); a take whose report
    predates verdicts gives none and the total is judged by the packaged bands.
    """
    name = name or core_verdict(total, packaged_settings().score)
    return name.capitalize(), VERDICT_STATUS.get(name, "fail")


class ScorePanel(QFrame):
    """The overall score, large, with its verdict and the content / delivery parts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(196)
        self.caption = label("OVERALL SCORE", parent=self, scale=0.8, bold=True, color=MUTED)
        self.total = label(parent=self, scale=3.6, bold=True, color=INK)
        self.total.setObjectName("total")
        self.out_of = label("/ 100", parent=self, scale=1.1, color=MUTED)
        self.verdict = label(parent=self, scale=1.35, bold=True)
        self.verdict.setObjectName("verdict")
        self.parts = label(parent=self, scale=0.9, color=TEXT, wrap=True)
        self.parts.setObjectName("parts")

        figure = figure_row(self.total, self.out_of)

        box = QVBoxLayout(self)
        box.setContentsMargins(20, 14, 20, 16)
        box.setSpacing(0)
        box.addWidget(self.caption)
        box.addLayout(figure)
        box.addWidget(self.verdict)
        box.addSpacing(8)
        box.addWidget(self.parts)
        box.addStretch(1)
        self.status = "pass"

    def show_score(self, total: int, parts: str, tooltip: str, name: str = "") -> None:
        word, status = verdict(total, name)
        self.status = status
        color = theme.status_role(status)
        self.total.setText(str(total))
        set_label_color(self.total, color)
        self.verdict.setText(word)
        set_label_color(self.verdict, color)
        self.parts.setText(parts)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"Overall score {total} out of 100, {word}. {parts}")
        self.setAccessibleDescription(tooltip)
        theme.style(
            self,
            lambda: (
                f"QFrame#scorePanel {{ background: {tint(color, 0.06)};"
                f" border: 1px solid {tint(color, 0.3)}; border-radius: 12px; }}"
            ),
        )


class ScorecardWidget(QWidget):
    """The report at a glance: the 0-100 score and the delivery figures, each by status.

    Every tile is judged by ``settings`` (the user's bands now, as History and Progress
    judge; without it the packaged defaults), through ``judge_delivery``. The score stays
    the one the take was analysed with, as History lists it; when the bands now judge a
    figure differently, the score panel says so. A report without audio shows the content
    score and a note instead of the delivery tiles.
    """

    def __init__(
        self, parent: QWidget | None = None, *, settings: AnalysisSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scorecard")
        self._settings = settings
        self._report: Report | None = None
        self.score_panel = ScorePanel(self)

        self.time_tile = MetricTile("Speaking time", self)
        self.pace_tile = MetricTile("Pace", self)
        self.filler_tile = MetricTile("Fillers", self)
        self.pause_tile = MetricTile("Long pauses", self)
        self.voice_tile = MetricTile("Voice", self)

        self.note = QFrame(self)
        self.note.setObjectName("noAudioNote")
        self.note.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.style(
            self.note,
            lambda: (
                f"QFrame#noAudioNote {{ background: {hex_of(CARD)};"
                f" border: 1px dashed {tint(MUTED, 0.5)};"
                f" border-radius: 10px; }}"
            ),
        )
        self.note_title = label(NO_AUDIO_NOTE, parent=self.note, scale=1.1, bold=True, color=INK)
        self.note_body = label(
            "Speaking time, pace, fillers and pauses are measured from a recording. "
            "Record your answer or open an audio file to see them; the score here is "
            "the content score alone.",
            parent=self.note,
            color=TEXT,
            wrap=True,
        )
        note_box = QVBoxLayout(self.note)
        note_box.setContentsMargins(20, 16, 20, 16)
        note_box.setSpacing(6)
        note_box.addWidget(self.note_title)
        note_box.addWidget(self.note_body)
        note_box.addStretch(1)
        self.note.setAccessibleName(NO_AUDIO_NOTE)

        self.tile_area = QWidget(self)
        self.grid = QGridLayout(self.tile_area)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.score_panel)
        row.addWidget(self.tile_area, 1)
        row.addWidget(self.note, 1)
        self.note.hide()
        for tile in self.tiles().values():
            tile.hide()

    def tiles(self) -> dict[str, MetricTile]:
        """The delivery tiles by name: time, pace, fillers, pauses, voice."""
        return {
            "time": self.time_tile,
            "pace": self.pace_tile,
            "fillers": self.filler_tile,
            "pauses": self.pause_tile,
            "voice": self.voice_tile,
        }

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Judge by these bands (the user's own target, pace and filler bands) from now on,
        the report shown included."""
        self._settings = settings
        if self._report is not None:
            self.set_report(self._report)

    def set_report(self, report: Report) -> None:
        """Show ``report``: its score, and its delivery figures when it has a recording."""
        self._report = report
        score = report.score
        settings = self._bands()
        analysed = report.delivery
        judged = judge_report(report, settings)
        delivery = judged.delivery
        weights = settings.score
        if delivery is None:
            parts = "Content score only"
            tooltip = "Text only: the score is the content score (the rubric checks) alone."
        else:
            parts = f"Content {score.content:.0f} · Delivery {(score.delivery or 0):.0f}"
            share = weights.content_weight / (weights.content_weight + weights.delivery_weight)
            tooltip = (
                f"{100 * share:.0f}% content (the rubric checks) and {100 * (1 - share):.0f}% "
                "delivery (speaking time, pace, fillers, long pauses)."
            )
            if _statuses(delivery) != _statuses(analysed):
                parts += f"\n{SCORED_WITH_OLD_BANDS}"
                timed = next((c for c in report.content.checks if c.id == "within_target"), None)
                among = f" (“{timed.title}” among them)" if timed is not None else ""
                tooltip += (
                    f"\nThe score and the checks{among} were "
                    "worked out with the target and bands in force when this take was "
                    "analysed; the figures beside the score are judged by your bands now. "
                    "Press Analyse again to score it by your bands now."
                )
        # One a line: the panel is narrow. Named against the tiles beside it (the bands now):
        # "−20 too short" beside a tile saying "a little long" reads as a contradiction.
        taken, why = score_deductions(judged, settings.score)
        if taken:
            parts += "\n" + "\n".join(taken)
            tooltip += f"\n{why}"
        self.score_panel.show_score(score.total, parts, tooltip, score.verdict)

        shown: list[MetricTile] = []
        if delivery is not None:
            self._show_time(delivery, settings)
            self._show_pace(delivery, settings)
            self._show_fillers(delivery, settings)
            self._show_pauses(delivery, settings)
            shown = [self.time_tile, self.pace_tile, self.filler_tile, self.pause_tile]
            if self._show_voice(delivery, settings):
                shown.append(self.voice_tile)
        self._lay_out(shown)
        self.tile_area.setVisible(delivery is not None)
        self.note.setVisible(delivery is None)

    def _bands(self) -> AnalysisSettings:
        if self._settings is None:
            # The packaged bands, when the caller passed none.
            self._settings = packaged_settings()
        return self._settings

    def _lay_out(self, shown: list[MetricTile]) -> None:
        for tile in self.tiles().values():
            self.grid.removeWidget(tile)
            tile.hide()
        # Two columns keep four tiles square at ~900 px; a fifth tile needs a third column.
        columns = 2 if len(shown) <= 4 else 3
        for i, tile in enumerate(shown):
            self.grid.addWidget(tile, i // columns, i % columns)
            tile.show()
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def _show_time(self, d: Delivery, settings: AnalysisSettings) -> None:
        bands = settings.speaking_time
        self.time_tile.set_metric(
            value=clock_text(d.speaking_s),
            unit=f"of {clock_text(d.target_s)}",
            status_text=STATUS_WORDS.get(d.target_status, d.target_status),
            status=DELIVERY_TONE.get(d.target_status),
            detail=f"Recording {clock_text(d.recording_s)} in all.",
            tooltip=(
                "From your first word to your last; silence before and after is left out.\n"
                f"On target: {clock_text(bands.too_short_below_s)} to "
                f"{clock_text(bands.target_s)}. "
                f"Under {clock_text(bands.too_short_below_s)} is too short; up to "
                f"{clock_text(bands.a_little_long_until_s)} is a little long; beyond, too long."
            ),
        )

    def _show_pace(self, d: Delivery, settings: AnalysisSettings) -> None:
        p = settings.pace
        good = f"{number(p.good_min_wpm)}-{number(p.good_max_wpm)}"
        tooltip = (
            "Words per minute over your speaking time, pauses included; fillers do not "
            f"count as words.\nGood: {good} wpm. Slow below {number(p.slow_below_wpm)}, "
            f"fast above {number(p.fast_above_wpm)}."
        )
        if d.too_short_to_rate:
            self.pace_tile.set_metric(
                value=str(d.word_count),
                unit="word" if d.word_count == 1 else "words",
                status_text=TOO_SHORT_TO_RATE,
                status=None,
                detail=f"A pace needs {_rate_needs(settings)}.",
                tooltip=tooltip,
            )
            return
        word = STATUS_WORDS.get(d.pace_status, d.pace_status)
        self.pace_tile.set_metric(
            value=f"{d.wpm:.0f}",
            unit="wpm",
            status_text=word,
            status=DELIVERY_TONE.get(d.pace_status),
            detail=f"Good: {good} wpm\u00a0· {d.word_count} words.",
            band=good if d.pace_status == "good" else f"good {good}",
            tooltip=tooltip,
        )

    def _show_fillers(self, d: Delivery, settings: AnalysisSettings) -> None:
        f = settings.fillers
        counts = Counter(item.text.lower() for item in d.fillers)
        listed = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.most_common(4))
        if len(counts) > 4:
            listed += ", …"
        total = len(d.fillers)
        noun = "filler" if total == 1 else "fillers"
        good = number(f.good_max_per_minute)
        tooltip = (
            "Filler words (um, uh, like, you know, …) per minute of speaking time.\n"
            f"Good: up to {number(f.good_max_per_minute)} a minute; fair: up to "
            f"{number(f.fair_max_per_minute)}; high: more than "
            f"{number(f.fair_max_per_minute)}."
        )
        if d.too_short_to_rate:
            self.filler_tile.set_metric(
                value=str(total),
                unit=noun,
                status_text=TOO_SHORT_TO_RATE,
                status=None,
                detail=(f"{listed}\u00a0· " if listed else "")
                + f"A rate needs {_rate_needs(settings)}.",
                tooltip=tooltip,
            )
            return
        self.filler_tile.set_metric(
            value=f"{d.fillers_per_minute:.1f}",
            unit="per min",
            status_text=STATUS_WORDS.get(d.filler_status, d.filler_status),
            status=DELIVERY_TONE.get(d.filler_status),
            # The band first, as the pace tile gives its own: "3.2 per min · fair" did not
            # say what good would be.
            detail=f"Good: up to {good} a minute\u00a0· {total} {noun}"  # "·" ends a line
            + (f": {listed}" if listed else ""),
            tooltip=tooltip,
        )

    def _show_pauses(self, d: Delivery, settings: AnalysisSettings) -> None:
        p = settings.pauses
        long_pauses = d.long_pauses
        count = len(long_pauses)
        status = long_pause_status(count)
        words = "none" if count == 0 else "1 flagged" if count == 1 else f"{count} flagged"
        # "No pauses of 1 s or more", as the exports and the terminal say: "0 pauses in all"
        # left a reader asking which silences count as a pause.
        detail = pauses_text(d)
        if long_pauses:
            # What "long" is, as the pace and filler tiles give their bands: "long at 0:19"
            # left a new user asking how long a pause may be.
            detail += f"; over {number(p.long_mid_sentence_s)} s mid-sentence at " + ", ".join(
                clock_text(x.start_s) for x in long_pauses[:4]
            )
            if count > 4:
                detail += ", …"
        self.pause_tile.set_metric(
            value=str(count),
            unit="mid-sentence",
            status_text=words,
            status=status,
            detail=detail + ".",
            tooltip=(
                f"A pause is a silence of {number(p.min_pause_s)} s or more between words. "
                f"One inside a sentence longer than {number(p.long_mid_sentence_s)} s is a "
                "long pause: the listener may think you lost the thread."
            ),
        )

    def _show_voice(self, d: Delivery, settings: AnalysisSettings) -> bool:
        v = d.voice
        if v is None or v.pitch_range_semitones is None:
            return False
        limit = number(settings.voice.monotone_below_semitones)
        if v.monotone is None:
            status, words = None, "not judged"
        elif v.monotone:
            status, words = "warn", "monotone"
        else:
            status, words = "pass", "varied"
        # The band, as the pace tile gives its own: "3.5 semitones" meant nothing to a new
        # user, and "Median 100 Hz" beside it less (it moved to the tooltip).
        hint = "Vary your pitch to stress key words. " if v.monotone else ""
        median = f"\nYour typical pitch: {v.pitch_median_hz:.0f} Hz." if v.pitch_median_hz else ""
        self.voice_tile.set_metric(
            value=f"{v.pitch_range_semitones:.1f}",
            unit="semitones",
            status_text=words,
            status=status,
            detail=f"{hint}Varied: {limit} or more.",
            band=f"varied {limit} or more" if v.monotone else f"{limit} or more",
            tooltip=(
                "Pitch variation: the spread of your pitch over voiced speech, in semitones.\n"
                f"Below {limit} semitones the voice sounds flat (monotone).{median}"
            ),
        )
        return True
