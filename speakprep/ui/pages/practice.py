"""The practice screen: pick a question, press record (or Space), answer, stop.

A view only: it lays out the controls and reports what the user did through signals; the
practice controller decides what happens.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.models import Question, Report
from speakprep.core.settings import AnalysisSettings
from speakprep.preferences import SYSTEM_DEFAULT_MICROPHONE
from speakprep.services.analyze import Context
from speakprep.ui import theme
from speakprep.ui.widgets.clock import TargetClock, clock_state
from speakprep.ui.widgets.coach import NextFocus, rich_listing
from speakprep.ui.widgets.elided_label import ElidedLabel
from speakprep.ui.widgets.level_meter import LevelMeter
from speakprep.ui.widgets.talking_points import TalkingPointsPanel

CUSTOM = "__custom__"
RECENT_TITLE = "Your last takes of this question"
CAPTION_CHARS = 140
IDLE_HINT = "Press Space or the button to start"
BUSY_HINT = "Analysing your take…"
RECORD_TIP = "Record or stop (Space, or Ctrl+R while typing in a field)"

# %(state)s is "idle" or "busy": the button is red to start and dark while recording.
_RECORD_STYLE = """
QPushButton#recordButton {
    background: {record.%(state)s}; color: {text.on_accent}; border: none;
    border-radius: 44px; font-size: 17px; font-weight: 600; min-width: 88px;
    max-width: 88px; min-height: 88px; max-height: 88px;
}
QPushButton#recordButton:hover { background: {record.%(state)s_hover}; }
QPushButton#recordButton:focus { border: 3px solid {accent.focus_soft}; }
QPushButton#recordButton:disabled { background: {record.disabled}; color: {text.muted}; }
"""


class PracticeView(QWidget):
    """Question, optional company and role, the record control, clock, level and microphone."""

    record_toggled = Signal()
    import_requested = Signal()
    device_selected = Signal(object)  # the device name, or None for the system default
    question_changed = Signal()
    recent_take_activated = Signal(int)  # a take id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recording = False
        self._mic_ok = True
        title = QLabel("Practise an answer")
        title.setObjectName("pageTitle")
        theme.style(
            title, lambda: theme.text_style("text.ink", "font-size: 22px; font-weight: 600;")
        )
        form = self._build_question_form()
        card = self._build_record_card()
        self._build_notes()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)

        # In a scroll area: at the smallest window with the talking points open, the page
        # scrolls instead of squeezing the record card.
        content = QWidget()
        content.setObjectName("practiceContent")
        theme.style(content, lambda: theme.stylesheet("transparent", "QWidget#practiceContent"))
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setWidget(content)
        self.page_scroll.viewport().setAutoFillBackground(False)
        # Every part of the page takes focus itself (and Tab scrolls to it): a stop on the
        # scroll area was one Tab press a keyboard user saw do nothing, on every round.
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addLayout(form)
        self.talking_points = TalkingPointsPanel()
        layout.addWidget(self.talking_points)
        layout.addSpacing(6)
        layout.addWidget(card)
        layout.addWidget(self.banner)
        layout.addWidget(self.listen_for)
        layout.addWidget(self.next_focus)
        layout.addSpacing(6)
        layout.addWidget(self.recent_title)
        self.recent.setMinimumHeight(96)
        layout.addWidget(self.recent, 1)
        layout.addStretch(0)
        layout.addLayout(bottom)

        self._style_record_button()
        self.record_button.clicked.connect(self.record_toggled)
        self.import_button.clicked.connect(self.import_requested)
        self.question_box.currentIndexChanged.connect(self._on_question_index)
        self.custom_question.textChanged.connect(self.question_changed)
        self.device_box.activated.connect(self._on_device)

        # Space toggles recording unless the user is typing in a text field (a QLineEdit
        # claims the key first through ShortcutOverride).
        self.space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space.setContext(Qt.ShortcutContext.WindowShortcut)
        self.space.activated.connect(self._on_space)
        # Ctrl+R records and stops from anywhere on the page, a text field included.
        self.record_key = QShortcut(QKeySequence("Ctrl+R"), self)
        self.record_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.record_key.activated.connect(self._on_space)
        self.record_button.setToolTip(RECORD_TIP)
        self.import_button.setToolTip(
            "Analyse a recording you already have: wav, mp3, m4a, … (Ctrl+O)"
        )
        self._set_tab_order()

    def _build_question_form(self) -> QFormLayout:
        self.question_box = QComboBox()
        self.question_box.setAccessibleName("Question")
        self.question_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.question_box.setMinimumContentsLength(34)
        self.custom_question = QLineEdit()
        self.custom_question.setPlaceholderText("Type the question you want to practise")
        self.custom_question.setAccessibleName("Custom question")
        self.company = QLineEdit()
        self.company.setPlaceholderText("optional, e.g. Acme Health")
        self.company.setAccessibleName("Company")
        self.role = QLineEdit()
        self.role.setPlaceholderText("optional, e.g. data analyst")
        self.role.setAccessibleName("Role")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow("Question", self.question_box)
        self._custom_label = QLabel("Your question")
        form.addRow(self._custom_label, self.custom_question)
        company_row = QHBoxLayout()
        company_row.addWidget(self.company, 1)
        company_row.addSpacing(16)
        role_label = QLabel("Role")
        role_label.setBuddy(self.role)
        company_row.addWidget(role_label)
        company_row.addSpacing(4)
        company_row.addWidget(self.role, 1)
        form.addRow("Company", company_row)
        self._set_custom_visible(False)

        return form

    def _build_record_card(self) -> QFrame:
        self.record_button = QPushButton("Record")
        self.record_button.setObjectName("recordButton")
        self.record_button.setAccessibleName("Record")
        self.record_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hint = QLabel(IDLE_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft)
        theme.style(self.hint, lambda: theme.text_style("text.soft"))
        self.clock = TargetClock()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.caption, lambda: theme.text_style("text.soft", "font-style: italic;"))
        self.caption.setAccessibleName("What was heard so far")
        self.caption.setVisible(False)
        self.level = LevelMeter()
        self.device_box = QComboBox()
        self.device_box.setAccessibleName("Microphone")
        self.device_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        mic_row = QHBoxLayout()
        mic_label = QLabel("Microphone")
        mic_label.setBuddy(self.device_box)
        mic_row.addWidget(mic_label)
        mic_row.addWidget(self.device_box, 2)
        mic_row.addSpacing(12)
        mic_row.addWidget(self.level, 3)

        card = QFrame()
        card.setObjectName("recordCard")
        theme.style(card, lambda: theme.stylesheet("record_card", "QFrame#recordCard"))
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignVCenter)
        clock_col = QVBoxLayout()
        clock_col.setSpacing(4)
        clock_col.addWidget(self.clock)
        clock_col.addWidget(self.hint)
        clock_col.addWidget(self.caption)
        top.addLayout(clock_col, 1)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 22, 28, 18)
        card_layout.setSpacing(16)
        card_layout.addLayout(top)
        card_layout.addLayout(mic_row)

        return card

    def _build_notes(self) -> None:
        """The banner, the guidance, the recent takes and the status line."""
        self.banner = ElidedLabel()
        self.banner.setVisible(False)
        self._banner_about_take = False
        self.banner.setAccessibleName("Status")

        self.import_button = QPushButton("Import a recording…")
        self.import_button.setToolTip("Analyse a recording you already have (wav, mp3, m4a, …)")
        self.status = QLabel()
        theme.style(self.status, lambda: theme.text_style("text.muted"))

        self.listen_for = QLabel()
        self.listen_for.setWordWrap(True)
        self.listen_for.setTextFormat(Qt.TextFormat.RichText)
        theme.style(self.listen_for, lambda: theme.text_style("text.body"))
        self.listen_for.setAccessibleName("What interviewers listen for")

        self.recent_title = QLabel(RECENT_TITLE)
        self.recent_title.setWordWrap(True)  # a question it names may be long
        theme.style(self.recent_title, lambda: theme.text_style("text.body", "font-weight: 600;"))
        self.next_focus = NextFocus()
        self.recent = QListWidget()
        self.recent.setObjectName("recentTakes")
        self.recent.setAccessibleName(RECENT_TITLE)
        theme.style(self.recent, lambda: theme.stylesheet("list", "QListWidget#recentTakes"))
        self.recent.setToolTip("Double-click or press Enter to open a take")
        # As tall as its rows ask for, not a list's stock 192 px: three rows left a box of
        # empty space that pushed Import below the fold once a banner showed above it.
        self.recent.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.recent.itemActivated.connect(self._on_recent)
        self.recent_title.setVisible(False)
        self.recent.setVisible(False)

    # -- what the controller sets ----------------------------------------------------------
    def set_questions(self, questions: Sequence[Question], current: str | None = None) -> None:
        self.question_box.blockSignals(True)
        self.question_box.clear()
        for q in questions:
            self.question_box.addItem(q.text, q.id)
        self.question_box.insertSeparator(self.question_box.count())
        self.question_box.addItem("Custom question…", CUSTOM)
        self.question_box.blockSignals(False)
        self.select_question(current)

    def set_listen_for(
        self, wanted: Sequence[str], avoid: Sequence[str] = (), *, note: str = ""
    ) -> None:
        """What the chosen question asks for and what to avoid, as two lines of guidance;
        ``note`` (whose checks a question of the user's own gets) as a line above them."""
        lines = []
        if note:
            lines.append(html.escape(note) + ":")
        if wanted:
            lines.append("<b>Interviewers listen for:</b> " + rich_listing(wanted))
        if avoid:
            lines.append("<b>Avoid:</b> " + rich_listing(avoid))
        self.listen_for.setText("<br>".join(lines))

    def select_question(self, id_or_text: str | None) -> None:
        index = self.question_box.findData(id_or_text) if id_or_text else 0
        if index < 0:  # a custom question remembered from last time
            index = self.question_box.findData(CUSTOM)
            self.custom_question.setText(id_or_text or "")
        self.question_box.setCurrentIndex(max(0, index))
        self._set_custom_visible(self.question_box.currentData() == CUSTOM)

    def set_devices(self, names: Sequence[str], current: str | None) -> None:
        self.device_box.clear()
        self.device_box.addItem(SYSTEM_DEFAULT_MICROPHONE, None)
        for name in names:
            self.device_box.addItem(name, name)
        if current and current not in names:
            self.device_box.addItem(f"{current} (not connected)", current)
        index = self.device_box.findData(current) if current else 0
        self.device_box.setCurrentIndex(max(0, index))

    def set_microphone_available(self, available: bool, message: str = "") -> None:
        self._mic_ok = available
        self.record_button.setEnabled(available)
        self.device_box.setEnabled(available)
        self.hint.setText(self._idle_hint())
        self.record_button.setToolTip(RECORD_TIP if available else message)

    def clear_last_take(self) -> None:
        """Ready for a new take: the clock back at 0:00, no cue, caption or level left over.

        The clock holds the last take's length while it is analysed; coming back to
        practise ("Practise again", or the Practice button) starts from nothing, and so
        does a take that failed or was cancelled (it was not scored).
        """
        self.clock.reset()
        self.level.reset()
        self.set_caption("", visible=False)
        self.hint.setText(self._idle_hint())

    def _idle_hint(self) -> str:
        return IDLE_HINT if self._mic_ok else "Recording is unavailable"

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A window restored from the taskbar (spontaneous) keeps what it showed.
        if not event.spontaneous() and not self._recording:
            self.clear_last_take()
            if self._banner_about_take:  # the user moved on from that take
                self.clear_banner()

    def set_recording(self, recording: bool) -> None:
        self._recording = recording
        self.record_button.setText("Stop" if recording else "Record")
        self.record_button.setAccessibleName("Stop recording" if recording else "Record")
        self.hint.setText(
            "Recording… press Space or the button to stop" if recording else self._idle_hint()
        )
        for w in (
            self.question_box,
            self.custom_question,
            self.company,
            self.role,
            self.recent,
            self.talking_points,
        ):
            w.setEnabled(not recording)
        self.device_box.setEnabled(not recording and self._mic_ok)
        self.import_button.setEnabled(not recording)
        self._style_record_button()

    def set_caption(self, text: str, *, visible: bool) -> None:
        """The running caption: the end of what was heard so far, one or two lines."""
        if len(text) > CAPTION_CHARS:
            text = "…" + text[-CAPTION_CHARS:].split(" ", 1)[-1]
        self.caption.setText(text)
        self.caption.setVisible(visible and bool(text))

    def set_time_cue(
        self, elapsed_s: float, target_s: float, *, limit_notice: str | None = None
    ) -> None:
        """A gentle word under the clock as the target nears, instead of a dashboard.

        ``limit_notice`` (from a minute before the recording's length limit) wins: the take
        is about to stop by itself.
        """
        state = clock_state(elapsed_s, target_s)
        if limit_notice:
            self.hint.setText(limit_notice)
        elif state == "near":
            left = max(0, round(target_s - elapsed_s))
            self.hint.setText(f"Time to wrap up: {left} s to your target")
        elif state == "over":
            self.hint.setText("Past your target: finish your sentence and stop")
        else:
            self.hint.setText("Recording… press Space or the button to stop")

    def set_busy(self, busy: bool) -> None:
        """While a take is analysed the record button waits, and the hint under it says why:
        "Press Space or the button to start" sat under a greyed-out button."""
        self.record_button.setEnabled(not busy and self._mic_ok)
        self.import_button.setEnabled(not busy)
        self.hint.setText(BUSY_HINT if busy else self._idle_hint())

    def set_interview(self, company: str, role: str) -> None:
        """The company and role of the interview practised for."""
        self.company.setText(company)
        self.role.setText(role)

    def interview(self) -> tuple[str, str]:
        """(company, role) as typed, trimmed."""
        return self.company.text().strip(), self.role.text().strip()

    def set_target_s(self, target_s: float) -> None:
        """The target the clock counts toward."""
        self.clock.set_target_s(target_s)

    def show_banner(
        self, text: str, kind: str = "info", *, tooltip: str = "", about_take: bool = False
    ) -> None:
        """``text`` above the guidance, on one line (whole on hover); ``tooltip`` a detail on
        hover (a file's path). A banner ``about_take`` (one not scored, cancelled) goes when
        the user comes back to the page: found as a new user, it stayed until the next take."""
        self.banner.setText(text)
        self.banner.set_detail(tooltip)
        self._banner_about_take = about_take
        theme.style(
            self.banner,
            lambda: (
                f"QLabel {{ {theme.banner_style(kind)} border-radius: 8px; padding: 8px 12px; }}"
            ),
        )
        self.banner.setVisible(bool(text))

    def clear_banner(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)

    def set_recent_takes(
        self, rows: Sequence[tuple[int, str]], *, stand_in: str | None = None
    ) -> None:
        """``(take id, one line)`` for the latest takes of the chosen question. ``stand_in``:
        the question a take is saved under while "Custom question…" is chosen with nothing
        typed; the title names it ("this question" listed the career-goals takes as if they
        were the custom question's)."""
        title = f"Your last takes of “{stand_in}” (until you type your question)"
        self.recent_title.setText(title if stand_in else RECENT_TITLE)
        self.recent.setAccessibleName(self.recent_title.text())
        self.recent.clear()
        for take_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, take_id)
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(rows))
        self.recent.setVisible(bool(rows))

    def set_next_focus(self, report: Report | None, settings: AnalysisSettings | None) -> None:
        """The steps the last take's "Your next take" card gave first, under the guidance, or
        with none its well-done line (no take: the line is hidden). The card was gone once the
        user pressed Practise again, and this screen listed the last takes' figures with
        nothing on what to change."""
        self.next_focus.set_report(report, settings)

    # -- what the controller reads ---------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self._recording

    def question_id_or_text(self) -> str | None:
        data = self.question_box.currentData()
        if data == CUSTOM:
            return self.custom_question.text().strip() or None
        return data

    def context(self) -> Context:
        points = self.talking_points.points()
        return Context(
            question=self.question_id_or_text(),
            company=self.company.text().strip() or None,
            role=self.role.text().strip() or None,
            talking_points=None if points.empty else points,
        )

    def selected_device(self) -> str | None:
        return self.device_box.currentData()

    # -- internals -------------------------------------------------------------------------
    def _set_tab_order(self) -> None:
        """Tab follows the page from top to bottom: the question, the interview, the notes,
        then record, the microphone, import and the recent takes."""
        chain: list[QWidget] = [
            self.question_box,
            self.custom_question,
            self.company,
            self.role,
            self.talking_points.toggle,
            *self.talking_points.fields.values(),
            self.record_button,
            self.device_box,
            self.import_button,
            self.recent,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _on_space(self) -> None:
        if self.record_button.isEnabled() and self.isVisible():
            self.record_toggled.emit()

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_take_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_question_index(self, _index: int) -> None:
        custom = self.question_box.currentData() == CUSTOM
        self._set_custom_visible(custom)
        if custom:
            self.custom_question.setFocus()
        self.question_changed.emit()

    def _on_device(self, _index: int) -> None:
        self.device_selected.emit(self.device_box.currentData())

    def _set_custom_visible(self, visible: bool) -> None:
        self._custom_label.setVisible(visible)
        self.custom_question.setVisible(visible)

    def _style_record_button(self) -> None:
        state = "busy" if self._recording else "idle"
        theme.style(self.record_button, lambda: theme.css(_RECORD_STYLE % {"state": state}))
