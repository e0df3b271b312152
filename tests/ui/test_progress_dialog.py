"""The analysis progress dialog is cancelled on purpose only: with Esc or a click."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from speakprep.services.analyze import Context
from speakprep.services.takes import TakeJob
from speakprep.ui.controllers.engine import Job
from speakprep.ui.controllers.runner import AnalysisRunner


class HeldClient(QObject):
    """An analysis client whose jobs never finish, so the dialog stays up."""

    progress = Signal(int, str, float)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)
    loading = False

    def submit(self, take: TakeJob) -> Job:
        return Job(take)


def test_space_or_enter_after_stopping_does_not_cancel_the_analysis(qtbot) -> None:
    """Found as a new user: Space stops a take, and the progress dialog that opens then had
    its Cancel button focused, so a second Space (or Enter) threw the analysis away."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner = AnalysisRunner(HeldClient(), window)  # type: ignore[arg-type]
    take = TakeJob("recorded", Context(), samples=np.zeros(16_000, np.float32))
    assert runner.submit(take)
    dialog = runner.progress
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    job = runner.job
    assert job is not None
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(QApplication.focusWidget() or dialog, key)
        assert not job.cancel.is_set(), key
    # Esc and the button still cancel.
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert job.cancel.is_set()
    job.cancel.clear()
    (button,) = dialog.findChildren(QPushButton)
    button.click()
    assert job.cancel.is_set()
