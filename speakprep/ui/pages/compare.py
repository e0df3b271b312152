"""Two takes of one question side by side: both timelines on one time scale, the change in
each delivery figure and each check's status before and after. A view: it renders what
the controller gives it and reports clicks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text, counted
from speakprep.render.dates import format_take_when
from speakprep.render.export import warning_lines
from speakprep.ui import theme
from speakprep.ui.pages.history_model import take_caption
from speakprep.ui.pages.take_changes import (
    CheckChange,
    FigureChange,
    band_change_compared,
    check_changes,
    figure_changes,
)
from speakprep.ui.widgets.coach import NextFocus
from speakprep.ui.widgets.header import header_row, page_subtitle, page_title
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.tiles import HAIRLINE, INK, MUTED, TEXT, label
from speakprep.ui.widgets.timeline import TimelineWidget

if TYPE_CHECKING:
    from speakprep.storage.library import Take


class CompareView(QWidget):
    """Two takes of one question; the earlier one is "before", whichever order they come in.

    ``open_requested`` carries a take id (the Open link beside each timeline). ``now`` is
    injectable so "Today" is testable, as in the History table.
    """

    back_requested = Signal()
    open_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: AnalysisSettings | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._settings = settings or AnalysisSettings()
        self.now = now
        self._takes: tuple[Take, Take] | None = None
        self._shown: tuple[Take, Report, Take, Report] | None = None
        self._figures: list[FigureChange] = []
        self._checks: list[CheckChange] = []
        self._band_note = ""

        self.title = page_title("Compare two takes")
        self.subtitle = page_subtitle()
        self.back_button = QPushButton("Back to history")
        self.back_button.setShortcut(Qt.Key.Key_Escape)
        header = header_row(self.title, self.subtitle, self.back_button)
        # What to work on next, from the later take: the practice screen's line. Compare's
        # two takes may be neither the user's last.
        self.next_focus = NextFocus(take="the later take")

        self.timeline_a, self.timeline_b = TimelineWidget(), TimelineWidget()
        self.caption_a, self.caption_b = QLabel(), QLabel()
        self.summary_a, self.summary_b = QLabel(), QLabel()
        self.open_a, self.open_b = QPushButton("Open"), QPushButton("Open")
        timelines = _card()
        box = QVBoxLayout(timelines)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(4)
        for caption, summary, button, timeline in (
            (self.caption_a, self.summary_a, self.open_a, self.timeline_a),
            (self.caption_b, self.summary_b, self.open_b, self.timeline_b),
        ):
            theme.style(caption, lambda: theme.text_style(INK, "font-weight: 600;"))
            theme.style(summary, lambda: theme.text_style(MUTED))
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            theme.style(button, lambda: theme.stylesheet("link"))
            row = QHBoxLayout()
            row.setContentsMargins(6, 4, 0, 0)
            row.addWidget(caption)
            row.addStretch(1)
            row.addWidget(summary)
            row.addWidget(button)
            box.addLayout(row)
            box.addWidget(timeline)
        self.legend = LegendWidget()
        # No screen showing two timelines is narrower; the legend's height follows its width.
        self.legend.setMinimumWidth(560)
        box.addWidget(self.legend)

        self.figures_grid = QGridLayout()
        self.checks_grid = QGridLayout()
        # Side by side when there is room, stacked in a narrow window (see resizeEvent).
        self.tables = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.tables.setSpacing(16)
        self._table_cards = (
            _table_card("What changed", self.figures_grid),
            _table_card("Checks", self.checks_grid),
        )
        for card in self._table_cards:
            self.tables.addWidget(card, 1)

        body = QWidget()
        self._body_layout = layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 0, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.next_focus)
        layout.addWidget(timelines)
        layout.addLayout(self.tables)
        layout.addStretch(1)
        self._area = area = QScrollArea()
        area.setWidget(body)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The page shows the window's background through the scroll area (not its grey).
        body.setObjectName("compareBody")
        theme.style(
            area, lambda: theme.stylesheet("transparent", "QScrollArea, QWidget#compareBody")
        )
        area.viewport().setAutoFillBackground(False)
        # The header stays above the scrolling page, as on the results page: scrolled down
        # to the checks, the title and "Back to history" had gone up with the rest.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 18, 0, 0)
        outer.setSpacing(12)
        header.setContentsMargins(24, 0, 24, 0)
        outer.addLayout(header)
        outer.addWidget(area, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.open_a.clicked.connect(lambda: self._open(0))
        self.open_b.clicked.connect(lambda: self._open(1))
        self.set_settings(self._settings)

    # -- public API --------------------------------------------------------------------------
    def set_settings(self, settings: AnalysisSettings) -> None:
        """The bands "better" is judged against and the timelines are drawn with (the user's
        target, pace and filler limits); two takes on show are compared again by them."""
        self._settings = settings
        for timeline in (self.timeline_a, self.timeline_b):
            timeline.set_pace_band((settings.pace.good_min_wpm, settings.pace.good_max_wpm))
            timeline.set_target_s(settings.speaking_time.target_s)
        if self._shown is not None:
            self.set_takes(*self._shown)

    def set_takes(self, take_a: Take, report_a: Report, take_b: Take, report_b: Report) -> None:
        """Show two takes; the earlier becomes "before" (A) and the later "after" (B)."""
        if take_b.created_at < take_a.created_at:
            take_a, report_a, take_b, report_b = take_b, report_b, take_a, report_a
        self._takes = (take_a, take_b)
        self._shown = (take_a, report_a, take_b, report_b)
        self.subtitle.setText(report_b.question.text or take_b.question_text)
        for which, take, report, timeline, caption, summary in (
            ("Before", take_a, report_a, self.timeline_a, self.caption_a, self.summary_a),
            ("After", take_b, report_b, self.timeline_b, self.caption_b, self.summary_b),
        ):
            timeline.set_scale_s(None)
            timeline.set_report(report)
            caption.setText(f"{which} · {take_caption(take, self.now())}")
            caption.setToolTip(format_take_when(take.created_at))
            d = report.delivery
            spoken = f"{clock_text(d.speaking_s)} spoken · " if d else ""
            # What the analysis noticed about the recording (very quiet, clipped ...) can
            # explain a change in the figures: counted here, said in full on hover.
            warnings = warning_lines(report)
            noted = f" · ⚠ {counted(len(warnings), 'recording warning')}" if warnings else ""
            summary.setText(f"{spoken}score {report.score.total}{noted}")
            summary.setToolTip("\n".join(warnings))
            timeline.setAccessibleName(f"Timeline of the {which.lower()} take")
        # One scale for both, so a second is the same width in each (the longer take's).
        scale = max(self.timeline_a.scale_s(), self.timeline_b.scale_s())
        self.timeline_a.set_scale_s(scale)
        self.timeline_b.set_scale_s(scale)
        self.legend.set_reports((report_a, report_b))
        self._figures = figure_changes(report_a, report_b, self._settings)
        self._checks = check_changes(report_a, report_b)
        self._band_note = band_change_compared(report_a, report_b, self._settings)
        self.next_focus.set_report(report_b, self._settings)
        self._fill_figures()
        self._fill_checks()
        # New rows, new widths: measured once the new cells show (Qt shows a cell added to a
        # shown card from the event loop; until then it counts for nothing).
        QTimer.singleShot(0, self, lambda: self._arrange_tables(self.width()))

    def takes(self) -> tuple[Take, Take] | None:
        """(before, after), once set."""
        return self._takes

    def figures(self) -> list[FigureChange]:
        return list(self._figures)

    def checks(self) -> list[CheckChange]:
        return list(self._checks)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_tables(event.size().width())
        super().resizeEvent(event)

    def _arrange_tables(self, page_width: int) -> None:
        """The two tables side by side when both fit whole in the page, else one above the
        other. Their widths come from their rows (a fixed 940 px let the page run 40 px
        under the scroll bar at 1040 px, the checks' right column cut off)."""
        margins = self._body_layout.contentsMargins()
        need = sum(card.minimumSizeHint().width() for card in self._table_cards)
        need += self.tables.spacing()
        need += margins.left() + margins.right()
        room = page_width - self._area.verticalScrollBar().sizeHint().width()
        self.tables.setDirection(
            QBoxLayout.Direction.LeftToRight if need <= room else QBoxLayout.Direction.TopToBottom
        )

    # -- tables ------------------------------------------------------------------------------
    def _fill_figures(self) -> None:
        grid = self.figures_grid
        _clear(grid)
        _heading_row(grid, ("", "Before", "After", "Change"))
        for row, f in enumerate(self._figures, start=1):
            color = theme.DIRECTION_ROLES.get(f.direction or "same", MUTED)
            word = {"better": "  better", "worse": "  worse"}.get(f.direction or "", "")
            cells = (
                (f.name, TEXT, False),
                (f.before, MUTED, False),
                (f.after, INK, True),
                (f.change + word, color, f.direction in ("better", "worse")),
            )
            _cells_row(grid, row, cells, tooltip=f"{f.name}: {f.before} → {f.after}")

    def _fill_checks(self) -> None:
        grid = self.checks_grid
        _clear(grid)
        _heading_row(grid, ("", "Before", "", "After"))
        for row, c in enumerate(self._checks, start=1):
            after_color = theme.status_role(c.after_status)
            changed = c.direction in ("better", "worse")
            arrow_color = theme.DIRECTION_ROLES.get(c.direction or "same", MUTED)
            cells = (
                (c.title, TEXT, False),
                (c.before, MUTED, False),
                ("→", arrow_color if changed else HAIRLINE, changed),
                (c.after, after_color, changed),
            )
            # Why the later take got its status (a status word alone puzzled a new user):
            # the results page's advice line.
            tip = f"{c.title}: {c.before} → {c.after}" + (f"\n{c.advice}" if c.advice else "")
            _cells_row(grid, row, cells, tooltip=tip)
        if self._band_note:
            note = label(self._band_note, scale=0.9, color=MUTED, wrap=True)
            grid.addWidget(note, len(self._checks) + 1, 0, 1, 4)

    def band_note(self) -> str:
        """The note under the checks when the speaking-time check and figure disagree."""
        return self._band_note

    def _open(self, which: int) -> None:
        if self._takes is not None:
            self.open_requested.emit(self._takes[which].id)


def _card() -> QFrame:
    card = QFrame()
    theme.card(card, "compareCard")
    return card


def _table_card(title: str, grid: QGridLayout) -> QFrame:
    card = _card()
    box = QVBoxLayout(card)
    box.setContentsMargins(18, 14, 18, 16)
    box.setSpacing(10)
    box.addWidget(label(title, scale=1.15, bold=True, color=INK))
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(8)
    grid.setColumnStretch(0, 1)
    box.addLayout(grid)
    box.addStretch(1)
    return card


def _heading_row(grid: QGridLayout, texts: Sequence[str]) -> None:
    for column, text in enumerate(texts):
        cell = label(text.upper(), scale=0.8, bold=True, color=MUTED)
        grid.addWidget(cell, 0, column)


def _cells_row(
    grid: QGridLayout, row: int, cells: Sequence[tuple[str, str, bool]], *, tooltip: str
) -> None:
    for column, (text, color, bold) in enumerate(cells):
        cell = label(text, color=color, bold=bold)
        cell.setToolTip(tooltip)
        grid.addWidget(cell, row, column)


def _clear(grid: QGridLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
