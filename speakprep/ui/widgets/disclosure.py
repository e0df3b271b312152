"""The one small "▸ Show … / ▾ Hide …" button that opens and folds a part of a screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget

from speakprep.ui import theme
from speakprep.ui.widgets.tiles import FOCUS, hex_of, tint

CLOSED, OPENED = "▸", "▾"


class Disclosure(QToolButton):
    """Opens and folds ``target`` (click, Enter or Space); its arrow and words follow.

    ``text(opened)`` gives the words after the arrow and ``name(opened)`` what a screen
    reader says, so the talking points, the checks' evidence and the coach's folded steps
    open the same way and look the same: three styles (a Qt arrow, "▸/▾" text and
    "How ▸ / Hide ▴") read as three kinds of control.
    """

    def __init__(
        self,
        target: QWidget,
        text: Callable[[bool], str],
        name: Callable[[bool], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = target
        self._text, self._name = text, name
        self.setObjectName("disclosure")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Tab reaches it; a click does not leave a focus ring on it.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        theme.style(
            self,
            lambda: (
                f"QToolButton {{ color: {hex_of(FOCUS)}; font-weight: 600;"
                " border: 1px solid transparent; border-radius: 4px; padding: 1px 4px; }"
                f"QToolButton:hover {{ background: {tint(FOCUS, 0.1)}; }}"
                f"QToolButton:focus {{ border-color: {tint(FOCUS, 0.6)}; }}"
            ),
        )
        self.toggled.connect(self._show)
        self._show(False)

    @property
    def is_open(self) -> bool:
        return self.isChecked()

    def set_open(self, opened: bool) -> None:
        """Open or fold the target, as a click would."""
        if self.isChecked() == opened:
            self._show(opened)  # toggled does not fire when the state is already so
        else:
            self.setChecked(opened)

    def _show(self, opened: bool) -> None:
        self.setText(f"{OPENED if opened else CLOSED}  {self._text(opened)}")
        self.setAccessibleName(self._name(opened))
        self.target.setVisible(opened)
