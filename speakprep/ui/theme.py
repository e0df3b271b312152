"""The one home of the app's colours, stylesheets and type scale, light and dark alike.

Every colour is named by its role in ``speakprep.palette`` (``"band.plan"``, ``"text.muted"``,
``"surface.card"``, ``"status.fail"``) with a light and a dark value; this module picks the
table that matches the desktop's palette and turns it into ``QColor`` s and stylesheets.
Widgets ask for a role, never a hex string, so a dark desktop gets dark cards with light
text instead of white cards with the system's light text on them::

    painter.setBrush(theme.colour("band.plan"))
    label.setStyleSheet(theme.text_style("text.muted"))
    card.setStyleSheet(theme.stylesheet("card", "QFrame#historyCard"))
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from speakprep import palette

# The table chosen in Settings → Appearance; None follows the desktop's palette.
_forced: dict[str, str] | None = None
_system_palette: QPalette | None = None
_system_style: str | None = None

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

# Named stylesheets; ``{group.role}`` is replaced by the colour, ``%s`` by the selector.
STYLESHEETS: dict[str, str] = {
    "card": "%s { background: {surface.card}; border: 1px solid {line.hairline};"
    " border-radius: 10px; }",
    "window": "%s { background: {surface.window}; }",
    "title": "font-size: 20px; font-weight: 600; color: {text.ink};",
    "notice": "QLabel { background: {banner.warning.bg}; color: {banner.warning.fg};"
    " border: 1px solid {banner.warning.border}; border-radius: 8px; padding: 6px 10px; }",
    "hint": "QLabel { background: {banner.info.bg}; color: {banner.info.fg};"
    " border: 1px solid {banner.info.border}; border-radius: 8px; padding: 6px 10px; }",
    "subtitle": "color: {text.muted};",
    "link": "QPushButton { color: {accent.focus}; padding: 2px 6px; }",
    "divider": "background: {line.hairline}; border: none; margin: 0 16px;",
    "transparent": "%s { background: transparent; }",
    # A scroll area the keyboard can stop on: its ring shows only while it has focus, on a
    # border it always keeps (transparent) so the page does not shift when it appears.
    "focus_frame": " %s { border: 2px solid transparent; border-radius: 6px; }"
    " %s:focus { border-color: {accent.focus}; }",
    "table": "QTableView { border: none; background: {surface.card}; color: {text.ink};"
    " gridline-color: transparent; selection-background-color: {surface.selected};"
    " selection-color: {text.ink}; outline: 0; }"
    " QTableView::item { padding: 0 10px; border-bottom: 1px solid {line.faint}; }"
    " QTableView::item:selected { background: {surface.selected}; }"
    " QHeaderView::section { background: {surface.card}; color: {text.muted}; border: none;"
    " border-bottom: 1px solid {line.hairline}; padding: 8px 13px; font-weight: 600; }",
    "list": "%s { background: {surface.card}; color: {text.ink};"
    " border: 1px solid {line.hairline}; border-radius: 10px; padding: 4px; }"
    " %s::item { padding: 6px 8px; border-radius: 6px; }"
    " %s::item:hover { background: {surface.hover}; }"
    " %s::item:selected { background: {surface.selected}; color: {text.ink}; }",
    "record_card": "%s { background: {surface.card}; border: 1px solid {line.hairline};"
    " border-radius: 12px; }",
    "danger_button": "QPushButton:enabled { color: {status.fail}; }",
    # A large text field on a card: Fusion's frame is the card's colour made a shade darker,
    # which vanished on Dark and High contrast; its edge is drawn as the check boxes' is.
    "text_field": "%s { border: 1px solid {text.muted}; border-radius: 6px; padding: 4px; }"
    " %s:focus { border: 2px solid {accent.focus}; padding: 3px; }",
    "nav": "QWidget#navBar { background: {surface.card};"
    " border-bottom: 1px solid {line.hairline}; }"
    " QPushButton#navButton { background: transparent; border: none; border-radius: 8px;"
    " padding: 6px 16px; font-weight: 600; color: {text.body}; }"
    " QPushButton#navButton:hover { background: {line.hairline}; }"
    " QPushButton#navButton:checked { background: {nav.active}; color: {nav.active_text}; }",
}


# A widget's stylesheet also styles its tooltips (Qt gives the tip the widget's sheet), so a
# label's "color: amber; background: transparent" painted its tooltip amber on black. Every
# sheet set through ``style`` ends with this rule, which outranks a rule with no selector.
TOOLTIP = (
    "QToolTip { color: {text.ink}; background: {surface.raised};"
    " border: 1px solid {line.hairline}; padding: 3px; }"
)


# High contrast only: a visible edge around every field (see apply_appearance).
FIELD_EDGES = (
    "QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit { border: 1px solid {line.hairline};"
    " border-radius: 3px; padding: 2px 4px; }"
    " QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QPlainTextEdit:focus"
    " { border: 2px solid {accent.focus}; }"
)


# The edge of a check box or radio button in a chosen appearance (see EdgedIndicators).
INDICATOR_EDGE = "text.muted"


class EdgedIndicators(QProxyStyle):
    """Fusion, with check boxes and radio buttons whose edge can be seen.

    Fusion draws their edge in the window colour made darker: on Dark's near-black window
    that is black on black, on High contrast's black nothing at all, so "Use another model"
    and "Show a live caption" had no box to click. The edge is drawn again over Fusion's in
    ``INDICATOR_EDGE``; with keyboard focus Fusion's focus colour is left as it is.
    """

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        kinds = (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        )
        focus = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        if element not in kinds or (option.state & focus) == focus:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(colour(INDICATOR_EDGE))
        painter.setBrush(QColor(0, 0, 0, 0))
        box = option.rect.adjusted(0, 0, -1, -1)
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.translate(0.5, 0.5)  # Fusion's own box, line for line
            painter.drawRect(box)
        else:  # Fusion's circle: its centre and radius
            radius = (box.width() + (box.width() + 1) % 2) / 2.0 - 1
            painter.drawEllipse(QPointF(box.center()) + QPointF(1, 1), radius, radius)
        painter.restore()


def is_dark(pal: QPalette | None = None) -> bool:
    """Whether the desktop (or ``pal``) draws light text on a dark background."""
    pal = pal if pal is not None else _app_palette()
    if pal is None:
        return False
    return pal.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def colours(pal: QPalette | None = None) -> dict[str, str]:
    """The colour table (role -> ``"#RRGGBB"``): the appearance chosen in Settings, else the
    one matching the desktop's palette (or ``pal``)."""
    if _forced is not None and pal is None:
        return _forced
    return palette.DARK if is_dark(pal) else palette.LIGHT


