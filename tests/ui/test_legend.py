"""The legend names the four labels and draws the timeline's own marks in the same colours."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QImage

from speakprep import palette
from speakprep.core.units import clock_text
from speakprep.render.svg import timeline_svg
from speakprep.ui.paint import marks as paint_marks
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.timeline import TimelineWidget
from tests.ui import rich_report


def make(qtbot, width: int = 900) -> LegendWidget:
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.resize(width, legend.heightForWidth(width))
    return legend


def pixel(image: QImage, x: float, y: float) -> QColor:
    dpr = image.devicePixelRatio()
    return image.pixelColor(int(x * dpr), int(y * dpr))


def close(a: QColor, b: QColor, tolerance: int = 3) -> bool:
    return all(abs(u - v) <= tolerance for u, v in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_the_four_labels_come_first_with_their_names(qtbot) -> None:
    entries = make(qtbot).entries()
    assert entries[:4] == [(label, palette.LABEL_NAMES[label]) for label in palette.LABEL_ORDER]
    keys = [key for key, _ in entries]
    for mark in ("filler_hard", "filler_discourse", "filler_audio", "pause", "long_pause"):
        assert mark in keys


def test_swatches_are_painted_in_the_palette_colours(qtbot) -> None:
    legend = make(qtbot)
    image = legend.grab().toImage()
    for label in palette.LABEL_ORDER:
        centre = legend.swatch_rect(label).center()
        assert close(pixel(image, centre.x(), centre.y()), QColor(palette.LABEL_COLORS[label]))
    for key, hex_str in (("pause", palette.PAUSE_COLOR), ("long_pause", palette.LONG_PAUSE_COLOR)):
        centre = legend.swatch_rect(key).center()
        assert close(pixel(image, centre.x(), centre.y()), QColor(hex_str)), key
    for key in ("filler_hard", "filler_audio"):
        rect = legend.swatch_rect(key)
        cap_y = rect.top() + paint_marks.FILLER_CAP_RADIUS_PX + 1.0
        assert close(pixel(image, rect.center().x(), cap_y), QColor(palette.FILLER_COLOR)), key
    # A discourse filler's cap is hollow: background in the middle, orange on the ring.
    rect = legend.swatch_rect("filler_discourse")
    cap_y = rect.top() + paint_marks.FILLER_CAP_RADIUS_PX + 1.0
    assert not close(pixel(image, rect.center().x(), cap_y), QColor(palette.FILLER_COLOR), 40)


def test_legend_and_timeline_share_the_mark_painters(qtbot, monkeypatch) -> None:
    calls: list[tuple[str, str]] = []

    def spy(name: str):
        real = getattr(paint_marks, name)

        def wrapper(*args, **kwargs):
            calls.append((name, kwargs.get("kind") or str(kwargs.get("long", ""))))
            return real(*args, **kwargs)

        monkeypatch.setattr(paint_marks, name, wrapper)

    for name in ("paint_band", "paint_filler", "paint_pause"):
        spy(name)
    make(qtbot).grab()
    from_legend = set(calls)
    calls.clear()
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(900, timeline.sizeHint().height())
    timeline.set_report(rich_report())
    timeline.grab()
    from_timeline = set(calls)
    # Every kind of mark the timeline drew was drawn by the very same function in the legend.
    assert from_timeline <= from_legend
    assert {name for name, _ in from_timeline} == {"paint_band", "paint_filler", "paint_pause"}


@pytest.mark.parametrize("width", [900, 420, 200])
def test_wraps_onto_more_rows_when_narrow(qtbot, width: int) -> None:
    legend = make(qtbot, width)
    wide = legend.heightForWidth(2000)
    assert legend.heightForWidth(width) >= wide
    for key, _ in legend.entries():
        assert legend.swatch_rect(key).right() <= max(width, 200)
    assert legend.accessibleName() == "Timeline legend"
    assert "Long-term goal" in legend.accessibleDescription()
    assert not legend.grab().toImage().isNull()


def test_a_filler_heard_not_transcribed_has_a_ringed_pin(qtbot) -> None:
    """Found as a new user: an "(um)" the model left out differed from a transcribed "um"
    only by a dashed stem, two pixels of dash. Its cap is a dot in a ring, a gap of
    background between, in the app's legend (the timeline's own painter) and the export's."""
    legend = make(qtbot)
    image = legend.grab().toImage()
    orange = QColor(palette.FILLER_COLOR)
    caps = {}
    for key in ("filler_hard", "filler_audio"):
        rect = legend.swatch_rect(key)
        caps[key] = (rect.center().x(), rect.top() + paint_marks.FILLER_CAP_RADIUS_PX + 1.0)
    gap = (paint_marks.FILLER_DOT_PX + paint_marks.FILLER_RING_PX) / 2
    for key, filled_there in (("filler_hard", True), ("filler_audio", False)):
        x, y = caps[key]
        assert close(pixel(image, x, y), orange), key  # both are an "um": a filled centre
        # Halfway out to the ring: inside the round cap, the gap around the ringed one's dot.
        assert close(pixel(image, x, y - gap), orange, 40) is filled_there, key
    x, y = caps["filler_audio"]
    assert close(pixel(image, x, y - paint_marks.FILLER_RING_PX), orange, 80)  # the ring

    report = rich_report()
    svg = timeline_svg(report)
    assert svg is not None
    pins = re.findall(r'<g class="filler"><title>([^<]*)</title>(.*?)</g>', svg)
    heard = {title: body.count("<circle") for title, body in pins}
    audio = [f for f in report.delivery.fillers if f.source == "audio"]
    assert audio and all(heard[f"{f.text} at {clock_text(f.start_s)}"] == 2 for f in audio)
    assert sorted(heard.values()).count(1) == len(pins) - len(audio)
