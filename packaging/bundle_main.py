"""The desktop bundle's entry point (packaging/speakprep.spec).

``speakprep`` opens the app and ``speakprep COMMAND ...`` is the command line, exactly as
an installed speakprep. ``speakprep --smoke-test`` is for the build's own check: it opens
the app offscreen in a fresh data folder, waits for the practice screen and the bundled
model, prints one JSON line (the screen, the model, seconds since start) and quits.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

START_S = time.perf_counter()


def smoke_test() -> int:
    """Open the app offscreen until its model is ready; 0 if it reached the practice screen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from speakprep.app import DesktopApp
    from speakprep.paths import AppPaths

    app = QApplication([sys.argv[0]])
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="speakprep-smoke-") as data:
        desktop = DesktopApp(AppPaths(Path(data)))
        desktop.window.show()
        result["window_s"] = round(time.perf_counter() - START_S, 2)

        def ready(label: str) -> None:
            result.update(model=label, ready_s=round(time.perf_counter() - START_S, 2))
            app.quit()

        def failed(message: str) -> None:
            result["error"] = message
            app.quit()

        desktop.client.model_ready.connect(ready)
        desktop.client.model_failed.connect(failed)
        QTimer.singleShot(120_000, app.quit)
        app.exec()
        on_practice = desktop.window.pages.currentWidget() is desktop.window.practice
        result["screen"] = "practice" if on_practice else "other"
        desktop.window.close()
    print(json.dumps(result), flush=True)
    return 0 if on_practice and "model" in result else 1


def main() -> int:
    if sys.argv[1:2] == ["--smoke-test"]:
        return smoke_test()
    from speakprep.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    multiprocessing.freeze_support()  # the batch workers of `analyze --jobs N`
    sys.exit(main())