def appearance_palette(table: dict[str, str]) -> QPalette:
    """A Qt palette from a colour table, so native widgets (fields, lists, menus, dialogs)
    match the app's own cards and text."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "surface.window",
        QPalette.ColorRole.WindowText: "text.ink",
        QPalette.ColorRole.Base: "surface.card",
        QPalette.ColorRole.AlternateBase: "surface.raised",
        QPalette.ColorRole.Text: "text.ink",
        QPalette.ColorRole.Button: "surface.raised",
        QPalette.ColorRole.ButtonText: "text.ink",
        QPalette.ColorRole.ToolTipBase: "surface.raised",
        QPalette.ColorRole.ToolTipText: "text.ink",
        QPalette.ColorRole.PlaceholderText: "text.muted",
        QPalette.ColorRole.Highlight: "accent.focus",
        QPalette.ColorRole.HighlightedText: "surface.card",
        QPalette.ColorRole.Link: "accent.focus",
        QPalette.ColorRole.BrightText: "text.ink",
        QPalette.ColorRole.Mid: "line.hairline",
        QPalette.ColorRole.Light: "surface.hover",
        QPalette.ColorRole.Midlight: "surface.hover",
        QPalette.ColorRole.Dark: "line.hairline",
        QPalette.ColorRole.Shadow: "surface.window",
    }
    for role, name in roles.items():
        pal.setColor(role, QColor(table[name]))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(table["text.muted"]))
    return pal


def apply_appearance(mode: str) -> None:
    """Use ``mode`` ("system", "light", "dark", "high_contrast") from now on: the colour
    table, and a matching application palette for the native widgets.

    Every widget styled through :func:`style` is styled again at once, and every widget is
    repainted, so the open window changes with the setting (no restart).
    """
    global _forced, _system_palette, _system_style
    app = QApplication.instance()
    table = palette.THEMES.get(mode)
    if not isinstance(app, QApplication):
        _forced = table
        return
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if table is None:
        _forced = None
        app.setStyleSheet("")
        app.setPalette(_system_palette)
        if _system_style:
            app.setStyle(_system_style)
        restyle(app)
        return
    app.setStyle(EdgedIndicators())  # Fusion: it draws every control from the palette
    app.setPalette(appearance_palette(table))
    # Fusion draws a text field's frame only slightly off its background: on black, a field
    # would vanish; high contrast gives every field a white edge.
    app.setStyleSheet(palette.fill_roles(FIELD_EDGES, table) if mode == "high_contrast" else "")
    _forced = table
    restyle(app)


# The attribute a styled widget keeps its stylesheet recipe in (see ``style``).
_RECIPE = "_speakprep_stylesheet"


def style(widget: QWidget, make: Callable[[], str]) -> None:
    """Give ``widget`` the stylesheet ``make()`` builds from the colour table, now and again
    after every change of appearance (``make`` is kept and called then)."""
    setattr(widget, _RECIPE, make)
    widget.setStyleSheet(_with_tooltip(make()))


def card(frame: QWidget, name: str) -> None:
    """Name ``frame`` ``name`` and give it the card look (``stylesheet("card", ...)``) in every
    appearance: the object name and the sheet's selector are one string, written once."""
    frame.setObjectName(name)
    style(frame, lambda: stylesheet("card", f"QFrame#{name}"))


