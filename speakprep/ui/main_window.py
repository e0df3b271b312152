"""The main window: the practice and results screens in a stack, menus and a status bar.

It lays out and routes; the controllers decide. Built by ``speakprep.app`` with everything
it needs passed in.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from speakprep.ui.practice_view import PracticeView
from speakprep.ui.results_view import ResultsView

APP_TITLE = "speakprep"


class MainWindow(QMainWindow):
    """Two pages: practice (record or import) and results (one report)."""

    settings_requested = Signal()
    import_requested = Signal()
    about_requested = Signal()
    open_logs_requested = Signal()
    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.practice = PracticeView()
        self.results = ResultsView()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.practice)
        self.pages.addWidget(self.results)
        self.setCentralWidget(self.pages)
        self.setStyleSheet("QMainWindow { background: #F9FAFB; }")
        self.resize(1040, 800)
        self.setMinimumSize(760, 620)
        self._build_menus()
        self.results.back_requested.connect(self.show_practice)

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
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.settings_requested)
        edit_menu.addAction(self.settings_action)

        help_menu = self.menuBar().addMenu("&Help")
        logs = QAction("Open the &log folder", self)
        logs.triggered.connect(self.open_logs_requested)
        help_menu.addAction(logs)
        about = QAction("&About speakprep", self)
        about.triggered.connect(self.about_requested)
        help_menu.addAction(about)

    def set_recording(self, recording: bool) -> None:
        """While recording, actions that would leave the page wait."""
        self.import_action.setEnabled(not recording)
        self.settings_action.setEnabled(not recording)

    def show_practice(self) -> None:
        self.pages.setCurrentWidget(self.practice)
        self.setWindowTitle(APP_TITLE)

    def show_results(self) -> None:
        self.pages.setCurrentWidget(self.results)
        self.setWindowTitle(f"Results · {APP_TITLE}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)


def take_subtitle(when: datetime, source: str | None, model: str | None) -> str:
    """ "Recorded 22 Nov 2026, 09:41 · tiny.en" or "Imported answer.m4a · tiny.en"."""
    parts = []
    if source and "take-" not in source:
        parts.append(f"Imported {source.rsplit('/', 1)[-1]}")
    else:
        parts.append(f"Recorded {when:%d %b %Y, %H:%M}")
    if model:
        parts.append(f"transcribed on this computer with {model}")
    return " · ".join(parts)
