"""The timeline maps time to pixels exactly, seeks where clicked, and paints what it says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from speakprep import palette
from speakprep.services.analyze import Engine
from speakprep.ui.widgets.timeline import TimelineWidget
from tests.reports import GOOD_ANSWER, timed_report
from tests.ui import rich_report

WIDTH = 660  # axis of 660 - 18 - 22 = 620 px


def make(qtbot, report=None, *, width: int = WIDTH) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(width, w.sizeHint().height())
    w.set_report(report)
    return w


def pixel(image: QImage, x: float, y: float) -> QColor:
    dpr = image.devicePixelRatio()
    return image.pixelColor(int(x * dpr), int(y * dpr))


def close(a: QColor, b: QColor, tolerance: int = 3) -> bool:
    return all(abs(u - v) <= tolerance for u, v in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_time_to_x_maps_known_times_to_known_pixels(qtbot) -> None:
    w = make(qtbot, timed_report())
    w.set_scale_s(62.0)  # 620 px / 62 s = 10 px per second
    left = TimelineWidget.MARGIN_LEFT_PX
    assert w.time_to_x(0.0) == pytest.approx(left)
    assert w.time_to_x(31.0) == pytest.approx(left + 310.0)
    assert w.time_to_x(62.0) == pytest.approx(WIDTH - TimelineWidget.MARGIN_RIGHT_PX)
    assert w.time_to_x(12.34) == pytest.approx(left + 123.4)


def test_mapping_is_clamped_and_inverse(qtbot) -> None:
    w = make(qtbot, timed_report())
    assert w.time_to_x(-5.0) == pytest.approx(w.time_to_x(0.0))
    assert w.time_to_x(1e6) == pytest.approx(w.time_to_x(w.scale_s()))
    assert w.x_to_time(0.0) == 0.0
    assert w.x_to_time(WIDTH) == pytest.approx(w.scale_s())
    for t in (0.0, 0.5, 7.64, 45.0, 89.99, w.scale_s()):
        assert w.x_to_time(w.time_to_x(t)) == pytest.approx(t)
    for x in (18.0, 100.0, 333.3, 638.0):
        assert w.time_to_x(w.x_to_time(x)) == pytest.approx(x)


def test_default_scale_is_recording_or_target_headroom(qtbot) -> None:
    short = timed_report()
    assert make(qtbot, short).scale_s() == pytest.approx(99.0)  # 90 s target × 1.1
    long = timed_report(GOOD_ANSWER * 3, words_per_s=1.0)
    assert long.delivery is not None and long.delivery.recording_s > 99.0
    assert make(qtbot, long).scale_s() == pytest.approx(long.delivery.recording_s)


def test_set_scale_s_puts_two_takes_on_one_axis(qtbot) -> None:
    short, long = timed_report(), timed_report(GOOD_ANSWER * 3, words_per_s=1.0)
    a, b = make(qtbot, short), make(qtbot, long)
    assert a.time_to_x(30.0) != pytest.approx(b.time_to_x(30.0))
    shared = max(a.scale_s(), b.scale_s())
    a.set_scale_s(shared)
    b.set_scale_s(shared)
    for t in (0.0, 12.5, 30.0, 90.0, shared):
        assert a.time_to_x(t) == pytest.approx(b.time_to_x(t))
    a.set_scale_s(None)
    assert a.scale_s() == pytest.approx(99.0)


def test_click_at_a_sentence_start_seeks_there(qtbot) -> None:
    report = timed_report()
    w = make(qtbot, report)
    w.show()
    qtbot.waitExposed(w)
    one_px_s = w.scale_s() / (WIDTH - w.MARGIN_LEFT_PX - w.MARGIN_RIGHT_PX)
    y = int(w.band_rect(report.content.segments[0]).center().y())
    for sentence in report.content.sentences:
        x = round(w.time_to_x(sentence.start_s))
        with qtbot.waitSignal(w.seek_requested, timeout=1000) as blocker:
            qtbot.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        assert blocker.args[0] == pytest.approx(sentence.start_s, abs=one_px_s)


def test_keyboard_moves_a_cursor_and_enter_seeks(qtbot) -> None:
    w = make(qtbot, timed_report())
    assert w.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert w.accessibleName() and "Short-term goal" in w.accessibleDescription()
    for _ in range(3):
        qtbot.keyClick(w, Qt.Key.Key_Right)
    qtbot.keyClick(w, Qt.Key.Key_Left)
    assert w.cursor_s() == pytest.approx(2.0)
    with qtbot.waitSignal(w.seek_requested, timeout=1000) as blocker:
        qtbot.keyClick(w, Qt.Key.Key_Return)
    assert blocker.args == [pytest.approx(2.0)]
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert w.cursor_s() == 0.0  # clamped at the start


def test_tooltip_names_fillers_pauses_and_bands(qtbot) -> None:
    report = rich_report()
    w = make(qtbot, report, width=1400)  # wide enough that the close fillers stand apart
    assert report.delivery is not None
    kinds = {(f.kind, f.source) for f in report.delivery.fillers}
    assert kinds == {("hard", "asr"), ("hard", "audio"), ("discourse", "asr")}
    for filler in report.delivery.fillers:
        text = w.tooltip_at(w.time_to_x(filler.start_s))
        assert f"“{filler.text.strip('()')}”" in text
    assert "“Um” at 0:01" in w.tooltip_at(w.time_to_x(0.5))
    assert "heard in the audio" in w.tooltip_at(w.time_to_x(report.delivery.fillers[1].start_s))
    (pause,) = [p for p in report.delivery.pauses if p.long]
    text = w.tooltip_at(w.time_to_x((pause.start_s + pause.end_s) / 2))
    assert "3.1 s pause at 0:13 (long, mid-sentence)" in text
    sentence = report.content.sentences[0]
    text = w.tooltip_at(w.time_to_x((sentence.start_s + sentence.end_s) / 2))
    assert text.startswith("Short-term goal")
    assert "relies on for forecasting" in text


def test_tooltip_event_shows_the_text(qtbot) -> None:
    report = timed_report()
    w = make(qtbot, report)
    w.show()
    qtbot.waitExposed(w)
    x = round(w.time_to_x(report.delivery.fillers[0].start_s))
    pos = QPoint(x, int(w.band_rect(report.content.segments[0]).center().y()))
    QApplication.sendEvent(w, QHelpEvent(QEvent.Type.ToolTip, pos, w.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "“Um” at 0:01" in QToolTip.text()
    QToolTip.hideText()


@pytest.mark.parametrize("kind", ["none", "text"])
def test_untimed_reports_paint_a_placeholder(qtbot, kind: str) -> None:
    report = None
    if kind == "text":
        report = Engine().analyze_text(" ".join(GOOD_ANSWER))
        assert report.delivery is None
    w = make(qtbot, report)
    assert not w.is_timed()
    assert w.focusPolicy() == Qt.FocusPolicy.NoFocus  # nothing to navigate: out of the Tab order
    image = w.grab().toImage()
    assert not image.isNull()
    assert w.tooltip_at(100.0) == ""
    w.show()
    qtbot.waitExposed(w)
    with qtbot.assertNotEmitted(w.seek_requested):
        qtbot.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(100, 40))
        qtbot.keyClick(w, Qt.Key.Key_Return)
    w.set_playhead(3.0)
    w.grab()


def test_grab_shows_label_colours_where_the_segments_are(qtbot) -> None:
    report = rich_report()
    w = make(qtbot, report, width=1000)
    w.set_playhead(None)
    image = w.grab().toImage()
    for segment in report.content.segments:
        rect = w.band_rect(segment)
        # Near the band's top edge: clear of the label text drawn in its middle.
        for share in (0.25, 0.5, 0.75):
            x = rect.left() + share * rect.width()
            if any(abs(x - w.time_to_x(f.start_s)) < 5 for f in report.delivery.fillers):
                continue
            seen = pixel(image, x, rect.top() + 3)
            want = QColor(palette.LABEL_COLORS[segment.label])
            assert close(seen, want), (segment.label, share, seen.name(), want.name())


def test_grab_shows_fillers_pauses_and_playhead(qtbot) -> None:
    report = rich_report()
    w = make(qtbot, report, width=1000)
    w.set_playhead(5.0)
    image = w.grab().toImage()
    lanes = w.lanes()
    cap_y = sum(lanes.filler) / 2
    hard = report.delivery.fillers[0]
    assert close(pixel(image, w.time_to_x(hard.start_s), cap_y), QColor(palette.FILLER_COLOR))
    (long_pause,) = [p for p in report.delivery.pauses if p.long]
    mid = w.time_to_x((long_pause.start_s + long_pause.end_s) / 2)
    assert close(pixel(image, mid, sum(lanes.pause) / 2), QColor(palette.LONG_PAUSE_COLOR))
    band_y = w.band_rect(report.content.segments[0]).top() + 3
    assert close(pixel(image, w.time_to_x(5.0), band_y), QColor(palette.PLAYHEAD_COLOR), 30)
    # The region past the 90 s target is shaded: darker than the background before it.
    axis_mid = (lanes.envelope[0] + lanes.envelope[1]) / 2
    before = pixel(image, w.time_to_x(60.0), axis_mid)
    after = pixel(image, w.time_to_x(95.0), axis_mid)
    assert after.lightness() < before.lightness()


def test_scale_shorter_than_the_take_clamps_without_error(qtbot) -> None:
    report = timed_report()
    w = make(qtbot, report)
    w.set_scale_s(10.0)  # the target and most bands are off the axis
    w.set_playhead(25.0)
    assert w.time_to_x(25.0) == pytest.approx(w.time_to_x(10.0))
    assert not w.grab().toImage().isNull()


def test_playhead_and_focus_paint_offscreen(qtbot) -> None:
    w = make(qtbot, timed_report())
    w.show()
    qtbot.waitExposed(w)
    w.setFocus()
    w.set_playhead(4.0)
    assert w.playhead_s() == 4.0
    qtbot.mouseMove(w, QPoint(200, 50))
    assert not w.grab().toImage().isNull()


def test_the_description_counts_one_filler_in_the_singular(qtbot) -> None:
    """Found as a new user (screen reader): a take with one "um" was described as having
    "1 fillers"."""
    report = timed_report(GOOD_ANSWER[:2])  # one "um"
    assert len(report.delivery.fillers) == 1
    text = make(qtbot, report).accessibleDescription()
    assert "; 1 filler; " in text, text
    pauses = len(report.delivery.pauses)
    assert f"; {pauses} pause{'s' if pauses != 1 else ''}. " in text, text


def test_tooltip_says_a_band_is_heard_as_a_pitfall(qtbot) -> None:
    """The band of a money sentence is still coloured as the goal it states; its tooltip says
    how the interviewer hears it, as the check does."""
    report = timed_report(
        (
            "Honestly, in the next two years I mostly want a higher salary.",
            "In five years I see myself leading a small analytics team here.",
        )
    )
    w = make(qtbot, report)
    money, clean = report.content.sentences
    assert money.label == "short_term"
    text = w.tooltip_at(w.time_to_x((money.start_s + money.end_s) / 2))
    assert text.splitlines()[1] == "Heard as money focus"
    assert "Heard as" not in w.tooltip_at(w.time_to_x((clean.start_s + clean.end_s) / 2))
