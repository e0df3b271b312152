"""Saving, importing and exporting under faults: nothing half-written, nothing left behind.

Issue 14, cases 3 to 6. Full disks are real (a small tmpfs, see tests/diskfaults.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from speakprep import fsutil
from speakprep.audio.files import load_audio
from speakprep.cli import main
from speakprep.paths import AppPaths
from speakprep.preferences import Preferences, PreferencesStore
from speakprep.services.analyze import Engine
from speakprep.storage.library import Library, LibraryError
from tests.conftest import AUDIO
from tests.diskfaults import fill, tiny_disk
from tests.test_library import crashed_take

REPO = Path(__file__).resolve().parents[1]
ANSWER = (
    "In the next two years I want to lead the month-end close for this team. I have passed "
    "two of the four CPA exams already, and in five years I would like to lead an audit team."
)
REPORT = Engine().analyze_text(ANSWER)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _damaged_flac(folder: Path) -> Path:
    """A FLAC with 400 random bytes in the middle: FFmpeg decodes past them, libsndfile
    stops with "flac decoder lost sync"."""
    data = bytearray((AUDIO / "mfa_crossword.flac").read_bytes())
    middle = len(data) // 2
    data[middle : middle + 400] = np.random.default_rng(4).bytes(400)
    path = folder / "answer.flac"
    path.write_bytes(bytes(data))
    return path


# -- case 3: interrupted imports ------------------------------------------------------------


@pytest.mark.parametrize("clip", ["mfa_uh.flac", "jfk.wav"])
def test_ctrl_c_during_the_copy_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clip: str
) -> None:
    paths = AppPaths(tmp_path / "data")
    real_fsync = fsutil.fsync_file

    def interrupted(path: Path) -> None:
        assert path.stat().st_size > 0  # the copy is written, not yet in place
        real_fsync(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil, "fsync_file", interrupted)
    with Library.open(paths) as lib, pytest.raises(KeyboardInterrupt):
        lib.add(REPORT, AUDIO / clip, source="imported")
    assert _files(paths.recordings_dir) == []
    with Library.open(paths) as lib:
        assert lib.takes() == []


def test_ctrl_c_while_saving_settings_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PreferencesStore(tmp_path / "preferences.json")
    store.save(Preferences(target_s=120.0))
    before = store.path.read_bytes()

    def interrupted(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil, "fsync_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(Preferences(target_s=60.0))
    assert store.path.read_bytes() == before
    assert _files(tmp_path) == ["preferences.json"]


def test_the_copy_and_its_folder_are_on_disk_before_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths(tmp_path / "data")
    seen: list[tuple[str, int]] = []
    real_dir = fsutil.fsync_dir

    def watched(folder: Path) -> None:
        real_dir(folder)
        with sqlite3.connect(paths.database) as other:
            count = other.execute("SELECT count(*) FROM takes").fetchone()[0]
        seen.append((Path(folder).name, count))

    monkeypatch.setattr(fsutil, "fsync_dir", watched)
    with Library.open(paths) as lib:
        take = lib.add(REPORT, AUDIO / "mfa_um.flac", source="imported")
    assert ("recordings", 0) in seen  # the folder was synced while the take was not saved
    assert take.audio_path is not None and take.audio_path.is_file()


def test_the_sweep_removes_leftovers_and_never_an_unfinished_take(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    with Library.open(paths) as lib:
        kept = lib.add(REPORT, AUDIO / "mfa_um.flac", source="imported").audio_path
    assert kept is not None
    rec = paths.recordings_dir
    orphan = rec / "import-20260101-120000-000000-answer.flac"  # killed before the commit
    shutil.copy(AUDIO / "mfa_uh.flac", orphan)
    stale = rec / "import-x.flac.1a2b3c4d.part"  # killed mid-copy
    stale.write_bytes(b"fLaC half")
    fresh = rec / "import-y.flac.5e6f7a8b.part"  # another process copying right now
    fresh.write_bytes(b"fLaC half")
    unfinished = crashed_take(rec, "take-20260101.wav", 3.0)  # the recorder died
    settings_part = paths.data_dir / "preferences.json.9c8d7e6f.part"
    settings_part.write_text("{")
    hour_ago = time.time() - 3600
    for path in (orphan, stale, unfinished, kept, settings_part):
        os.utime(path, (hour_ago, hour_ago))
    with Library.open(paths) as lib:  # the sweep runs at every open
        assert _files(rec) == sorted([kept.name, fresh.name, unfinished.name])
        assert not settings_part.exists()
        assert lib.unfinished_takes() == [unfinished]
        assert lib.takes()[0].audio_path == kept


# -- case 4: saving -------------------------------------------------------------------------


def test_a_flac_that_analysed_fine_is_saved_byte_for_byte(tmp_path: Path) -> None:
    source = _damaged_flac(tmp_path)
    assert load_audio(source).duration_s > 10  # the analysis reads it
    with Library.open(AppPaths(tmp_path / "data")) as lib:
        take = lib.add(REPORT, source, source="imported")
    assert take.audio_path is not None
    assert take.audio_path.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("clip", ["mfa_acoustic_corpus.wav", "mfa_crossword.flac"])
def test_a_full_disk_during_the_copy_says_so(tmp_path: Path, clip: str) -> None:
    with tiny_disk(tmp_path / "disk", 1024) as disk:
        paths = AppPaths(disk / "data")
        Library.open(paths).close()
        fill(disk, 60_000)
        with Library.open(paths) as lib, pytest.raises(LibraryError) as err:
            lib.add(REPORT, AUDIO / clip, source="imported")
        assert str(err.value) == f"{clip}: could not copy it into the library (the disk is full)"
        assert _files(paths.recordings_dir) == []


# -- case 5: exports ------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder whose history holds one imported take (take 1)."""
    folder = tmp_path / "data"
    with Library.open(AppPaths(folder)) as lib:
        lib.add(REPORT, None, source="imported")
    return folder


