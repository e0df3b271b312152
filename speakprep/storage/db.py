"""Opening the history database safely: damage checks, backups, WAL, migrations.

The order matters. Nothing is written to the file until it has been read end to end and
found sound; a damaged file is copied aside and reported, never repaired or replaced (the
copy is what a person, or a recovery tool, would work from). Before an upgrade the whole
database is copied with SQLite's backup API, which gives a consistent snapshot even with a
write-ahead log next to it.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from speakprep.fsutil import disk_nearly_full, os_reason
from speakprep.storage.migrations import SCHEMA_VERSION, MigrationError, migrate

__all__ = ["SCHEMA_VERSION", "LibraryError", "connect", "open_database"]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 5.0
MAX_DAMAGED_COPIES = 3
"""Copies of damaged histories kept in backups/; the oldest beyond this are removed."""
# SQLite's own words for a file that is not a database or whose pages are broken; other
# errors (locked, permission denied, disk I/O) say nothing about the file's health.
_DAMAGE_ERRORS = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


class LibraryError(RuntimeError):
    """The library cannot do what was asked; ``str()`` is one line for a person."""


class _Damaged(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def casefold(text: str | None) -> str | None:
    """SQL function for case-insensitive search: SQLite's own LIKE folds ASCII only."""
    return None if text is None else text.casefold()


