"""The timeline of a report as inline SVG, for the HTML export.

It draws what the app's timeline widget draws, in the same colours (``speakprep.palette``)
and lanes: a header with the target label, filler ticks over the segment bands, pause bars,
the time axis, and a legend, so a page read without the app tells the same story. The SVG
has no ``xmlns`` attribute: inline in HTML it needs none, and the page stays free of URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from speakprep import palette
from speakprep.core.models import Report
from speakprep.core.units import clock_text
from speakprep.render.marks import (
    FILLER_CAP_RADIUS_PX,
    FILLER_DASH_PX,
    FILLER_DOT_LINE_PX,
    FILLER_DOT_PX,
    FILLER_LINE_PX,
    FILLER_RING_LINE_PX,
    FILLER_RING_PX,
    MARK_NAMES,
    present_marks,
)
from speakprep.render.text import heard_as
from speakprep.render.timescale import TimeAxis, tick_step_s, ticks_s, timeline_scale_s

__all__ = ["timeline_svg"]

WIDTH_PX = 880.0
_PAD_PX = 14.0
_HEADER = (0.0, 18.0)
_FILLER_CAP_Y = 28.0
_BAND = (38.0, 66.0)
_PAUSE_Y = 76.0
_AXIS_Y = 90.0
_LEGEND_Y = 134.0
_FONT_PX = 11.0
_CHAR_PX = 6.2  # average width of a character at _FONT_PX, for fitting band names
# A page is printed and read on white: the light theme's colours.
_INK = palette.LIGHT["text.ink"]
_BODY = palette.LIGHT["text.body"]
_MUTED = palette.LIGHT["text.muted"]
_PAPER = palette.LIGHT["surface.card"]


def timeline_svg(report: Report, *, width_px: float = WIDTH_PX) -> str | None:
    """The ``<svg>`` element for ``report``, or None if it has no times (a text-only take)."""
    delivery = report.delivery
    if delivery is None:
        return None
    scale_s = timeline_scale_s(delivery.recording_s, delivery.target_s)
    left, right = _PAD_PX, width_px - _PAD_PX
    x_of = TimeAxis(scale_s, left, right).x_of

    legend, legend_bottom = _legend(present_marks(report), left, width_px)
    height = legend_bottom + 8.0
    parts: list[str] = [
        f'<svg class="timeline" role="img" width="{_n(width_px)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width_px)} {_n(height)}" font-size="{_n(_FONT_PX)}" '
        'font-family="system-ui, sans-serif">',
        "<title>Timeline of the answer: segments, fillers, pauses and the target</title>",
        '<defs><pattern id="over-target" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{_INK}" '
        f'fill-opacity="0.04"/><line x1="0" y1="0" x2="0" y2="6" stroke="{_INK}" '
        'stroke-opacity="0.12" stroke-width="1.5"/></pattern></defs>',
    ]
    target_x = x_of(delivery.target_s)
    if delivery.target_s < scale_s:
        parts.append(
            f'<rect class="over-target" x="{_n(target_x)}" y="{_n(_FILLER_CAP_Y - 6)}" '
            f'width="{_n(right - target_x)}" height="{_n(_AXIS_Y - _FILLER_CAP_Y + 6)}" '
            'fill="url(#over-target)"/>'
        )
    top, bottom = _BAND
    parts.append(
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
        f'height="{_n(bottom - top)}" rx="3" fill="{_INK}" fill-opacity="0.05"/>'
    )
    parts += _bands(report, x_of)
    for pause in delivery.pauses:
        parts.append(_pause(x_of(pause.start_s), x_of(pause.end_s), _PAUSE_Y, long=pause.long))
    parts += _axis(scale_s, x_of, left, right)
    parts += _target(target_x, delivery.target_s, width_px)
    for filler in delivery.fillers:
        if filler.start_s is None:
            continue
        at = f"{filler.text} at {clock_text(filler.start_s)}"
        parts.append(
            f'<g class="filler"><title>{escape(at)}</title>'
            f"{_filler(x_of(filler.start_s), _FILLER_CAP_Y, bottom, filler.kind, filler.source)}"
            "</g>"
        )
    parts += legend
    parts.append("</svg>")
    return "\n".join(parts)


def _bands(report: Report, x_of: Callable[[float], float]) -> list[str]:
    top, bottom = _BAND
    out = []
    for seg in report.content.segments:
        if seg.start_s is None or seg.end_s is None:
            continue
        x0, x1 = x_of(seg.start_s), x_of(seg.end_s)
        w = max(x1 - x0, 1.0)
        name = palette.LABEL_NAMES.get(seg.label, seg.label)
        color = palette.LABEL_COLORS.get(seg.label, palette.LABEL_COLORS["other"])
        tip = f"{name}: {clock_text(seg.start_s)}–{clock_text(seg.end_s)}"
        if heard := heard_as(report, seg.sentence_indexes):
            tip += f", {heard}"
        out.append(
            f'<rect class="band" data-label="{escape(seg.label)}" x="{_n(x0)}" y="{_n(top)}" '
            f'width="{_n(w)}" height="{_n(bottom - top)}" rx="3" fill="{color}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        # The name inside the band when it fits, so colour is never the only cue.
        shown = next((t for t in (name, name.split()[0]) if len(t) * _CHAR_PX <= w - 10), None)
        if shown:
            out.append(
                f'<text x="{_n(x0 + 5)}" y="{_n((top + bottom) / 2 + 4)}" '
                f'fill="{palette.TEXT_ON_LABEL}">{escape(shown)}</text>'
            )
    return out


def _pause(x0: float, x1: float, y: float, *, long: bool, swatch: bool = False) -> str:
    """A pause bar; ``swatch``: the legend's copy, without the class that marks real ones."""
    h = 6.0 if long else 4.0
    color = palette.LONG_PAUSE_COLOR if long else palette.PAUSE_COLOR
    kind = "" if swatch else f'class="{"long-pause" if long else "pause"}" '
    return (
        f'<rect {kind}x="{_n(x0)}" y="{_n(y - h / 2)}" width="{_n(max(x1 - x0, h))}" '
        f'height="{_n(h)}" rx="{_n(h / 2)}" fill="{color}"/>'
    )


