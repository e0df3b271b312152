"""How one question's takes have changed over time: six small trend plots (score,
speaking time, pace, fillers per minute, checks met, pitfalls found), each against its good
band."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.score import DELIVERY_TONE, verdict
from speakprep.core.settings import AnalysisSettings, ScoreSettings, load_settings
from speakprep.core.units import clock_text, counted
from speakprep.render.dates import format_take_date, local_naive
from speakprep.render.text import STATUS_WORDS
from speakprep.ui import theme
from speakprep.ui.pages.take_changes import (
    FORMATS,
    SETTING_KEYS,
    Judge,
    describe_change,
    higher_is_better,
    lower_is_better,
    toward_band,
)
from speakprep.ui.widgets.coach import NextFocus
from speakprep.ui.widgets.header import header_row, page_subtitle, page_title
from speakprep.ui.widgets.tiles import INK, MUTED, TEXT, figure_row, label, set_label_color
from speakprep.ui.widgets.trend_plot import INTEGER_STEPS, TrendPlot, TrendPoint

if TYPE_CHECKING:
    from speakprep.core.models import Report
    from speakprep.storage.library import Take

# Durations tick at whole quarter / half / full minutes, never at 0:50 or 1:40.
TIME_STEPS = (5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0)
NO_TAKES = "No takes of this question yet. Record an answer on the Practice screen."
ONE_TAKE = "One take so far: record another to see a trend."
COLUMNS = 3
# A score's point colour by its verdict.
VERDICT_STATUS = {"excellent": "pass", "good": "pass", "fair": "warn", "weak": "fail"}


class TrendCard(QFrame):
    """A caption, the latest value with its change since the first take, and the plot."""

    def __init__(self, caption: str, plot: TrendPlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.card(self, "trendCard")
        self.plot = plot
        self.caption = label(caption.upper(), parent=self, scale=0.8, bold=True, color=MUTED)
        self.value = label(parent=self, scale=1.6, bold=True, color=INK)
        self.change = label(parent=self, scale=0.9, color=MUTED)
        head = figure_row(self.value, self.change, spacing=8)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 12, 8)
        box.setSpacing(2)
        box.addWidget(self.caption)
        box.addLayout(head)
        box.addWidget(plot, 1)


class ProgressView(QWidget):
    """The trend of one question's takes; ``back_requested`` returns to the history."""

    back_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, now: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now or datetime.now
        self._takes: list[Take] = []
        # The packaged change thresholds and score weights, read once (set_series parsed
        # analysis.toml again on every plot).
        packaged = load_settings()
        self._changes = packaged.changes
        self._score_weights = packaged.score

        self.title = page_title("Progress")
        self.title.setWordWrap(True)
        self.subtitle = page_subtitle()
        self.back_button = QPushButton("Back to history")
        self.back_button.setShortcut(Qt.Key.Key_Escape)
        header = header_row(self.title, self.subtitle, self.back_button)
        # What to work on next, from the newest take: the practice screen's line.
        self.next_focus = NextFocus()

        clock = clock_text
        self.time_plot = TrendPlot("Speaking time", value_format=clock, tick_steps=TIME_STEPS)
        self.pace_plot = TrendPlot("Pace", value_format=lambda v: f"{v:.0f}")
        self.filler_plot = TrendPlot("Fillers per minute", value_format=lambda v: f"{v:g}")
        self.checks_plot = TrendPlot(
            "Checks met", value_format=lambda v: f"{v:.0f}", tick_steps=INTEGER_STEPS
        )
        self.pitfall_plot = TrendPlot(
            "Pitfalls found", value_format=lambda v: f"{v:.0f}", tick_steps=INTEGER_STEPS
        )
        self.score_plot = TrendPlot("Score", value_format=lambda v: f"{v:.0f}")
        self.score_plot.set_value_range(low=0.0, high=100.0)
        self.time_plot.set_value_range(low=0.0)
        self.filler_plot.set_value_range(low=0.0)
        self.cards = {
            "score": TrendCard("Score", self.score_plot),
            "time": TrendCard("Speaking time", self.time_plot),
            "pace": TrendCard("Pace (words per minute)", self.pace_plot),
            "fillers": TrendCard("Fillers per minute", self.filler_plot),
            "checks": TrendCard("Checks met", self.checks_plot),
            # History counts them beside the checks met; the sixth place was empty.
            "pitfalls": TrendCard("Pitfalls found", self.pitfall_plot),
        }
        grid_page = QWidget()
        grid = QGridLayout(grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // COLUMNS, i % COLUMNS)

        self.message = QLabel(NO_TAKES)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        theme.style(self.message, lambda: theme.text_style(TEXT, "font-size: 16px;"))
        empty = QFrame()
        theme.card(empty, "trendCard")
        QVBoxLayout(empty).addWidget(self.message)
        self.pages = QStackedWidget()
        self.pages.addWidget(grid_page)
        self.pages.addWidget(empty)

        self.hint = QLabel(ONE_TAKE)
        theme.style(self.hint, lambda: theme.stylesheet("hint"))
        self.hint.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.next_focus)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)
        self.back_button.clicked.connect(self.back_requested)

    def set_series(
        self,
        question_text: str,
        takes: Sequence[Take],
        target_s: float,
        pace_band: tuple[float, float] = (120.0, 165.0),
        filler_good_max: float = 3.0,
    ) -> None:
        """Plot ``takes`` of one question (any order; shown oldest first) against the bands."""
        settings = AnalysisSettings().with_overrides(
            target_s=target_s, pace=pace_band, fillers_good_max=filler_good_max
        )
        self._takes = sorted(takes, key=lambda t: local_naive(t.created_at))
        self.title.setText(question_text)
        self.subtitle.setText(self._span_text())
        self.pages.setCurrentIndex(0 if self._takes else 1)
        self.hint.setVisible(len(self._takes) == 1)
        self._fill_score(self._score_weights)
        st = settings.speaking_time
        self.time_plot.set_band(st.too_short_below_s, st.target_s, "on target")
        self.time_plot.set_reference(st.target_s, f"{clock_text(st.target_s)} target")
        self._fill(
            "time",
            _series(self._takes, lambda t: t.speaking_s, st.status),
            FORMATS["speaking_s"].text,
            toward_band(st.too_short_below_s, st.target_s),
        )
        lo, hi = pace_band
        self.pace_plot.set_band(lo, hi, f"good {lo:g}–{hi:g}")
        self._fill(
            "pace",
            _series(
                self._takes, lambda t: st.rate_shown(t.wpm, t.speaking_s), settings.pace.status
            ),
            FORMATS["wpm"].text,
            toward_band(lo, hi),
        )
        self.filler_plot.set_band(0.0, filler_good_max, f"good ≤ {filler_good_max:g}")
        self._fill(
            "fillers",
            _series(
                self._takes,
                lambda t: st.rate_shown(t.fillers_per_minute, t.speaking_s),
                settings.fillers.status,
            ),
            FORMATS["fillers_per_minute"].text,
            toward_band(0.0, filler_good_max),
        )
        total = max((t.checks_total for t in self._takes), default=0)
        self.checks_plot.set_value_range(low=0.0, high=float(max(total, 1)))
        self.checks_plot.set_reference(float(total) if total else None, f"all {total}")
        self._fill(
            "checks",
            [
                TrendPoint(
                    t.created_at,
                    float(t.checks_passed),
                    "pass" if t.checks_passed == t.checks_total else None,
                    f"of {t.checks_total}",
                )
                for t in self._takes
            ],
            lambda v: f"{v:.0f} of {total}",
            higher_is_better,
        )
        self._fill_pitfalls()

    def _fill_pitfalls(self) -> None:
        """Pitfalls found per take, against none (green at none, red with any)."""
        most = max((t.pitfalls_found for t in self._takes), default=0)
        self.pitfall_plot.set_value_range(low=0.0, high=float(max(most, 1)))
        self.pitfall_plot.set_reference(0.0, "none")
        points = [
            TrendPoint(
                t.created_at,
                float(t.pitfalls_found),
                "fail" if t.pitfalls_found else "pass",
                t.tally.pitfall_text,
            )
            for t in self._takes
        ]
        self._fill("pitfalls", points, lambda v: f"{v:.0f}", lower_is_better)

    def set_last_report(self, report: Report | None, settings: AnalysisSettings) -> None:
        """What to work on from ``report``, the newest take plotted (None: no line)."""
        self.next_focus.set_report(report, settings)

    def _fill_score(self, bands: ScoreSettings) -> None:
        good = bands.verdicts.get("good", 70.0)
        self.score_plot.set_band(good, 100.0, f"good ≥ {good:g}")
        points = []
        for t in self._takes:
            word = verdict(float(t.score), bands)
            points.append(TrendPoint(t.created_at, float(t.score), VERDICT_STATUS.get(word), word))
        self._fill("score", points, lambda v: f"{v:.0f}", higher_is_better)

    def takes(self) -> list[Take]:
        """The takes shown, oldest first."""
        return list(self._takes)

    # -- helpers -----------------------------------------------------------------------------
    def _fill(
        self,
        key: str,
        points: list[TrendPoint],
        fmt: Callable[[float], str],
        judge: Judge,
    ) -> None:
        card = self.cards[key]
        card.plot.set_empty_text("No recording among these takes." if self._takes else "")
        card.plot.set_points(points)
        if not points:
            card.value.setText("—")
            card.change.setText("")
            return
        first, last = points[0], points[-1]
        card.value.setText(fmt(last.value))
        if len(points) == 1:
            card.change.setText("first take")
            set_label_color(card.change, MUTED)
            return
        # "2", not "2 of 11": a change in checks is a count.
        amount_fmt = card.plot.format_value if key in ("checks", "pitfalls", "score") else fmt
        change, direction = describe_change(
            first.value, last.value, amount_fmt, judge, self._changes, SETTING_KEYS[key]
        )
        card.change.setText(change)  # "since take 1" is said once, in the subtitle
        set_label_color(card.change, theme.DIRECTION_ROLES[direction])
        word = "About the same as" if direction == "same" else f"{direction.capitalize()} than"
        card.change.setToolTip(f"{word} take 1 ({self._day(first.when)})")

    def _day(self, when: datetime) -> str:
        text = format_take_date(when, self._now())
        return text.split(" ")[0] if text.startswith(("Today", "Yesterday")) else text

    def _span_text(self) -> str:
        """ "Progress · 3 takes today", "... 4 takes on 2 Dec", "... 5 takes, 2 Dec to today"."""
        n = len(self._takes)
        if not n:
            return "Progress · no takes yet"
        first, last = (self._on_day(t.created_at) for t in (self._takes[0], self._takes[-1]))
        count = counted(n, "take")
        since = " · changes since take 1" if n > 1 else ""
        if first == last:
            return f"Progress · {count} {first}{since}"
        span = f"{first.removeprefix('on ')} to {last.removeprefix('on ')}"
        return f"Progress · {count}, {span}{since}"

    def _on_day(self, when: datetime) -> str:
        """ "today", "yesterday" or "on 2 Dec"."""
        day = self._day(when)
        return day.lower() if day in ("Today", "Yesterday") else f"on {day}"


def _series(
    takes: Sequence[Take], figure: Callable[[Take], float | None], status: Callable[[float], str]
) -> list[TrendPoint]:
    """One point per take that has the figure (a take without audio has no delivery)."""
    out = []
    for take in takes:
        value = figure(take)
        if value is not None:
            word = status(value)
            out.append(
                TrendPoint(
                    take.created_at,
                    float(value),
                    DELIVERY_TONE.get(word),
                    STATUS_WORDS.get(word, word),
                )
            )
    return out
