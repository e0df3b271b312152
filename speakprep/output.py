"""Standard output that fails in one line: a closed pipe or a full disk, not a traceback.

``speakprep history > /dev/full`` fails on a write or on the final flush, and Python then
prints a traceback (or "Exception ignored" at exit). The command line wraps ``sys.stdout``
in :class:`GuardedOutput`, whose write errors arrive as :class:`OutputError`, which the
command line tells apart from every other ``OSError`` and reports in one line.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, TextIO

__all__ = ["GuardedOutput", "OutputError", "silence_stdout"]


class OutputError(Exception):
    """Writing to standard output failed; ``error`` is the underlying ``OSError``."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class GuardedOutput:
    """A text stream that passes everything to ``inner`` and turns write errors into
    :class:`OutputError`."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        try:
            return self.inner.write(text)
        except OSError as err:
            raise OutputError(err) from err

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as err:
            raise OutputError(err) from err

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def silence_stdout(stream: TextIO) -> None:
    """Point the stdout file descriptor at the null device and drop what is buffered, so
    Python's flush at exit cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    with contextlib.suppress(OSError, ValueError):
        stream.flush()  # now into the null device
