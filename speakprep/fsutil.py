"""Writing files so that a crash, a full disk or Ctrl-C never leaves half of one.

Every file speakprep writes whole (exports, settings, imported audio, caches) goes through
:func:`atomic_output`: the data go to a temporary ``*.part`` file in the same folder, are
fsynced, the temporary file is renamed over the target (atomic on POSIX and Windows), and
the folder is fsynced so the new name survives a power cut. Until the rename the old file is
untouched; on any failure, ``KeyboardInterrupt`` included, the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "PART_SUFFIX",
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "display_name",
    "fsync_dir",
    "fsync_file",
    "os_reason",
    "path_line",
    "path_text",
]

PART_SUFFIX = ".part"
"""The ending of temporary files; a leftover one is from a crash and may be deleted."""
# Control characters and the line and paragraph separators: what would break or redraw a line.
_NOT_SHOWN = frozenset({"Cc", "Zl", "Zp"})


def fsync_dir(folder: Path) -> None:
    """Force a folder's entries (a new or renamed file) to the disk; a no-op where folders
    cannot be opened (Windows, whose metadata journal covers this)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network, FUSE) refuse fsync on folders; nothing to do
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Force a written file's data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    The caller writes the whole file to the yielded path (by name, so libraries such as
    soundfile can write it). When the block ends normally the file is fsynced, renamed to
    ``target`` and the folder fsynced. If the block raises anything (``KeyboardInterrupt``
    too) the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the file, not the link
    partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}{PART_SUFFIX}")
    try:
        yield partial
        fsync_file(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` as the whole of ``target``, atomically (see :func:`atomic_output`).

    Raises:
        OSError: the file cannot be written; ``target`` is unchanged.
    """
    with atomic_output(target) as partial:
        # O_EXCL: the random name is ours alone; 0o666 lets the umask decide, as open() does.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)


def atomic_write_text(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, atomically."""
    atomic_write_bytes(target, text.encode("utf-8"))


# Less free space than this after a failed write: the disk is full (one FLAC block).
_FULL_BELOW_BYTES = 1 << 20


def disk_nearly_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` is (as good as) full: for failures that lose
    their errno on the way (libsndfile's "System error.", SQLite's "disk I/O error")."""
    try:
        return shutil.disk_usage(folder).free < _FULL_BELOW_BYTES
    except OSError:
        return False


def os_reason(err: OSError) -> str:
    """An OSError as a few lower-case words for a one-line message ("the disk is full")."""
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    if err.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if err.errno == errno.EROFS:
        return "the disk is read-only"
    return (err.strerror or str(err) or type(err).__name__).lower()


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text that every UTF-8 sink accepts (SQLite, JSON and CSV files, exports).

    A Linux file name is bytes: one saved in another encoding reaches Python holding lone
    surrogates, which any UTF-8 write refuses with a traceback. Those bytes become U+FFFD
    here, so the name still reads as itself everywhere it is shown or stored.
    """
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte (a Windows name)
        return text.encode("utf-8", "replace").decode("utf-8")


def path_line(path: str | os.PathLike[str]) -> str:
    """A path as given, for a line of output: valid text (see :func:`path_text`), each line
    break or other control character (legal in a Linux name) shown as a space. A newline in
    a name broke a batch's progress line in two, and a carriage return or an escape redrew
    the terminal's line over itself."""
    text = path_text(path)
    return "".join(" " if unicodedata.category(ch) in _NOT_SHOWN else ch for ch in text)


def display_name(path: str | os.PathLike[str]) -> str:
    """A file's name for a one-line message: its last part, as :func:`path_line` shows it."""
    return path_line(Path(path).name or os.fspath(path))
