"""The coaching cards at the top of the results: "Your next take" and the talking points."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from speakprep.core.coaching import NextStep, explain_gain
from speakprep.core.coaching_text import default_coaching
from speakprep.core.models import Report, Sentence
from speakprep.core.settings import AnalysisSettings
from speakprep.core.talking_points import PointMatch
from speakprep.core.units import clock_text
from speakprep.render.coaching import (
    POINT_NAMES,
    judged_steps,
    lead_line,
    rescore_note,
    steps_summary,
    well_done_text,
)
from speakprep.ui import theme
from speakprep.ui.widgets.disclosure import Disclosure
from speakprep.ui.widgets.tiles import FOCUS, INK, MUTED, TEXT, heading_row, hex_of, label, tint


def focus_steps(report: Report, settings: AnalysisSettings | None) -> list[str]:
    """The titles of the steps the take's "Your next take" card shows in full, judged by
    ``settings`` (the user's bands now) as the tiles beside them judge."""
    return [step.title for step in judged_steps(report, settings)[: default_coaching().max_steps]]


def rich_listing(items: Sequence[str]) -> str:
    """``items`` as rich text joined by " · ", each kept on one line: a narrow window broke
    the guidance inside an item ("Specific" at a line's end, "(SMART)" alone below)."""
    return " · ".join(html.escape(item).replace(" ", "&nbsp;") for item in items)


class NextFocus(QLabel):
    """One line on what to work on from a take: its card's first steps, or its well-done
    line. The same words on the practice, compare and progress screens: a new user found
    Compare and Progress showed how takes went and never what to do next. ``take`` names
    the take as the line goes on after "from" (the user's last one unless told: Compare's
    later take may not be)."""

    def __init__(self, parent: QWidget | None = None, *, take: str = "your last take") -> None:
        super().__init__(parent)
        self._steps_caption = f"From {take}, work on:"
        self._done_caption = f"{take[:1].upper()}{take[1:]}:"
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        theme.style(self, lambda: theme.text_style("text.body"))
        self.setAccessibleName(f"What to work on from {take}")
        self.setVisible(False)

    def set_steps(self, steps: Sequence[str], *, done: str = "") -> None:
        """Show ``steps``, or with none the well-done line ``done`` (neither: hidden)."""
        if steps:
            text = f"<b>{self._steps_caption}</b> " + rich_listing(steps)
        else:
            text = f"<b>{self._done_caption}</b> " + html.escape(done) if done else ""
        self.setText(text)
        self.setVisible(bool(text))

    def set_report(self, report: Report | None, settings: AnalysisSettings | None) -> None:
        """What to work on from ``report``, judged by ``settings`` (None: hidden)."""
        if report is None:
            self.set_steps([])
            return
        self.set_steps(focus_steps(report, settings), done=well_done_text(report))


class SentenceLink(QToolButton):
    """A small link to one sentence of the take: click (or Enter / Space) to show it."""

    def __init__(self, index: int, sentence: Sentence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        when = clock_text(sentence.start_s) if sentence.start_s is not None else ""
        words = sentence.text.strip().split()
        quote = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        # "→", not "▸": the arrow of a Disclosure says "opens here", and this goes elsewhere.
        self.setText(f"→ {when + '  ' if when else ''}“{quote}”")
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Show this sentence in the transcript")
        self.setAccessibleName(f"Show in the transcript: {sentence.text.strip()}")
        theme.style(
            self,
            lambda: (
                f"QToolButton {{ color: {hex_of(FOCUS)};"
                " border: 1px solid transparent; border-radius: 4px; padding: 1px 4px;"
                " text-align: left; }"
                f"QToolButton:hover {{ background: {tint(FOCUS, 0.1)}; }}"
                f"QToolButton:focus {{ border-color: {tint(FOCUS, 0.6)}; }}"
            ),
        )


class NextTakeCard(QFrame):
    """The changes that would raise this answer most (``core.coaching``), best first.

    The first ``max_steps`` are shown in full; a further step (one for a delivery tile
    shown amber or red) is a line with its title and points that opens to its advice, so
    a weak take's list stays short enough to read. Each step says the score it leads to,
    with the steps above it done. An Excellent answer shows a well-done line first.
    ``sentence_activated`` carries the index of a sentence a step quotes, when clicked.
    """

    sentence_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextTake")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.style(
            self,
            lambda: (
                f"QFrame#nextTake {{ background: {tint(FOCUS, 0.06)};"
                f" border: 1px solid {tint(FOCUS, 0.35)}; border-radius: 10px; }}"
            ),
        )
        self.heading = label("Your next take", parent=self, scale=1.15, bold=True, color=INK)
        self.summary = label(parent=self, scale=0.9, bold=True, color=MUTED)
        self.summary.setObjectName("stepsSummary")
        self.steps: tuple[NextStep, ...] = ()
        self._settings: AnalysisSettings | None = None  # None: the packaged bands
        self._report: Report | None = None
        self.step_boxes: list[QWidget] = []
        self.toggles: list[Disclosure] = []  # one per step shown folded
        self.links: list[SentenceLink] = []
        self._body = QVBoxLayout()
        self._body.setSpacing(10)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(8)
        box.addLayout(heading_row(self.heading, self.summary))
        box.addLayout(self._body)
        self.setAccessibleName("Your next take")

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Find and word the steps by these bands (the user's own, as the tiles beside them
        judge), the report shown included."""
        self._settings = settings
        if self._report is not None:
            self.set_report(self._report)

    def set_report(self, report: Report) -> None:
        """Show the next steps of ``report`` (an Excellent one's well-done line first)."""
        self._report = report
        _clear(self._body)
        self.step_boxes, self.toggles, self.links = [], [], []
        self.steps = judged_steps(report, self._settings)
        self.summary.setText(steps_summary(self.steps, report.score.total))
        lines = []
        rescore = rescore_note(self.steps, report, self._settings)
        if rescore:
            note = label(rescore, parent=self, scale=0.9, color=MUTED, wrap=True)
            note.setObjectName("bandsNote")
            self._body.addWidget(note)
            lines.append(rescore)
        text = lead_line(report, self.steps)
        if text:
            done = label(text, parent=self, color=TEXT, wrap=True)
            done.setObjectName("wellDone")
            self._body.addWidget(done)
            lines.append(text)
        sentences = report.content.sentences
        in_full = default_coaching().max_steps
        for n, step in enumerate(self.steps, 1):
            self._body.addWidget(self._step_box(n, step, sentences, folded=n > in_full))
        _same_width([b.findChild(QLabel, "stepGain") for b in self.step_boxes])
        lines += [f"{n}. {s.title} ({explain_gain(s)})." for n, s in enumerate(self.steps, 1)]
        self.setAccessibleDescription(" ".join(lines))

    def _step_box(
        self, n: int, step: NextStep, sentences: tuple[Sentence, ...], *, folded: bool
    ) -> QWidget:
        box = QWidget(self)
        box.setObjectName("nextStep")
        title = label(f"{n}. {step.title}", parent=box, bold=True, color=INK)
        title.setObjectName("stepTitle")
        gain = label(explain_gain(step), parent=box, scale=0.85, bold=True, color=MUTED)
        gain.setObjectName("stepGain")
        gain.setToolTip(_gain_tip(n, step))
        details = QWidget(box)
        text = label(step.text, parent=details, color=TEXT, wrap=True)
        text.setObjectName("stepText")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(title, 1)
        if folded:
            fold = Disclosure(
                details,
                lambda opened: "Hide" if opened else "How",
                lambda opened: f"{'Hide' if opened else 'Show'} how: {step.title}",
                box,
            )
            fold.setObjectName("stepToggle")
            head.addWidget(fold, 0, Qt.AlignmentFlag.AlignVCenter)
            self.toggles.append(fold)
        # Centred on the title's line: at the top of a row the "How" button makes taller,
        # the points sat 5 px above the title beside them.
        head.addWidget(gain, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        inner = QVBoxLayout(details)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(text)
        for i in step.sentence_indexes:
            if 0 <= i < len(sentences):
                link = SentenceLink(i, sentences[i], details)
                link.clicked.connect(lambda _=False, i=i: self.sentence_activated.emit(i))
                inner.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
                self.links.append(link)
        details.setVisible(not folded)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(details)
        box.setAccessibleName(f"Step {n}: {step.title}, {explain_gain(step)}")
        box.setAccessibleDescription(step.text)
        self.step_boxes.append(box)
        return box


def _same_width(labels: list[QLabel | None]) -> None:
    """One column for the steps' points, right-aligned: "needed for Excellent" is wider than
    "+6 points → 84", and the "How" buttons beside them stood at two places."""
    shown = [lbl for lbl in labels if lbl is not None]
    width = max((lbl.sizeHint().width() for lbl in shown), default=0)
    for lbl in shown:
        lbl.setMinimumWidth(width)
        lbl.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _gain_tip(n: int, step: NextStep) -> str:
    done = "this step" if n == 1 else f"steps 1 to {n}"
    if step.with_steps:  # its points wait on steps below it (the hold below Excellent)
        done += " and " + " and ".join(f"step {k}" for k in step.with_steps)
    return (
        f"With {done} done, your score would be {step.score_after}: worked out by the same "
        "formula as your score, the hold below Excellent included."
    )


class TalkingPointsCard(QFrame):
    """Which of the user's own talking points the take said, and which it left out."""

    sentence_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.card(self, "talkingPoints")
        self.heading = label("Your talking points", parent=self, scale=1.05, bold=True, color=INK)
        self.summary = label(parent=self, scale=0.9, bold=True, color=MUTED)
        self.rows: list[QWidget] = []
        self._body = QVBoxLayout()
        self._body.setSpacing(6)
        head = heading_row(self.heading, self.summary)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(8)
        box.addLayout(head)
        box.addLayout(self._body)
        self.setAccessibleName("Your talking points")

    def set_report(self, report: Report) -> None:
        """Show the talking points of ``report``; hidden when the user wrote none."""
        _clear(self._body)
        self.rows = []
        points = report.talking_points
        self.setVisible(bool(points))
        said = sum(1 for p in points if p.said)
        self.summary.setText(f"{said} of {len(points)} said")
        for point in points:
            row = self._row(point, report.content.sentences)
            self._body.addWidget(row)
            self.rows.append(row)

    def _row(self, point: PointMatch, sentences: tuple[Sentence, ...]) -> QWidget:
        row = QWidget(self)
        row.setObjectName("pointSaid" if point.said else "pointForgotten")
        status = "pass" if point.said else "fail"
        color = theme.status_role(status)
        mark = label("✓" if point.said else "✗", parent=row, bold=True, color=color)
        mark.setFixedWidth(18)
        kind = POINT_NAMES.get(point.kind, point.kind)
        word = "Said" if point.said else "Forgotten"
        text = label(f"{kind}: {point.note}", parent=row, color=INK, wrap=True)
        state = label(word, parent=row, scale=0.9, bold=True, color=color)
        state.setObjectName("pointState")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(text, 1)
        top.addWidget(state, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        index = point.sentence_index
        if point.said and index is not None and 0 <= index < len(sentences):
            link = SentenceLink(index, sentences[index], row)
            link.clicked.connect(lambda _=False, i=index: self.sentence_activated.emit(i))
            lay.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
        row.setAccessibleName(f"{kind}: {point.note}. {word}.")
        return row


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
