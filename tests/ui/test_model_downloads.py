"""The Settings model-download widget, offscreen, against the Hub stand-in on 127.0.0.1."""

from __future__ import annotations

import filecmp
from collections.abc import Iterator
from pathlib import Path

import pytest

from speakprep.paths import AppPaths
from speakprep.services.models import mistakes_text
from speakprep.transcription.model import bundled_model_path
from speakprep.ui.widgets.model_downloads import ModelDownloads
from tests.hub_server import HubServer

pytestmark = pytest.mark.loopback


@pytest.fixture
def widget(qtbot, tmp_path: Path) -> Iterator[ModelDownloads]:
    w = ModelDownloads(AppPaths(tmp_path / "data"))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.wait()


def test_rows_offer_downloads_and_the_bundled_model_needs_none(widget: ModelDownloads) -> None:
    assert widget.button("base.en").text() == "Download"
    assert widget.button("small.en").isVisibleTo(widget)
    assert not widget.button("tiny.en").isVisibleTo(widget)
    assert not widget.progress.isVisibleTo(widget)


def test_the_time_column_says_what_it_is_the_time_of(widget: ModelDownloads) -> None:
    """Found as a new user: "Time per minute" over "about 18 s" (a minute of what?)."""
    titles = [h.text().removeprefix("<b>").removesuffix("</b>") for h in widget.headers]
    assert titles[:4] == ["Model", "Size", "Analysis of 1 min", "Mistaken words"]
    assert "a minute of speech" in widget.headers[2].toolTip()
    assert "bundled" in widget.headers[3].toolTip()


def test_the_mistakes_column_speaks_plainly() -> None:
    """Found as a new user: "Word errors: 100% of tiny.en's" was jargon."""
    assert mistakes_text(1.0) == "the baseline"
    assert mistakes_text(0.75) == "25% fewer than tiny.en"
    assert mistakes_text(0.55) == "45% fewer than tiny.en"
    assert mistakes_text(1.2) == "20% more than tiny.en"


def test_a_download_shows_progress_then_offers_to_switch(
    qtbot, widget: ModelDownloads, hub: HubServer, tmp_path: Path
) -> None:
    widget.button("base.en").click()
    assert widget.progress.isVisibleTo(widget) and widget.cancel_button.isVisibleTo(widget)
    assert not widget.button("small.en").isEnabled()  # one download at a time
    qtbot.waitUntil(lambda: widget.use_button.isVisibleTo(widget), timeout=60_000)
    assert widget.progress.maximum() > 70_000  # kilobytes of the whole model
    assert widget.progress.value() == widget.progress.maximum()
    assert "base.en is ready" in widget.status.text()
    folder = tmp_path / "data" / "models" / "base.en"
    assert filecmp.cmp(bundled_model_path() / "model.bin", folder / "model.bin", shallow=False)

    with qtbot.waitSignal(widget.model_chosen) as chosen:
        widget.use_button.click()
    assert chosen.args == [str(folder)]
    # The row now switches to the downloaded model instead of downloading it again.
    assert widget.button("base.en").text() == "Use"
    assert widget.button("small.en").isEnabled()
    with qtbot.waitSignal(widget.model_chosen) as again:
        widget.button("base.en").click()
    assert again.args == [str(folder)]


def test_cancel_stops_the_download_and_leaves_no_model(
    qtbot, widget: ModelDownloads, hub: HubServer, tmp_path: Path
) -> None:
    hub.state.slow = 0.02
    widget.button("base.en").click()
    qtbot.waitUntil(lambda: widget.progress.value() > 5_000, timeout=30_000)
    widget.cancel_button.click()
    qtbot.waitUntil(lambda: not widget.busy and "cancelled" in widget.status.text())
    assert not (tmp_path / "data" / "models" / "base.en").exists()
    assert not widget.use_button.isVisibleTo(widget)
    assert widget.button("base.en").isEnabled() and widget.button("base.en").text() == "Download"


def test_a_bad_checksum_is_reported_and_nothing_is_kept(
    qtbot, widget: ModelDownloads, hub: HubServer, tmp_path: Path
) -> None:
    hub.state.wrong_sha256 = True
    widget.button("base.en").click()
    qtbot.waitUntil(lambda: not widget.busy and "checksum" in widget.status.text(), timeout=60_000)
    assert not (tmp_path / "data" / "models" / "base.en").exists()
    assert list((tmp_path / "data" / "downloads").iterdir()) == []


def test_settings_switches_to_a_model_downloaded_from_it(
    qtbot, hub: HubServer, tmp_path: Path
) -> None:
    from speakprep.core.settings import load_settings
    from speakprep.preferences import Preferences
    from speakprep.ui.dialogs.settings import SettingsDialog

    downloads = ModelDownloads(AppPaths(tmp_path / "data"))
    dialog = SettingsDialog(
        Preferences(),
        base=load_settings(),
        devices=[],
        check_model=lambda _m: None,
        downloads=downloads,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.bundled_radio.isChecked()
    downloads.button("base.en").click()
    qtbot.waitUntil(lambda: downloads.use_button.isVisibleTo(downloads), timeout=60_000)
    downloads.use_button.click()
    folder = tmp_path / "data" / "models" / "base.en"
    assert dialog.other_radio.isChecked()
    assert dialog.preferences().model == str(folder)
    dialog.accept()


def test_the_columns_do_not_touch(widget: ModelDownloads) -> None:
    """Found as a new user: "distil-small.en" ran into "335 MB" beside it in Settings."""
    from PySide6.QtWidgets import QLabel

    names = {entry.name for entry in widget._catalog.models}
    for name in (w for w in widget.findChildren(QLabel) if w.text() in names):
        (size,) = [
            w
            for w in widget.findChildren(QLabel)
            if w.text().endswith(" MB") and abs(w.y() - name.y()) < 3
        ]
        text_right = name.x() + name.fontMetrics().horizontalAdvance(name.text())
        assert size.x() - text_right >= 10, name.text()
