"""The timeline draws the pace the report computed, marks the sentences that tie the answer
to the employer (here and in the transcript), and its filler pins leave band names clear."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from speakprep.core.checks import employer_link_sentences
from speakprep.ui import theme
from speakprep.ui.paint.timeline import employer_spans, pace_band_rect, pace_points
from speakprep.ui.widgets.timeline import TimelineWidget
from speakprep.ui.widgets.transcript import TranscriptView
from tests.reports import timed_report

LINKED = (
    "Um, in the next two years I want to become a strong forecasting analyst.",
    "I chose Acme because your forecasting work matches what I want to learn.",
    "In five years I want to lead a small analytics team.",
)


def grab(qtbot, report) -> tuple[TimelineWidget, QImage]:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(900, widget.sizeHint().height())
    widget.set_report(report)
    return widget, widget.grab().toImage()


def near(image: QImage, x: float, y: float, colour: QColor, radius: int = 2) -> bool:
    dpr = image.devicePixelRatio()
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(int((x + dx) * dpr), int((y + dy) * dpr))
            if all(
                abs(a - b) <= 40 for a, b in zip(c.getRgb()[:3], colour.getRgb()[:3], strict=True)
            ):
                return True
    return False


def test_the_pace_line_has_a_scale_the_comfortable_band_and_its_value_on_hover(qtbot) -> None:
    report = timed_report(LINKED)
    pace = report.delivery.pace_over_time
    widget, bare = grab(qtbot, report)
    low, high = min(pt.wpm for pt in pace) - 5, max(pt.wpm for pt in pace) + 5
    widget.set_pace_band((low, high))
    band = pace_band_rect(report, widget.frame(), (low, high))
    top, bottom = widget.lanes().envelope
    assert band is not None and top <= band.top() < band.bottom() <= bottom
    # Every point of a take paced inside the band runs inside the shaded strip.
    for p in pace_points(report, widget.frame()):
        assert band.top() <= p.y() <= band.bottom()
    # A band well below the take's pace lies below the line.
    slow = pace_band_rect(report, widget.frame(), (60, 80))
    assert slow is not None and slow.top() > band.bottom()
    # The strip is painted: past the line's last point it shows only with a band set.
    shaded = widget.grab().toImage()
    x = widget.time_to_x(report.delivery.recording_s) - 3
    y = band.center().y()
    ink = theme.colour("timeline.pace").getRgb()[:3]

    def off_ink(image: QImage) -> int:
        got = image.pixelColor(round(x), round(y)).getRgb()[:3]
        return sum(abs(a - b) for a, b in zip(got, ink, strict=True))

    assert off_ink(shaded) < off_ink(bare) - 15
    # Hovering names the nearest pace and the band.
    mid = pace[len(pace) // 2]
    tip = widget.tooltip_at(widget.time_to_x(mid.time_s))
    assert f"Pace here: {mid.wpm:.0f} words a minute" in tip
    assert f"(good: {low:.0f}–{high:.0f})" in tip
    widget.set_pace_band(None)
    assert "(good" not in widget.tooltip_at(widget.time_to_x(mid.time_s))


def test_the_pace_line_follows_the_reports_pace_over_time(qtbot) -> None:
    report = timed_report(LINKED)
    pace = report.delivery.pace_over_time
    assert len(pace) >= 2
    widget, image = grab(qtbot, report)
    points = pace_points(report, widget.frame())
    assert len(points) == len(pace)
    top, bottom = widget.lanes().envelope
    for pt, p in zip(pace, points, strict=True):
        assert abs(p.x() - widget.time_to_x(pt.time_s)) < 0.5
        assert top <= p.y() <= bottom
    # Faster is higher: the y order is the reverse of the wpm order.
    fast = max(range(len(pace)), key=lambda k: pace[k].wpm)
    slow = min(range(len(pace)), key=lambda k: pace[k].wpm)
    assert points[fast].y() <= points[slow].y()
    mid = points[len(points) // 2]
    assert near(image, mid.x(), mid.y(), theme.colour("timeline.pace"))


def test_employer_link_sentences_are_marked_on_the_timeline_and_in_the_transcript(qtbot):
    report = timed_report(LINKED)
    linked = employer_link_sentences(report.content.checks)
    assert 1 in linked
    widget, image = grab(qtbot, report)
    spans = employer_spans(report, widget.frame())
    assert len(spans) == len(linked)
    y = widget.lanes().band[1] + 2.0
    x0, x1 = spans[linked.index(1)]
    assert near(image, (x0 + x1) / 2, y, theme.colour("timeline.employer"))
    # A sentence that is no link has no mark under it.
    other = report.content.sentences[2]
    if 2 not in linked:
        ox = widget.time_to_x((other.start_s + other.end_s) / 2)
        assert not near(image, ox, y, theme.colour("timeline.employer"), radius=0)

    view = TranscriptView()
    qtbot.addWidget(view)
    view.set_report(report)
    word = report.content.sentences[1].word_indexes[2]
    assert word in view.employer_link_words()
    start, _ = view.word_span(word)
    cursor = view.textCursor()
    cursor.setPosition(start + 1)
    fmt = cursor.charFormat()
    assert fmt.underlineColor() == theme.colour("timeline.employer")
    assert "employer" in view._tooltip(word)


def test_filler_pins_leave_the_band_name_clear(qtbot) -> None:
    report = timed_report(LINKED)
    widget, image = grab(qtbot, report)
    band_top, band_bottom = widget.lanes().band
    filler = next(f for f in report.delivery.fillers if f.start_s is not None)
    x = widget.time_to_x(filler.start_s)
    orange = theme.colour("timeline.filler")
    assert near(image, x, sum(widget.lanes().filler) / 2, orange)  # the pin is drawn
    # ... and stops at the band's top edge: nothing orange in the middle of the band.
    assert not near(image, x, (band_top + band_bottom) / 2, orange, radius=1)


def test_the_legend_names_the_pace_line_and_the_employer_mark_when_drawn(qtbot) -> None:
    from speakprep.ui.widgets.legend import LegendWidget

    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.set_report(timed_report(LINKED))
    keys = [k for k, _ in legend.entries()]
    assert "pace" in keys and "employer" in keys
    plain = timed_report(("I want to lead a small analytics team in five years.",))
    assert not employer_link_sentences(plain.content.checks)
    legend.set_report(plain)
    assert "employer" not in [k for k, _ in legend.entries()]
