"""The practice screen's optional "Your talking points": a few words for each part of the
answer, folded away until the user opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from speakprep.core.talking_points import POINT_KINDS, PointKind, TalkingPoints
from speakprep.storage.talking_points import MAX_NOTE_CHARS
from speakprep.ui import theme

# (label, placeholder) per kind: hints, not sample answers.
FIELDS: dict[PointKind, tuple[str, str]] = {
    "short_term": ("Near-term goal", "e.g. the role you want next, in a few words"),
    "long_term": ("Long-term goal", "e.g. where you want to be in five years"),
    "plan": ("Plan steps", "e.g. a course; a project; a mentor (split steps with ;)"),
    "employer_link": ("Link to the employer", "e.g. why this company helps you get there"),
}


class TalkingPointsPanel(QWidget):
    """A toggle button and four one-line fields; ``edited`` fires on every change by the user."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText("Your talking points (optional)")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show your talking points")
        theme.style(self.toggle, lambda: theme.text_style("text.body", "font-weight: 600;"))
        self.toggle.toggled.connect(self.set_open)

        self.fields: dict[PointKind, QLineEdit] = {}
        self.body = QWidget()
        form = QFormLayout(self.body)
        form.setContentsMargins(18, 0, 0, 0)
        form.setVerticalSpacing(6)
        for kind in POINT_KINDS:
            label, hint = FIELDS[kind]
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(label)
            edit.setMaxLength(MAX_NOTE_CHARS)
            edit.textEdited.connect(self.edited)
            self.fields[kind] = edit
            form.addRow(label, edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.set_open(False)

    @property
    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        """Show or fold the fields (the toggle's arrow follows)."""
        if self.toggle.isChecked() != open_:
            self.toggle.setChecked(open_)  # comes back here through toggled
            return
        self.body.setVisible(open_)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        verb = "Hide" if open_ else "Show"
        self.toggle.setAccessibleName(f"{verb} your talking points")

    def points(self) -> TalkingPoints:
        return TalkingPoints(**{k: e.text().strip() for k, e in self.fields.items()})

    def set_points(self, points: TalkingPoints) -> None:
        """Fill the fields (no ``edited``); a question with notes opens the panel."""
        for kind, edit in self.fields.items():
            edit.setText(getattr(points, kind))
        if not points.empty:
            self.set_open(True)
