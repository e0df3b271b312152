"""The desktop app wired to fake sound cards, for tests that drive the whole app."""

from __future__ import annotations

from pathlib import Path

from speakprep.app import DesktopApp, Hardware
from speakprep.paths import AppPaths
from tests.fakes import fake_input_factory, fake_output_factory


def desktop_app(
    qtbot,
    data_dir: Path,
    engine_factory=None,
    *,
    mic=None,
    devices=("Fake mic",),
    load_model: bool = True,
    speaker=None,
    **hardware,
):
    """``(app, microphone handle)``; ``app.speaker`` is the fake sound card it plays to.

    ``mic`` is a ``fake_input_factory()`` pair (a silent microphone by default);
    ``speaker`` is a ``fake_output_factory()`` pair (a working speaker by default); further
    keyword arguments go to :class:`Hardware` (``choose_file``, ``choose_export_path``).
    """
    factory, handle = mic or fake_input_factory()
    out_factory, speaker = speaker or fake_output_factory()
    app = DesktopApp(
        AppPaths(data_dir),
        hardware=Hardware(
            input_stream_factory=factory,
            output_stream_factory=out_factory,
            list_devices=lambda: list(devices),
            **hardware,
        ),
        engine_factory=engine_factory,
        load_model=load_model,
    )
    qtbot.addWidget(app.window)
    app.speaker = speaker
    return app, handle


def imported_take(qtbot, data_dir: Path, engine, clip: Path, **kwargs):
    """The app (real ``engine``) on the results of ``clip``, imported: ``(app, mic handle)``."""
    app, handle = desktop_app(
        qtbot, data_dir, lambda model: engine, choose_file=lambda parent: clip, **kwargs
    )
    app.window.show()
    qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
    app.window.practice.import_button.click()
    results = app.window.results
    qtbot.waitUntil(lambda: app.window.pages.currentWidget() is results, timeout=60_000)
    return app, handle
