"""A new appearance restyles the open window at once: after switching, each screen looks as
it does in a window built in that appearance from the start (no restart)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from PySide6.QtWidgets import QApplication, QWidget

from speakprep.ui import theme
from speakprep.ui.pages.results import ResultsView
from tests.reports import timed_report
from tests.ui.desktop import desktop_app

SIZE = (1040, 800)
# A pixel counts as different when its channels differ by more than this in sum (0-765):
# well above anti-aliasing noise, far below a light card against a dark one.
DIFFERENT = 60


def _pixels(widget: QWidget) -> np.ndarray:
    for _ in range(10):
        QApplication.processEvents()
    image = widget.grab().toImage()
    raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def _share_different(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape
    return float((np.abs(a - b).sum(axis=-1) > DIFFERENT).mean())


def _layout(window: QWidget) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    """Where every shown widget sits: a restyle without a relayout shows here by the pixel
    (a field a few pixels narrower is far under the 1 % of pixels the grabs may differ by)."""
    shown = [w for w in window.findChildren(QWidget) if w.isVisible()]
    return [(type(w).__name__, w.accessibleName(), w.geometry().getRect()) for w in shown]


def _practice_window(qtbot, data, mode: str):
    data.mkdir()
    (data / "preferences.json").write_text(json.dumps({"appearance": mode}), encoding="utf-8")
    app, _ = desktop_app(qtbot, data, load_model=False)
    app.window.resize(*SIZE)
    app.window.show()
    qtbot.waitExposed(app.window)
    return app


def test_the_settings_dialogs_appearance_restyles_the_open_window(qtbot, tmp_path) -> None:
    try:
        app = _practice_window(qtbot, tmp_path / "light", "light")
        light = _pixels(app.window)
        old = app.prefs
        new = replace(old, appearance="dark")
        app.settings.save(new)  # what the settings dialog does when the user saves
        app.settings.changed.emit(old, new)
        switched = _pixels(app.window)
        switched_layout = _layout(app.window)
        app.shutdown()

        fresh_app = _practice_window(qtbot, tmp_path / "dark", "dark")
        fresh = _pixels(fresh_app.window)
        fresh_layout = _layout(fresh_app.window)
        fresh_app.shutdown()
    finally:
        theme.apply_appearance("system")
    assert _share_different(light, fresh) > 0.5  # the two appearances differ on most pixels
    assert _share_different(switched, fresh) < 0.01
    assert switched_layout == fresh_layout  # the Question box as wide as in a dark start


def test_a_shown_report_follows_each_appearance_change(qtbot) -> None:
    report = timed_report()

    def results(mode: str) -> ResultsView:
        theme.apply_appearance(mode)
        view = ResultsView()
        qtbot.addWidget(view)
        view.resize(*SIZE)
        view.set_report(report, title="Five years", stored=True)
        view.tabs.setCurrentWidget(view.transcript_page)  # the coloured running text
        view.show()
        qtbot.waitExposed(view)
        return view

    try:
        view = results("light")
        fresh = {}
        for mode in ("dark", "high_contrast", "light"):
            theme.apply_appearance(mode)
            switched = _pixels(view)
            fresh[mode] = _pixels(results(mode))
            assert _share_different(switched, fresh[mode]) < 0.01, mode
        assert _share_different(fresh["light"], fresh["dark"]) > 0.5
    finally:
        theme.apply_appearance("system")
