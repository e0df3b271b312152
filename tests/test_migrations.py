"""Every released schema version, as a committed fixture database, opens and upgrades."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from speakprep.core.score import tally_checks
from speakprep.paths import AppPaths
from speakprep.storage.library import Library, LibraryError
from speakprep.storage.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, user_version

FIXTURES = Path(__file__).parent / "data" / "db"
VERSIONS = sorted(int(re.fullmatch(r"v(\d+)", p.stem)[1]) for p in FIXTURES.glob("v*.sqlite3"))


def _install(version: int, tmp_path: Path) -> AppPaths:
    """A data folder whose history is a copy of fixture ``version`` (the fixture stays as is)."""
    paths = AppPaths(tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / f"v{version}.sqlite3", paths.database)
    return paths


def _schema(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {t: sorted(conn.execute(f"PRAGMA table_info({t})").fetchall()) for t in tables}
        out["indexes"] = sorted(
            conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index'").fetchall()
        )
        return out
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_schema_version() -> None:
    assert list(range(1, SCHEMA_VERSION + 1)) == VERSIONS
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_opens_upgraded_with_its_takes(version: int, tmp_path: Path) -> None:
    paths = _install(version, tmp_path)
    conn = sqlite3.connect(paths.database)
    assert user_version(conn) == version
    count = conn.execute("SELECT count(*) FROM takes").fetchone()[0]
    conn.close()

    with Library.open(paths) as lib:
        takes = lib.takes()
        assert len(takes) == count >= 4
        assert [t.created_at for t in takes] == sorted((t.created_at for t in takes), reverse=True)
        for take in takes:
            report = lib.report(take.id)
            assert report.question.id == take.question_id
            assert report.score.total == take.score
        by_id = {t.id: t for t in takes}
        assert by_id[1].audio_missing and by_id[1].speaking_s is not None
        assert by_id[2].audio_path is None and not by_id[2].audio_missing
        assert by_id[3].question_id == "custom"
        assert {q for q, _, _ in lib.questions()} == {"career_goals", "five_years", "custom"}
        if version < 2:
            assert all(t.title is None and t.note == "" for t in takes)
            assert lib.previous_report(1) is None
        # Its pitfalls are counted as the results page counts them (v3, for the history).
        for take in takes:
            tally = tally_checks(lib.report(take.id).content.checks)
            assert (take.pitfalls_found, take.pitfalls_total) == (tally.pitfalls_found, 5)
            assert tally.pitfalls == 5
        # The upgraded database takes new writes of every kind.
        lib.rename(2, "Renamed after the upgrade")
        lib.set_note(2, "note")
        lib.replace_report(2, lib.report(1))
        assert lib.previous_report(2) is not None
    conn = sqlite3.connect(paths.database)
    assert user_version(conn) == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_the_v2_fixture_keeps_titles_notes_and_previous_reports(tmp_path: Path) -> None:
    paths = _install(2, tmp_path)
    with Library.open(paths) as lib:
        newest = lib.takes()[0]
        assert newest.title == "Second try <after> coaching & notes"
        assert newest.note == "Slower start.\nMention the CFA."
        assert lib.previous_report(newest.id) == lib.report(newest.id)


@pytest.mark.parametrize("version", [v for v in VERSIONS if v < SCHEMA_VERSION])
def test_an_upgrade_backs_up_the_old_database_first(version: int, tmp_path: Path) -> None:
    paths = _install(version, tmp_path)
    original = paths.database.read_bytes()
    Library.open(paths).close()
    (backup,) = paths.backups_dir.glob(f"history-v{version}-*.sqlite3")
    conn = sqlite3.connect(backup)
    assert user_version(conn) == version
    assert conn.execute("SELECT count(*) FROM takes").fetchone()[0] >= 4
    conn.close()
    assert backup.stat().st_size == len(original)
    Library.open(paths).close()  # already current: no second backup
    assert len(list(paths.backups_dir.iterdir())) == 1


def test_the_latest_version_is_opened_without_a_backup(tmp_path: Path) -> None:
    paths = _install(SCHEMA_VERSION, tmp_path)
    Library.open(paths).close()
    assert not paths.backups_dir.exists()


@pytest.mark.parametrize("version", VERSIONS)
def test_an_upgraded_schema_is_the_same_as_a_new_one(version: int, tmp_path: Path) -> None:
    paths = _install(version, tmp_path)
    Library.open(paths).close()
    fresh = AppPaths(tmp_path / "fresh")
    Library.open(fresh).close()
    assert _schema(paths.database) == _schema(fresh.database)


def test_migrations_go_one_step_at_a_time(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert migrate(conn, target=1) == 1 and user_version(conn) == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(takes)")}
    assert "title" not in columns
    assert migrate(conn) == SCHEMA_VERSION
    assert {"title", "note", "previous_report"} <= {
        r[1] for r in conn.execute("PRAGMA table_info(takes)")
    }
    assert migrate(conn) == SCHEMA_VERSION  # nothing left to do
    with pytest.raises(ValueError):
        migrate(conn, target=SCHEMA_VERSION + 1)
    conn.close()


def test_a_failed_step_is_rolled_back_and_reported(tmp_path: Path) -> None:
    paths = _install(1, tmp_path)
    conn = sqlite3.connect(paths.database)
    # Something in the way of the v2 step: it must fail whole, not add half its columns.
    conn.execute("CREATE INDEX takes_by_question ON takes (question_id)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError) as err:
        Library.open(paths)
    message = str(err.value)
    assert "version 2" in message and "\n" not in message and "backups" in message
    conn = sqlite3.connect(paths.database)
    assert user_version(conn) == 1
    assert "title" not in {r[1] for r in conn.execute("PRAGMA table_info(takes)")}
    assert conn.execute("SELECT count(*) FROM takes").fetchone()[0] == 4
    conn.close()


def test_v3_counts_the_pitfalls_of_the_takes_kept_before_it(tmp_path: Path) -> None:
    """The history colours a take's checks red for a pitfall: a take kept at v2 has its
    pitfalls counted from its report's checks (only those that apply)."""
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    migrate(conn, target=2)
    checks = [
        {"pitfall": True, "applies": True, "found": True},
        {"pitfall": True, "applies": True, "found": False},
        {"pitfall": True, "applies": False, "found": True},
        {"pitfall": False, "applies": True, "found": True},
    ]
    conn.execute(
        "INSERT INTO takes (created_at, question_id, question_text, source, score, "
        "checks_passed, checks_total, transcript, report) VALUES "
        "('2024-01-01T00:00:00.000000+00:00', 'q', 'Q?', 'imported', 50, 1, 1, '', ?)",
        (json.dumps({"checks": checks}),),
    )
    assert migrate(conn) == SCHEMA_VERSION
    found, total = conn.execute("SELECT pitfalls_found, pitfalls_total FROM takes").fetchone()
    conn.close()
    assert (found, total) == (1, 2)


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("{", (0, 0)),  # not JSON at all
        ('{"checks": ["x", 3, null]}', (0, 0)),  # checks that are not objects
        ('{"checks": [{"pitfall": true, "found": true}]}', (1, 1)),  # "applies" left out: true
    ],
)
def test_v3_upgrade_survives_a_damaged_report(
    report: str, counts: tuple[int, int], tmp_path: Path
) -> None:
    """The v2 app shows a history with one unreadable report (only that take says so): the
    upgrade must not refuse the whole history for it, nor back it up again at each start."""
    paths = AppPaths(tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database, isolation_level=None)
    migrate(conn, target=2)
    for day, stored in (("01", report), ("02", json.dumps({"checks": []}))):
        conn.execute(
            "INSERT INTO takes (created_at, question_id, question_text, source, score, "
            "checks_passed, checks_total, transcript, report) VALUES "
            f"('2024-01-{day}T00:00:00.000000+00:00', 'q', 'Q?', 'imported', 50, 1, 1, '', ?)",
            (stored,),
        )
    conn.close()
    Library.open(paths).close()
    conn = sqlite3.connect(paths.database)
    rows = conn.execute("SELECT pitfalls_found, pitfalls_total FROM takes ORDER BY id").fetchall()
    assert user_version(conn) == SCHEMA_VERSION
    conn.close()
    assert rows == [counts, (0, 0)]
    Library.open(paths).close()
    assert len(list(paths.backups_dir.glob("*v2*"))) == 1  # one backup, not one per start
