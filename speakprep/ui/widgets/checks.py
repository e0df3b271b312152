"""The rubric checks of a report: one row per check, with its advice and evidence sentences."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.delivery import judge_report
from speakprep.core.models import CheckResult, Delivery, Report, Sentence
from speakprep.core.score import tally_checks
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.palette import STATUS_SYMBOLS
from speakprep.render.text import band_change_note, check_word
from speakprep.ui import theme
from speakprep.ui.widgets.disclosure import Disclosure
from speakprep.ui.widgets.tiles import (
    CARD,
    FOCUS,
    INK,
    MUTED,
    TEXT,
    heading_row,
    hex_of,
    label,
    tint,
)


def why_text(check: CheckResult) -> str:
    """The check's reason as a line people read ("" when the report has none)."""
    return f"Why: {check.reason}" if check.reason else ""


class EvidenceItem(QFrame):
    """One quoted evidence sentence; click it, or press Enter or Space, to play from there."""

    activated = Signal(int)

    def __init__(self, index: int, sentence: Sentence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("evidence")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        start_s = sentence.start_s
        timed = start_s is not None

        self.time = label(
            clock_text(start_s) if start_s is not None else "", parent=self, color=MUTED
        )
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:00") + 4)
        self.time.setVisible(timed)
        self.quote = label(f"“{sentence.text.strip()}”", parent=self, color=INK, wrap=True)
        self.quote.setObjectName("quote")
        font = self.quote.font()
        font.setItalic(True)
        self.quote.setFont(font)
        self.quote.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.play = label("▶" if timed else "", parent=self, scale=0.85, color=MUTED)

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 7, 12, 7)
        row.setSpacing(10)
        row.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.quote, 1)
        row.addWidget(self.play, 0, Qt.AlignmentFlag.AlignTop)

        name = theme.label_name(sentence.label)
        accent_role = f"band.{theme.known_label(sentence.label)}"
        if timed:
            self.setToolTip(f"{name} · {self.time.text()}. Click to play from here.")
            self.setAccessibleName(f"Play from {self.time.text()}: {sentence.text.strip()}")
        else:
            self.setToolTip(f"{name}. Sentence {index + 1} of the transcript.")
            self.setAccessibleName(f"Sentence {index + 1}: {sentence.text.strip()}")
        if sentence.reason:
            self.setToolTip(f"{self.toolTip()}\n{name}: {sentence.reason}")
        self.setAccessibleDescription(f"{name}: {sentence.reason}" if sentence.reason else name)
        theme.style(
            self,
            lambda: (
                f"QFrame#evidence {{ background: {hex_of(CARD)}; border: 1px solid transparent;"
                f" border-left: 3px solid {hex_of(accent_role)}; border-radius: 4px; }}"
                f"QFrame#evidence:hover {{ background: {tint(accent_role, 0.14)}; }}"
                f"QFrame#evidence:focus {{ border: 1px solid {hex_of(FOCUS)};"
                f" border-left: 3px solid {hex_of(FOCUS)}; }}"
            ),
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit(self.index)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.index)
            event.accept()
            return
        super().keyPressEvent(event)


