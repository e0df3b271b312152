"""Which page shows, the trail that led there, and where Back goes.

Practice and History start a trail; results, compare and progress are opened on top of
one. Back returns along the trail: results opened from History go back to History, a new
take's results go back to Practice. The nav bar lights the button of the trail's start.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from speakprep.ui.main_window import MainWindow


class Navigator(QObject):
    """Owns page history and Back for the main window.

    ``history_opened`` is emitted each time the History page is shown, so its list can be
    refreshed first; ``leaving`` is called before any page change (playback stops then).
    """

    history_opened = Signal()

    def __init__(
        self,
        window: MainWindow,
        *,
        leaving: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self._leaving = leaving
        self._titles: dict[QWidget, str] = {
            window.practice: "",
            window.results: "Results",
            window.history: "History",
            window.compare: "Compare",
            window.progress: "Progress",
        }
        self._trail: list[QWidget] = [window.practice]
        window.practice_nav.clicked.connect(self.show_practice)
        window.history_requested.connect(self.show_history)
        window.history.practice_requested.connect(self.show_practice)
        for page in (window.results, window.compare, window.progress):
            page.back_requested.connect(self.back)

    @property
    def from_history(self) -> bool:
        """Whether the page shown was reached from History."""
        return self._trail[0] is self.window.history

    def current(self) -> QWidget:
        return self._trail[-1]

    def show_practice(self) -> None:
        self._leaving()
        self._trail = [self.window.practice]
        self._show()

    def show_history(self) -> None:
        self._leaving()
        self.history_opened.emit()
        self._trail = [self.window.history]
        self._show()

    def show_results(self, *, from_history: bool | None = None) -> None:
        """Show the results page; ``None`` keeps where it was reached from (a re-analysis)."""
        if from_history is None:
            from_history = self.from_history
        start = self.window.history if from_history else self.window.practice
        self._trail = [start, self.window.results]
        self.window.results.back_button.setText(
            "Back to history" if from_history else "Practise again"
        )
        self._show()

    def show_compare(self) -> None:
        self._open_over_history(self.window.compare)

    def show_progress(self) -> None:
        self._open_over_history(self.window.progress)

    def back(self) -> None:
        """One step back along the trail (to Practice when there is nowhere else)."""
        trail = self._trail[:-1] or [self.window.practice]
        if trail[-1] is self.window.history:
            self.show_history()
            return
        self._leaving()
        self._trail = trail
        self._show()

    def _open_over_history(self, page: QWidget) -> None:
        self._leaving()
        self._trail = [self.window.history, page]
        self._show()

    def _show(self) -> None:
        page = self._trail[-1]
        self.window.show_page(page, self._titles.get(page, ""), history=self.from_history)
