"""The library on a real SQLite file and real audio files in a temporary data folder."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speakprep.audio.wavfile import HEADER_BYTES, WavWriter, inspect_wav
from speakprep.core.models import Report
from speakprep.paths import AppPaths
from speakprep.services.analyze import Context, Engine
from speakprep.storage.library import Library, LibraryError, Take
from tests.conftest import AUDIO
from tests.reports import timed_report

ENGINE = Engine()


def text_report(text: str, question: str | None = None) -> Report:
    return ENGINE.analyze_text(text, Context(question=question))


def write_take(folder: Path, name: str, seconds: float, *, rate_hz: int = 16_000) -> Path:
    """A WAV as the recorder leaves it: 16-bit PCM, a 440 Hz tone."""
    folder.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(rate_hz * seconds)) / rate_hz
    with WavWriter(folder / name, rate_hz, fsync=False) as w:
        w.write((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
    return folder / name


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data")


@pytest.fixture
def lib(paths: AppPaths):
    library = Library.open(paths)
    yield library
    library.close()


def test_a_recorded_take_stays_where_the_recorder_wrote_it(lib: Library, paths: AppPaths) -> None:
    wav = write_take(paths.recordings_dir, "take-1.wav", 2.0)
    report = timed_report()
    take = lib.add(report, wav, source="recorded")
    assert isinstance(take, Take)
    assert take.audio_path == wav and not take.audio_missing
    assert sorted(p.name for p in paths.recordings_dir.iterdir()) == ["take-1.wav"]
    d = report.delivery
    assert d is not None
    assert (take.recording_s, take.speaking_s, take.wpm) == (d.recording_s, d.speaking_s, d.wpm)
    assert take.fillers_per_minute == d.fillers_per_minute and take.score == report.score.total
    assert (take.question_id, take.company, take.role) == ("career_goals", "Acme", "analyst")
    assert (take.title, take.note, take.source) == (None, "", "recorded")
    # The results page's count: required checks that apply, and those met.
    required = [c for c in report.content.checks if c.applies and not c.pitfall]
    assert take.checks_total == len(required)
    assert take.checks_passed == sum(c.status == "pass" for c in required)
    assert take.created_at.tzinfo is not None
    assert take.created_at.utcoffset() == datetime.now().astimezone().utcoffset()
    assert abs(take.created_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert lib.report(take.id) == report


def test_an_imported_file_is_copied_in_as_lossless_flac(
    lib: Library, paths: AppPaths, tmp_path: Path
) -> None:
    original = tmp_path / "my answer (final).wav"
    shutil.copy(AUDIO / "jfk.wav", original)
    before = original.read_bytes()
    take = lib.add(text_report("I want to lead a team."), original, source="imported")
    assert original.read_bytes() == before
    assert take.audio_path is not None and take.audio_path.parent == paths.recordings_dir
    assert take.audio_path.suffix == ".flac" and "my-answer-final" in take.audio_path.name
    copy, copy_rate = sf.read(take.audio_path, dtype="int16")
    source, source_rate = sf.read(original, dtype="int16")
    assert copy_rate == source_rate and np.array_equal(copy, source)
    assert not list(paths.recordings_dir.glob("*.part"))


def test_an_imported_float_wav_is_copied_as_the_analysis_heard_it(
    lib: Library, tmp_path: Path
) -> None:
    # Read as integers, NaN samples made the copy noise and samples past full scale wrapped
    # to near silence: the take analysed fine and its stored audio was lost.
    from speakprep.audio.files import load_audio

    speech, rate = sf.read(AUDIO / "jfk.wav", dtype="float32")
    glitched = speech.copy()
    glitched[1000:1010] = np.nan
    glitched[5000] = np.inf
    loud = speech * 4.0  # clipped throughout, as the analysis clips it
    for name, samples in (("glitched", glitched), ("loud", loud)):
        original = tmp_path / f"{name}.wav"
        sf.write(original, samples, rate, subtype="FLOAT")
        take = lib.add(text_report("I want to lead a team."), original, source="imported")
        assert take.audio_path is not None
        copy, copy_rate = sf.read(take.audio_path, dtype="float32")
        heard = load_audio(original).samples
        assert copy_rate == rate and copy.shape == heard.shape
        assert np.max(np.abs(copy - heard)) < 1e-5, name  # 24-bit steps, nothing more


def test_a_loud_ogg_vorbis_is_copied_clipped_not_wrapped_around(
    lib: Library, tmp_path: Path
) -> None:
    # Vorbis decodes to floats that overshoot full scale on a loud take; read as integers,
    # a quarter of this square wave's samples wrapped to the other sign in the copy.
    from tests.test_audio_files import tone

    original = tmp_path / "loud.ogg"
    square = np.sign(tone(220, 44_100, 2.0, 1.0)).astype(np.float32) * 0.999
    sf.write(original, square, 44_100, format="OGG", subtype="VORBIS")
    take = lib.add(text_report("I want to lead a team."), original, source="imported")
    assert take.audio_path is not None
    copy, _ = sf.read(take.audio_path, dtype="float32")
    decoded, _ = sf.read(original, dtype="float32")
    assert np.max(np.abs(decoded)) > 1.0  # it does overshoot
    assert np.max(np.abs(copy - np.clip(decoded, -1.0, 1.0))) < 1e-5


def test_a_file_soundfile_cannot_read_is_decoded_into_flac(
    lib: Library, paths: AppPaths, tmp_path: Path
) -> None:
    from tests.test_audio_files import encode, tone

    m4a = encode(tmp_path / "answer.m4a", tone(300, 16_000, 1.5), 16_000, "aac", fmt="ipod")
    take = lib.add(text_report("I want to lead a team."), m4a, source="imported")
    assert take.audio_path is not None and take.audio_path.suffix == ".flac"
    info = sf.info(take.audio_path)
    assert info.samplerate == 16_000 and info.channels == 1
    assert info.duration == pytest.approx(1.5, abs=0.1)


def test_a_take_without_audio(lib: Library) -> None:
    take = lib.add(text_report("In two years I want to lead a team."), None, source="imported")
    assert take.audio_path is None and take.audio_missing is False
    assert take.speaking_s is None and take.wpm is None and take.fillers_per_minute is None


def test_bad_arguments_save_nothing(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        lib.add(timed_report(), None, source="dictated")
    with pytest.raises(LibraryError, match=r"nope\.wav"):
        lib.add(timed_report(), tmp_path / "nope.wav", source="imported")
    assert lib.takes() == []


def test_ten_takes_across_two_questions_newest_first(lib: Library) -> None:
    start = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    order = [3, 7, 0, 9, 1, 5, 8, 2, 6, 4]  # saved out of time order on purpose
    ids_by_hour = {}
    for hour in order:
        question = "five_years" if hour % 3 == 0 else "career_goals"
        report = text_report(f"In {hour + 2} years I want to lead a team.", question)
        take = lib.add(report, None, source="imported", created_at=start + timedelta(hours=hour))
        ids_by_hour[hour] = take.id
    takes = lib.takes()
    assert [t.id for t in takes] == [ids_by_hour[h] for h in range(9, -1, -1)]
    assert all(a.created_at > b.created_at for a, b in itertools.pairwise(takes))
    five = lib.takes(question_id="five_years")
    assert [t.id for t in five] == [ids_by_hour[h] for h in (9, 6, 3, 0)]
    assert lib.questions() == [
        ("career_goals", "What are your career goals?", 6),
        ("five_years", "Where do you see yourself in five years?", 4),
    ]


def test_a_naive_time_is_local_time(lib: Library) -> None:
    naive = datetime(2024, 5, 1, 9, 30)
    take = lib.add(timed_report(), None, source="imported", created_at=naive)
    assert take.created_at == naive.astimezone()


def test_search_finds_transcript_text_ignoring_case(lib: Library) -> None:
    a = lib.add(text_report("I want to lead the ACME analytics team."), None, source="imported")
    b = lib.add(text_report("Ich möchte in der Straße arbeiten."), None, source="imported")
    lib.add(text_report("In five years I will manage a clinic."), None, source="imported")
    lib.rename(b.id, "acme")  # a title is not transcript text
    assert [t.id for t in lib.takes(search="acme Analytics")] == [a.id]
    assert [t.id for t in lib.takes(search="STRASSE")] == [b.id]
    assert len(lib.takes(search="  ")) == 3
    assert lib.takes(search="100%_") == []
    assert [t.id for t in lib.takes(question_id="career_goals", search="acme")] == [a.id]


def test_rename_and_note(lib: Library) -> None:
    take = lib.add(timed_report(), None, source="imported")
    renamed = lib.rename(take.id, "  Before coaching  ")
    assert renamed.title == "Before coaching" and renamed.display_title == "Before coaching"
    assert lib.rename(take.id, "   ").title is None
    assert lib.rename(take.id, None).display_title == "What are your career goals?"
    assert lib.set_note(take.id, "Slow down at the start.\nMention Acme.").note == (
        "Slow down at the start.\nMention Acme."
    )
    assert lib.set_note(take.id, "").note == ""
    with pytest.raises(LibraryError, match="no take 999"):
        lib.rename(999, "x")
    with pytest.raises(LibraryError, match="no take 999"):
        lib.set_note(999, "x")


def test_delete_removes_the_row_and_the_audio(
    lib: Library, paths: AppPaths, tmp_path: Path
) -> None:
    wav = write_take(paths.recordings_dir, "take-1.wav", 1.5)
    recorded = lib.add(timed_report(), wav, source="recorded")
    outside = tmp_path / "clip.flac"
    shutil.copy(AUDIO / "mfa_um.flac", outside)
    imported = lib.add(timed_report(), outside, source="imported")
    assert imported.audio_path is not None
    lib.delete(recorded.id)
    lib.delete(imported.id)
    assert not wav.exists() and not imported.audio_path.exists()
    assert outside.exists()  # the user's own file is never touched
    assert lib.takes() == []
    with pytest.raises(LibraryError, match=f"no take {recorded.id}"):
        lib.take(recorded.id)
    with pytest.raises(LibraryError):
        lib.delete(recorded.id)


def test_audio_two_takes_share_is_kept_until_the_last_goes(lib: Library, paths: AppPaths) -> None:
    wav = write_take(paths.recordings_dir, "take-1.wav", 1.5)
    first = lib.add(timed_report(), wav, source="recorded")
    second = lib.add(text_report("I want to lead a team."), wav, source="recorded")
    lib.delete(first.id)
    assert wav.exists() and not lib.take(second.id).audio_missing
    lib.delete(second.id)
    assert not wav.exists()


def test_takes_survive_a_restart(paths: AppPaths) -> None:
    wav = write_take(paths.recordings_dir, "take-1.wav", 1.5)
    with Library.open(paths) as lib:
        saved = [
            lib.add(timed_report(), wav, source="recorded"),
            lib.add(text_report("I plan to take a course."), None, source="imported"),
        ]
        lib.rename(saved[1].id, "Short one")
        saved[1] = lib.take(saved[1].id)
        reports = [lib.report(t.id) for t in saved]
    with Library.open(paths) as lib:
        assert lib.takes() == saved[::-1]
        assert [lib.report(t.id) for t in saved] == reports


def test_a_missing_audio_file_is_reported_on_the_take(lib: Library, paths: AppPaths) -> None:
    wav = write_take(paths.recordings_dir, "take-1.wav", 1.5)
    take = lib.add(timed_report(), wav, source="recorded")
    wav.unlink()
    (listed,) = lib.takes()
    assert listed.audio_missing and listed.audio_path == wav
    assert lib.take(take.id).audio_missing
    assert lib.report(take.id) == timed_report()  # the report does not need the audio
    lib.delete(take.id)  # and deleting such a take works


def test_replace_report_keeps_the_old_one_until_the_new_one_is_committed(
    lib: Library, paths: AppPaths
) -> None:
    old = text_report("In two years I want to lead a team.")
    new = timed_report()
    take = lib.add(old, None, source="imported")
    reader = sqlite3.connect(paths.database, isolation_level=None)
    try:
        reader.execute("BEGIN")
        query = "SELECT report, score FROM takes WHERE id = ?"
        before = reader.execute(query, (take.id,)).fetchone()
        replaced = lib.replace_report(take.id, new)
        # A reader in the middle of a transaction still sees one consistent, old take...
        assert reader.execute(query, (take.id,)).fetchone() == before
        reader.execute("COMMIT")
        # ...and the new one, whole, afterwards.
        after = reader.execute(query, (take.id,)).fetchone()
        assert after != before and after[1] == new.score.total
    finally:
        reader.close()
    assert replaced.score == new.score.total and replaced.speaking_s is not None
    assert lib.report(take.id) == new
    assert lib.previous_report(take.id) == old
    assert replaced.created_at == take.created_at


def test_a_failed_replace_leaves_the_old_report(paths: AppPaths) -> None:
    old = text_report("In two years I want to lead a team.")
    with Library.open(paths, timeout_s=0.05) as lib:
        take = lib.add(old, None, source="imported")
        blocker = sqlite3.connect(paths.database, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
            with pytest.raises(LibraryError, match="Could not save the new report"):
                lib.replace_report(take.id, timed_report())
        finally:
            blocker.close()
        assert lib.report(take.id) == old and lib.previous_report(take.id) is None
        with pytest.raises(LibraryError, match="no take 42"):
            lib.replace_report(42, timed_report())


def test_a_failed_save_leaves_no_copied_audio(paths: AppPaths) -> None:
    with Library.open(paths, timeout_s=0.05) as lib:
        blocker = sqlite3.connect(paths.database, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")
            with pytest.raises(LibraryError, match="Could not save the take"):
                lib.add(timed_report(), AUDIO / "mfa_um.flac", source="imported")
        finally:
            blocker.close()
        assert list(paths.recordings_dir.iterdir()) == []
        assert lib.takes() == []


def test_the_history_is_in_wal_mode_and_a_worker_can_use_its_own_connection(
    lib: Library, paths: AppPaths
) -> None:
    conn = sqlite3.connect(paths.database)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    saved: list[int] = []

    def worker() -> None:
        with Library.open(paths) as own:
            saved.append(own.add(timed_report(), None, source="imported").id)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert [t.id for t in lib.takes()] == saved


def test_a_closed_library_says_so(paths: AppPaths) -> None:
    lib = Library.open(paths)
    lib.close()
    lib.close()
    with pytest.raises(LibraryError, match="closed"):
        lib.takes()


# -- takes a crash left behind ---------------------------------------------------------------
def crashed_take(folder: Path, name: str, seconds: float) -> Path:
    """A take whose writer died: audio on disk, the header still counting none of it."""
    path = write_take(folder, name, seconds)
    data = path.read_bytes()
    # What a crash before the header rewrite leaves: a header claiming no audio, plus half
    # a frame from an interrupted write.
    path.write_bytes(data[:40] + b"\0\0\0\0" + data[HEADER_BYTES:] + b"\x01")
    return path


def test_unfinished_takes_are_found_and_recovered(lib: Library, paths: AppPaths) -> None:
    rec = paths.recordings_dir
    crashed = crashed_take(rec, "take-a.wav", 2.5)
    tiny_crash = crashed_take(rec, "take-b.wav", 0.3)
    closed_unsaved = write_take(rec, "take-c.wav", 3.0)
    write_take(rec, "take-d.wav", 0.5)  # a stray click on record: not offered
    saved = write_take(rec, "take-e.wav", 3.0)
    lib.add(timed_report(), saved, source="recorded")
    (rec / "notes.wav").write_bytes(b"not a wav at all")
    lib.add(timed_report(), AUDIO / "mfa_um.flac", source="imported")
    assert inspect_wav(crashed).needs_recovery

    assert lib.unfinished_takes() == [crashed, tiny_crash, closed_unsaved]
    assert lib.recover(crashed) == pytest.approx(2.5)
    assert not inspect_wav(crashed).needs_recovery
    audio, rate = sf.read(crashed, dtype="float32")
    assert rate == 16_000 and audio.size == 40_000

    lib.add(timed_report(), crashed, source="recorded")
    lib.discard(tiny_crash)
    assert lib.unfinished_takes() == [closed_unsaved]
    with pytest.raises(LibraryError, match=r"notes\.wav"):
        lib.recover(rec / "notes.wav")
    with pytest.raises(LibraryError, match="belongs to a saved take"):
        lib.discard(saved)
    with pytest.raises(LibraryError, match="not a recording"):
        lib.discard(AUDIO / "jfk.wav")
    assert saved.exists() and (AUDIO / "jfk.wav").exists()


def test_a_take_analysed_as_no_speech_is_kept_and_not_unfinished(
    lib: Library, paths: AppPaths
) -> None:
    rec = paths.recordings_dir
    heard_nothing = write_take(rec, "take-a.wav", 3.0)
    closed_unsaved = write_take(rec, "take-b.wav", 3.0)
    lib.keep_without_speech(heard_nothing)
    lib.keep_without_speech(AUDIO / "jfk.wav")  # not a take of this library: left alone
    assert lib.unfinished_takes() == [closed_unsaved]
    assert heard_nothing.exists() and [p.name for p in AUDIO.glob("jfk.*")] == ["jfk.wav"]


def test_takes_with_no_speech_are_listed_apart_until_analysed_or_deleted(
    lib: Library, paths: AppPaths
) -> None:
    """A take with no recognisable speech was kept on disk where the app never showed it:
    the library lists such recordings (newest first, with their length), never as takes."""
    rec = paths.recordings_dir
    older = write_take(rec, "take-20261201-090000-000000.wav", 2.0)
    newer = write_take(rec, "take-20261205-180500-000000.wav", 3.5)
    unfinished = write_take(rec, "take-20261206-100000-000000.wav", 3.0)
    for path in (older, newer):
        lib.keep_without_speech(path)
    kept = lib.no_speech_recordings()
    assert [k.path for k in kept] == [newer, older]
    assert kept[0].duration_s == pytest.approx(3.5, abs=0.01)
    assert kept[0].recorded_at is not None and kept[0].recorded_at.day == 5
    assert lib.takes() == [] and lib.questions() == []  # nothing scored, nothing counted
    assert lib.unfinished_takes() == [unfinished]

    lib.add(timed_report(), older, source="recorded")  # analysed again, speech heard
    assert [k.path for k in lib.no_speech_recordings()] == [newer]
    assert not older.with_suffix(".no-speech").exists()

    lib.discard(newer)
    assert lib.no_speech_recordings() == []
    assert not newer.exists() and not newer.with_suffix(".no-speech").exists()
    assert older.exists() and lib.unfinished_takes() == [unfinished]


# -- damaged databases -----------------------------------------------------------------------
def _not_a_database(db: Path) -> None:
    db.write_bytes(b"These are my notes, not a database.\n" * 200)


def _truncated(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _malformed(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xab" * page  # one b-tree page overwritten with noise
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_not_a_database, _truncated, _malformed])
def test_a_damaged_database_is_backed_up_and_reported_never_replaced(
    paths: AppPaths, damage
) -> None:
    with Library.open(paths) as lib:
        for k in range(12):
            lib.add(timed_report(), None, source="imported", created_at=datetime(2024, 1, k + 1))
    # Fold the log into the main file, as a clean shutdown does, then break the file.
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    damage(paths.database)
    damaged = paths.database.read_bytes()

    with pytest.raises(LibraryError) as err:
        Library.open(paths)
    message = str(err.value)
    assert "\n" not in message and "damaged" in message and str(paths.database) in message
    assert paths.database.read_bytes() == damaged  # untouched: not repaired, not emptied
    (backup,) = paths.backups_dir.glob("history-damaged-*.sqlite3")
    assert backup.read_bytes() == damaged and backup.name in message
    with pytest.raises(LibraryError) as again:  # reported again on the next start...
        Library.open(paths)
    assert backup.name in str(again.value)  # ...naming the same copy, not making another
    assert list(paths.backups_dir.glob("history-damaged-*.sqlite3")) == [backup]


def test_a_damaged_database_keeps_its_write_ahead_log_too(paths: AppPaths, tmp_path: Path) -> None:
    with Library.open(paths) as lib:
        for _ in range(12):
            lib.add(timed_report(), None, source="imported")
    with Library.open(paths) as lib:
        lib.add(timed_report(), None, source="imported")
        # The process "dies" here: the newest take is still only in the log.
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for name in ("history.sqlite3", "history.sqlite3-wal"):
            shutil.copy(paths.data_dir / name, crashed / name)
    assert (crashed / "history.sqlite3-wal").stat().st_size > 0
    broken = AppPaths(crashed)
    _truncated(broken.database)
    names = ("history.sqlite3", "history.sqlite3-wal")
    files = [(crashed / name).read_bytes() for name in names]

    with pytest.raises(LibraryError, match="damaged"):
        Library.open(broken)
    # Not even a checkpoint of the log into the main file: both are as the crash left them.
    assert [(crashed / name).read_bytes() for name in names] == files
    (log,) = broken.backups_dir.glob("history-damaged-*.sqlite3-wal")
    assert log.read_bytes() == files[1]


def test_a_crash_mid_write_in_rollback_mode_is_rolled_back_not_called_damage(
    paths: AppPaths, tmp_path: Path
) -> None:
    # Databases before WAL mode (the committed fixtures are such files) keep a rollback
    # journal; a crash mid-write leaves it "hot", and only a writer may roll it back.
    work = tmp_path / "work.sqlite3"
    shutil.copy(Path(__file__).parent / "data" / "db" / "v1.sqlite3", work)
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")  # spill the change into the main file early
    conn.execute("BEGIN")
    conn.execute("DELETE FROM takes WHERE id > 1")
    paths.data_dir.mkdir(parents=True)
    shutil.copy(work, paths.database)
    shutil.copy(f"{work}-journal", f"{paths.database}-journal")
    conn.execute("ROLLBACK")
    conn.close()
    with Library.open(paths) as lib:
        assert len(lib.takes()) == 4  # the half-done delete was undone
    assert not list(paths.backups_dir.glob("*damaged*"))


def test_a_database_from_a_newer_speakprep_is_left_alone(paths: AppPaths) -> None:
    Library.open(paths).close()
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = paths.database.read_bytes()
    with pytest.raises(LibraryError, match="newer speakprep"):
        Library.open(paths)
    assert paths.database.read_bytes() == before


def test_some_other_sqlite_file_is_not_taken_over(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = paths.database.read_bytes()
    with pytest.raises(LibraryError, match="not a speakprep history"):
        Library.open(paths)
    assert paths.database.read_bytes() == before


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="Cannot use the data folder") as err:
        Library.open(AppPaths(blocker / "data"))
    assert "\n" not in str(err.value)
