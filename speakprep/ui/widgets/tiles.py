"""Small building blocks shared by the scorecard, the checks view and the pages.

Colours are roles of ``speakprep.ui.theme`` (light and dark); the names below are the
roles these blocks use most, so a caller writes ``label(color=MUTED)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from speakprep.palette import STATUS_SYMBOLS
from speakprep.ui import theme

INK = "text.ink"  # headings and figures
TEXT = "text.body"  # body text
MUTED = "text.muted"  # captions and secondary lines
HAIRLINE = "line.hairline"  # dividers and neutral card borders
CARD = "surface.raised"  # neutral card background
FOCUS = "accent.focus"  # keyboard focus ring


def tint(role: str, share: float) -> str:
    """``role`` washed over the card background, as a stylesheet hex (0 the card, 1 it)."""
    return theme.tint(role, share).name()


def hex_of(role: str) -> str:
    """The colour of ``role`` as a stylesheet hex."""
    return theme.hex_of(role)


def number(value: float) -> str:
    """A band edge as a person writes it: 120, 2.5, 3 (never 120.0)."""
    return f"{value:g}"


def scaled_font(widget: QWidget, scale: float, *, bold: bool = False) -> QFont:
    """The widget's font scaled from the application's size, so system font sizes still apply."""
    font = QFont(widget.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * scale))
    font.setBold(bold)
    return font


def label(
    text: str = "",
    *,
    parent: QWidget | None = None,
    scale: float = 1.0,
    bold: bool = False,
    color: str = TEXT,
    wrap: bool = False,
) -> QLabel:
    """A plain-text label in the colour of the theme role ``color``, sized from the app font."""
    out = QLabel(text, parent)
    out.setTextFormat(Qt.TextFormat.PlainText)
    out.setFont(scaled_font(out, scale, bold=bold))
    theme.style(out, lambda: theme.text_style(color))
    out.setWordWrap(wrap)
    return out


def figure_row(value: QLabel, unit: QLabel, *, spacing: int = 6) -> QHBoxLayout:
    """A large figure and the small words after it on one baseline ("74" "wpm"), left."""
    row = QHBoxLayout()
    row.setSpacing(spacing)
    row.addWidget(value, 0, Qt.AlignmentFlag.AlignBaseline)
    row.addWidget(unit, 0, Qt.AlignmentFlag.AlignBaseline)
    row.addStretch(1)
    return row


def heading_row(heading: QLabel, aside: QLabel) -> QHBoxLayout:
    """A card's heading on the left and a short figure about it on the right ("3 of 4")."""
    row = QHBoxLayout()
    row.addWidget(heading)
    row.addStretch(1)
    row.addWidget(aside)
    return row


def set_label_color(widget: QLabel, role: str) -> None:
    """Recolour a label to the theme role ``role`` (e.g. "status.pass")."""
    theme.style(widget, lambda: theme.text_style(role))


class MetricTile(QFrame):
    """One delivery figure: a caption, a large value with its unit, a status line and a note.

    The tile's wash, border and status line take the pass / warn / fail colour; the status
    line also carries the status symbol and words, so colour is never the only cue.
    """

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricTile")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(140)
        self._caption_text = caption
        self.status: str | None = None
        self._band = ""

        self.caption = label(caption.upper(), parent=self, scale=0.8, bold=True, color=MUTED)
        self.caption.setObjectName("caption")
        caption_font = self.caption.font()
        caption_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.caption.setFont(caption_font)

        self.value = label(parent=self, scale=2.0, bold=True, color=INK)
        self.value.setObjectName("value")
        self.unit = label(parent=self, scale=0.95, color=MUTED)
        self.unit.setObjectName("unit")
        self.status_line = label(parent=self, scale=0.95, bold=True, wrap=True)
        self.status_line.setObjectName("status")
        self.detail = label(parent=self, scale=0.85, color=MUTED, wrap=True)
        self.detail.setObjectName("detail")

        figure = figure_row(self.value, self.unit)

        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(2)
        box.addWidget(self.caption)
        box.addSpacing(2)
        box.addLayout(figure)
        box.addSpacing(2)
        box.addWidget(self.status_line)
        box.addWidget(self.detail)
        box.addStretch(1)
        self._paint(None)

    def set_metric(
        self,
        *,
        value: str,
        unit: str,
        status_text: str,
        status: str | None,
        detail: str = "",
        tooltip: str = "",
        band: str = "",
    ) -> None:
        """Show one figure; ``status`` is "pass", "warn", "fail" or None (no verdict).

        ``band`` (e.g. "120-165") joins the status in ``summary()`` and the accessible name;
        on screen it belongs in ``detail``, where it does not crowd the status line.
        """
        self.status = status
        self._band = band
        self.value.setText(value)
        self.unit.setText(unit)
        symbol = STATUS_SYMBOLS.get(status or "", "")
        self.status_line.setText(f"{symbol}  {status_text}" if symbol else status_text)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{self._caption_text}: {self.summary()}")
        self.setAccessibleDescription(tooltip)
        self._paint(status)

    def summary(self) -> str:
        """The figure in one line, e.g. "142 wpm · good (120-165)"."""
        figure = " ".join(x for x in (self.value.text(), self.unit.text()) if x)
        status = self.status_line.text()
        symbol = STATUS_SYMBOLS.get(self.status or "", "")
        if symbol and status.startswith(symbol):
            status = status[len(symbol) :].strip()
        if self._band:
            status = f"{status} ({self._band})"
        return f"{figure} · {status}" if status else figure

    def _paint(self, status: str | None) -> None:
        role = None if status is None else f"status.{status}"

        def sheet() -> str:
            if role is None:
                background, border = hex_of(CARD), hex_of(HAIRLINE)
            else:
                background, border = tint(role, 0.07), tint(role, 0.35)
            return (
                f"QFrame#metricTile {{ background: {background}; border: 1px solid {border};"
                f" border-radius: 10px; }}"
            )

        theme.style(self, sheet)
        set_label_color(self.status_line, TEXT if role is None else role)
