"""The results screen: the scorecard, the timeline with its legend, the checks and the
transcript, and a play bar. A view: it renders one report and reports clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.ui import theme
from speakprep.ui.widgets.checks import ChecksView
from speakprep.ui.widgets.header import header_row, page_notice, page_subtitle, page_title
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.scorecard import ScorecardWidget
from speakprep.ui.widgets.timeline import TimelineWidget
from speakprep.ui.widgets.transcript import TranscriptView


class ResultsView(QWidget):
    """One report on screen. ``seek_requested`` carries seconds into the take."""

    back_requested = Signal()
    play_toggled = Signal()
    seek_requested = Signal(float)
    export_requested = Signal(str)  # "html" | "md" | "json"
    reanalyse_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None

        self.title = page_title()
        self.title.setObjectName("resultsTitle")
        self.subtitle = page_subtitle()
        self.notice = page_notice()
        self.back_button = QPushButton("Practise again")
        self.back_button.setToolTip("Back to the practice screen (Esc)")
        self.back_button.setShortcut(Qt.Key.Key_Escape)

        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setToolTip("Save this report as a web page, Markdown or JSON")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt, text in (("html", "Web page (HTML)…"), ("md", "Markdown…"), ("json", "JSON…")):
            menu.addAction(text, lambda fmt=fmt: self.export_requested.emit(fmt))
        self.export_button.setMenu(menu)
        self.reanalyse_button = QPushButton("Analyse again")
        self.reanalyse_button.setToolTip(
            "Run this take through the current speech model and rubric again; the old "
            "report stays until the new one is saved"
        )
        self.reanalyse_button.clicked.connect(self.reanalyse_requested)

        header = header_row(
            self.title, self.subtitle, self.reanalyse_button, self.export_button, self.back_button
        )

        self.scorecard = ScorecardWidget()
        self.timeline = TimelineWidget()
        self.legend = LegendWidget()
        self.play_button = QPushButton("▶  Play")
        self.play_button.setAccessibleName("Play the take")
        self.play_button.setMinimumWidth(96)
        self.position = QLabel("0:00 / 0:00")
        self.position.setStyleSheet(theme.text_style("text.body"))
        self.position.setAccessibleName("Playback position")

        play_row = QHBoxLayout()
        play_row.addWidget(self.play_button)
        play_row.addWidget(self.position)
        play_row.addStretch(1)
        play_row.addWidget(self.legend)

        timeline_card = QFrame()
        timeline_card.setObjectName("timelineCard")
        timeline_card.setStyleSheet(theme.stylesheet("card", "QFrame#timelineCard"))
        tl = QVBoxLayout(timeline_card)
        tl.setContentsMargins(12, 10, 12, 10)
        tl.addWidget(self.timeline)
        tl.addLayout(play_row)

        self.checks = ChecksView()
        self.transcript = TranscriptView()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolling(self.checks), "Checks")
        self.tabs.addTab(self.transcript, "Transcript")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addWidget(self.scorecard)
        layout.addWidget(timeline_card)
        layout.addWidget(self.tabs, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.play_button.clicked.connect(self.play_toggled)
        self.timeline.seek_requested.connect(self.seek_requested)
        self.transcript.seek_requested.connect(self.seek_requested)
        self.checks.sentence_activated.connect(self._on_sentence)

    @property
    def report(self) -> Report | None:
        return self._report

    def set_settings(self, settings: AnalysisSettings) -> None:
        """The bands the figures are judged against (the user's own)."""
        self.scorecard.set_settings(settings)

    def show_notice(self, text: str) -> None:
        """A problem the page can live with, under the title (e.g. the speaker failed)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_report(
        self,
        report: Report,
        *,
        title: str = "",
        subtitle: str = "",
        notice: str = "",
        playable: bool = True,
        stored: bool = False,
    ) -> None:
        """Show ``report``; ``stored`` enables the actions that need a saved take."""
        self._report = report
        self.title.setText(title or report.question.text)
        self.export_button.setEnabled(stored)
        self.reanalyse_button.setEnabled(stored and playable)
        self.subtitle.setText(subtitle)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.scorecard.set_report(report)
        self.timeline.set_report(report)
        self.checks.set_report(report)
        self.transcript.set_report(report)
        timed = report.delivery is not None
        self.play_button.setEnabled(timed and playable)
        self.play_button.setToolTip(
            "" if playable else "The recording of this take is not available."
        )
        self.set_position(0.0, playing=False)

    def set_position(self, seconds: float, *, playing: bool) -> None:
        total = self._report.delivery.recording_s if self._report and self._report.delivery else 0
        self.position.setText(f"{clock_text(seconds)} / {clock_text(total)}")
        self.play_button.setText("❚❚  Pause" if playing else "▶  Play")
        self.play_button.setAccessibleName("Pause" if playing else "Play the take")
        self.timeline.set_playhead(seconds if playing or seconds > 0 else None)
        self.transcript.set_playhead(seconds if playing else None)

    def _on_sentence(self, index: int) -> None:
        if self._report is None:
            return
        sentences = self._report.content.sentences
        if 0 <= index < len(sentences) and sentences[index].start_s is not None:
            self.seek_requested.emit(float(sentences[index].start_s))


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