def _filler(x: float, cap_y: float, bottom: float, kind: str, source: str) -> str:
    """A tick with a cap: filled for um/uh, hollow for like/you know; for a filler heard
    only in the audio a dot in a ring on a dashed tick (as the app's ui/paint/marks draws)."""
    dashes = " ".join(_n(d) for d in FILLER_DASH_PX)
    dash = f' stroke-dasharray="{dashes}"' if source == "audio" else ""
    fill = palette.FILLER_COLOR if kind == "hard" else _PAPER
    at = f'cx="{_n(x)}" cy="{_n(cap_y)}"'
    orange = palette.FILLER_COLOR
    cap = (
        f'<circle {at} r="{_n(FILLER_CAP_RADIUS_PX)}" fill="{fill}" stroke="{orange}" '
        f'stroke-width="{_n(FILLER_LINE_PX)}"/>'
    )
    if source == "audio":
        cap = (
            f'<circle {at} r="{_n(FILLER_RING_PX)}" fill="{_PAPER}" stroke="{orange}" '
            f'stroke-width="{_n(FILLER_RING_LINE_PX)}"/><circle {at} r="{_n(FILLER_DOT_PX)}" '
            f'fill="{fill}" stroke="{orange}" stroke-width="{_n(FILLER_DOT_LINE_PX)}"/>'
        )
    return (
        f'<line x1="{_n(x)}" y1="{_n(cap_y)}" x2="{_n(x)}" y2="{_n(bottom)}" stroke="{_PAPER}" '
        f'stroke-width="{_n(FILLER_LINE_PX + 2.0)}"/><line x1="{_n(x)}" y1="{_n(cap_y)}" '
        f'x2="{_n(x)}" y2="{_n(bottom)}" stroke="{orange}" '
        f'stroke-width="{_n(FILLER_LINE_PX)}"{dash}/>{cap}'
    )


