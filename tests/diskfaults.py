"""Real file-system faults for tests: a tiny disk that fills up, a read-only folder.

A small tmpfs is mounted for the test when the run may mount (root on Linux, as in CI
containers); elsewhere the tests that need one are skipped. Nothing is faked: writes fail
with the kernel's own ENOSPC and EROFS.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> bool:
    try:
        done = subprocess.run(args, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@contextlib.contextmanager
def tiny_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """Mount a ``size_kb`` tmpfs on ``folder`` (skipping the test where that is not allowed)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root on Linux")
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the disk holding ``folder`` until about ``leave_bytes`` are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(folder / "filler.bin", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave_bytes))


def make_read_only(folder: Path) -> None:
    """Remount the tiny disk at ``folder`` read-only (root: permissions do not stop it)."""
    if not _run("mount", "-o", "remount,ro", str(folder)):
        pytest.skip("cannot remount read-only here")
