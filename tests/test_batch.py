"""Batches: `speakprep analyze FOLDER --jobs N` with --output, --csv and --resume.

The pool test runs the real model in two spawned worker processes, so it is slow-ish
(each worker loads tiny.en once); the rest uses files and the parts that need no model.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speakprep.cli import main
from speakprep.services import batch
from speakprep.services.batch import (
    BatchProgress,
    done_sources,
    expand_inputs,
    summary_row,
    summary_writer,
    threads_per_job,
)
from tests.conftest import AUDIO

DATA = Path(__file__).parent / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_folder_becomes_its_recordings_sorted_and_files_stay_as_given(tmp_path: Path) -> None:
    for name in ("b.flac", "a.WAV", "notes.txt", "c.m4a"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.wav").write_bytes(b"x")
    got = expand_inputs([str(tmp_path), "missing.wav"])
    assert [Path(p).name for p in got] == ["a.WAV", "b.flac", "c.m4a", "missing.wav"]


def test_threads_are_shared_out_and_never_zero() -> None:
    assert threads_per_job(2, cores=2) == 1
    assert threads_per_job(1, cores=4) == 4
    assert threads_per_job(3, cores=8) == 2
    assert threads_per_job(8, cores=2) == 1


def test_every_thread_budget_counts_the_cores_this_process_may_run_on(monkeypatch) -> None:
    """Under taskset or a container's cpuset the model's replicas, a batch's share per
    worker and the encoder's threads all count the CPU affinity, not the machine's cores:
    pinned to 1 of 16 cores the model ran 2 replicas of 4 threads."""
    from speakprep.services.encoder import encoder_threads
    from speakprep.transcription.transcribe import replica_layout

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {3}, raising=False)
    assert (replica_layout(), threads_per_job(1), encoder_threads()) == ((1, 1), 1, 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(6)), raising=False)
    assert (replica_layout(), threads_per_job(2), encoder_threads()) == ((2, 3), 3, 2)


def test_done_files_come_from_both_outputs_and_errors_are_not_done(tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    table = tmp_path / "out.csv"
    a, b, c = (str(tmp_path / n) for n in ("a.wav", "b.wav", "c.wav"))
    jsonl.write_text(
        json.dumps({"source": a}) + "\n" + json.dumps({"source": b}) + "\n" + '{"sour',
        encoding="utf-8",
    )
    table.write_text(f"file,error\n{a},\n{b},\n{c},cannot be read\n", encoding="utf-8", newline="")
    assert done_sources(jsonl, None) == {a, b}
    assert done_sources(None, table) == {a, b}
    table.write_text(f"file,error\n{a},\n", encoding="utf-8")
    assert done_sources(jsonl, table) == {a}  # b has no summary row yet: do it again
    assert done_sources(tmp_path / "none.jsonl", None) == set()


def test_a_bad_file_gets_a_row_with_its_error_and_no_figures() -> None:
    row = summary_row("x.mp3", None, "x.mp3: not audio")
    assert row["file"] == "x.mp3" and row["error"] == "x.mp3: not audio"
    assert row["score"] == "" and row["wpm"] == ""


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    plain = io.StringIO()
    progress = BatchProgress(plain)
    progress(1, 2, "a.wav")
    progress(2, 2, "b.wav")
    assert plain.getvalue() == "[1/2] a.wav\n[2/2] b.wav\n"
    bar = io.StringIO()
    progress = BatchProgress(bar, bar=True)
    progress(1, 2, "a.wav")
    progress(2, 2, "b.wav")
    drawn = bar.getvalue()
    assert drawn.count("\r") == 2 and drawn.endswith("\n") and "2/2" in drawn
    assert "#" * 30 in drawn  # full at the end


def test_progress_keeps_an_odd_file_name_on_its_line() -> None:
    # A newline in a name (legal on Linux) broke the plain line in two; a carriage return
    # redrew the bar over itself; a name that is not UTF-8 is shown with U+FFFD.
    odd = "dir/two\nlines\r.wav"
    latin1 = os.fsdecode(b"caf\xe9.wav")
    plain = io.StringIO()
    progress = BatchProgress(plain)
    progress(1, 2, odd)
    progress(2, 2, latin1)
    assert plain.getvalue() == "[1/2] dir/two lines .wav\n[2/2] caf\ufffd.wav\n"
    bar = io.StringIO()
    BatchProgress(bar, bar=True)(1, 1, odd)
    drawn = bar.getvalue()
    assert drawn.count("\r") == 1 and drawn.count("\n") == 1 and "two lines .wav" in drawn


def test_resume_needs_a_file_to_read(tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(tmp_path), "--resume"]) == 2
    assert "--resume needs --output or --csv" in capsys.readouterr().err


def test_an_empty_folder_says_so(tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(tmp_path), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert f"no recordings found in {tmp_path}" in err and err.count("\n") == 1


@pytest.mark.model
def test_two_workers_give_the_reports_of_one_in_input_order_and_resume_skips_done(
    tmp_path: Path, engine, capsys
) -> None:
    folder = tmp_path / "takes"
    folder.mkdir()
    shutil.copy(AUDIO / "mfa_um.flac", folder / "1_um.flac")
    (folder / "2_broken.mp3").write_bytes(b"not audio at all" * 50)
    shutil.copy(AUDIO / "jfk.wav", folder / "3_jfk.wav")
    shutil.copy(AUDIO / "mfa_uh.flac", folder / "4_uh.flac")
    out, table = tmp_path / "out.jsonl", tmp_path / "out.csv"

    code = main(["analyze", str(folder), "--jobs", "2", "-o", str(out), "--csv", str(table)])
    captured = capsys.readouterr()
    assert code == 1  # the broken file, reported, did not stop the others
    assert captured.out == ""
    assert [line for line in captured.err.splitlines() if line.startswith("speakprep:")] == [
        "speakprep: 2_broken.mp3: cannot be read as audio (corrupt or not an audio file)"
    ]
    reports = _lines(out)
    assert [Path(r["source"]).name for r in reports] == ["1_um.flac", "3_jfk.wav", "4_uh.flac"]
    # The same reports as one engine in this process gives, file by file.
    for r in reports:
        alone = engine.analyze_file(r["source"])
        assert r["transcript"] == alone.transcript.text
        assert r["score"]["total"] == alone.score.total
    assert "your country" in reports[1]["transcript"].lower()
    rows = _rows(table)
    assert [Path(r["file"]).name for r in rows] == [
        "1_um.flac",
        "2_broken.mp3",
        "3_jfk.wav",
        "4_uh.flac",
    ]
    assert rows[1]["error"] and not rows[1]["score"]
    jfk = rows[2]
    assert float(jfk["speaking_s"]) == pytest.approx(reports[1]["delivery"]["speaking_s"], abs=0.06)
    assert int(jfk["score"]) == reports[1]["score"]["total"]
    # The one checks count (core.score.tally_checks), as the JSON report gives it.
    assert int(jfk["checks_passed"]) == reports[1]["checks_passed"]
    assert int(jfk["checks_total"]) == reports[1]["checks_total"] > 0

    # A new take arrives; --resume analyses it and the broken one again, nothing else.
    shutil.copy(AUDIO / "mfa_youknow.flac", folder / "5_youknow.flac")
    code = main(
        ["analyze", str(folder), "--jobs", "2", "-o", str(out), "--csv", str(table), "--resume"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "3 already done, skipped" in err
    names = [Path(r["source"]).name for r in _lines(out)]
    assert names == ["1_um.flac", "3_jfk.wav", "4_uh.flac", "5_youknow.flac"]
    assert [Path(r["file"]).name for r in _rows(table)][-2:] == ["2_broken.mp3", "5_youknow.flac"]


def test_resume_keeps_one_row_and_one_report_per_file(tmp_path: Path, capsys) -> None:
    """Found as a new user: each --resume appended the broken files' error rows again, so a
    summary of 7 files had 15 rows after two resumes and a spreadsheet counted each failure
    three times; a file whose report was written but whose CSV row was not (a run stopped
    between the two) got its report twice."""
    folder = tmp_path / "takes"
    folder.mkdir()
    (folder / "1_broken.mp3").write_bytes(b"not audio at all" * 50)
    shutil.copy(AUDIO / "mfa_um.flac", folder / "2_um.flac")
    shutil.copy(AUDIO / "mfa_uh.flac", folder / "3_uh.flac")
    out, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    run = ["analyze", str(folder), "-o", str(out), "--csv", str(table), "--quiet"]
    assert main(run) == 1
    rows = _rows(table)
    # A run stopped after 3_uh's report and before its row: it is analysed again.
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:2])
    for _ in range(2):
        assert main([*run, "--resume"]) == 1
    capsys.readouterr()
    rows = _rows(table)
    assert sorted(Path(r["file"]).name for r in rows) == ["1_broken.mp3", "2_um.flac", "3_uh.flac"]
    assert [bool(r["error"]) for r in sorted(rows, key=lambda r: r["file"])] == [True, False, False]
    assert sorted(Path(r["source"]).name for r in _lines(out)) == ["2_um.flac", "3_uh.flac"]


def test_a_file_with_no_speech_is_one_row_and_the_batch_goes_on(tmp_path: Path, capsys) -> None:
    # Found trying music and tones: with -o or --csv a tone stopped the batch with a traceback.
    folder = tmp_path / "takes"
    folder.mkdir()
    seconds = np.arange(3 * 16_000) / 16_000
    sf.write(folder / "1_tone.wav", 0.3 * np.sin(2 * np.pi * 440 * seconds), 16_000)
    shutil.copy(AUDIO / "jfk.wav", folder / "2_jfk.wav")
    out, table = tmp_path / "out.jsonl", tmp_path / "out.csv"

    code = main(["analyze", str(folder), "--quiet", "-o", str(out), "--csv", str(table)])

    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        "speakprep: 1_tone.wav: no English speech recognised; "
        "pass a recording of a spoken answer in English"
    ]
    assert [Path(r["source"]).name for r in _lines(out)] == ["2_jfk.wav"]
    rows = _rows(table)
    assert [Path(r["file"]).name for r in rows] == ["1_tone.wav", "2_jfk.wav"]
    assert "no English speech" in rows[0]["error"] and not rows[0]["score"]
    assert rows[1]["score"] and not rows[1]["error"]


def test_a_missing_model_stops_the_batch_with_one_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "takes"
    folder.mkdir()
    shutil.copy(AUDIO / "mfa_um.flac", folder / "a.flac")
    shutil.copy(AUDIO / "mfa_uh.flac", folder / "b.flac")
    code = main(["analyze", str(folder), "--jobs", "2", "--model", str(tmp_path / "nope")])
    err = capsys.readouterr().err
    assert code == 1
    assert "model folder not found" in err and "Traceback" not in err


class _DyingPool:
    """A process pool whose workers die at once, as one killed for memory does."""

    def __init__(self, **_options: object) -> None:
        pass

    def submit(self, *_call: object) -> Future:
        future: Future = Future()
        future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
        return future

    def shutdown(self, *, wait: bool, cancel_futures: bool) -> None:
        pass


def test_a_worker_that_dies_stops_the_batch_with_one_line(tmp_path: Path, monkeypatch, capsys):
    # Before: concurrent.futures.process.BrokenProcessPool, a traceback.
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _DyingPool)
    for name in ("a.wav", "b.wav", "c.wav"):
        (tmp_path / name).write_bytes(b"RIFF")
    out = tmp_path / "reports.jsonl"
    assert main(["analyze", str(tmp_path), "--jobs", "2", "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("speakprep: a worker process stopped unexpectedly")
    assert "with 3 files not analysed" in err and "--resume" in err
    assert out.read_text(encoding="utf-8") == ""


OLD_CSV_HEADER = "file,speaking_s,wpm,fillers_per_minute,checks_passed,checks_total,score,error"


@pytest.mark.model
def test_a_row_that_does_not_fit_a_new_summary_is_an_error_not_dropped() -> None:
    """Only an older summary resumed leaves out the columns it has not got; a row of ours
    with a key the current layout lacks is a bug to hear about, not a column lost quietly."""
    row = summary_row("a.wav", None, "cannot read")
    summary_writer(io.StringIO(), batch.CSV_COLUMNS).writerow(row)  # a row of ours fits
    with pytest.raises(ValueError, match="not_a_column"):
        summary_writer(io.StringIO(), batch.CSV_COLUMNS).writerow(row | {"not_a_column": 1})
    older = io.StringIO()
    summary_writer(older, tuple(OLD_CSV_HEADER.split(","))).writerow(row)
    assert older.getvalue().count(",") == OLD_CSV_HEADER.count(",")


def test_the_csv_names_the_pitfalls_and_resume_keeps_an_older_files_columns(
    tmp_path: Path, capsys
) -> None:
    """Found as a new user: the summary had no pitfall column. It has one now, and a
    --resume onto a summary written before keeps that file's own columns (a row of the new
    layout under the old header would put every figure after it one column off)."""
    folder = tmp_path / "takes"
    folder.mkdir()
    shutil.copy(AUDIO / "mfa_um.flac", folder / "1_um.flac")  # "um": no goal at all
    out, table = tmp_path / "out.jsonl", tmp_path / "new.csv"
    assert main(["analyze", str(folder), "--quiet", "-o", str(out), "--csv", str(table)]) == 0
    (report,) = _lines(out)
    found = [c["id"] for c in report["checks"] if c.get("pitfall") and c["found"]]
    assert found  # the test needs a take with a pitfall
    (row,) = _rows(table)
    assert row["pitfalls"] == "; ".join(found)
    assert table.read_text(encoding="utf-8").splitlines()[0].split(",") == list(batch.CSV_COLUMNS)

    # A summary the version before wrote, one take done; a second take arrives.
    older = tmp_path / "older.csv"
    older.write_text(
        f"{OLD_CSV_HEADER}\r\n{folder / '1_um.flac'},6.4,44,10.9,0,6,0,\r\n", encoding="utf-8"
    )
    shutil.copy(AUDIO / "mfa_uh.flac", folder / "2_uh.flac")
    assert main(["analyze", str(folder), "--csv", str(older), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "older.csv has the columns of an older speakprep (no pitfalls)" in err
    lines = older.read_text(encoding="utf-8").splitlines()
    assert lines[0] == OLD_CSV_HEADER and len(lines) == 3
    new = _rows(older)[-1]
    assert None not in new and len(lines[2].split(",")) == len(OLD_CSV_HEADER.split(","))
    assert Path(new["file"]).name == "2_uh.flac" and new["error"] == ""
    assert int(new["checks_total"]) > 0 and 0 <= int(new["score"]) <= 100

    # A file that is no speakprep summary is not appended to.
    other = tmp_path / "other.csv"
    other.write_text("name,grade\nanna,B\n", encoding="utf-8")
    assert main(["analyze", str(folder), "--csv", str(other), "--resume"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "other.csv" in line and "not a speakprep summary" in line
    assert other.read_text(encoding="utf-8") == "name,grade\nanna,B\n"
