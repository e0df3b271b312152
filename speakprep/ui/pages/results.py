"""The results screen: "Your next take", the scorecard, the timeline with its legend, the
talking points, the checks and the transcript (with its editor), and a play bar. A view: it
renders one report and reports clicks; the page scrolls as one, so the checks and the
transcript get the window's height however small it is."""

from __future__ import annotations

from functools import partial
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.render.export import question_line, warning_lines
from speakprep.ui import theme
from speakprep.ui.widgets.checks import ChecksView
from speakprep.ui.widgets.coach import NextTakeCard, TalkingPointsCard
from speakprep.ui.widgets.elided_label import ElidedLabel
from speakprep.ui.widgets.header import header_row, page_notice, page_subtitle, page_title
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.scorecard import ScorecardWidget
from speakprep.ui.widgets.timeline import TimelineWidget
from speakprep.ui.widgets.transcript import TranscriptView

PLAY_HINT = "Click a word to play the recording from there."


class ResultsView(QWidget):
    """One report on screen. ``seek_requested`` carries seconds into the take."""

    back_requested = Signal()
    play_toggled = Signal()
    seek_requested = Signal(float)
    export_requested = Signal(str)  # "html" | "md" | "json"
    reanalyse_requested = Signal()
    correction_requested = Signal(str)  # the user's corrected transcript
    drills_requested = Signal()

    MIN_TABS_PX = 320  # the checks / transcript never get less than this, however small

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None
        # The page scroll's viewport, once made: the event filter sees the editor's events
        # while the page is still being built.
        self._viewport: QWidget | None = None

        # A long take name: two lines at most, the whole name on hover (found as a new
        # user, it made the title 3 lines at 760x620).
        self.title = page_title(label=ElidedLabel(lines=2))
        self.title.setObjectName("resultsTitle")
        self.subtitle = page_subtitle()
        self.notice = page_notice()
        self.back_button = QPushButton("Practise again")
        self.back_button.setToolTip("Back to the practice screen (Esc)")
        self.back_button.setShortcut(Qt.Key.Key_Escape)

        # A push button with a menu, like its neighbours: a tool button was a pixel shorter
        # and squeezed its arrow into the corner of the text ("Export," at a glance).
        self.export_button = QPushButton("Export")
        self.export_button.setToolTip("Save this report as a web page, Markdown or JSON")
        menu = QMenu(self.export_button)
        for fmt, text in (("html", "Web page (HTML)…"), ("md", "Markdown…"), ("json", "JSON…")):
            menu.addAction(text, partial(self.export_requested.emit, fmt))
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

        self.next_take = NextTakeCard()
        self.scorecard = ScorecardWidget()
        self.timeline = TimelineWidget()
        self.legend = LegendWidget()
        self.play_button = QPushButton("▶  Play")
        self.play_button.setAccessibleName("Play the take")
        self.play_button.setToolTip("Play or pause the take (Alt+P)")
        self.play_button.setMinimumWidth(96)
        self.drills_button = QPushButton("Drills")
        self.drills_button.setToolTip(
            "Step through every filler and long pause, and practise one sentence again (Alt+D)"
        )
        self.drills_button.setAccessibleName("Open the drills")
        self.position = QLabel("0:00 / 0:00")
        theme.style(self.position, lambda: theme.text_style("text.body"))
        self.position.setAccessibleName("Playback position")

        play_row = QHBoxLayout()
        play_row.addWidget(self.play_button)
        play_row.addWidget(self.drills_button)
        play_row.addWidget(self.position)
        play_row.addStretch(1)

        timeline_card = QFrame()
        theme.card(timeline_card, "timelineCard")
        tl = QVBoxLayout(timeline_card)
        tl.setContentsMargins(12, 10, 12, 10)
        tl.addWidget(self.timeline)
        tl.addWidget(self.legend)
        tl.addLayout(play_row)

        self.talking_points = TalkingPointsCard()
        self.checks = ChecksView()
        self.transcript = TranscriptView()
        self.transcript_page = self._transcript_page()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # The checks take their natural height and the page scrolls once: in a scroll area
        # of their own they scrolled inside the page's scroll, two bars side by side.
        self.tabs.addTab(self.checks, "Checks")
        self.tabs.addTab(self.transcript_page, "Transcript")
        self.tabs.setMinimumHeight(self.MIN_TABS_PX)
        self.tabs.currentChanged.connect(self._size_tabs_by_current)
        self._size_tabs_by_current()

        body = QWidget()
        body.setObjectName("resultsBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 0, 24, 18)
        column.setSpacing(12)
        column.addWidget(self.notice)
        column.addWidget(self.next_take)
        column.addWidget(self.scorecard)
        column.addWidget(timeline_card)
        column.addWidget(self.talking_points)
        column.addWidget(self.tabs, 1)
        self.page_scroll = _scrolling(body, "resultsScroll")
        # The wheel over the tab bar scrolls the page, as everywhere else on it: Qt's tab bar
        # switched tabs instead, so scrolling down the page flipped Checks to Transcript.
        self.tabs.tabBar().installEventFilter(self)
        self._viewport = self.page_scroll.viewport()
        self._viewport.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 18, 0, 0)
        layout.setSpacing(12)
        header.setContentsMargins(24, 0, 24, 0)
        layout.addLayout(header)
        layout.addWidget(self.page_scroll, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.play_button.clicked.connect(self.play_toggled)
        self.drills_button.clicked.connect(self.drills_requested)
        self.timeline.seek_requested.connect(self.seek_requested)
        self.transcript.seek_requested.connect(self.seek_requested)
        self.checks.sentence_activated.connect(self._on_sentence)
        self.next_take.sentence_activated.connect(self.show_sentence)
        self.talking_points.sentence_activated.connect(self.show_sentence)
        for keys, slot in (
            ("Alt+P", self._play_key),
            ("Alt+D", self._drills_key),
            ("Alt+E", self.start_editing),
            ("Alt+N", self.focus_next_take),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _play_key(self) -> None:
        if self.play_button.isEnabled():
            self.play_toggled.emit()

    def _drills_key(self) -> None:
        if self.drills_button.isEnabled():
            self.drills_requested.emit()

    def _transcript_page(self) -> QWidget:
        """The transcript with its "Edit transcript" mode (a plain editor, Save / Cancel)."""
        self.edit_button = QPushButton("Edit transcript")
        self.edit_button.setToolTip(
            "Correct words the speech model misheard; the take is scored again (Alt+E)"
        )
        self.corrected_note = QLabel()
        self.corrected_note.setObjectName("correctedNote")
        theme.style(self.corrected_note, lambda: theme.text_style("text.muted"))
        self.corrected_note.setWordWrap(True)
        self.corrected_note.hide()
        # Found as a new user: nothing on the tab said a word can be clicked to play from
        # it, and a full-width "Edit transcript" bar stood where the hint could be.
        self.play_hint = QLabel(PLAY_HINT)
        self.play_hint.setObjectName("playHint")
        theme.style(self.play_hint, lambda: theme.text_style("text.muted"))
        self.play_hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 6, 4, 0)
        bar.addWidget(self.corrected_note, 1)
        bar.addWidget(self.play_hint, 1)
        bar.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignRight)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("transcriptEditor")
        theme.style(
            self.editor, lambda: theme.stylesheet("text_field", "QPlainTextEdit#transcriptEditor")
        )
        self.editor.setFont(theme.reading_font(self.editor.font()))
        self.editor.setAccessibleName("Transcript editor")
        self.editor.setAccessibleDescription(
            "Correct the words; timings are kept from the audio. Save scores the take again."
        )
        self.save_edit = QPushButton("Save and score again")
        self.save_edit.setDefault(True)
        self.cancel_edit = QPushButton("Cancel")
        self.edit_hint = QLabel(
            "Fix the words the model misheard. Timings stay those of the recording; "
            "the checks and the score are worked out again."
        )
        self.edit_hint.setWordWrap(True)
        theme.style(self.edit_hint, lambda: theme.text_style("text.muted"))
        editing = QWidget()
        ed = QVBoxLayout(editing)
        ed.setContentsMargins(4, 6, 4, 4)
        ed.addWidget(self.edit_hint)
        ed.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_edit)
        buttons.addWidget(self.save_edit)
        ed.addLayout(buttons)

        reading = QWidget()
        rd = QVBoxLayout(reading)
        rd.setContentsMargins(0, 0, 0, 0)
        rd.addLayout(bar)
        rd.addWidget(self.transcript, 1)

        self.transcript_stack = QStackedWidget()
        self.transcript_stack.addWidget(reading)
        self.transcript_stack.addWidget(editing)
        self.edit_button.clicked.connect(self.start_editing)
        self.cancel_edit.clicked.connect(self.stop_editing)
        self.save_edit.clicked.connect(self._save_edit)
        # Esc in the editor cancels the edit, not the page (whose Esc goes back).
        self.editor.installEventFilter(self)
        return self.transcript_stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._fit_tabs()
        if watched is self.tabs.tabBar() and event.type() == QEvent.Type.Wheel:
            QApplication.sendEvent(self.page_scroll.verticalScrollBar(), event)
            return True
        escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if watched is self.editor and escape:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.stop_editing()
                return True
        return super().eventFilter(watched, event)

    @property
    def editing(self) -> bool:
        """Whether the transcript editor is open."""
        return self.transcript_stack.currentIndex() == 1

    def start_editing(self) -> None:
        """Open the editor on the report's transcript."""
        if self._report is None or not self.edit_button.isEnabled():
            return
        self.tabs.setCurrentWidget(self.transcript_page)
        self.editor.setPlainText(self._report.transcript.text)
        self.transcript_stack.setCurrentIndex(1)
        self._scroll_to_tabs()
        self.editor.setFocus()

    def stop_editing(self) -> None:
        """Close the editor; the transcript is left as it was."""
        self.transcript_stack.setCurrentIndex(0)

    def _save_edit(self) -> None:
        text = self.editor.toPlainText().strip()
        if not text:
            self.show_notice("The transcript is empty: type the words you said, or Cancel.")
            return
        if self._report is not None and text == self._report.transcript.text.strip():
            self.stop_editing()
            return
        self.correction_requested.emit(text)

    def focus_next_take(self) -> None:
        """Put the keyboard on the first next step's sentence (or the card)."""
        self.page_scroll.ensureWidgetVisible(self.next_take)
        card = self.next_take
        shown = [link for link in card.links if link.isVisibleTo(card)]  # not a folded step's
        (shown[0] if shown else card).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_sentence(self, index: int) -> None:
        """Scroll the transcript to sentence ``index`` and highlight it."""
        self.tabs.setCurrentWidget(self.transcript_page)
        self.stop_editing()
        self._scroll_to_tabs()
        self.transcript.show_sentence(index)

    def _size_tabs_by_current(self) -> None:
        """The tabs take the height of the tab shown: a tall list of checks left the
        transcript a screenful of blank below its text (a stack sizes to its largest page)."""
        current = self.tabs.currentWidget()
        for page in (self.checks, self.transcript_page):
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.tabs.updateGeometry()

    def _scroll_to_tabs(self) -> None:
        # The checks / transcript fill the window once scrolled to their top.
        self.page_scroll.verticalScrollBar().setValue(self.tabs.geometry().top())

    def _fit_tabs(self) -> None:
        """Scrolled down, the checks or the transcript fill the window. Sized by the page's
        viewport, whenever it changes: sized on the page's own resize, the tabs kept the
        height of a one-line subtitle when the subtitle then wrapped to two (at 760x620 a
        transcript box 65 px short, scrolling its last 3 px beside the page's scroll bar)."""
        self.tabs.setMinimumHeight(max(self.MIN_TABS_PX, self.page_scroll.viewport().height() - 24))

    @property
    def report(self) -> Report | None:
        return self._report

    def set_settings(self, settings: AnalysisSettings) -> None:
        """The bands the figures are judged against (the user's own)."""
        self.next_take.set_settings(settings)
        self.scorecard.set_settings(settings)
        self.checks.set_settings(settings)
        self.timeline.set_pace_band((settings.pace.good_min_wpm, settings.pace.good_max_wpm))
        self.timeline.set_target_s(settings.speaking_time.target_s)
        self._order_tab_stops()  # the coach card's links and toggles were made anew

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
        corrected_now = self.editing  # the report of a correction just saved
        self.stop_editing()
        self.title.setText(title or report.question.text)
        self.export_button.setEnabled(stored)
        self.reanalyse_button.setEnabled(stored and playable)
        # Under a name given in History the question is said first, as the exports say it:
        # the page said nowhere which question a renamed take answered.
        question = question_line(title, report)
        self.subtitle.setText(" · ".join(part for part in (question, subtitle) if part))
        # What the analysis noticed about the recording itself (truncated, clipped, very
        # quiet, sound in the pauses ...) reads with the page's own notice, one line each.
        lines = [notice] if notice else []
        lines += warning_lines(report)
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))
        self.next_take.set_report(report)
        self.scorecard.set_report(report)
        self.timeline.set_report(report)
        self.legend.set_report(report)
        self.talking_points.set_report(report)
        self.checks.set_report(report)
        self.transcript.set_report(report)
        corrected = report.heard_text is not None
        self.corrected_note.setVisible(corrected)
        if corrected:
            self.corrected_note.setText("✎ Corrected by you. Hover to see what the model heard.")
            self.corrected_note.setToolTip(f"The speech model heard:\n{report.heard_text}")
            self.corrected_note.setAccessibleName("Transcript corrected by you")
            self.corrected_note.setAccessibleDescription(f"The model heard: {report.heard_text}")
        self.edit_button.setEnabled(stored)
        timed = report.delivery is not None
        self.play_hint.setVisible(timed and playable and not corrected)
        self.drills_button.setEnabled(timed and playable)
        self.play_button.setEnabled(timed and playable)
        self.play_button.setToolTip(
            "" if playable else "The recording of this take is not available."
        )
        self.set_position(0.0, playing=False)
        self._order_tab_stops()
        # A new report starts at the top, with the checks showing (a correction, with the
        # transcript it corrected).
        self.tabs.setCurrentIndex(self.tabs.indexOf(self.transcript_page) if corrected_now else 0)
        self.page_scroll.verticalScrollBar().setValue(0)

    def _order_tab_stops(self) -> None:
        """Tab goes down the page as it reads: the coach card's links and toggles, the
        timeline and its buttons, the talking points, the tabs, then the checks. The ones
        made with each report went to the end of the chain, so Tab reached the coach card,
        at the top, only after the checks at the bottom."""
        chains = (
            [self.page_scroll, *_tab_stops(self.next_take), self.timeline],
            [self.drills_button, *_tab_stops(self.talking_points), self.tabs, self.tabs.tabBar()],
            [self.tabs.tabBar(), *self.checks.tab_stops(), *_tab_stops(self.transcript_page)],
        )
        for chain in chains:
            for before, after in pairwise(chain):
                QWidget.setTabOrder(before, after)

    def set_position(self, seconds: float, *, playing: bool) -> None:
        total = self._report.delivery.recording_s if self._report and self._report.delivery else 0
        self.position.setText(f"{clock_text(seconds)} / {clock_text(total)}")
        self.play_button.setText("❚❚  &Pause" if playing else "▶  Play")
        self.play_button.setAccessibleName("Pause" if playing else "Play the take")
        self.timeline.set_playhead(seconds if playing or seconds > 0 else None)
        self.transcript.set_playhead(seconds if playing else None)

    def _on_sentence(self, index: int) -> None:
        if self._report is None:
            return
        sentences = self._report.content.sentences
        start_s = sentences[index].start_s if 0 <= index < len(sentences) else None
        if start_s is not None:
            self.seek_requested.emit(float(start_s))


def _tab_stops(widget: QWidget) -> list[QWidget]:
    """The widgets inside ``widget`` that Tab stops on, in the order they were made."""
    return [w for w in widget.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def _scrolling(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless vertical scroll area named ``name`` that shows the page's
    background, and a focus ring when the keyboard is on it.

    Without the transparent sheet the area painted the platform palette's window colour:
    in the System appearance (a new user's default) the results read Fusion's grey under a
    header of the window's own colour, as the practice and compare pages do not.
    The area keeps its Tab stop (the arrow and Page keys scroll a page most of whose text
    takes no focus), but with no frame a keyboard user saw no sign of where Tab had gone:
    a ring in the focus colour shows it, on a transparent border kept at all times so
    nothing moves when it appears."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    inner = widget.objectName() or f"{name}Page"
    widget.setObjectName(inner)
    theme.style(
        area,
        lambda: (
            theme.stylesheet("transparent", f"QScrollArea, QWidget#{inner}")
            + theme.stylesheet("focus_frame", f"QScrollArea#{name}")
        ),
    )
    area.viewport().setAutoFillBackground(False)
    return area
