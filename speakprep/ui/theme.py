"""Qt forms of the shared palette: colours, tints, fonts and sizes used by the report views.

Every colour here comes from ``speakprep.palette``; this module only turns the hex strings
into ``QColor`` (with alpha or blended toward white) so the timeline, the legend and the
transcript can never disagree on a shade.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor, QFont, QPalette

from speakprep import palette

# Share of the label colour kept when it is blended toward white behind transcript text:
# light enough for TEXT_ON_LABEL to stay well above 4.5:1 contrast on every label.
TEXT_TINT_SHARE = 0.32
# Behind a filler word in running text: visibly orange, still readable.
FILLER_TINT_SHARE = 0.45
# Small text (axis ticks, legend entries) relative to the widget's base font.
CAPTION_SCALE = 0.9
# Running text of the transcript, slightly larger than the UI font: it is read, not scanned.
READING_SCALE = 1.12
READING_LINE_HEIGHT_PERCENT = 155


def color(hex_str: str, alpha: float = 1.0) -> QColor:
    """``hex_str`` (``"#RRGGBB"``) as a QColor with ``alpha`` from 0 to 1."""
    c = QColor(hex_str)
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def tint(hex_str: str, share: float) -> QColor:
    """An opaque colour: ``share`` of ``hex_str`` blended over white (0 white, 1 the colour)."""
    c = QColor(hex_str)
    share = max(0.0, min(1.0, share))

    def mix(v: int) -> int:
        return round(255 + (v - 255) * share)

    return QColor(mix(c.red()), mix(c.green()), mix(c.blue()))


def label_color(label: str) -> QColor:
    """The band colour of a segment label; unknown labels fall back to "other"."""
    return color(palette.LABEL_COLORS.get(label, palette.LABEL_COLORS["other"]))


def label_tint(label: str) -> QColor:
    """The light background behind a sentence with this label in running text."""
    return tint(palette.LABEL_COLORS.get(label, palette.LABEL_COLORS["other"]), TEXT_TINT_SHARE)


def label_name(label: str) -> str:
    return palette.LABEL_NAMES.get(label, label.replace("_", " ").capitalize())


def is_dark(pal: QPalette) -> bool:
    """Whether the widget background is dark (a dark desktop theme)."""
    return pal.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def ink(pal: QPalette, hex_str: str) -> QColor:
    """A palette colour meant for a light background, or the theme's text colour on dark ones.

    The target and loudness colours are near-black; on a dark theme they would vanish.
    """
    if is_dark(pal):
        return pal.color(QPalette.ColorRole.WindowText)
    return color(hex_str)


def caption_font(base: QFont) -> QFont:
    f = QFont(base)
    f.setPointSizeF(max(7.0, base.pointSizeF() * CAPTION_SCALE))
    return f


def reading_font(base: QFont) -> QFont:
    f = QFont(base)
    f.setPointSizeF(base.pointSizeF() * READING_SCALE)
    return f


def format_clock(seconds: float) -> str:
    """``"m:ss"`` like a player clock (floored, so 0:12 means "12 s in")."""
    total = max(0, math.floor(seconds + 1e-6))
    return f"{total // 60}:{total % 60:02d}"


def format_seconds(seconds: float) -> str:
    """A duration in seconds with one decimal, dropping ``.0`` (``"1.8 s"``, ``"90 s"``)."""
    text = f"{seconds:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " s"
