"""Render the app's three main screens to PNG, offscreen, for the README and AppStream.

    python packaging/screenshots.py OUT_DIR [--clip AUDIO] [--scale 1.0]

Writes practice-idle.png, practice-recording.png and results.png. The window is the real
app: a fake microphone plays the clip through the real recorder, and the results come
from the real model and analysis. Nothing is written outside OUT_DIR and a temporary
data folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = ROOT / "tests" / "data" / "spoken" / "construction_coordinator_long.flac"
SIZE = (1120, 860)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP, help="the answer to show")
    parser.add_argument("--company", default="Brightline Builders")
    parser.add_argument("--role", default="assistant project coordinator")
    parser.add_argument("--scale", default="1", help="device pixel ratio (2 for HiDPI)")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    sys.path.insert(0, str(ROOT))  # tests.fakes: the fake microphone and speaker

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from speakprep.app import DesktopApp, Hardware, app_icon
    from speakprep.audio.files import load_audio
    from speakprep.paths import AppPaths
    from tests.fakes import fake_input_factory, fake_output_factory

    clip = load_audio(args.clip).samples
    qt = QApplication([sys.argv[0]])
    qt.setApplicationName("speakprep")
    qt.setWindowIcon(app_icon())
    args.out_dir.mkdir(parents=True, exist_ok=True)

    def wait(condition, timeout_s: float = 120.0) -> bool:
        end = time.monotonic() + timeout_s
        while not condition() and time.monotonic() < end:
            qt.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return condition()

    def shoot(name: str) -> None:
        for _ in range(5):
            qt.processEvents()
        path = args.out_dir / name
        app.window.grab().save(str(path))
        print(path)

    with tempfile.TemporaryDirectory(prefix="speakprep-shots-") as data:
        mic, handle = fake_input_factory(clip)
        speaker, _ = fake_output_factory()
        app = DesktopApp(
            AppPaths(Path(data)),
            hardware=Hardware(
                input_stream_factory=mic,
                output_stream_factory=speaker,
                list_devices=lambda: ["Built-in Microphone", "USB Headset"],
            ),
        )
        window = app.window
        view = window.practice
        view.company.setText(args.company)
        view.role.setText(args.role)
        window.resize(*SIZE)
        window.show()
        if not wait(lambda: app.client.model_label or app.client.model_error):
            print("the speech model did not load", file=sys.stderr)
            return 1
        shoot("practice-idle.png")

        app.practice.start_recording()
        recorder = app.practice.recorder
        assert recorder is not None
        # About 52 s in: calm clock, a live level.
        handle.stream.feed(clip[: 52 * 16_000])
        recorder.sync()
        view.clock.set_elapsed_s(recorder.elapsed_s)
        view.level.set_level_db(recorder.level_db)
        shoot("practice-recording.png")

        handle.stream.feed(clip[52 * 16_000 :])
        recorder.sync()
        app.practice.stop_recording()
        if not wait(lambda: window.pages.currentWidget() is window.results):
            print(view.banner.text() or "the analysis did not finish", file=sys.stderr)
            return 1
        shoot("results.png")
        app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
