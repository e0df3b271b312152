"""The history's schema, built up one migration per version.

``PRAGMA user_version`` holds the number of migrations applied. Each migration runs in its
own transaction together with the version bump, so a crash leaves the database at the old
version or the new one, never in between.

A released migration is never edited: a user's database was built by exactly that code.
Change the schema by appending a function, and commit a fixture database of the new version
(``tests/data/db/make_fixtures.py``); the tests migrate every fixture to the latest version.
Migrations use plain SQL, not helpers that may change later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "MigrationError", "migrate"]

Migration = Callable[[sqlite3.Connection], None]


class MigrationError(RuntimeError):
    """A migration failed and was rolled back; ``str()`` is one line."""


def _v1_takes(conn: sqlite3.Connection) -> None:
    """The first cut: one row per take, its figures as columns and its report as JSON."""
    conn.execute(
        """
        CREATE TABLE takes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,          -- ISO 8601 in UTC, so text order is time order
            question_id TEXT NOT NULL,
            question_text TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('recorded', 'imported')),
            audio_file TEXT,                   -- relative to the recordings folder
            recording_s REAL,
            speaking_s REAL,
            wpm REAL,
            fillers_per_minute REAL,
            score INTEGER NOT NULL,
            checks_passed INTEGER NOT NULL,
            checks_total INTEGER NOT NULL,
            model TEXT,
            company TEXT,
            role TEXT,
            transcript TEXT NOT NULL,          -- copied out of the report for searching
            report TEXT NOT NULL               -- report_to_dict() as JSON
        )
        """
    )
    conn.execute("CREATE INDEX takes_by_time ON takes (created_at)")


def _v2_titles_notes_previous_report(conn: sqlite3.Connection) -> None:
    """The user's title and note, the report a re-analysis replaced, a per-question index."""
    conn.execute("ALTER TABLE takes ADD COLUMN title TEXT")
    conn.execute("ALTER TABLE takes ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE takes ADD COLUMN previous_report TEXT")
    conn.execute("ALTER TABLE takes ADD COLUMN report_replaced_at TEXT")
    conn.execute("CREATE INDEX takes_by_question ON takes (question_id, created_at)")


def _v3_pitfall_counts(conn: sqlite3.Connection) -> None:
    """The pitfalls a take was found with, of those its question looks for, so the history
    colours its checks count as every other screen does (a pitfall makes it red), without
    reading each report. Kept takes count theirs from the checks in their report."""
    conn.execute("ALTER TABLE takes ADD COLUMN pitfalls_found INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE takes ADD COLUMN pitfalls_total INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        """
        UPDATE takes SET
            pitfalls_found = (
                SELECT count(*) FROM json_each(takes.report, '$.checks') AS c
                WHERE c.type = 'object' AND json_extract(c.value, '$.pitfall')
                    AND coalesce(json_extract(c.value, '$.applies'), 1)
                    AND json_extract(c.value, '$.found')
            ),
            pitfalls_total = (
                SELECT count(*) FROM json_each(takes.report, '$.checks') AS c
                WHERE c.type = 'object' AND json_extract(c.value, '$.pitfall')
                    AND coalesce(json_extract(c.value, '$.applies'), 1)
            )
        WHERE json_valid(report)
        """
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_takes,
    _v2_titles_notes_previous_report,
    _v3_pitfall_counts,
)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations from the database's version up to ``target``; returns it.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each step opens its own
    transaction. ``target`` below the latest is for building fixtures of old versions.

    Raises:
        MigrationError: a step failed; the database is left at the last completed version.
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise ValueError(f"target must be between 0 and {SCHEMA_VERSION}, got {target}")
    version = user_version(conn)
    while version < target:
        step = MIGRATIONS[version]
        # IMMEDIATE: take the write lock first, so a second connection cannot slip a write
        # in between reading the version and bumping it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) != version:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                version = user_version(conn)
                continue
            step(conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise MigrationError(f"the step to version {version + 1} failed ({exc})") from exc
        version += 1
    return version
