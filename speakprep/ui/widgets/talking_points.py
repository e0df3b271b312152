"""The practice screen's optional "Your talking points": a few words for each part of the
answer, folded away until the user opens it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from speakprep.core.talking_points import POINT_KINDS, PointKind, TalkingPoints
from speakprep.storage.talking_points import MAX_NOTE_CHARS
from speakprep.ui.widgets.disclosure import Disclosure

# (label, placeholder) per kind: hints, not sample answers.
FIELDS: dict[PointKind, tuple[str, str]] = {
    "short_term": ("Short-term goal", "e.g. the role you want next, in a few words"),
    "long_term": ("Long-term goal", "e.g. where you want to be in five years"),
    "plan": ("Plan steps", "e.g. a course; a project; a mentor (split steps with ;)"),
    "employer_link": ("Link to the employer", "e.g. why this company helps you get there"),
}


class TalkingPointsPanel(QWidget):
    """A toggle button and four one-line fields; ``edited`` fires on every change by the user."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QWidget()
        # Made before the fields: the Tab key visits the toggle first, as the eye does.
        self.toggle = Disclosure(
            self.body,
            lambda _: "Your talking points (optional)",
            lambda opened: f"{'Hide' if opened else 'Show'} your talking points",
            self,
        )
        self.fields: dict[PointKind, QLineEdit] = {}
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

    @property
    def is_open(self) -> bool:
        return self.toggle.is_open

    def set_open(self, open_: bool) -> None:
        """Show or fold the fields (the toggle's arrow follows)."""
        self.toggle.set_open(open_)

    def points(self) -> TalkingPoints:
        return TalkingPoints(**{k: e.text().strip() for k, e in self.fields.items()})

    def set_points(self, points: TalkingPoints) -> None:
        """Fill the fields (no ``edited``); a question with notes opens the panel."""
        for kind, edit in self.fields.items():
            edit.setText(getattr(points, kind))
        if not points.empty:
            self.set_open(True)