def _with_tooltip(sheet: str) -> str:
    """``sheet`` with the tooltip rule of the colour table in use after it (see TOOLTIP).

    A bare list of declarations is what Qt reads as ``* { ... }``; it is written so here,
    since a sheet cannot mix bare declarations and rules.
    """
    rules = sheet if "{" in sheet else f"* {{ {sheet} }}"
    return f"{rules} {css(TOOLTIP)}"


def restyle(app: QApplication) -> None:
    """Style every widget styled through :func:`style` from the colour table in use, and
    repaint every widget (painted ones ask the table for their colours as they paint)."""
    for widget in app.allWidgets():
        make = getattr(widget, _RECIPE, None)
        if make is not None:
            widget.setStyleSheet(_with_tooltip(make()))
        widget.update()


def appearance() -> str:
    """The appearance in use: a key of ``palette.THEMES``, or "system"."""
    return next((k for k, t in palette.THEMES.items() if t is _forced), "system")


def hex_of(role: str, *, pal: QPalette | None = None) -> str:
    """The colour of ``role`` as ``"#RRGGBB"``, for stylesheets."""
    table = colours(pal)
    try:
        return table[role]
    except KeyError:
        raise KeyError(f"no colour for the role {role!r} in speakprep.palette") from None


def colour(role: str, alpha: float = 1.0, *, pal: QPalette | None = None) -> QColor:
    """The colour of ``role`` (e.g. ``"band.plan"``) with ``alpha`` from 0 to 1."""
    c = QColor(hex_of(role, pal=pal))
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def tint(role: str, share: float, *, pal: QPalette | None = None) -> QColor:
    """An opaque wash: ``share`` of ``role`` over the card background (0 the card, 1 it)."""
    return _mix(QColor(hex_of(role, pal=pal)), colour("surface.card", pal=pal), share)


