"""The drills of one take: step through its fillers and long pauses, each played with a
second of context, and practise one sentence again. A view: it reports what the user asks
for (play a range, record a sentence) and shows what it is given."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.drills import DrillItem, SentenceDelivery, drill_items, sentence_delivery
from speakprep.core.models import Report
from speakprep.core.units import clock_text
from speakprep.ui import theme
from speakprep.ui.widgets.elided_combo import ElidedComboBox
from speakprep.ui.widgets.tiles import INK, MUTED, TEXT, heading_row, label

NO_ITEMS = "No fillers and no long pauses in this take: nothing to drill here."
# Found as a new user: the dialog opened on "“umm” at 0:05" with nothing saying what to do.
INTRO = (
    "Play each filler or long pause to hear it, then record its sentence again below without it."
)
PICKER_MIN_CHARS = 16  # "0:15  Uh, in my f…": the time and the sentence's first words


class DrillsView(QDialog):
    """Fillers and long pauses one at a time (N / P or the arrow keys, Space plays), and
    "Practise this sentence": record one sentence again and compare it with the original.

    ``play_requested`` carries (from_s, to_s) of the take; ``practise_toggled`` the index
    of the sentence to record (the controller starts or stops the recording).
    """

    play_requested = Signal(float, float)
    practise_toggled = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drills")
        self.setObjectName("drills")
        self._report: Report | None = None
        self.items: tuple[DrillItem, ...] = ()
        self.index = 0

        self.heading = label(
            "Fillers and long pauses", parent=self, scale=1.1, bold=True, color=INK
        )
        self.counter = label(parent=self, bold=True, color=MUTED)
        self.counter.setObjectName("drillCounter")
        self.intro = label(INTRO, parent=self, scale=0.9, color=MUTED, wrap=True)
        self.intro.setObjectName("drillIntro")
        self.what = label(parent=self, scale=1.2, bold=True, color=INK)
        self.what.setObjectName("drillWhat")
        self.context = label(parent=self, color=TEXT, wrap=True)
        self.context.setObjectName("drillSentence")
        self.prev_button = QPushButton("◂ Previous")
        self.prev_button.setToolTip("Previous filler or pause (P or Left)")
        self.play_button = QPushButton("▶ Play")
        self.play_button.setToolTip("Play it with a second either side (Space)")
        self.next_button = QPushButton("Next ▸")
        self.next_button.setToolTip("Next filler or pause (N or Right)")
        steps = QHBoxLayout()
        steps.addWidget(self.prev_button)
        steps.addWidget(self.play_button)
        steps.addWidget(self.next_button)
        steps.addStretch(1)

        self.practise_heading = label(
            "Practise this sentence", parent=self, scale=1.1, bold=True, color=INK
        )
        self.sentences = ElidedComboBox()
        self.sentences.setAccessibleName("Sentence to practise")
        # Sized by a short sentence's start, not by 30 characters: at a large font the
        # picker and its button made the window wider than a 760 px screen, and the
        # sentence chosen was cut off mid-word; it ends in "…" now, whole on hover.
        self.sentences.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.sentences.setMinimumContentsLength(PICKER_MIN_CHARS)
        self.record_button = QPushButton("● Record it again")
        self.record_button.setToolTip("Say the sentence again; press again to stop (R)")
        self.practise_note = label(
            "A practice recording is analysed like a take but not saved to your history.",
            parent=self,
            scale=0.9,
            color=MUTED,
            wrap=True,
        )
        self.comparison = QFrame()
        self.comparison.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.card(self.comparison, "drillComparison")
        self.grid = QGridLayout(self.comparison)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.comparison.hide()
        pick = QHBoxLayout()
        pick.addWidget(self.sentences, 1)
        pick.addWidget(self.record_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(8)
        head = heading_row(self.heading, self.counter)
        box.addLayout(head)
        box.addWidget(self.intro)
        box.addWidget(self.what)
        box.addWidget(self.context)
        box.addLayout(steps)
        box.addSpacing(12)
        box.addWidget(self.practise_heading)
        box.addLayout(pick)
        box.addWidget(self.practise_note)
        box.addWidget(self.comparison)
        box.addStretch(1)
        # Found as a new user: only Esc closed the dialog; Close does what Esc does.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        box.addWidget(buttons)
        self.resize(560, 420)

        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.play_button.clicked.connect(self.play_current)
        self.record_button.clicked.connect(self._practise)
        for keys, slot in (
            ("N", self.next),
            ("Right", self.next),
            ("P", self.previous),
            ("Left", self.previous),
            ("Space", self.play_current),
            ("R", self._practise),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def set_report(self, report: Report) -> None:
        """Drill ``report``: its fillers and long pauses, its sentences to practise."""
        self._report = report
        self.items = drill_items(report)
        self.index = 0
        self.sentences.clear()
        for i, s in enumerate(report.content.sentences):
            if s.start_s is not None:
                self.sentences.addItem(f"{clock_text(s.start_s)}  {s.text.strip()}", i)
        self.comparison.hide()
        self.set_recording(False)
        self._show()

    def current(self) -> DrillItem | None:
        """The filler or pause on screen."""
        return self.items[self.index] if self.items else None

    def next(self) -> None:
        if self.items and self.index < len(self.items) - 1:
            self.index += 1
            self._show()
            self.play_current()

    def previous(self) -> None:
        if self.items and self.index > 0:
            self.index -= 1
            self._show()
            self.play_current()

    def play_current(self) -> None:
        item = self.current()
        if item is not None:
            self.play_requested.emit(item.play_from_s, item.play_to_s)

    def select_sentence(self, index: int) -> None:
        """Pick sentence ``index`` (into ``report.content.sentences``) to practise."""
        k = self.sentences.findData(index)
        if k >= 0:
            self.sentences.setCurrentIndex(k)

    def set_recording(self, recording: bool) -> None:
        self.record_button.setText("■ Stop" if recording else "● Record it again")
        self.record_button.setAccessibleName(
            "Stop recording the sentence" if recording else "Record the sentence again"
        )
        self.sentences.setEnabled(not recording)

    def show_comparison(self, index: int, again: SentenceDelivery) -> None:
        """The sentence as first said against the practice recording."""
        assert self._report is not None
        before = sentence_delivery(self._report, index)
        while self.grid.count():
            item = self.grid.takeAt(0)
            cell = item.widget() if item is not None else None
            if cell is not None:
                cell.deleteLater()
        rows = (
            ("", "In the take", "Practised"),
            ("Fillers", str(before.fillers), str(again.fillers)),
            ("Pace", f"{before.wpm:.0f} wpm", f"{again.wpm:.0f} wpm"),
            ("Time", f"{before.speaking_s:.1f} s", f"{again.speaking_s:.1f} s"),
        )
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = QLabel(text)
                theme.style(
                    cell, partial(theme.text_style, INK if r == 0 or c == 0 else "text.body")
                )
                self.grid.addWidget(cell, r, c)
        said = QLabel(f"You said: “{again.text.strip()}”")
        said.setWordWrap(True)
        said.setObjectName("practisedText")
        theme.style(said, lambda: theme.text_style(MUTED))
        self.grid.addWidget(said, len(rows), 0, 1, 3)
        self.comparison.setAccessibleName(
            f"Fillers {before.fillers} then {again.fillers}; pace {before.wpm:.0f} then "
            f"{again.wpm:.0f} words a minute"
        )
        self.comparison.show()

    def _practise(self) -> None:
        index = self.sentences.currentData()
        if index is not None:
            self.practise_toggled.emit(int(index))

    def _show(self) -> None:
        item = self.current()
        has = item is not None
        for button in (self.prev_button, self.play_button, self.next_button):
            button.setEnabled(has)
        self.intro.setVisible(item is not None)  # NO_ITEMS says all there is to say
        if item is None:
            self.counter.setText("")
            self.what.setText(NO_ITEMS)
            self.context.setText("")
            return
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.items) - 1)
        self.counter.setText(f"{self.index + 1} of {len(self.items)}")
        kind = f"“{item.text}”" if item.kind == "filler" else item.text
        self.what.setText(f"{kind} at {clock_text(item.start_s)}")
        self.what.setAccessibleName(f"Drill {self.index + 1} of {len(self.items)}: {kind}")
        sentences = self._report.content.sentences if self._report else ()
        s = item.sentence_index
        quote = sentences[s].text.strip() if s is not None and s < len(sentences) else ""
        self.context.setText(f"In: “{quote}”" if quote else "")
        if s is not None:
            self.select_sentence(s)
