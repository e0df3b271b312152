"""The command line end to end: real files, the real model, the JSON contract, bad input."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.cli import build_parser, main
from tests.conftest import AUDIO

STRONG = (
    "In the next two years I want to become a fully certified accountant and take ownership "
    "of the month-end close for this team. I have already passed two of the four CPA exams, "
    "and I am booked to sit the third in March. Longer term, in five years or so, I would "
    "like to lead a small audit team here and mentor new analysts."
)
CONTRACT_TOP = {
    "schema_version",
    "question_id",
    "transcript",
    "words",
    "delivery",
    "sentences",
    "segments",
    "checks",
    "score",
}
CHECK_IDS = {
    "short_term_goal",
    "long_term_goal",
    "plan",
    "employer_link",
    "specific",
    "money_focus",
    "title_focus",
    "unrealistic_ambition",
    "off_topic_personal",
    "non_answer",
    "within_target",
}


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _assert_contract(report: dict, *, timed: bool) -> None:
    assert set(report) >= CONTRACT_TOP
    assert report["schema_version"] == 1
    text = report["transcript"]
    for w in report["words"]:
        assert {
            "text",
            "start",
            "end",
            "probability",
            "filler",
            "source",
            "char_start",
            "char_end",
        } <= set(w)
        if w["source"] == "asr":
            assert text[w["char_start"] : w["char_end"]] == w["text"]
        else:
            assert w["char_start"] is None and w["filler"] is True
        assert (w["start"] is not None) == timed
    for s in report["sentences"]:
        assert text[s["char_start"] : s["char_end"]] == s["text"]
        assert s["label"] in {"short_term", "long_term", "plan", "other"}
    for seg in report["segments"]:
        assert {"label", "start", "end", "sentence_indexes"} <= set(seg)
    assert {c["id"] for c in report["checks"]} == CHECK_IDS
    for c in report["checks"]:
        assert {"id", "found", "ok", "evidence", "advice"} <= set(c)
        assert all(0 <= i < len(report["sentences"]) for i in c["evidence"])
        assert c["advice"].strip() and "\n" not in c["advice"]
    assert 0 <= report["score"]["total"] <= 100


def test_text_mode_json_follows_the_contract(tmp_path: Path, capsys) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG, encoding="utf-8")
    assert main(["analyze", "--text", str(answer), "--json"]) == 0
    (report,) = _json_lines(capsys.readouterr().out)
    _assert_contract(report, timed=False)
    assert report["delivery"] is None
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["short_term_goal"]["found"] and checks["plan"]["found"]
    assert not checks["money_focus"]["found"]


def test_several_files_give_json_lines_in_order_and_a_bad_one_does_not_stop_the_rest(
    tmp_path: Path, capsys
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STRONG, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    party = tmp_path / "party.txt"
    party.write_text(
        "Whoo boy, good question. Well, frankly, I just try to get through each day one day "
        "at a time. I'm probably going to go out with my friends afterward for a celebration "
        "drink.",
        encoding="utf-8",
    )
    code = main(
        [
            "analyze",
            "--text",
            str(good),
            str(empty),
            str(tmp_path / "nope.txt"),
            str(party),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    reports = _json_lines(captured.out)
    assert len(reports) == 2
    assert reports[0]["transcript"] == STRONG
    assert reports[1]["transcript"].startswith("Whoo boy")
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert "empty.txt" in errors[0] and "empty" in errors[0]
    assert "nope.txt" in errors[1] and "not found" in errors[1]
    assert "Traceback" not in captured.err


def test_a_binary_file_given_as_text_is_refused_clearly(capsys) -> None:
    assert main(["analyze", "--text", str(AUDIO / "jfk.wav")]) == 1
    err = capsys.readouterr().err
    assert "jfk.wav" in err and "not a text file" in err and "Traceback" not in err


@pytest.mark.model
def test_audio_json_report_from_a_real_clip(capsys) -> None:
    code = main(["analyze", str(AUDIO / "mfa_cold_corpus.wav"), "--json"])
    assert code == 0
    (report,) = _json_lines(capsys.readouterr().out)
    _assert_contract(report, timed=True)
    d = report["delivery"]
    assert d["recording_s"] == pytest.approx(25.72, abs=0.05)
    assert d["speaking_s"] == pytest.approx(23.48, abs=0.35)
    assert d["target_status"] == "too_short"  # 23 s is under the 30 s floor
    # The clip has five. tiny.en prints three and stretches "The" and "one" over the
    # other two; the model, asked about those runs on their own, calls them fillers
    # (log-odds -0.04 and +1.47 against a threshold of -2.5; with float32 it prints the
    # first itself; 1, 2 and 4 threads alike: benchmarks/real_clips.py). One false filler
    # is allowed, as on the real clips as a whole.
    assert 5 <= d["fillers"]["count"] <= 6
    assert any(p["duration_s"] >= 1.0 for p in d["pauses"])
    assert 100 < d["wpm"] < 200
    starts = [w["start"] for w in report["words"]]
    assert starts == sorted(starts)


@pytest.mark.model
def test_human_report_has_every_section(capsys) -> None:
    assert main(["analyze", str(AUDIO / "mfa_acoustic_corpus.wav"), "--quiet"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "Score",
        "Delivery",
        "Speaking time",
        "Pace",
        "Fillers",
        "Checks",
        "Timeline",
        "Transcript",
    ):
        assert heading in out
    assert "um" in out.lower()


@pytest.mark.model
def test_bad_audio_and_a_good_one_together(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"this is not audio at all" * 100)
    silent = tmp_path / "silent.wav"
    import numpy as np
    import soundfile as sf

    sf.write(silent, np.zeros(16_000 * 2, dtype=np.float32), 16_000)
    code = main(["analyze", str(broken), str(AUDIO / "jfk.wav"), str(silent), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    (report,) = _json_lines(captured.out)
    assert "your country" in report["transcript"].lower()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2 and "broken.mp3" in errors[0] and "silent.wav" in errors[1]


def test_a_missing_model_folder_is_one_clear_line(tmp_path: Path, capsys) -> None:
    clip = tmp_path / "a.flac"
    shutil.copy(AUDIO / "mfa_um.flac", clip)
    code = main(["analyze", str(clip), "--model", str(tmp_path / "no-such-model")])
    err = capsys.readouterr().err
    assert code == 1
    assert "model folder not found" in err and "Traceback" not in err
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    assert main(["analyze", str(clip), "--model", str(tmp_path / "half")]) == 1
    assert "(missing model.bin" in capsys.readouterr().err


def test_the_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "speakprep", "questions"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "career_goals" in done.stdout and "What are your career goals?" in done.stdout


def test_the_app_without_a_display_says_what_to_do_instead(monkeypatch, capsys) -> None:
    import sys

    from speakprep.cli import main

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "no graphical display" in err and "speakprep analyze FILE" in err


@pytest.mark.model
def test_music_and_another_language_are_no_speech_and_the_rest_goes_on(
    tmp_path: Path, capsys
) -> None:
    import soundfile as sf

    from tests.synth_signals import music

    song = tmp_path / "song.wav"
    sf.write(song, music(10.0), 16_000)
    german = AUDIO.parent / "synth" / "speech_de.flac"
    code = main(["analyze", str(song), str(AUDIO / "jfk.wav"), str(german), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    (report,) = _json_lines(captured.out)
    assert "your country" in report["transcript"].lower()
    assert report["warnings"] == []
    # The app's "import a recording" names a menu the command line has not got.
    advice = "; pass a recording of a spoken answer in English"
    # German words were heard, none clearly: said so, as the cause may be a noisy room.
    unclear = " (speech heard, but unclear: a noisy room or another language)"
    assert captured.err.strip().splitlines() == [
        f"speakprep: {song.name}: no English speech recognised{advice}",
        f"speakprep: {german.name}: no English speech recognised{unclear}{advice}",
    ]


def test_analyze_help_names_every_recording_ending_speakprep_reads() -> None:
    """The help listed five endings by hand while load_audio read eight: it names the one list."""
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    description = " ".join(commands.choices["analyze"].description.split())
    assert all(suffix.lstrip(".") in description for suffix in SUPPORTED_SUFFIXES)
    assert "aac" in description  # one the hand-written list left out


@pytest.mark.model
def test_a_take_too_short_to_rate_prints_no_rate_and_the_json_keeps_it(capsys) -> None:
    # 6 s of speech with one "um" printed "10.9 a minute, high" and "44 words per minute".
    assert main(["analyze", str(AUDIO / "mfa_um.flac"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Pace           too short to rate (" in out
    assert "Fillers        1 (too short to rate): um" in out
    assert "a minute" not in out and "words per minute" not in out
    assert main(["analyze", str(AUDIO / "mfa_um.flac"), "--json"]) == 0
    (report,) = _json_lines(capsys.readouterr().out)
    d = report["delivery"]
    assert d["speaking_s"] < 10 and d["too_short_to_rate"] is True
    assert d["wpm"] > 0 and d["fillers"]["per_minute"] > 5


def test_a_missing_or_unreadable_recording_is_refused_before_any_progress(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Found as a new user: `analyze missing.wav` printed "missing.wav: reading audio..."
    before "file not found". The path is checked first: one line, nothing before it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not a recording", encoding="utf-8")
    (tmp_path / "takes").mkdir()
    for name, reason in (
        ("missing.wav", "file not found"),
        ("notes.txt", "unsupported file type '.txt'"),
        ("takes/", "no recordings found"),
    ):
        assert main(["analyze", name]) == 1
        captured = capsys.readouterr()
        (line,) = captured.err.splitlines()
        assert line.startswith("speakprep: ") and reason in line, line
        assert captured.out == ""
        # Found as a new user: a written answer given as a recording was only told the
        # audio types; the line says how to have it read.
        assert line.endswith("; a written answer is read with --text") == name.endswith(".txt")