def _axis(scale_s: float, x_of: Callable[[float], float], left: float, right: float) -> list[str]:
    step, _minor = tick_step_s(scale_s, right - left, len(clock_text(scale_s)) * _CHAR_PX)
    out = [
        f'<g class="axis"><line x1="{_n(left)}" y1="{_n(_AXIS_Y)}" x2="{_n(right)}" '
        f'y2="{_n(_AXIS_Y)}" stroke="{_MUTED}" stroke-width="1"/>'
    ]
    for t in ticks_s(scale_s, step):
        x = x_of(t)
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(_AXIS_Y)}" x2="{_n(x)}" y2="{_n(_AXIS_Y + 5)}" '
            f'stroke="{_MUTED}" stroke-width="1"/><text x="{_n(x)}" '
            f'y="{_n(_AXIS_Y + 17)}" text-anchor="middle" fill="{_BODY}">'
            f"{clock_text(t)}</text>"
        )
    out.append("</g>")
    return out


def _target(x: float, target_s: float, width_px: float) -> list[str]:
    label = f"{clock_text(target_s)} target"
    # Keep the caption inside the picture when the target sits near an edge.
    half = len(label) * _CHAR_PX / 2
    cx = min(max(x, half + 2), width_px - half - 2)
    return [
        f'<g class="target"><line x1="{_n(x)}" y1="{_n(_HEADER[1] + 2)}" x2="{_n(x)}" '
        f'y2="{_n(_AXIS_Y)}" stroke="{palette.TARGET_COLOR}" stroke-width="1.2" '
        f'stroke-dasharray="3 2"/><text x="{_n(cx)}" y="{_n(_HEADER[1] - 4)}" '
        f'text-anchor="middle" font-weight="bold" fill="{palette.TARGET_COLOR}">'
        f"{escape(label)}</text></g>"
    ]


def _legend(keys: set[str], left: float, width_px: float) -> tuple[list[str], float]:
    """The legend of the marks in ``keys`` (:func:`present_marks`: the app's legend lists
    only those too), wrapped to the width, and the y of its last row's bottom."""
    swatches = {
        label: f'<rect width="20" height="12" rx="3" fill="{palette.LABEL_COLORS[label]}"/>'
        for label in palette.LABEL_ORDER
    }
    swatches |= {
        "filler_hard": _filler(10, 3.6, 14, "hard", "asr"),
        "filler_discourse": _filler(10, 3.6, 14, "discourse", "asr"),
        "filler_audio": _filler(10, 5.4, 14, "hard", "audio"),  # room for the ring
        "pause": _pause(0, 20, 7, long=False, swatch=True),
        "long_pause": _pause(0, 20, 7, long=True, swatch=True),
        "target": f'<line x1="10" y1="0" x2="10" y2="14" stroke="{palette.TARGET_COLOR}" '
        'stroke-width="1.2" stroke-dasharray="3 2"/>',
    }
    out = ['<g class="legend">']
    x, y = left, _LEGEND_Y
    for key, swatch in swatches.items():
        if key not in keys:
            continue
        text = MARK_NAMES[key]
        item_w = 26 + len(text) * _CHAR_PX + 18
        if x + item_w > width_px - _PAD_PX and x > left:
            x, y = left, y + 20
        out.append(
            f'<g transform="translate({_n(x)} {_n(y - 10)})">{swatch}'
            f'<text x="26" y="11" fill="{_BODY}">{escape(text)}</text></g>'
        )
        x += item_w
    out.append("</g>")
    return out, y + 6


def _n(value: float) -> str:
    """A coordinate with at most two decimals: shorter files, same picture."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