def connect(path: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> sqlite3.Connection:
    """A connection with speakprep's settings, no integrity checks or migrations.

    ``isolation_level=None``: transactions are explicit (``BEGIN IMMEDIATE`` ... ``COMMIT``)
    so a migration and its ``user_version`` bump commit together.
    """
    conn = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.create_function("casefold", 1, casefold, deterministic=True)
    return conn


def open_database(
    path: Path, backups_dir: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> sqlite3.Connection:
    """Open (creating or upgrading) the history at ``path``; the caller closes it.

    Raises:
        LibraryError: the file is damaged (a copy was saved in ``backups_dir`` first), is
            not a speakprep history, was written by a newer speakprep, or cannot be opened.
    """
    checked = True
    if path.is_file() and path.stat().st_size > 0:
        checked = _check_read_only(path, backups_dir, timeout_s)
        if not _writable(path):
            return _open_read_only(path, timeout_s)
    try:
        conn = connect(path, timeout_s=timeout_s)
    except sqlite3.Error as exc:
        return _read_only_on_a_full_disk(path, exc, timeout_s)
    try:
        if not checked:
            try:
                _check(conn)
            except _Damaged as damaged:
                conn.close()
                raise _damaged_error(path, backups_dir, damaged.detail) from None
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"The history database {path} was written by a newer speakprep (schema "
                f"version {version}; this one knows up to {SCHEMA_VERSION}). Update speakprep "
                "to open it."
            )
        if version == 0 and _has_tables(conn):
            raise LibraryError(
                f"{path} is an SQLite database but not a speakprep history; move it away "
                "and start speakprep again."
            )
        backup = None
        if 0 < version < SCHEMA_VERSION:
            backup = _backup(conn, backups_dir, f"{path.stem}-v{version}")
        _use_wal_if_possible(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            migrate(conn)
        except MigrationError as exc:
            saved = f" The copy made before upgrading is {backup}." if backup else ""
            raise LibraryError(
                f"Could not upgrade the history database {path}: {exc}.{saved}"
            ) from exc
    except sqlite3.Error as exc:
        conn.close()
        return _read_only_on_a_full_disk(path, exc, timeout_s)
    except BaseException:
        conn.close()
        raise
    return conn


def _read_only_on_a_full_disk(
    path: Path, exc: sqlite3.Error, timeout_s: float
) -> sqlite3.Connection:
    """The history read-only when the disk is full, else the one-line reason it failed.

    SQLite cannot even read a history in WAL mode without room for its -shm file, so a full
    disk hid every saved take from ``history`` and ``export``. Reading the file as it is
    (``immutable``) is safe when its write-ahead log is empty: nothing is waiting there.
    """
    wal = path.with_name(path.name + "-wal")
    if not (disk_nearly_full(path.parent) and path.is_file()):
        raise LibraryError(f"Cannot open the history database {path}: {_reason(exc)}.") from exc
    if wal.exists() and wal.stat().st_size > 0:
        raise LibraryError(f"Cannot open the history database {path}: the disk is full.") from exc
    log.info("%s: the disk is full; the history is read-only", path)
    return _open_read_only(path, timeout_s, immutable=True)


def _writable(path: Path) -> bool:
    """Whether the history and its folder can be written (WAL needs both: it creates the
    -wal and -shm files next to the database). False on read-only media."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _use_wal_if_possible(conn: sqlite3.Connection) -> None:
    """Write-ahead logging lets a worker save while the app reads; where it cannot work (a
    network file system without shared memory) SQLite refuses it or keeps its rollback
    journal, and the history works on in that mode."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        log.warning("write-ahead log not available (%s); using a rollback journal", exc)
        return
    if str(mode).lower() != "wal":
        log.warning("write-ahead log not available; the history uses journal mode %s", mode)


def _open_read_only(path: Path, timeout_s: float, *, immutable: bool = False) -> sqlite3.Connection:
    """The history on read-only media, in a read-only folder or on a full disk: readable,
    not writable.

    ``immutable=1`` when the folder cannot hold WAL's -shm file (or ``immutable`` asks for
    it): SQLite then reads the file as it is, which is safe because nothing can write it.
    """
    uri = path.resolve().as_uri()
    immutable = immutable or not os.access(path.parent, os.W_OK | os.X_OK)
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    try:
        conn = sqlite3.connect(f"{uri}?{options}", uri=True, timeout=timeout_s)
        conn.row_factory = sqlite3.Row
        conn.create_function("casefold", 1, casefold, deterministic=True)
        conn.execute("PRAGMA query_only = ON")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        raise LibraryError(f"Cannot open the history database {path}: {_reason(exc)}.") from exc
    if version != SCHEMA_VERSION:
        conn.close()
        raise LibraryError(
            f"The history database {path} is read-only and needs an upgrade (schema version "
            f"{version}, this speakprep uses {SCHEMA_VERSION}); copy the data folder somewhere "
            "writable to open it."
        )
    log.info("%s is read-only: the history can be read but not changed", path)
    return conn


def _check_read_only(path: Path, backups_dir: Path, timeout_s: float) -> bool:
    """Read the whole file before anything may write to it; save and report it if damaged.

    A read-only connection, because closing a writable one can checkpoint the write-ahead
    log into the main file, which would change a damaged file before it is copied. Returns
    False if the check could not run read-only (a crashed rollback journal needs a writer
    to roll it back); the caller then checks on its own connection.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout_s)
    except sqlite3.Error:
        return False
    try:
        _check(conn)
    except _Damaged as damaged:
        conn.close()
        raise _damaged_error(path, backups_dir, damaged.detail) from None
    except sqlite3.Error:
        conn.close()
        return False
    conn.close()
    return True


def _damaged_error(path: Path, backups_dir: Path, detail: str) -> LibraryError:
    copy = _save_damaged(path, backups_dir)
    return LibraryError(
        f"The history database {path} is damaged ({detail}). Nothing was changed; a copy "
        f"was saved as {copy}. Move the damaged file away to start a new history."
    )


def _check(conn: sqlite3.Connection) -> None:
    """Read every page (``quick_check``); raises ``_Damaged`` if the file is broken."""
    try:
        conn.execute("PRAGMA user_version").fetchone()
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", None) in _DAMAGE_ERRORS:
            raise _Damaged(_reason(exc)) from exc
        raise
    if problems != ["ok"]:
        # Reports look like "*** in database main ***\nPage 4: ...": keep it to one line.
        first = " ".join(problems[0].replace("*** in database main ***", "").split())
        raise _Damaged(f"integrity check: {first}")


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return bool(row[0])


def _backup(conn: sqlite3.Connection, backups_dir: Path, stem: str) -> Path:
    """A consistent copy of the open database, named with ``stem`` and the time."""
    target = _free_name(backups_dir, stem, ".sqlite3")
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(str(target))
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        raise LibraryError(
            f"Cannot back up the history database before upgrading it ({_reason(exc)}); "
            "nothing was changed."
        ) from exc
    return target


def _save_damaged(path: Path, backups_dir: Path) -> Path:
    """Byte copies of a damaged database and its log files; SQLite must not read them.

    Every open of a damaged history reports it, but it is copied once: an identical copy
    already in ``backups_dir`` is named instead, and only the newest
    :data:`MAX_DAMAGED_COPIES` damaged copies are kept.
    """
    stem = f"{path.stem}-damaged"
    # The write-ahead log (or a rollback journal) may hold the newest takes: keep it with
    # the copy. The -shm file is only an index SQLite rebuilds.
    sides = [s for s in ("-wal", "-journal") if path.with_name(path.name + s).exists()]
    # Oldest first by name (see _free_name), not by file time: a copy keeps the time of
    # the file it was copied from, which says nothing of when the copy was made.
    existing = sorted(backups_dir.glob(f"{stem}-*.sqlite3"))
    for copy in existing:
        if _same_copy(path, copy, sides):
            return copy
    target = _free_name(backups_dir, stem, ".sqlite3")
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        for suffix in sides:
            shutil.copy2(path.with_name(path.name + suffix), target.with_name(target.name + suffix))
    except OSError as exc:
        for suffix in ("", *sides):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        raise LibraryError(
            f"The history database {path} is damaged, and a copy could not be saved in "
            f"{backups_dir} ({_reason(exc)}). Nothing was changed; copy the file somewhere "
            "safe before starting a new history."
        ) from exc
    for old in existing[: max(0, len(existing) + 1 - MAX_DAMAGED_COPIES)]:
        for suffix in ("", "-wal", "-journal"):
            old.with_name(old.name + suffix).unlink(missing_ok=True)
    return target


def _same_copy(path: Path, copy: Path, sides: list[str]) -> bool:
    """Whether ``copy`` (with its log files) holds exactly the bytes of ``path`` now."""
    try:
        for suffix in ("", "-wal", "-journal"):
            original = path.with_name(path.name + suffix)
            saved = copy.with_name(copy.name + suffix)
            if suffix and suffix not in sides:
                if saved.exists():
                    return False
                continue
            if not filecmp.cmp(original, saved, shallow=False):
                return False
    except OSError:
        return False
    return True


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A new file name with the time to the microsecond: names made later sort later, even
    within one second (whole seconds sorted "…-101500-2" before "…-101500"), and an
    existing file is never overwritten."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    candidate = folder / f"{stem}-{stamp}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{stamp}-{n}{suffix}"
    return candidate


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_reason(exc)
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
