"""Render every screen of the app to PNG, offscreen, in each appearance and at two sizes.

    python packaging/screenshots.py OUT_DIR [--themes light dark high_contrast]
                                            [--sizes 1040x800 760x620] [--scale 1.0]

Writes ``THEME-WxH-SCREEN.png`` for the screens practice (with talking points), recording,
results (with the "Your next take" card), correction (the transcript editor), drill,
history, compare, progress and settings, and prints each path it writes. The window is
the real app on a temporary data folder: three real recordings are imported and analysed
by the real model (once, then shared by every appearance), the recording screen is the
real recorder fed by a fake microphone.
``--optimise`` runs ``pngquant`` on each file when it is installed (the README's copies).
Nothing is written outside OUT_DIR and the temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPOKEN = ROOT / "tests" / "data" / "spoken"
# Three answers to one question, so history, compare and progress have something to show;
# the last one is the results screen's, and POINTS are its speaker's talking points.
CLIPS = (
    "dental_office_manager.flac",
    "electrician_master.flac",
    "construction_coordinator_long.flac",
)
QUESTION = "career_goals"
POINTS = {
    "short_term": "own the submittal log; run the weekly owner meetings",
    "long_term": "project manager on mid-size commercial builds",
    "plan": "Procore course; shadow a senior PM on site visits",
    "employer_link": "your commercial projects",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--themes", nargs="+", default=["light", "dark", "high_contrast"])
    parser.add_argument("--sizes", nargs="+", default=["1040x800", "760x620"])
    parser.add_argument("--scale", default="1", help="device pixel ratio (2 for HiDPI)")
    parser.add_argument("--optimise", action="store_true", help="pngquant each file")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    # Appended, not put first: tests.fakes (the fake microphone and speaker) comes from the
    # checkout, speakprep from the venv, where the README's plain install puts speakprep.assets
    # (the checkout has assets/ at its top, so speakprep imported from it has no assets).
    sys.path.append(str(ROOT))

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from speakprep.app import app_icon

    qt = QApplication([sys.argv[0]])
    qt.setApplicationName("speakprep")
    qt.setWindowIcon(app_icon())
    args.out_dir.mkdir(parents=True, exist_ok=True)

    def wait(condition: Callable[[], Any], timeout_s: float = 180.0) -> bool:
        end = time.monotonic() + timeout_s
        while not condition() and time.monotonic() < end:
            qt.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return bool(condition())

    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes]
    with tempfile.TemporaryDirectory(prefix="speakprep-shots-") as data:
        for theme_name in args.themes:
            written = _shoot_theme(Path(data), theme_name, sizes, args.out_dir, wait)
            if written is None:
                return 1
            if args.optimise:
                _optimise(written)
    return 0


def _shoot_theme(
    data: Path,
    theme_name: str,
    sizes: list[tuple[int, ...]],
    out_dir: Path,
    wait: Callable[..., bool],
) -> list[Path] | None:
    from PySide6.QtWidgets import QApplication

    from speakprep.app import DesktopApp, Hardware
    from speakprep.audio.files import load_audio
    from speakprep.paths import AppPaths
    from speakprep.services.analyze import check_model
    from speakprep.ui import theme
    from speakprep.ui.dialogs.settings import SettingsDialog
    from speakprep.ui.widgets.model_downloads import ModelDownloads
    from tests.fakes import fake_input_factory, fake_output_factory

    prefs_file = AppPaths(data).preferences
    prefs = json.loads(prefs_file.read_text()) if prefs_file.exists() else {}
    prefs.update(appearance=theme_name, last_question=QUESTION)
    prefs.update(company="Brightline Builders", role="assistant project coordinator")
    data.mkdir(parents=True, exist_ok=True)
    prefs_file.write_text(json.dumps(prefs), encoding="utf-8")

    clip = load_audio(SPOKEN / CLIPS[-1]).samples
    mic, handle = fake_input_factory(clip)
    speaker, _ = fake_output_factory()
    devices = ["Built-in Microphone", "USB Headset"]
    app = DesktopApp(
        AppPaths(data),
        hardware=Hardware(
            input_stream_factory=mic, output_stream_factory=speaker, list_devices=lambda: devices
        ),
    )
    window = app.window
    view = window.practice
    window.show()
    if not wait(lambda: app.client.model_label or app.client.model_error):
        print("the speech model did not load", file=sys.stderr)
        return None
    panel = view.talking_points
    for kind, edit in panel.fields.items():
        edit.setText(POINTS[kind])
    panel.set_open(True)
    if app.library is not None and not app.library.takes():
        for name in CLIPS:  # the first appearance analyses; the others reuse the takes
            app.practice.import_file(SPOKEN / name)
            if not wait(lambda: window.pages.currentWidget() is window.results):
                print(view.banner.text() or "the analysis did not finish", file=sys.stderr)
                return None
            app.navigator.show_practice()
    takes = app.library.takes(question_id=QUESTION) if app.library else []
    written: list[Path] = []

    def shoot(size: tuple[int, ...], screen: str, widget: Any = None) -> None:
        for _ in range(6):
            QApplication.processEvents()
        path = out_dir / f"{theme_name}-{size[0]}x{size[1]}-{screen}.png"
        (widget or window).grab().save(str(path))
        written.append(path)
        print(path)

    for size in sizes:
        window.resize(*size)
        app.navigator.show_practice()
        shoot(size, "practice")

        app.practice.start_recording()
        recorder = app.practice.recorder
        if recorder is not None:
            handle.stream.feed(clip[: 52 * 16_000])  # about 52 s in: a calm clock
            recorder.sync()
            view.clock.set_elapsed_s(recorder.elapsed_s)
            view.level.set_level_db(recorder.level_db)
            shoot(size, "recording")
            recorder.stop()  # not analysed: the takes above are the ones shown
            app.practice.recorder = None
            if app.practice.live is not None:
                app.practice.live.cancel()
                app.practice.live = None
            view.set_recording(False)
            view.clock.set_elapsed_s(0.0, active=False)
            view.level.reset()

        if takes and app.history is not None:
            app.history.open_take(takes[0].id)
            wait(lambda: window.pages.currentWidget() is window.results, 10)
            shoot(size, "results")
            window.results.start_editing()  # correcting the transcript
            shoot(size, "correction")
            window.results.stop_editing()
            app.drills.open()  # its own window: stepping through fillers and pauses
            app.drills.view.resize(min(size[0], 720), min(size[1], 560))
            shoot(size, "drill", app.drills.view)
            app.drills.view.close()
            app.show_history()
            shoot(size, "history")
            app.history.compare(takes[-1].id, takes[0].id)
            shoot(size, "compare")
            app.history.show_progress(QUESTION)
            shoot(size, "progress")
        dialog = SettingsDialog(
            app.prefs,
            base=app.settings.base_settings,
            devices=devices,
            check_model=check_model,
            downloads=ModelDownloads(AppPaths(data)),
            parent=window,
        )
        dialog.show()
        shoot(size, "settings", dialog)
        dialog.close()
    app.shutdown()
    window.close()
    window.deleteLater()
    theme.apply_appearance("system")
    return written


def _optimise(paths: list[Path]) -> None:
    tool = shutil.which("pngquant")
    if tool is None:
        print("pngquant is not installed: the files are left as Qt wrote them", file=sys.stderr)
        return
    for path in paths:
        subprocess.run(
            [tool, "--force", "--skip-if-larger", "--quality=70-95", "--ext", ".png", str(path)],
            check=False,
        )


if __name__ == "__main__":
    sys.exit(main())
