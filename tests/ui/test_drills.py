"""Drills: every filler and long pause of a take, one at a time by keyboard, each played with
a second of context; and "Practise this sentence", recorded on the fake microphone through
the real recorder and model, compared with the original and never saved."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from speakprep.core.drills import drill_items, sentence_delivery
from speakprep.ui.pages.drills import INTRO, NO_ITEMS, DrillsView
from tests.conftest import AUDIO
from tests.fakes import fake_input_factory
from tests.reports import timed_report
from tests.ui.desktop import imported_take

CLIP = AUDIO / "mfa_cold_corpus.wav"
FILLERY = (
    "Um, in the next two years I want to become the analyst your team relies on.",
    "I, uh, like working with data, you know, every day.",
    "In five years I want to lead a small analytics team here at Acme.",
)


def make(qtbot, report) -> DrillsView:
    view = DrillsView()
    qtbot.addWidget(view)
    view.set_report(report)
    view.show()
    view.windowHandle().requestActivate()  # shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    return view


def test_stepping_through_fillers_by_keyboard_plays_each_with_context(qtbot) -> None:
    report = timed_report(FILLERY)
    items = drill_items(report)
    assert len(items) >= 3
    view = make(qtbot, report)
    played: list[tuple[float, float]] = []
    view.play_requested.connect(lambda a, b: played.append((a, b)))
    assert view.counter.text() == f"1 of {len(items)}"
    assert view.intro.isVisible() and view.intro.text() == INTRO  # what to do here
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert view.index == 1
    expected = [items[0], items[1], items[2], items[1]]
    assert played == [(i.play_from_s, i.play_to_s) for i in expected]
    for item in expected:  # a second either side, inside the recording
        assert item.play_from_s == pytest.approx(max(0.0, item.start_s - 1.0))
    assert f"“{items[1].text}”" in view.what.text()
    # The sentence the filler is in is quoted and picked for practice.
    s = items[1].sentence_index
    assert s is not None and report.content.sentences[s].text.strip() in view.context.text()
    assert view.sentences.currentData() == s
    # Previous stops at the first, next at the last.
    for _ in range(len(items) + 2):
        qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.index == 0 and not view.prev_button.isEnabled()


def test_a_take_without_fillers_or_long_pauses_says_so(qtbot) -> None:
    report = timed_report(("I want to lead a team here at Acme in five years.",))
    assert drill_items(report) == ()
    view = make(qtbot, report)
    assert view.what.text() == NO_ITEMS and not view.play_button.isEnabled()
    assert not view.intro.isVisible()


def test_the_close_button_closes_the_dialog_as_esc_does(qtbot) -> None:
    """Found as a new user: the drills dialog had no Close button, only Esc."""
    view = make(qtbot, timed_report(FILLERY))
    assert view.close_button.isVisible() and view.close_button.text() == "Close"
    finished: list[int] = []
    view.finished.connect(finished.append)
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    assert not view.isVisible() and finished == [DrillsView.DialogCode.Rejected.value]


@pytest.mark.parametrize("font_scale", [1.0, 2.0])
def test_the_sentence_picker_fits_a_small_window_at_a_large_font(
    qtbot, app_font_scaled, font_scale
) -> None:
    """Found as a new user: at a large font the drills window was 802 px wide (the picker
    kept room for 30 characters), wider than a 760 px screen, and the chosen sentence was
    cut mid-word. The window fits inside 720 x 560 at twice the font, picker and button
    whole, and a sentence too long for the picker ends in "…", whole on hover."""
    app_font_scaled(font_scale)
    view = DrillsView()
    qtbot.addWidget(view)
    view.set_report(timed_report(FILLERY))
    view.resize(720, 560)
    view.show()
    qtbot.waitExposed(view)
    assert view.minimumSizeHint().width() <= 720 and view.width() == 720
    inside = view.rect()
    for widget in (view.sentences, view.record_button, view.next_button, view.close_button):
        corner = widget.mapTo(view, widget.rect().bottomRight())
        assert inside.contains(widget.mapTo(view, widget.rect().topLeft()))
        assert inside.contains(corner)
    full = view.sentences.currentText()
    shown = view.sentences.shown_text()
    assert view.sentences.toolTip() == full
    picker = view.sentences.width()
    if view.sentences.fontMetrics().horizontalAdvance(full) > picker:
        assert shown.endswith("…") and full.startswith(shown[:-1])
    else:
        assert shown == full
    view.sentences.resize(picker // 3, view.sentences.height())  # narrower: still "…"
    assert view.sentences.shown_text().endswith("…")


@pytest.mark.model
def test_practising_a_sentence_compares_it_and_saves_nothing(qtbot, tmp_path, engine) -> None:
    samples, rate = sf.read(CLIP, dtype="float32")
    app, handle = imported_take(
        qtbot, tmp_path / "data", engine, CLIP, mic=fake_input_factory(samples)
    )
    try:
        results = app.window.results
        report = results.report
        assert report is not None and report.delivery is not None
        results.drills_button.click()
        drills = app.drills.view
        assert drills.isVisible()

        # Playing a drill item (or the first sentence's range) plays that stretch and stops.
        first = report.content.sentences[0]
        app.playback.play_range(first.start_s, first.start_s + 1.0)
        assert app.playback.player.playing
        app.speaker.stream.pull_seconds(1.1)  # the sound card takes a little over a second
        qtbot.waitUntil(lambda: not app.playback.player.playing, timeout=10_000)
        assert app.playback.player.position_s == pytest.approx(first.start_s + 1.0, abs=0.3)

        index = drills.sentences.itemData(0)
        drills.select_sentence(index)
        drills.record_button.click()
        assert app.drills.recorder is not None
        handle.stream.feed(np.asarray(samples[: 4 * rate]))
        assert app.drills.recorder.sync()
        drills.record_button.click()
        qtbot.waitUntil(drills.comparison.isVisible, timeout=60_000)
        before = sentence_delivery(report, index)
        texts = [w.text() for w in drills.comparison.findChildren(type(drills.what))]
        assert "In the take" in texts and "Practised" in texts
        assert str(before.fillers) in texts
        assert any(t.startswith("You said: “") and len(t) > 14 for t in texts)
        # Not a take: the history still holds the one imported take, results unchanged.
        assert len(app.library.takes()) == 1
        assert results.report is report
    finally:
        app.shutdown()
