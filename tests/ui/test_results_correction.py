"""Fix the transcript: the user's words are scored again on the runner, saved with the take
(its report replaced, its audio untouched) and the results say the words were corrected."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt

from tests.conftest import AUDIO
from tests.fakes import fake_input_factory
from tests.ui.desktop import imported_take

pytestmark = pytest.mark.model

CLIP = AUDIO / "mfa_cold_corpus.wav"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_corrected_transcript_is_rescored_and_saved_with_the_take(
    qtbot, tmp_path, engine
) -> None:
    app, _ = imported_take(
        qtbot,
        tmp_path / "data",
        engine,
        CLIP,
        mic=fake_input_factory(missing=True),
        devices=(),
    )
    try:
        results = app.window.results
        heard = results.report
        take = app.takes.current_take
        assert heard is not None and take is not None and heard.heard_text is None
        assert not results.corrected_note.isVisible()
        audio_before = _digest(take.audio_path)

        results.edit_button.click()
        assert results.editing
        assert results.editor.toPlainText() == heard.transcript.text
        fixed = heard.transcript.text.rstrip(". ") + ", and I am going to Acme next year."
        results.editor.setPlainText(fixed)
        qtbot.mouseClick(results.save_edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: results.report is not None and results.report.heard_text is not None,
            timeout=60_000,
        )
        shown = results.report
        assert shown.transcript.text == fixed
        assert shown.heard_text == heard.transcript.text
        assert not results.editing
        assert results.corrected_note.isVisible()
        assert heard.transcript.text in results.corrected_note.toolTip()
        # The audio's timings are kept: the words the model heard keep their times.
        assert shown.delivery is not None and heard.delivery is not None
        assert shown.delivery.recording_s == heard.delivery.recording_s
        assert shown.transcript.words[0].start_s == heard.transcript.words[0].start_s
        assert "Acme" in results.transcript.toPlainText()

        # Saved with the take: the same take, its report replaced, its audio untouched.
        stored = app.library.report(take.id)
        assert stored.heard_text == heard.transcript.text
        assert stored.transcript.text == fixed
        assert len(app.library.takes()) == 1
        assert _digest(take.audio_path) == audio_before
    finally:
        app.shutdown()


def test_an_empty_correction_is_refused_with_a_message(qtbot) -> None:
    from speakprep.ui.pages.results import ResultsView
    from tests.reports import timed_report

    view = ResultsView()
    qtbot.addWidget(view)
    view.set_report(timed_report(), stored=True)
    asked: list[str] = []
    view.correction_requested.connect(asked.append)
    view.start_editing()
    view.editor.setPlainText("   ")
    view.save_edit.click()
    assert asked == [] and view.editing
    assert "empty" in view.notice.text()
