"""The history under faults: bounded backups of a damaged file, read-only media (issue 14),
a full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from speakprep.cli import main
from speakprep.paths import AppPaths
from speakprep.services.analyze import Engine
from speakprep.storage.db import MAX_DAMAGED_COPIES
from speakprep.storage.library import Library, LibraryError
from tests.diskfaults import fill, make_read_only, tiny_disk

REPORT = Engine().analyze_text(
    "In the next two years I want to lead the close for this team, and in five years an "
    "audit team of my own."
)


@pytest.mark.parametrize("damage_times", ["forwards", "backwards"])
def test_damaged_copies_are_made_once_and_capped(tmp_path: Path, damage_times: str) -> None:
    paths = AppPaths(tmp_path / "data")
    with Library.open(paths) as lib:
        lib.add(REPORT, None, source="imported")
    good = paths.database.read_bytes()
    damages = []
    for n in range(MAX_DAMAGED_COPIES + 2):
        # A different damage each time (a new copy is due), each opened three times (only
        # the first open of it copies).
        damages.append(good[:100] + bytes([n]) * 4000 + good[4100:])
        paths.database.write_bytes(damages[-1])
        if damage_times == "backwards":  # each file put back from an older copy (cp -p)
            os.utime(paths.database, (1e9 - n * 3600, 1e9 - n * 3600))
        for _ in range(3):
            with pytest.raises(LibraryError, match="damaged"):
                Library.open(paths)
    # The newest copies are kept, and their names sort in the order they were made, even
    # when several are made within one second or the files' own times say otherwise.
    copies = sorted(paths.backups_dir.glob("history-damaged-*.sqlite3"))
    assert [c.read_bytes() for c in copies] == damages[-MAX_DAMAGED_COPIES:]


def _history_with_a_take(data: Path) -> None:
    with Library.open(AppPaths(data)) as lib:
        lib.add(REPORT, None, source="imported")
    # As a clean shutdown leaves it (no -wal, no -shm): WAL mode is in the file header.
    conn = sqlite3.connect(data / "history.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _read_only_history_can_be_listed(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open(AppPaths(data)) as lib:
        assert lib.read_only
        assert [t.id for t in lib.takes()] == [1]
        assert lib.report(1).transcript.text == REPORT.transcript.text
        with pytest.raises(LibraryError):
            lib.add(REPORT, None, source="imported")
    assert main(["history", "--data-dir", str(data)]) == 0
    assert "What are your career goals?" in capsys.readouterr().out
    assert main(["export", "1", "--format", "json", "--data-dir", str(data)]) == 0


def test_a_history_on_read_only_media_is_still_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tiny_disk(tmp_path / "disk", 2048) as disk:
        data = disk / "data"
        _history_with_a_take(data)
        (data / "history.sqlite3-wal").unlink(missing_ok=True)
        (data / "history.sqlite3-shm").unlink(missing_ok=True)
        make_read_only(disk)
        _read_only_history_can_be_listed(data, capsys)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_history_in_a_read_only_folder_is_still_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _history_with_a_take(data)
    for path in [*data.rglob("*"), data]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        _read_only_history_can_be_listed(data, capsys)
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(data)


def test_a_history_on_a_full_disk_is_read_and_a_save_says_the_disk_is_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite cannot read a WAL-mode history without room for its -shm file: on a full disk
    # `history` and `export` said "disk I/O error" and showed no take at all.
    with tiny_disk(tmp_path / "disk", 1024) as disk:
        data = disk / "data"
        _history_with_a_take(data)
        fill(disk, leave_bytes=0)
        _read_only_history_can_be_listed(data, capsys)
        with Library.open(AppPaths(data)) as lib, pytest.raises(LibraryError) as info:
            lib.add(REPORT, None, source="imported")
        assert str(info.value) == "Could not save the take: the disk is full."
        answer = tmp_path / "answer.txt"
        answer.write_text(REPORT.transcript.text, encoding="utf-8")
        code = main(
            ["analyze", "--text", "--save", "--quiet", str(answer), "--data-dir", str(data)]
        )
        out, err = capsys.readouterr()
        assert code == 1
        assert (
            err == f"speakprep: {answer}: not saved: Could not save the take: the disk is full.\n"
        )
        assert "What are your career goals?" in out  # the report itself is not lost


def test_a_history_another_program_holds_says_it_is_busy_and_loses_nothing(
    tmp_path: Path,
) -> None:
    # Before: "Could not save the take: database is locked." (SQLite's words, no cause given;
    # the app showed them under the report it could not save).
    paths = AppPaths(tmp_path / "data")
    with Library.open(paths, timeout_s=0.05) as lib:
        first = lib.add(REPORT, None, source="imported")
        other = sqlite3.connect(paths.data_dir / "history.sqlite3", isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")  # a second app mid-write, or a DB browser
            with pytest.raises(LibraryError) as info:
                lib.add(REPORT, None, source="imported")
            assert str(info.value) == (
                "Could not save the take: the history is busy (another speakprep or another "
                "program is using it); try again in a moment."
            )
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert [t.id for t in lib.takes()] == [first.id]  # nothing half-written
        assert lib.add(REPORT, None, source="imported").id > first.id  # and it works again


def test_a_file_where_the_recordings_folder_goes_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "Cannot use the data folder DATA: file exists." - the data folder was fine;
    # its recordings folder was a file.
    data = tmp_path / "data"
    data.mkdir()
    (data / "recordings").write_text("in the way")
    answer = tmp_path / "answer.txt"
    answer.write_text(REPORT.transcript.text, encoding="utf-8")
    assert main(["analyze", "--text", "--save", str(answer), "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert err == (
        "speakprep: the takes cannot be saved, only analysed: "
        f"Cannot use the data folder {data}: recordings in it is a file, not a folder.\n"
    )
    assert out.startswith(f"{answer}: “What are your career goals?”")  # the report all the same
    assert (data / "recordings").read_text() == "in the way"
