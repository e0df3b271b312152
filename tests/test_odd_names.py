"""File names a person can really have: bytes that are not UTF-8 (a Linux name saved in
another encoding) and names given where a report would overwrite a recording. No model."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speakprep.cli import main
from speakprep.fsutil import display_name, path_text
from speakprep.services.batch import (
    CSV_COLUMNS,
    done_sources,
    forget_sources,
    source_key,
    summary_row,
)
from speakprep.storage.recordings import import_audio
from tests.conftest import AUDIO

ANSWER = (
    "In the next two years I want to run the support desk's weekly reports on my own, and "
    "in five years I would like to lead the team. I am taking an evening course in SQL."
)


def _latin1_name(folder: Path, stem: bytes, suffix: str) -> Path:
    """A path whose name holds the Latin-1 byte for 'é', which is not UTF-8."""
    if os.name != "posix" or sys.platform == "darwin":
        pytest.skip("only Linux file systems take names that are not UTF-8")
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + stem + b"\xe9" + suffix.encode()))
    try:
        path.touch()
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


def test_path_text_keeps_good_names_and_marks_the_bad_bytes() -> None:
    bad = os.fsdecode(b"caf\xe9 take.wav")
    assert path_text(bad) == "caf\ufffd take.wav"
    assert path_text("café 名前.wav") == "café 名前.wav"  # real Unicode is untouched
    assert path_text("\ud800.wav") == "?.wav"  # a lone surrogate no byte escapes to
    assert display_name(Path("/tmp") / "two\nlines.wav") == "two lines.wav"


def test_a_transcript_with_a_latin1_name_is_saved_listed_and_exported(
    tmp_path: Path, capsys
) -> None:
    # Before: the report's source went into SQLite as is: a UnicodeEncodeError traceback.
    answer = _latin1_name(tmp_path, b"r", ".txt")
    answer.write_text(ANSWER, encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "analyze", "--text", "--json", "--save", str(answer)]) == 0
    (report,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert report["source"].endswith("r\ufffd.txt") and report["take_id"] == 1
    assert main([*data, "export", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == report["source"]


def test_a_recording_with_a_latin1_name_is_copied_into_the_library(tmp_path: Path) -> None:
    # Before: soundfile encoded the name as strict UTF-8 and the save was refused.
    source = _latin1_name(tmp_path, b"take", ".wav")
    shutil.copyfile(AUDIO / "jfk.wav", source)
    copy = import_audio(source, tmp_path / "recordings")
    assert copy.suffix == ".flac" and "take" in copy.name
    original, _ = sf.read(AUDIO / "jfk.wav", dtype="int16")
    copied, _ = sf.read(copy, dtype="int16")
    assert np.array_equal(original, copied)


def test_csv_rows_and_resume_read_a_latin1_name_back(tmp_path: Path) -> None:
    # Before: csv.writer raised UnicodeEncodeError mid-batch, a traceback with the CSV half
    # written; the JSONL output failed the same way.
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.wav")
    summary = tmp_path / "summary.csv"
    with summary.open("w", encoding="utf-8", newline="") as f:
        rows = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        rows.writeheader()
        rows.writerow(summary_row(name, None, f"{display_name(name)}: the file is empty"))
        rows.writerow(summary_row(str(tmp_path / "good.wav"), None, None))
    summary.read_text(encoding="utf-8")  # valid UTF-8 throughout
    # A row with an error is not done; the good one is, by the key the batch compares.
    assert done_sources(None, summary) == {source_key(str(tmp_path / "good.wav"))}
    row = next(csv.DictReader(summary.open(encoding="utf-8", newline="")))
    assert row["file"].endswith("caf\ufffd.wav") and source_key(name) == source_key(row["file"])


def test_resume_over_a_csv_saved_in_latin1_does_not_stop(tmp_path: Path) -> None:
    # A summary opened and saved again in a spreadsheet may come back in another encoding.
    summary = tmp_path / "summary.csv"
    header = ",".join(CSV_COLUMNS)
    summary.write_bytes(f"{header}\n".encode() + b"caf\xe9.wav,1,2,3,4,5,6,\nok.wav,1,2,3,4,5,6,\n")
    assert source_key("ok.wav") in done_sources(None, summary)


def test_resume_takes_out_a_row_to_redo_and_keeps_a_latin1_row_byte_for_byte(
    tmp_path: Path,
) -> None:
    summary = tmp_path / "summary.csv"
    header = ",".join(CSV_COLUMNS)
    kept = b'caf\xe9.wav,1,2,3,4,5,6,,\r\n"two\nlines.wav",1,2,3,4,5,6,,\r\n'
    summary.write_bytes(f"{header}\r\n".encode() + kept + b"bad.wav,,,,,,,,bad.wav: empty\r\n")
    forget_sources(None, summary, {source_key("bad.wav")})
    assert summary.read_bytes() == f"{header}\r\n".encode() + kept
    forget_sources(None, summary, {source_key("other.wav")})  # nothing to take out
    assert summary.read_bytes() == f"{header}\r\n".encode() + kept


@pytest.mark.parametrize("flag", ["--output", "--csv"])
def test_a_report_never_overwrites_a_recording(tmp_path: Path, flag: str, capsys) -> None:
    # Before: `-o take.flac` emptied take.flac (opened for writing), then failed on it.
    take = tmp_path / "take.flac"
    shutil.copyfile(AUDIO / "mfa_um.flac", take)
    before = take.read_bytes()
    link = tmp_path / "reports.jsonl"
    link.symlink_to(take)
    for target in (take, link, tmp_path / "new.wav"):
        assert main(["analyze", str(take), flag, str(target)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{flag} {target.name}: that is a recording" in err
    assert take.read_bytes() == before
    assert not (tmp_path / "new.wav").exists()


@pytest.mark.parametrize("own", ["history.sqlite3", "preferences.json"])
def test_a_report_never_overwrites_the_data_folders_own_files(
    tmp_path: Path, own: str, capsys
) -> None:
    # Before: `-o DATA/history.sqlite3` emptied the history before the first report.
    data = tmp_path / "data"
    data.mkdir()
    target = data / own
    target.write_bytes(b"kept")
    args = ["analyze", str(AUDIO / "mfa_um.flac"), "--data-dir", str(data), "-o", str(target)]
    assert main(args) == 2
    assert f"--output {own}: that is one of speakprep's own files" in capsys.readouterr().err
    assert target.read_bytes() == b"kept"


def test_one_file_for_both_outputs_is_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.txt"
    code = main(["analyze", str(AUDIO / "mfa_um.flac"), "-o", str(out), "--csv", str(out)])
    assert code == 2 and not out.exists()
    assert "--output and --csv are the same file (out.txt)" in capsys.readouterr().err


def test_batch_options_with_text_are_refused_not_ignored(tmp_path: Path, capsys) -> None:
    # Before: --text went the one-file way and dropped -o: exit 0, the file never written.
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    out = tmp_path / "reports.jsonl"
    assert main(["analyze", "--text", str(answer), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and not out.exists()
    assert captured.err.count("\n") == 1 and "are for recordings" in captured.err


def test_a_recording_over_the_limit_names_the_flag_on_the_command_line_only(
    tmp_path: Path, capsys
) -> None:
    # Before: the audio layer's message ended "(change it with --max-minutes)", and the app
    # showed that flag in its banner, where no such thing exists.
    from speakprep.audio.files import AudioLoadError, load_audio
    from speakprep.services.analyze import Context
    from speakprep.services.takes import TakeJob
    from speakprep.ui.controllers.engine import _file_message

    clip = AUDIO / "mfa_um.flac"  # a few seconds; a 1.2 s limit refuses it from its header
    assert main(["analyze", "--quiet", "--max-minutes", "0.02", str(clip)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("(change it with --max-minutes)\n")
    assert "the limit is 1.2 s" in err
    with pytest.raises(AudioLoadError) as refused:
        load_audio(clip, max_duration_s=1.2)
    shown = _file_message(refused.value, TakeJob("imported", Context(), audio=clip))
    assert shown.startswith("mfa_um.flac: the recording is ") and "--" not in shown
    assert shown.endswith("; import a shorter recording (one answer)")


def test_an_imported_name_with_a_newline_keeps_the_results_subtitle_on_one_line() -> None:
    # Before: "Imported two\nlines.wav · Today 12:29 · ..." broke the subtitle in two.
    from datetime import datetime

    from speakprep.ui.main_window import take_subtitle

    when = datetime(2026, 12, 7, 12, 29)
    shown = take_subtitle(when, "imported", "/x/two\nlines.wav", None, now=when)
    assert shown.startswith("Imported two lines.wav · ") and "\n" not in shown


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_under_the_csv_names_the_file(tmp_path: Path, capsys) -> None:
    # Before: "speakprep: cannot write None: No space left on device" (a write error carries
    # no file name, and the close at the way out replaced the first error).
    bad = tmp_path / "answer.wav"
    bad.write_bytes(b"not audio at all " * 40)  # its CSV row is written without the model
    assert main(["analyze", "--quiet", str(bad), "--csv", "/dev/full"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "speakprep: answer.wav: cannot be read as audio (corrupt or not an audio file)",
        "speakprep: cannot write /dev/full: the disk is full",
    ]


def test_a_name_with_a_newline_keeps_each_progress_line_whole(tmp_path: Path, capsys) -> None:
    # Before: "…/two" and "lines.wav: reading audio..." on two lines of stderr.
    clip = tmp_path / "two\nlines.wav"
    sf.write(clip, np.zeros(16_000, dtype=np.float32), 16_000)
    assert main(["analyze", str(clip)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tmp_path}/two lines.wav: reading audio...",
        "speakprep: two lines.wav: no sound in this file (it is silent)",
    ]
