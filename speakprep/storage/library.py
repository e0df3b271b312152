"""The user's takes: audio files in the recordings folder, reports in an SQLite history.

One :class:`Library` holds one connection and is used from one thread (the app's UI thread
for short queries; a worker opens its own). Every change is one transaction, so a crash
leaves each take either fully saved or not there at all. Reports are stored as the JSON of
:func:`~speakprep.core.report.report_to_dict`, which rebuilds into an equal
:class:`~speakprep.core.models.Report`; the figures the history lists and charts are copied
into columns so listing never parses JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from speakprep.core.models import Report
from speakprep.core.report import ReportFormatError, report_from_dict
from speakprep.fsutil import disk_nearly_full, os_reason
from speakprep.paths import AppPaths
from speakprep.storage.db import DEFAULT_TIMEOUT_S, LibraryError, open_database
from speakprep.storage.recordings import (
    NO_SPEECH_SUFFIX,
    AudioCopyError,
    KeptRecording,
    find_no_speech,
    find_unfinished,
    import_audio,
    is_inside,
    mark_no_speech,
    sweep_orphans,
)
from speakprep.storage.takes import (
    SOURCES,
    TAKE_COLUMNS,
    Take,
    report_columns,
    take_from_row,
    to_db_time,
)

__all__ = ["SOURCES", "KeptRecording", "Library", "LibraryError", "Take"]


class Library:
    """The takes in one data folder. Open with :meth:`open`; close when done."""

    def __init__(self, paths: AppPaths, conn: sqlite3.Connection) -> None:
        """Use :meth:`open`; this only wraps an open, migrated connection."""
        self.paths = paths
        self._conn: sqlite3.Connection | None = conn

    @classmethod
    def open(cls, paths: AppPaths, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Library:
        """Open the library in ``paths``, creating or upgrading the history as needed.

        ``timeout_s`` is how long a write waits for another connection's write to finish.

        Raises:
            LibraryError: the history is damaged (a copy was saved in ``backups_dir``
                first), belongs to a newer speakprep, or the folder cannot be used.
        """
        try:
            paths.data_dir.mkdir(parents=True, exist_ok=True)
            paths.recordings_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # A history on read-only media can still be read (open_database falls back).
            if not paths.database.is_file():
                raise LibraryError(paths.unusable(exc)) from exc
        conn = open_database(paths.database, paths.backups_dir, timeout_s=timeout_s)
        library = cls(paths, conn)
        if not library.read_only:
            library.sweep_orphans()
        return library

    @property
    def read_only(self) -> bool:
        """Whether the history is on read-only media: it can be listed, not changed."""
        return bool(self._db.execute("PRAGMA query_only").fetchone()[0])

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding and reading ----------------------------------------------------------------
    def add(
        self,
        report: Report,
        audio: Path | None,
        *,
        source: str,
        created_at: datetime | None = None,
    ) -> Take:
        """Save a take and return it.

        A recorded take already in the recordings folder stays where it is; any other audio
        is copied in as FLAC and the original is left untouched. ``audio=None`` saves a
        take without audio (an analysed transcript). ``created_at`` defaults to now; a
        naive time is taken as local time.

        Raises:
            LibraryError: the audio is missing or cannot be copied, or the save failed (a
                copy made for this take is removed again).
        """
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
        copied: Path | None = None
        audio_file: str | None = None
        if audio is not None:
            audio = Path(audio)
            if not audio.is_file():
                raise LibraryError(f"{audio.name}: the audio file was not found.")
            stored = audio
            if not is_inside(audio, self.paths.recordings_dir):
                try:
                    stored = copied = import_audio(audio, self.paths.recordings_dir)
                except AudioCopyError as exc:
                    raise LibraryError(str(exc)) from None
            audio_file = self._audio_file(stored)
        row = report_columns(report)
        row.update(created_at=to_db_time(created_at), source=source, audio_file=audio_file)
        names = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        try:
            with self._write("save the take"):
                cur = self._db.execute(f"INSERT INTO takes ({names}) VALUES ({marks})", row)
        except BaseException:
            if copied is not None:
                copied.unlink(missing_ok=True)
            raise
        assert cur.lastrowid is not None
        if copied is None and audio is not None:
            _forget_no_speech(audio)  # analysed again and heard: it is a take now
        return self.take(cur.lastrowid)

    def takes(self, *, question_id: str | None = None, search: str | None = None) -> list[Take]:
        """Takes newest first, optionally of one question or whose transcript has ``search``.

        The search ignores case (Unicode case folding, so "STRASSE" finds "Straße").
        """
        where, args = [], []
        if question_id is not None:
            where.append("question_id = ?")
            args.append(question_id)
        if search and search.strip():
            where.append("instr(casefold(transcript), ?) > 0")
            args.append(search.strip().casefold())
        sql = f"SELECT {TAKE_COLUMNS} FROM takes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, id DESC"
        return [
            take_from_row(r, self.paths.recordings_dir) for r in self._query(sql, args).fetchall()
        ]

    def take(self, take_id: int) -> Take:
        """One take. Raises LibraryError if there is no such take."""
        row = self._query(f"SELECT {TAKE_COLUMNS} FROM takes WHERE id = ?", (take_id,)).fetchone()
        if row is None:
            raise _no_take(take_id)
        return take_from_row(row, self.paths.recordings_dir)

    def report(self, take_id: int) -> Report:
        """The take's full report, rebuilt from the stored JSON."""
        return self._rebuild(take_id, self.report_dict(take_id))

    def report_dict(self, take_id: int) -> dict[str, Any]:
        """The take's report as :func:`report_to_dict` wrote it (the JSON export)."""
        return _require_object(take_id, self._json(take_id, "report"))

    def previous_report(self, take_id: int) -> Report | None:
        """The report the last :meth:`replace_report` replaced, or None."""
        d = self._json(take_id, "previous_report")
        return None if d is None else self._rebuild(take_id, d)

    def questions(self) -> list[tuple[str, str, int]]:
        """``(question_id, question_text, take count)``, most used first.

        The text is the newest take's (custom questions share the id ``"custom"``).
        """
        # SQLite takes the bare column question_text from the row holding max(created_at).
        rows = self._query(
            "SELECT question_id, question_text, count(*) AS n, max(created_at) AS newest "
            "FROM takes GROUP BY question_id ORDER BY n DESC, newest DESC"
        ).fetchall()
        return [(r["question_id"], r["question_text"], r["n"]) for r in rows]

    # -- changing --------------------------------------------------------------------------
    def rename(self, take_id: int, title: str | None) -> Take:
        """Give the take a title; None or blank goes back to showing the question."""
        cleaned = (title or "").strip() or None
        self._update(take_id, "rename the take", "UPDATE takes SET title = ? WHERE id = ?", cleaned)
        return self.take(take_id)

    def set_note(self, take_id: int, note: str) -> Take:
        """Replace the take's note ("" clears it)."""
        self._update(
            take_id, "save the note", "UPDATE takes SET note = ? WHERE id = ?", (note or "").strip()
        )
        return self.take(take_id)

    def replace_report(self, take_id: int, report: Report) -> Take:
        """Store a new report (after a re-analysis), keeping the old one as the previous.

        One transaction: until it commits, every reader sees the old report and figures.
        """
        row = report_columns(report)
        row.update(id=take_id, replaced_at=to_db_time(None))
        sets = ", ".join(f"{k} = :{k}" for k in row if k not in ("id", "replaced_at"))
        with self._write("save the new report"):
            cur = self._db.execute(
                f"UPDATE takes SET previous_report = report, report_replaced_at = :replaced_at, "
                f"{sets} WHERE id = :id",
                row,
            )
            if cur.rowcount == 0:
                raise _no_take(take_id)
        return self.take(take_id)

    def delete(self, take_id: int) -> None:
        """Remove the take and its audio file.

        The file goes only if it is in the recordings folder and no other take uses it.
        If it cannot be removed, the take stays too.
        """
        with self._write("delete the take"):
            row = self._db.execute(
                "SELECT audio_file FROM takes WHERE id = ?", (take_id,)
            ).fetchone()
            if row is None:
                raise _no_take(take_id)
            self._db.execute("DELETE FROM takes WHERE id = ?", (take_id,))
            audio = self._audio_path(row["audio_file"])
            shared = self._db.execute(
                "SELECT 1 FROM takes WHERE audio_file = ? LIMIT 1", (row["audio_file"],)
            ).fetchone()
            if audio is not None and not shared and is_inside(audio, self.paths.recordings_dir):
                # Removed inside the transaction: if this fails, the row is rolled back and
                # no take is left pointing at a half-deleted state.
                try:
                    audio.unlink(missing_ok=True)
                except OSError as exc:
                    raise LibraryError(f"Cannot delete {audio.name}: {os_reason(exc)}.") from exc

    # -- recordings a crash left behind ----------------------------------------------------
    def unfinished_takes(self) -> list[Path]:
        """WAV files in the recordings folder that no take uses and hold a take worth saving.

        Those whose header needs repair, or with more than a second of audio; oldest first.
        """
        return find_unfinished(self.paths.recordings_dir, self._referenced())

    def keep_without_speech(self, path: Path) -> None:
        """Keep a recorded take whose analysis heard no speech out of :meth:`unfinished_takes`
        (it was analysed; nothing is unfinished). Only a WAV in the recordings folder is noted.

        Raises:
            LibraryError: the note cannot be written; the take is offered again at start.
        """
        path = Path(path)
        if not self._own_recording(path):
            return
        try:
            mark_no_speech(path)
        except OSError as exc:
            raise LibraryError(
                f"Cannot note that {path.name} holds no speech: {os_reason(exc)}."
            ) from exc

    def no_speech_recordings(self) -> list[KeptRecording]:
        """Recorded takes kept though no speech was recognised in them, newest first.

        They are not takes (no report, no score), so the history's takes, questions and
        progress never count them; the history lists them apart, to replay, analyse again
        or delete (:meth:`discard`).
        """
        return find_no_speech(self.paths.recordings_dir, self._referenced())

    def sweep_orphans(self) -> list[Path]:
        """Delete leftovers of interrupted saves (see ``recordings.sweep_orphans``).

        Run at every open; never fails (a history it cannot read is swept another time).
        """
        try:
            referenced = self._referenced()
        except LibraryError:
            return []
        # The data folder too: a settings file or cache interrupted mid-write.
        return sweep_orphans(self.paths.data_dir, ()) + sweep_orphans(
            self.paths.recordings_dir, referenced
        )

    def recover(self, path: Path) -> float:
        """Repair an unfinished take's header in place; returns its duration in seconds."""
        from speakprep.audio.wavfile import WavRecoveryError, recover_wav

        try:
            return recover_wav(path)
        except WavRecoveryError as exc:
            raise LibraryError(str(exc)) from None

    def _own_recording(self, path: Path) -> bool:
        """Whether ``path`` is a recorded take (a WAV file) in this library's folder."""
        return is_inside(path, self.paths.recordings_dir) and path.suffix.lower() == ".wav"

    def discard(self, path: Path) -> None:
        """Delete an unfinished take, or one kept with no speech, that the user does not want
        (only one no take uses); its no-speech note goes with it."""
        path = Path(path)
        if not self._own_recording(path):
            raise LibraryError(f"{path.name}: not a recording in the library folder.")
        if path.resolve() in {p.resolve() for p in self._referenced()}:
            raise LibraryError(f"{path.name}: belongs to a saved take; delete the take instead.")
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise LibraryError(f"Cannot delete {path.name}: {os_reason(exc)}.") from exc
        _forget_no_speech(path)

    # -- helpers ---------------------------------------------------------------------------
    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError("The library is closed.")
        return self._conn

    def _query(self, sql: str, args: Any = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise LibraryError(f"Cannot read the history: {_sqlite_reason(exc)}.") from exc

    @contextmanager
    def _write(self, what: str) -> Iterator[None]:
        """One write transaction; any failure rolls it back and becomes a LibraryError."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise LibraryError(f"Could not {what}: {self._why_not_written(exc)}.") from exc
        try:
            yield
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise LibraryError(f"Could not {what}: {self._why_not_written(exc)}.") from exc
            raise

    def _why_not_written(self, exc: sqlite3.Error) -> str:
        """SQLite's reason, or for a history opened read-only why it is, in the user's words
        ("attempt to write a readonly database" names no cause anyone can fix)."""
        if not self.read_only:
            return _sqlite_reason(exc)
        if disk_nearly_full(self.paths.data_dir):
            return "the disk is full"
        return "the history is on a read-only disk or folder"

    def _update(self, take_id: int, what: str, sql: str, value: object) -> None:
        with self._write(what):
            if self._db.execute(sql, (value, take_id)).rowcount == 0:
                raise _no_take(take_id)

    def _json(self, take_id: int, column: str) -> Any:
        row = self._query(f"SELECT {column} FROM takes WHERE id = ?", (take_id,)).fetchone()
        if row is None:
            raise _no_take(take_id)
        if row[0] is None:
            return None
        try:
            return json.loads(row[0])
        except ValueError as exc:
            raise LibraryError(f"The report of take {take_id} cannot be read ({exc}).") from exc

    def _rebuild(self, take_id: int, d: dict[str, Any]) -> Report:
        _require_object(take_id, d)
        try:
            return report_from_dict(d)
        except ReportFormatError as exc:
            raise LibraryError(f"The report of take {take_id} cannot be read: {exc}.") from exc

    def _referenced(self) -> list[Path]:
        rows = self._query("SELECT audio_file FROM takes WHERE audio_file IS NOT NULL")
        return [p for r in rows if (p := self._audio_path(r["audio_file"])) is not None]

    def _audio_file(self, path: Path) -> str:
        """How a file in the recordings folder is stored: relative, so the folder can move."""
        return path.resolve().relative_to(self.paths.recordings_dir.resolve()).as_posix()

    def _audio_path(self, audio_file: str | None) -> Path | None:
        # The same rule as take_from_row: names are relative to the recordings folder.
        if audio_file is None:
            return None
        return self.paths.recordings_dir / audio_file


def _forget_no_speech(path: Path) -> None:
    """Remove the no-speech note beside ``path``, if any; a note left behind is harmless (a
    take that uses the file, or no file, is never listed)."""
    with suppress(OSError):
        path.with_suffix(NO_SPEECH_SUFFIX).unlink(missing_ok=True)


def _no_take(take_id: int) -> LibraryError:
    return LibraryError(f"There is no take {take_id} in the history.")


def _require_object(take_id: int, d: Any) -> dict[str, Any]:
    # Valid JSON is not necessarily a report: a damaged or hand-edited row may hold null or [].
    if not isinstance(d, dict):
        raise LibraryError(f"The report of take {take_id} cannot be read (it is not a report).")
    return d


_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def _sqlite_reason(exc: sqlite3.Error) -> str:
    """SQLite's reason, in the user's words where its own ("database is locked") names no
    cause: another connection held the history longer than the wait allowed."""
    code = getattr(exc, "sqlite_errorcode", None)
    # An extended result code keeps its primary code in the low byte.
    if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return (
            "the history is busy (another speakprep or another program is using it); "
            "try again in a moment"
        )
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