def css(template: str, *, pal: QPalette | None = None) -> str:
    """``template`` with each ``{group.role}`` replaced by that colour."""
    return palette.fill_roles(template, colours(pal))


def stylesheet(kind: str, selector: str = "", *, pal: QPalette | None = None) -> str:
    """A named stylesheet from ``STYLESHEETS`` (``"card"``, ``"notice"``, ...) for ``selector``."""
    template = STYLESHEETS[kind]
    return css(template.replace("%s", selector) if "%s" in template else template, pal=pal)


def text_style(role: str, extra: str = "", *, pal: QPalette | None = None) -> str:
    """A label's stylesheet: text in ``role``'s colour on no background of its own."""
    tail = f" {extra}" if extra else ""
    return f"color: {hex_of(role, pal=pal)}; background: transparent; border: none;{tail}"


def banner_style(level: str, *, pal: QPalette | None = None) -> str:
    """The colours of a banner line: ``level`` is "info", "warning" or "error"."""
    return css(
        f"background: {{banner.{level}.bg}}; color: {{banner.{level}.fg}};"
        f" border: 1px solid {{banner.{level}.border}};",
        pal=pal,
    )


# How a change between two takes is coloured (compare and progress screens).
DIRECTION_ROLES: dict[str, str] = {
    "better": "status.pass",
    "worse": "status.fail",
    "same": "text.muted",
}


def status_role(status: str | None, fallback: str = "text.muted") -> str:
    """The colour role of a "pass" / "warn" / "fail" status; ``fallback`` for anything else."""
    return f"status.{status}" if status in palette.STATUS_COLORS else fallback


def known_label(label: str) -> str:
    """``label`` if the palette colours it, else "other" (what unknown labels fall back to)."""
    return label if label in palette.LABEL_COLORS else "other"


def label_color(label: str, *, pal: QPalette | None = None) -> QColor:
    """The band colour of a segment label; unknown labels fall back to "other"."""
    return colour(f"band.{known_label(label)}", pal=pal)


def label_tint(label: str) -> QColor:
    """The background behind a sentence with this label in running text.

    The goal and plan colours are blended toward white in both themes, with TEXT_ON_LABEL
    on them: a coloured stroke reads as a mark on a dark card too. "Other" is the theme's
    own ("transcript.other"): blended toward white it was a near-white glare on a dark card.
    """
    known = known_label(label)
    if known == "other":
        return colour("transcript.other")
    return light_tint(palette.LABEL_COLORS[known], TEXT_TINT_SHARE)


def label_text(label: str) -> QColor:
    """The colour of the words on :func:`label_tint` of ``label``."""
    return colour("transcript.other_text" if known_label(label) == "other" else "text.on_band")


def light_tint(hex_str: str, share: float) -> QColor:
    """``share`` of ``hex_str`` over white: a highlight that keeps dark text readable."""
    return _mix(QColor(hex_str), QColor(palette.LIGHT["surface.card"]), share)


def label_name(label: str) -> str:
    return palette.LABEL_NAMES.get(label, label.replace("_", " ").capitalize())


def caption_font(base: QFont) -> QFont:
    f = QFont(base)
    f.setPointSizeF(max(7.0, base.pointSizeF() * CAPTION_SCALE))
    return f


def reading_font(base: QFont) -> QFont:
    f = QFont(base)
    f.setPointSizeF(base.pointSizeF() * READING_SCALE)
    return f


def _mix(top: QColor, under: QColor, share: float) -> QColor:
    share = max(0.0, min(1.0, share))

    def mix(a: int, b: int) -> int:
        return round(b + (a - b) * share)

    return QColor(
        mix(top.red(), under.red()), mix(top.green(), under.green()), mix(top.blue(), under.blue())
    )


def _app_palette() -> QPalette | None:
    if QGuiApplication.instance() is None:
        return None
    return QGuiApplication.palette()