class CheckRow(QFrame):
    """One check: status badge, title, status in words, advice and collapsible evidence."""

    activated = Signal(int)

    def __init__(
        self,
        check: CheckResult,
        sentences: tuple[Sentence, ...],
        parent: QWidget | None = None,
        *,
        delivery: Delivery | None = None,
        judged: Delivery | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.setObjectName("checkRow")
        word = check_word(check, delivery)
        color = theme.status_role(check.status)

        self.badge = QLabel(STATUS_SYMBOLS.get(check.status, "?"), self)
        self.badge.setObjectName("badge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(26, 26)
        theme.style(
            self.badge,
            lambda: (
                f"QLabel {{ background: {hex_of(color)}; color: {hex_of('text.on_status')};"
                " border-radius: 13px;"
                " font-weight: bold; }"
            ),
        )
        self.title = label(check.title, parent=self, scale=1.05, bold=True, color=INK)
        self.title.setObjectName("title")
        self.status_label = label(word, parent=self, scale=0.9, bold=True, color=color)
        self.status_label.setObjectName("status")
        self.advice = label(check.advice, parent=self, color=TEXT, wrap=True)
        self.advice.setObjectName("advice")
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # ``judged``: the delivery by the user's bands now, as the tiles show it.
        self.band_note = label(
            band_change_note(check, judged), parent=self, scale=0.9, color=MUTED, wrap=True
        )
        self.band_note.setObjectName("bandNote")
        self.band_note.setVisible(bool(self.band_note.text()))

        self.evidence_items = [
            EvidenceItem(i, sentences[i], self) for i in check.evidence if 0 <= i < len(sentences)
        ]
        self.evidence_box = QWidget(self)
        n = len(self.evidence_items)
        noun = "sentence" if n == 1 else "sentences"
        self.toggle = Disclosure(
            self.evidence_box,
            lambda opened: f"{'Hide' if opened else 'Show'} evidence ({n} {noun})",
            lambda opened: f"{'Hide' if opened else 'Show'} the evidence for {check.title}",
            self,
        )
        self.toggle.setVisible(bool(self.evidence_items))
        box = QVBoxLayout(self.evidence_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(6)
        # Why the check came out so (the cue, sentence or measure behind it): on hover, and
        # with the evidence when it is shown.
        self.why = label(why_text(check), parent=self.evidence_box, scale=0.9, color=MUTED)
        self.why.setObjectName("why")
        self.why.setWordWrap(True)
        self.why.setVisible(bool(check.reason))
        box.addWidget(self.why)
        for item in self.evidence_items:
            box.addWidget(item)
            item.activated.connect(self.activated)

        grid = QGridLayout(self)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.badge, 0, 0, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.status_label, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.advice, 1, 1, 1, 2)
        grid.addWidget(self.band_note, 2, 1, 1, 2)
        grid.addWidget(self.toggle, 3, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.evidence_box, 4, 1, 1, 2)
        grid.setColumnStretch(1, 1)

        self.setAccessibleName(f"{check.title}: {word}")
        self.setAccessibleDescription(
            " ".join(x for x in (check.advice, self.band_note.text(), why_text(check)) if x)
        )
        if check.reason:
            for part in (self, self.title, self.status_label, self.badge, self.advice):
                part.setToolTip(why_text(check))
        self.badge.setAccessibleName(word)
        # A found pitfall's evidence is the thing to fix: show it; other evidence waits.
        self.set_expanded(check.status != "pass" and bool(self.evidence_items))

    @property
    def expanded(self) -> bool:
        return self.toggle.is_open

    def set_expanded(self, expanded: bool) -> None:
        """Show or hide the evidence sentences."""
        self.toggle.set_open(expanded)


class ChecksView(QWidget):
    """The rubric checks of a report, required checks first and pitfalls after.

    Checks the question does not ask for are listed by name at the end, de-emphasised.
    ``sentence_activated`` carries the index (into ``report.content.sentences``) of an
    evidence sentence the user clicked or pressed Enter on. The view does not scroll: it
    takes its natural height in a page that scrolls.
    """

    sentence_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksView")
        self.rows: list[CheckRow] = []
        self._report: Report | None = None
        self._settings: AnalysisSettings | None = None
        self.heading = label("Rubric checks", parent=self, scale=1.2, bold=True, color=INK)
        self.summary = label(parent=self, scale=0.95, bold=True, color=MUTED)
        self.summary.setObjectName("summary")
        self.not_asked = label(parent=self, scale=0.9, color=MUTED, wrap=True)
        self.not_asked.setObjectName("notAsked")
        self.not_asked.hide()
        self._body = QVBoxLayout()
        self._body.setSpacing(8)

        head = heading_row(self.heading, self.summary)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 8, 4, 8)
        outer.setSpacing(12)
        outer.addLayout(head)
        outer.addLayout(self._body)
        outer.addWidget(self.not_asked)
        outer.addStretch(1)
        self.setAccessibleName("Rubric checks")

    def heightForWidth(self, width: int) -> int:
        """Its height at ``width``; none while hidden (another tab shown). A tab stack asks
        every page, shown or not, and took the checks' height for the transcript too, a
        screenful of blank under its text."""
        return -1 if self.isHidden() else super().heightForWidth(width)

    def tab_stops(self) -> list[QWidget]:
        """What Tab stops on, top to bottom: each check's "Show evidence", then its
        sentences (made before the toggle that opens them, so Tab reached them first)."""
        return [w for row in self.rows for w in (row.toggle, *row.evidence_items)]

    def set_settings(self, settings: AnalysisSettings) -> None:
        """The user's bands, which the tiles judge the take by: a speaking-time check kept
        by other bands says so under its advice. The report shown is shown again."""
        self._settings = settings
        if self._report is not None:
            self.set_report(self._report)

    def set_report(self, report: Report) -> None:
        """Show the checks of ``report``."""
        self._report = report
        self._clear()
        checks = report.content.checks
        applying = [c for c in checks if c.applies]
        required = [c for c in applying if not c.pitfall]
        pitfalls = [c for c in applying if c.pitfall]
        # The delivery by the user's bands now, as the tiles show it (once for every row).
        judged = judge_report(report, self._settings).delivery if self._settings else None
        if required:
            self._add_group("What the answer needs", required, report, judged)
        if pitfalls:
            self._add_group("Pitfalls to avoid", pitfalls, report, judged)

        skipped = [c.title for c in checks if not c.applies]
        self.not_asked.setText(
            "Not asked by this question: " + ", ".join(skipped) + "." if skipped else ""
        )
        self.not_asked.setVisible(bool(skipped))

        tally = tally_checks(checks)  # the one count history, progress and exports show
        words = [tally.met_text, tally.pitfall_text]
        self.summary.setText(" · ".join(words))
        theme.style(self.summary, lambda: theme.text_style(theme.status_role(tally.tone)))
        self.summary.setAccessibleName("Checks summary: " + ", ".join(words))

    def row(self, check_id: str) -> CheckRow:
        """The row of one check (by its rubric id)."""
        for r in self.rows:
            if r.check.id == check_id:
                return r
        raise KeyError(check_id)

    def _add_group(
        self, title: str, checks: list[CheckResult], report: Report, judged: Delivery | None
    ) -> None:
        caption = label(title.upper(), parent=self, scale=0.8, bold=True, color=MUTED)
        if self._body.count():
            self._body.addSpacing(14)  # groups read as separate blocks, not one long list
        self._body.addWidget(caption)
        card = QFrame(self)
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.card(card, "checksCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(0, 2, 0, 2)
        box.setSpacing(0)
        for i, check in enumerate(checks):
            if i:
                box.addWidget(_divider(card))
            row = CheckRow(
                check, report.content.sentences, card, delivery=report.delivery, judged=judged
            )
            row.activated.connect(self.sentence_activated)
            box.addWidget(row)
            self.rows.append(row)
        self._body.addWidget(card)

    def _clear(self) -> None:
        self.rows = []
        while self._body.count():
            item = self._body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _divider(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFixedHeight(1)
    theme.style(line, lambda: theme.stylesheet("divider"))
    return line
