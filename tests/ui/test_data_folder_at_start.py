"""A data folder the app cannot use, can only read, or another app has open, at start: one
line and a dialog instead of a traceback or two apps on one folder, and a read-only history
still opens (as the CLI's does)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import speakprep.app as app_module
from speakprep.paths import AppPaths
from speakprep.storage.library import Library
from speakprep.ui.startup import setup_logging
from tests.ui.desktop import desktop_app


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """The messages the start-failure dialog would show (a real one would block the test)."""
    seen: list[str] = []
    monkeypatch.setattr(
        app_module, "show_start_failure", lambda message, _args: seen.append(message)
    )
    return seen


def test_a_file_in_place_of_the_data_folder_is_one_line_and_a_dialog(
    tmp_path, capsys, shown
) -> None:
    in_the_way = tmp_path / "speakprep"
    in_the_way.write_text("not a folder")

    code = app_module.main(["--data-dir", str(in_the_way)])

    expected = f"Cannot use the data folder {in_the_way}: it is a file, not a folder."
    assert code == 1
    assert capsys.readouterr().err == f"speakprep: {expected}\n"
    assert shown == [expected]
    assert in_the_way.read_text() == "not a folder"


def test_a_data_folder_under_a_file_is_refused_the_same_way(tmp_path, capsys, shown) -> None:
    parent = tmp_path / "file"
    parent.write_text("x")

    assert app_module.main(["--data-dir", str(parent / "data")]) == 1

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert shown == [err.removeprefix("speakprep: ").rstrip("\n")]


@pytest.fixture
def history_without_logs(tmp_path) -> AppPaths:
    """A data folder holding a history where no log can be written: ``logs`` is a file, as
    on a folder copied from read-only media (root may write anywhere, so no chmod)."""
    paths = AppPaths(tmp_path / "data")
    Library.open(paths).close()
    paths.logs_dir.write_text("in the way")
    return paths


def test_a_history_whose_logs_cannot_be_written_still_opens(
    qtbot, history_without_logs, capsys
) -> None:
    paths = history_without_logs
    root = logging.getLogger()
    before = list(root.handlers)

    assert app_module._prepare_data_folder(paths) is None
    try:
        setup_logging(paths)
    finally:
        for handler in set(root.handlers) - set(before):
            root.removeHandler(handler)
    err = capsys.readouterr().err
    assert err.startswith(f"speakprep: cannot write the log {paths.log_file} (")
    assert err.count("\n") == 1

    app, _ = desktop_app(qtbot, paths.data_dir, load_model=False)
    assert app.library is not None  # the history is there to read
    app.shutdown()


_HOLD = """
import sys, time
from speakprep.app import _claim_data_folder
from speakprep.paths import AppPaths
lock, problem = _claim_data_folder(AppPaths.resolve(sys.argv[1]).ensure())
print("held" if lock is not None else problem, flush=True)
time.sleep(300)
"""


@pytest.fixture
def other_app(tmp_path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process that claimed ``tmp_path / 'data'`` as the app does at start."""
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc, data
    finally:
        proc.kill()
        proc.wait()


def test_a_second_app_on_the_same_data_folder_stops_with_one_line(other_app, capsys, shown) -> None:
    proc, data = other_app
    day_ago = time.time() - 86_400
    os.utime(AppPaths(data).lock_file, (day_ago, day_ago))  # age alone never frees it

    assert app_module.main(["--data-dir", str(data)]) == 1

    expected = (
        f"Another speakprep window is open on {data} (process {proc.pid}): "
        "switch to it, or close it first."
    )
    assert capsys.readouterr().err == f"speakprep: {expected}\n"
    assert shown == [expected]


def test_the_lock_of_an_app_that_was_killed_is_taken_over(other_app) -> None:
    proc, data = other_app
    proc.kill()
    proc.wait()

    lock, problem = app_module._claim_data_folder(AppPaths(data))

    assert problem is None and lock is not None and lock.isLocked()
    lock.unlock()
