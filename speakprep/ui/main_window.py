"""The main window: the practice and results screens in a stack, menus and a status bar.

It lays out and routes; the controllers decide. Built by ``speakprep.app`` with everything
it needs passed in.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from speakprep.fsutil import display_name
from speakprep.render.dates import format_take_date
from speakprep.ui import theme
from speakprep.ui.pages.compare import CompareView
from speakprep.ui.pages.history import HistoryView
from speakprep.ui.pages.practice import PracticeView
from speakprep.ui.pages.progress import ProgressView
from speakprep.ui.pages.results import ResultsView

APP_TITLE = "speakprep"


class MainWindow(QMainWindow):
    """Pages in a stack (practice, results, and any added with ``add_page``) under a bar
    with the two places a user goes: Practice and History."""

    settings_requested = Signal()
    history_requested = Signal()
    import_requested = Signal()
    about_requested = Signal()
    open_logs_requested = Signal()
    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.practice = PracticeView()
        self.results = ResultsView()
        # Added to the stack by the app only when the history can be opened.
        self.history = HistoryView()
        self.compare = CompareView()
        self.progress = ProgressView()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.practice)
        self.pages.addWidget(self.results)

        brand = QLabel("speakprep")
        theme.style(
            brand, lambda: theme.text_style("text.ink", "font-size: 15px; font-weight: 700;")
        )
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        self.practice_nav = self._nav_button("Practice", "Record or import an answer (Ctrl+1)")
        self.history_nav = self._nav_button(
            "History", "Your takes, comparisons and progress (Ctrl+2)"
        )
        self.practice_nav.setShortcut(QKeySequence("Ctrl+1"))
        self.history_nav.setShortcut(QKeySequence("Ctrl+2"))
        self.history_nav.setVisible(False)  # shown once a library is attached
        self.practice_nav.setChecked(True)
        self.history_nav.clicked.connect(self.history_requested)
        bar = QWidget()
        bar.setObjectName("navBar")
        theme.style(bar, lambda: theme.stylesheet("nav"))
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(24, 8, 24, 8)
        bar_layout.addWidget(brand)
        bar_layout.addSpacing(20)
        bar_layout.addWidget(self.practice_nav)
        bar_layout.addWidget(self.history_nav)
        bar_layout.addStretch(1)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(bar)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        theme.style(self, lambda: theme.stylesheet("window", "QMainWindow"))
        self.resize(1040, 800)
        self.setMinimumSize(760, 620)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import a recording…", self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.import_requested)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.settings_action = QAction("&Settings…", self)
        # The platform's own key where it has one (Ctrl+, is missing on many Linux desktops).
        preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcuts([*preferences, QKeySequence("Ctrl+,")])
        self.settings_action.triggered.connect(self.settings_requested)
        edit_menu.addAction(self.settings_action)

        help_menu = self.menuBar().addMenu("&Help")
        logs = QAction("Open the &log folder", self)
        logs.triggered.connect(self.open_logs_requested)
        help_menu.addAction(logs)
        about = QAction("&About speakprep", self)
        about.triggered.connect(self.about_requested)
        help_menu.addAction(about)

    def _nav_button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("navButton")
        button.setCheckable(True)
        button.setToolTip(tip)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.nav.addButton(button)
        return button

    def add_page(self, page: QWidget) -> None:
        self.pages.addWidget(page)

    def show_page(self, page: QWidget, title: str, *, history: bool = False) -> None:
        self.pages.setCurrentWidget(page)
        (self.history_nav if history else self.practice_nav).setChecked(True)
        self.setWindowTitle(f"{title} · {APP_TITLE}" if title else APP_TITLE)

    def set_recording(self, recording: bool) -> None:
        """While recording, actions that would leave the page wait."""
        for widget in (self.import_action, self.settings_action, self.history_nav):
            widget.setEnabled(not recording)

    def show_practice(self) -> None:
        self.show_page(self.practice, "")

    def show_results(self, *, history: bool = False) -> None:
        self.show_page(self.results, "Results", history=history)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)


def take_subtitle(
    when: datetime,
    kind: str,
    source: str | None,
    model: str | None,
    now: datetime | None = None,
) -> str:
    """ "Recorded today 09:41 · …" or "Imported answer.m4a · 22 Nov · …": the take dated as
    History and Compare date it."""
    now = now or datetime.now()
    if kind == "imported" and source:
        parts = [f"Imported {display_name(source)} · {format_take_date(when, now)}"]
    else:
        parts = [f"Recorded {format_take_date(when, now, in_sentence=True)}"]
    if model:
        parts.append(f"transcribed on this computer with {model}")
    return " · ".join(parts)
