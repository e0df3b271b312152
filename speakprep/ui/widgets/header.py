"""The title block every page opens with: a title, a muted subtitle, buttons on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from speakprep.ui import theme


def page_title(text: str = "", *, label: QLabel | None = None) -> QLabel:
    """A page's title, wrapping: ``label`` (a plain label if None) styled as one."""
    label = label if label is not None else QLabel()
    label.setText(text)
    theme.style(label, lambda: theme.stylesheet("title"))
    label.setWordWrap(True)
    return label


def page_subtitle(text: str = "") -> QLabel:
    """A muted line under the title that wraps: the results subtitle (file name, date, model)
    is wider than a 760 px window, and a label that does not wrap is cut mid-word there."""
    label = QLabel(text)
    theme.style(label, lambda: theme.stylesheet("subtitle"))
    label.setWordWrap(True)
    return label


def page_notice() -> QLabel:
    """A hidden amber notice under the title, for a problem the page can live with."""
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    theme.style(label, lambda: theme.stylesheet("notice"))
    return label


def header_row(title: QLabel, subtitle: QLabel, *buttons: QWidget) -> QHBoxLayout:
    """Title over subtitle on the left, ``buttons`` top-right in the given order."""
    titles = QVBoxLayout()
    titles.setSpacing(2)
    titles.addWidget(title)
    titles.addWidget(subtitle)
    row = QHBoxLayout()
    row.addLayout(titles, 1)
    for button in buttons:
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row