def test_an_export_on_a_full_disk_keeps_the_previous_file(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tiny_disk(tmp_path / "disk", 256) as disk:
        out = disk / "take.html"
        assert main(["export", "1", "-o", str(out), "--data-dir", str(data)]) == 0
        before = out.read_bytes()
        fill(disk, 4096)
        assert main(["export", "1", "-o", str(out), "--data-dir", str(data)]) == 1
        err = capsys.readouterr().err
        assert err == f"speakprep: cannot write {out}: the disk is full\n"
        assert out.read_bytes() == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler.bin", "take.html"]


def test_an_export_never_replaces_a_recording_or_the_data_folders_own_files(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: `export 1 --format json -o DATA/history.sqlite3` replaced the history with one
    # take's JSON (every take lost), `--format html -o take.flac` replaced a recording, and
    # `-o DATA/preferences.json` wrote a report where the settings go.
    take = tmp_path / "My Take.FLAC"
    shutil.copyfile(AUDIO / "mfa_um.flac", take)
    kept = {p: p.read_bytes() for p in (take, data / "history.sqlite3")}
    refused = [
        (take, "html", "My Take.FLAC is a recording"),  # the name as given, not lower-cased
        (tmp_path / "answer.m4a", "md", "answer.m4a is a recording"),  # even before it exists
        (data / "history.sqlite3", "json", "history.sqlite3 is one of speakprep's own files"),
        (data / "preferences.json", "json", "preferences.json is one of speakprep's own"),
    ]
    for out, fmt, why in refused:
        code = main(["export", "1", "--format", fmt, "-o", str(out), "--data-dir", str(data)])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1 and why in err, err
        assert "ending in .html (or .htm), .md (or .markdown), .json" in err, err
    assert all(p.read_bytes() == b for p, b in kept.items())
    assert not (data / "preferences.json").exists() and not (tmp_path / "answer.m4a").exists()
    # An export replaces an earlier export, under any of the names it is written as.
    for name in ("take.html", "take.html", "notes.markdown"):
        args = ["export", "1", "--format", "md", "-o", str(tmp_path / name)]
        assert main([*args, "--data-dir", str(data)]) == 0
    assert (tmp_path / "notes.markdown").read_text(encoding="utf-8").startswith("# ")


def test_a_name_not_an_exports_is_refused_the_first_time_as_the_second(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `-o notes.txt --format md` wrote notes.txt, then refused it as "not an export"
    the second time. Now both times alike, and the first write makes nothing."""
    args = ["export", "1", "--format", "md", "-o", str(tmp_path / "notes.txt")]
    for _ in range(2):
        assert main([*args, "--data-dir", str(data)]) == 1
        assert "notes.txt is not an export's name" in capsys.readouterr().err
    assert not (tmp_path / "notes.txt").exists()


def test_an_export_never_replaces_the_settings_under_another_name(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that resolves elsewhere but is the same file (a hard link here; on a
    case-insensitive disk DATA/Preferences.JSON) is still the settings."""
    settings = AppPaths(data).preferences
    settings.write_text('{"kept": true}', encoding="utf-8")
    link = tmp_path / "report.json"
    os.link(settings, link)
    code = main(["export", "1", "-o", str(link), "--data-dir", str(data)])
    assert code == 1 and "report.json is one of speakprep's own files" in capsys.readouterr().err
    assert settings.read_text(encoding="utf-8") == '{"kept": true}'


# -- case 6: no tracebacks ------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_stdout_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    commands = [
        ["analyze", "--text", str(answer), "--save", *data],
        ["analyze", "--text", "--json", str(answer), *data],
        ["history", *data],
        ["history", "--json", *data],
        ["export", "1", *data],
    ]
    for command in commands:
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "speakprep", *command],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                cwd=REPO,
            )
        assert done.returncode == 1, command
        assert done.stderr == "speakprep: cannot write the output: the disk is full\n", command


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "ten"])
def test_max_minutes_must_be_a_finite_positive_number(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["analyze", "--max-minutes", value, "x.wav"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "argument --max-minutes" in err and "Traceback" not in err


@pytest.mark.parametrize("stored", ["null", "[]", "42", '"text"'])
def test_a_stored_report_that_is_not_an_object_is_refused(
    tmp_path: Path, stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = AppPaths(tmp_path / "data")
    with Library.open(paths) as lib:
        lib.add(REPORT, None, source="imported")
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE takes SET report = ?", (stored,))
    for fmt in ("json", "md", "html"):
        assert main(["export", "1", "--format", fmt, "--data-dir", str(paths.data_dir)]) == 1
        assert capsys.readouterr().err == (
            "speakprep: the report of take 1 cannot be read (it is not a report)\n"
        )
