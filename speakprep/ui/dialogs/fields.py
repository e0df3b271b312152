"""Small pieces of the settings form: a value's check, its error line, number boxes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDoubleSpinBox, QFileDialog, QLabel, QWidget

from speakprep.preferences import Preferences
from speakprep.ui import theme


def pick_folder_with_qt(parent: QWidget, start: str) -> str:
    """The platform's folder chooser; ``""`` when the user cancels."""
    return QFileDialog.getExistingDirectory(
        parent, "Choose a faster-whisper model folder", start, QFileDialog.Option.ShowDirsOnly
    )


def value_problem(**values: Any) -> str | None:
    """``Preferences.validated()``'s message for these values on top of valid defaults.

    Checking one group of values at a time (the defaults are valid) tells which row a
    message belongs to, so it can be shown under that row instead of at the bottom.
    """
    try:
        replace(Preferences(), **values).validated()
    except ValueError as err:
        return str(err)
    return None


def error_label(pal: QPalette) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    theme.style(label, lambda: theme.text_style("status.fail", pal=pal))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def spin_box(
    minimum: float, maximum: float, decimals: int, step: float, suffix: str
) -> QDoubleSpinBox:
    # The ranges are deliberately wider than Preferences.validated() allows: a value out of
    # bounds gets that method's sentence under the row instead of being silently clamped.
    spin = QDoubleSpinBox()
    spin.setRange(minimum, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin
