"""The main actions by keyboard, and the appearance setting: light, dark and high contrast
are each used for the cards, the text and the native widgets."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from speakprep import palette
from speakprep.ui import theme
from tests.ui.desktop import desktop_app


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_main_actions_have_keys_and_a_tab_order(qtbot, tmp_path) -> None:
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    window = app.window
    window.show()
    view = window.practice
    assert window.import_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert QKeySequence("Ctrl+,") in window.settings_action.shortcuts()
    assert window.history_nav.shortcut() == QKeySequence("Ctrl+2")

    # Tab from the question reaches record, then the microphone and import, in page order.
    seen = []
    widget = view.question_box
    for _ in range(40):
        widget = widget.nextInFocusChain()
        seen.append(widget)
    order = [view.company, view.role, view.talking_points.toggle, view.record_button]
    order += [view.device_box, view.import_button]
    assert [w for w in seen if w in order][: len(order)] == order

    # The custom-drawn widgets have names a screen reader can say.
    assert view.level.accessibleName() == "Microphone level"
    assert view.clock.accessibleName() == "Elapsed time"
    assert window.progress.score_plot.accessibleName() == "Score over time"
    assert view.talking_points.toggle.accessibleName() == "Show your talking points"
    view.talking_points.set_open(True)
    assert view.talking_points.toggle.accessibleName() == "Hide your talking points"

    # Ctrl+R records even while the cursor is in a text field (Space types a space there).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    view.company.setFocus()
    qtbot.keyClick(view.company, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert app.practice.recording
    qtbot.keyClick(view.company, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not app.practice.recording
    app.shutdown()


@pytest.mark.parametrize("mode", ["light", "dark", "high_contrast"])
def test_each_appearance_reads_well(qtbot, tmp_path, mode) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "preferences.json").write_text(json.dumps({"appearance": mode}), encoding="utf-8")
    app, _ = desktop_app(qtbot, data, load_model=False)
    try:
        table = palette.THEMES[mode]
        assert theme.appearance() == mode
        assert theme.hex_of("surface.card") == table["surface.card"]
        pal = QApplication.palette()
        assert pal.color(QPalette.ColorRole.Window).name() == table["surface.window"].lower()
        card = QColor(table["surface.card"])
        for role in ("text.ink", "text.body", "text.soft", "text.muted"):
            need = 7.0 if mode == "high_contrast" else 4.5
            assert _contrast(QColor(table[role]), card) >= need, role
        for field in ("Text", "WindowText", "ButtonText"):
            fg = pal.color(getattr(QPalette.ColorRole, field))
            bg = pal.color(QPalette.ColorRole.Base)
            assert _contrast(fg, bg) >= 4.5, field
        if mode == "high_contrast":  # every field gets a visible edge on black
            assert table["line.hairline"] in QApplication.instance().styleSheet()
        else:
            assert QApplication.instance().styleSheet() == ""
    finally:
        app.shutdown()
        theme.apply_appearance("system")
    assert theme.appearance() == "system"


def test_tab_on_the_practice_page_never_stops_where_nothing_shows(qtbot, tmp_path) -> None:
    """Found as a new user, keyboard only: one Tab press in each round landed on the page's
    scroll area, which shows no focus, so the key seemed to do nothing. Tab walks from the
    question to the last control and round again, every stop a control; and a control
    below the fold at the smallest window is scrolled into view when Tab reaches it."""
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    window = app.window
    window.resize(760, 620)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    view = window.practice
    view.talking_points.set_open(True)  # the page is taller than the window now
    view.set_recent_takes([(1, "Today 09:41 · 1:02 spoken · score 71")])
    view.question_box.setFocus()
    area = view.page_scroll
    stops, recent_top = [], None
    for _ in range(16):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
        if stops[-1] is view.recent and recent_top is None:
            recent_top = view.recent.mapTo(area.viewport(), view.recent.rect().topLeft()).y()
    assert area not in stops
    assert view.recent in stops and view.question_box in stops  # it went all the way round
    assert recent_top is not None and 0 <= recent_top < area.viewport().height()
    app.shutdown()


def test_the_results_page_is_one_colour_in_the_system_appearance(qtbot, tmp_path) -> None:
    """Found as a new user, on the default appearance (System): the results below the title
    were Fusion's grey (#efefef), the title above them the window's own colour, so the page
    read as two panels. The scrolled part shows the page's background, the checks' too."""
    from PySide6.QtCore import QPoint

    from tests.reports import timed_report

    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    assert app.prefs.appearance == "system"
    window = app.window
    window.resize(1040, 800)
    window.show()
    window.results.set_report(timed_report(), stored=True)
    window.show_results()
    qtbot.waitExposed(window)
    image = window.grab().toImage()
    results = window.results

    def colour(widget, x: int, y: int) -> str:
        return image.pixelColor(widget.mapTo(window, QPoint(x, y))).name()

    header = colour(results, 8, 8)
    assert colour(results.page_scroll.viewport(), 4, 200) == header  # beside the cards
    assert colour(results.checks, 2, 2) == header  # the checks tab
    app.shutdown()


def test_tab_leaves_the_history_table_for_its_buttons(qtbot, tmp_path) -> None:
    """Found as a new user, keyboard only: in History, Tab moved from cell to cell of the
    table and never left it, so Open, Compare and Progress under it could not be reached.
    Tab goes from the table to its buttons; the arrow keys still move through the takes."""
    from tests.reports import timed_report

    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    for _ in range(2):
        app.library.add(timed_report(), None, source="recorded")
    window = app.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    app.show_history()
    view = window.history
    table = view.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.open_button
    app.shutdown()
