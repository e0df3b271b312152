"""Opening the history database safely: damage checks, backups, WAL, migrations.

The order matters. Nothing is written to the file until it has been read end to end and
found sound; a damaged file is copied aside and reported, never repaired or replaced (the
copy is what a person, or a recovery tool, would work from). Before an upgrade the whole
database is copied with SQLite's backup API, which gives a consistent snapshot even with a
write-ahead log next to it.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from speakprep.storage.migrations import SCHEMA_VERSION, MigrationError, migrate

__all__ = ["SCHEMA_VERSION", "LibraryError", "connect", "open_database"]

DEFAULT_TIMEOUT_S = 5.0
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
    try:
        conn = connect(path, timeout_s=timeout_s)
    except sqlite3.Error as exc:
        raise LibraryError(f"Cannot open the history database {path}: {_reason(exc)}.") from exc
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
        conn.execute("PRAGMA journal_mode = WAL")
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
        raise LibraryError(f"Cannot open the history database {path}: {_reason(exc)}.") from exc
    except BaseException:
        conn.close()
        raise
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
    """Byte copies of a damaged database and its log files; SQLite must not read them."""
    target = _free_name(backups_dir, f"{path.stem}-damaged", ".sqlite3")
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        # The write-ahead log (or a rollback journal) may hold the newest takes: keep it
        # with the copy. The -shm file is only an index SQLite rebuilds.
        for suffix in ("-wal", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                shutil.copy2(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise LibraryError(
            f"The history database {path} is damaged, and a copy could not be saved in "
            f"{backups_dir} ({_reason(exc)}). Nothing was changed; copy the file somewhere "
            "safe before starting a new history."
        ) from exc
    return target


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{stamp}-{n}{suffix}"
    return candidate


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return (exc.strerror or type(exc).__name__).lower()
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
