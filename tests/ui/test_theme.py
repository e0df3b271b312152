"""The theme reads well on a light and on a dark desktop, and owns every colour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QToolTip,
    QWidget,
)

from speakprep import palette
from speakprep.ui import theme
from speakprep.ui.main_window import MainWindow
from speakprep.ui.widgets.checks import ChecksView
from tests.reports import timed_report

UI = Path(__file__).resolve().parents[2] / "speakprep" / "ui"
TEXT_ROLES = ("text.ink", "text.body", "text.soft", "text.muted")
MARK_ROLES = ("status.pass", "status.warn", "status.fail", "accent.focus", "timeline.target")


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two "#RRGGBB" colours."""

    def luminance(hex_str: str) -> float:
        c = QColor(hex_str)
        channels = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, bl = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, hex_str in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#E8EAED"),
        (QPalette.ColorRole.Base, "#17181A"),
        (QPalette.ColorRole.Text, "#E8EAED"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#E8EAED"),
    ):
        pal.setColor(role, QColor(hex_str))
    return pal


@pytest.fixture
def dark_desktop(qapp: QApplication):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def test_light_and_dark_name_the_same_roles() -> None:
    assert set(palette.LIGHT) == set(palette.DARK)


@pytest.mark.parametrize("table", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
def test_text_and_marks_stand_out_from_the_cards(table: dict[str, str]) -> None:
    for surface in ("surface.card", "surface.window"):
        for role in TEXT_ROLES:
            assert contrast(table[role], table[surface]) >= 4.5, (role, surface)
        for role in MARK_ROLES:
            assert contrast(table[role], table[surface]) >= 3.0, (role, surface)
    for level in ("info", "warning", "error"):
        fg, bg = table[f"banner.{level}.fg"], table[f"banner.{level}.bg"]
        assert contrast(fg, bg) >= 4.5, level


def test_the_theme_follows_the_desktop(qapp: QApplication, dark_desktop) -> None:
    assert theme.is_dark()
    assert theme.colour("surface.card") == QColor(palette.DARK["surface.card"])
    card = theme.stylesheet("card", "QFrame#c")
    assert palette.DARK["surface.card"] in card and "#FFFFFF" not in card.upper()
    assert not theme.is_dark(QPalette(QColor("#EFEFEF")))


def test_no_screen_paints_a_light_card_on_a_dark_desktop(qtbot, dark_desktop) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.results.set_report(timed_report(), title="", subtitle="", notice="", playable=False)
    light = {palette.LIGHT["surface.card"].upper(), palette.LIGHT["surface.window"].upper()}
    for widget in [window, *window.findChildren(QWidget)]:
        sheet = widget.styleSheet().upper()
        backgrounds = set(re.findall(r"BACKGROUND(?:-COLOR)?:\s*(#[0-9A-F]{6}|WHITE)", sheet))
        assert not backgrounds & (light | {"WHITE"}), (widget.objectName(), sheet[:120])


def test_no_colour_is_written_outside_the_theme() -> None:
    hex_colour = re.compile(r"#[0-9A-Fa-f]{6}\b|\bbackground:\s*white\b|QColor\(\"white\"\)")
    offenders = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.name != "theme.py" and hex_colour.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _shown_tooltip(qtbot, widget: QWidget) -> QWidget:
    """Show ``widget``'s tooltip as hovering it would, and return the tip on screen."""

    def tip() -> QWidget | None:
        shown = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")]
        return next((w for w in shown if w.isVisible()), None)

    QToolTip.showText(widget.mapToGlobal(QPoint(4, 4)), widget.toolTip(), widget)
    qtbot.waitUntil(lambda: tip() is not None, timeout=2000)
    found = tip()
    assert found is not None
    return found


@pytest.mark.parametrize("mode", ["light", "dark", "high_contrast"])
def test_a_check_s_reason_on_hover_is_readable(qtbot, mode: str) -> None:
    """Found as a new user: the "Why: ..." tooltip of a check came out amber (or near-black)
    on black, because the label's own colour rule reached its tooltip."""
    theme.apply_appearance(mode)
    try:
        view = ChecksView()
        qtbot.addWidget(view)
        view.resize(900, 1000)
        view.set_report(timed_report())
        view.show()
        qtbot.waitExposed(view)
        row = next(r for r in view.rows if r.check.reason)
        table = palette.THEMES[mode]
        for part in (row.status_label, row.title, row.advice, row.badge):
            tip = _shown_tooltip(qtbot, part)
            image = tip.grab().toImage()
            background = image.pixelColor(image.width() // 2, 2)
            ink = tip.palette().color(QPalette.ColorRole.WindowText)
            assert background.name().upper() == table["surface.raised"].upper(), part
            assert contrast(ink.name(), background.name()) >= 4.5, part
            QToolTip.hideText()
    finally:
        theme.apply_appearance("system")


def _indicator_edge_contrast(qtbot, button: QAbstractButton) -> float:
    """The strongest contrast between the indicator's outer ring and the window behind it."""
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    image = button.grab().toImage()
    option = QStyleOptionButton()
    button.initStyleOption(option)
    kind = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    box = button.style().subElementRect(kind, option, button)
    window = theme.hex_of("surface.window")
    ring = [
        image.pixelColor(x, y).name()
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
        if x in (box.left(), box.left() + 1, box.right(), box.right() - 1)
        or y in (box.top(), box.top() + 1, box.bottom(), box.bottom() - 1)
    ]
    return max(contrast(pixel, window) for pixel in ring)


@pytest.mark.parametrize("mode", ["light", "dark", "high_contrast"])
def test_an_unchecked_box_or_radio_button_has_an_edge_to_see(qtbot, mode: str) -> None:
    """Found as a new user: in Settings, Dark drew "Use another model" and "Show a live
    caption" as black boxes on a black window, and High contrast drew no box at all."""
    theme.apply_appearance(mode)
    try:
        for button in (QCheckBox("Show a live caption"), QRadioButton("Use another model")):
            assert _indicator_edge_contrast(qtbot, button) >= 3.0, (mode, button.text())
    finally:
        theme.apply_appearance("system")


@pytest.mark.parametrize("mode", ["light", "dark", "high_contrast"])
def test_the_transcript_editor_has_an_edge_to_see(qtbot, mode: str) -> None:
    """Found as a new user: "Edit transcript" opened a field with no visible edge on High
    contrast (and on Dark): Fusion frames it in the card's colour made a shade darker."""
    from speakprep.ui.pages.results import ResultsView

    theme.apply_appearance(mode)
    try:
        view = ResultsView()
        qtbot.addWidget(view)
        view.resize(900, 900)
        view.set_report(timed_report(), stored=True)
        view.show()
        qtbot.waitExposed(view)
        view.start_editing()
        view.setFocus()  # the edge without keyboard focus (focus draws its own colour)
        editor = view.editor
        qtbot.waitUntil(editor.isVisible)
        image = editor.window().grab().toImage()
        box = editor.rect().translated(editor.mapTo(editor.window(), QPoint(0, 0)))
        behind = image.pixelColor(box.left() - 3, box.center().y()).name()
        ring = [
            image.pixelColor(x, y).name()
            for x in range(box.left(), box.right() + 1)
            for y in (box.top(), box.bottom())
        ] + [
            image.pixelColor(x, y).name()
            for y in range(box.top(), box.bottom() + 1)
            for x in (box.left(), box.right())
        ]
        assert max(contrast(pixel, behind) for pixel in ring) >= 3.0, (mode, behind)
    finally:
        theme.apply_appearance("system")
