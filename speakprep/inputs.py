"""The one gate every file the user hands us passes: recordings and transcripts alike.

Only a regular file gets through. A FIFO would block forever on open, a device such as
``/dev/zero`` never ends, and a folder is not a file; each is refused with one line naming
it. A file is opened non-blocking and checked on the open descriptor, so it cannot be
swapped for a pipe between the check and the read. Transcripts are read up to a size cap,
so no input can grow memory without bound.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, ClassVar

from speakprep.fsutil import display_name, os_reason

__all__ = ["TEXT_MAX_BYTES", "FileProblem", "InputFileError", "open_input", "read_text_input"]

TEXT_MAX_BYTES = 100_000
"""The largest transcript ``--text`` reads. A 15-minute answer is about 15 KB of text; this
is over six times that, and still analysed in a few seconds."""

# The byte order marks of the Unicode encodings read besides UTF-8, with the codec and the
# name a message gives. UTF-32's first: its little-endian mark starts as UTF-16's does
# (FF FE), and a UTF-32 file read as UTF-16 was garbage.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


class FileProblem(ValueError):
    """A file that cannot be used, for a reason of one of the class's ``KINDS``; ``str()``
    is one line for a person, starting with the file name.

    Attributes:
        kind: machine-readable reason, one of ``KINDS``.
        path: the path that was given.
        reason: the message without the file name.
    """

    KINDS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, path: str | os.PathLike[str], kind: str, reason: str) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"unknown {type(self).__name__} kind {kind!r}")
        self.path = Path(path)
        self.kind = kind
        self.reason = reason
        # A file name may hold a newline; the message must stay on one line.
        super().__init__(f"{display_name(self.path)}: {' '.join(reason.splitlines())}")

    def __reduce__(self) -> tuple[type[FileProblem], tuple[Path, str, str]]:
        # The default pickling replays self.args into __init__, which takes other arguments;
        # errors must survive being sent back from a worker process.
        return (type(self), (self.path, self.kind, self.reason))


class InputFileError(FileProblem):
    """A file that cannot be used as input; ``str()`` is one line starting with its name.

    ``kind``: ``"not_found"``, ``"folder"``, ``"not_regular"`` (a pipe, device or socket),
    ``"unreadable"``, ``"empty"`` or ``"too_large"``.
    """

    KINDS = frozenset({"not_found", "folder", "not_regular", "unreadable", "empty", "too_large"})


@contextlib.contextmanager
def open_input(path: str | os.PathLike[str]) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """Open a user's file for reading, refusing anything but a non-empty regular file.

    Yields the open binary file and its ``stat``.

    Raises:
        InputFileError: missing, a folder, a pipe or device, unreadable, or empty.
    """
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise hang right here.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputFileError(p, "not_found", "file not found") from None
    except IsADirectoryError:
        raise InputFileError(p, "folder", "is a folder") from None
    except PermissionError:
        if p.is_dir():  # Windows refuses to open a folder with "permission denied"
            raise InputFileError(p, "folder", "is a folder") from None
        raise InputFileError(p, "unreadable", "permission denied (cannot read this file)") from None
    except OSError as err:
        raise InputFileError(p, "unreadable", f"cannot be read ({os_reason(err)})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputFileError(p, "folder", "is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(
                p, "not_regular", "is not a regular file (a pipe or a device cannot be read)"
            )
        if st.st_size == 0:
            raise InputFileError(p, "empty", "the file is empty (0 bytes)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh, st


def read_text_input(path: str | os.PathLike[str], *, max_bytes: int = TEXT_MAX_BYTES) -> str:
    """A transcript file's text (UTF-8, a BOM allowed, or UTF-16 or UTF-32 with its BOM), at most
    ``max_bytes`` long.

    Raises:
        InputFileError: the file cannot be used (see :func:`open_input`), is larger than
            ``max_bytes``, is not text, or holds only blanks.
    """
    p = Path(path)
    with open_input(p) as (fh, st):
        try:
            raw = fh.read(4096)
            codec, name = _encoding(raw)  # its byte order mark is in the first bytes
            # A recording given by mistake is "not text", whatever its size. UTF-16 (what
            # Windows Notepad calls "Unicode", and PowerShell's ">" writes) is all NULs in
            # ASCII, but says so in its byte order mark.
            if b"\x00" in raw and codec == "utf-8-sig":
                raise InputFileError(
                    p, "unreadable", "not a text file (use --text only for transcripts)"
                )
            if st.st_size > max_bytes:
                raise _too_large(p, max_bytes)
            raw += fh.read(max_bytes + 1 - len(raw))  # the file may have grown since the stat
        except OSError as err:
            raise InputFileError(p, "unreadable", f"cannot be read ({os_reason(err)})") from None
    if len(raw) > max_bytes:
        raise _too_large(p, max_bytes)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        raise InputFileError(p, "unreadable", f"not {name} text (save it as UTF-8)") from None
    if not text.strip():
        raise InputFileError(p, "empty", "the transcript is empty")
    return text


def _encoding(raw: bytes) -> tuple[str, str]:
    """The codec ``raw`` is read with, by its byte order mark (none: UTF-8), and its name."""
    return next(((codec, name) for bom, codec, name in _BOMS if raw.startswith(bom)), _UTF8)


_UTF8 = ("utf-8-sig", "UTF-8")


def _too_large(p: Path, max_bytes: int) -> InputFileError:
    return InputFileError(
        p,
        "too_large",
        f"too large for a transcript (over {max_bytes // 1000:,} KB; "
        "a 15-minute answer is about 15 KB)",
    )
