"""The library on the command line: analyze --save, history, export, and --data-dir."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from speakprep.cli import build_parser, main
from speakprep.core.score import tally_checks
from speakprep.paths import AppPaths
from speakprep.render import EXPORT_FORMATS
from speakprep.services import library as library_service
from speakprep.storage.library import Library
from tests.conftest import AUDIO

STRONG = (
    "In the next two years I want to become a fully certified accountant and take ownership "
    "of the month-end close for this team. I have already passed two of the four CPA exams. "
    "In five years or so, I would like to lead a small audit team here."
)
VAGUE = "Um, I don't know, I guess I just want to, like, be happy and see where life takes me."


@pytest.fixture
def answers(tmp_path: Path) -> tuple[Path, Path]:
    strong, vague = tmp_path / "strong.txt", tmp_path / "vague.txt"
    strong.write_text(STRONG, encoding="utf-8")
    vague.write_text(VAGUE, encoding="utf-8")
    return strong, vague


def _save(data: Path, *args: str) -> int:
    return main(["analyze", "--text", *args, "--save", "--data-dir", str(data)])


def test_analyze_save_stores_the_take_and_prints_its_id(tmp_path, answers, capsys) -> None:
    data = tmp_path / "data"
    assert _save(data, str(answers[0])) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("Saved as take 1.")
    before = ["--data-dir", str(data), "analyze", "--text", str(answers[1])]
    assert main([*before, "--save", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["take_id"] == 2
    with Library.open(AppPaths(data)) as lib:
        assert [t.id for t in lib.takes()] == [2, 1]
        assert lib.report(1).transcript.text == STRONG
        assert "take_id" not in lib.report_dict(2)


def test_history_lists_newest_first_with_the_figures(tmp_path, answers, capsys) -> None:
    data = tmp_path / "data"
    _save(data, str(answers[0]))
    _save(data, str(answers[1]), "--question", "five_years")
    capsys.readouterr()
    assert main(["history", "--data-dir", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"\s*ID\s+Date\s+Question\s+Time\s+Score\s+Fillers/min\s+Checks", lines[0])
    assert lines[1].split()[0] == "2" and "Where do you see yourself" in lines[1]
    assert lines[2].split()[0] == "1" and "What are your career goals?" in lines[2]
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", lines[1])

    assert main(["history", "--json", "--data-dir", str(data)]) == 0
    takes = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in takes] == [2, 1]
    first = takes[1]
    for key in ("created_at", "question_id", "speaking_s", "score", "fillers_per_minute"):
        assert key in first
    assert first["question_id"] == "career_goals" and first["speaking_s"] is None

    for question in ("five_years", "Where do you see yourself in five years"):
        assert main(["history", "--json", "--question", question, "--data-dir", str(data)]) == 0
        assert [t["id"] for t in json.loads(capsys.readouterr().out)] == [2]
    assert main(["history", "--json", "--search", "CPA", "--data-dir", str(data)]) == 0
    assert [t["id"] for t in json.loads(capsys.readouterr().out)] == [1]


def test_history_gives_the_pitfall_counts_the_history_screen_shows(
    tmp_path, answers, capsys
) -> None:
    # Before, --json had checks_passed and checks_total only: "1 pitfall found" on the
    # History screen was nowhere in it, and the text listing said "5/6".
    data = tmp_path / "data"
    _save(data, str(answers[0]))
    _save(data, str(answers[1]))
    capsys.readouterr()
    assert main(["history", "--json", "--data-dir", str(data)]) == 0
    listed = {t["id"]: t for t in json.loads(capsys.readouterr().out)}
    assert main(["history", "--data-dir", str(data)]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    found = []
    with Library.open(AppPaths(data)) as lib:
        for take in lib.takes():
            tally = tally_checks(lib.report(take.id).content.checks)
            got = listed[take.id]
            assert (got["pitfalls_found"], got["pitfalls_total"]) == (
                tally.pitfalls_found,
                tally.pitfalls,
            )
            row = next(r for r in rows if r.split()[0] == str(take.id))
            assert row.endswith(tally.text)  # "5 of 6 met · 1 pitfall found"
            found.append(tally.pitfalls_found)
    assert found == [found[0], 0] and found[0] >= 1  # the vague answer has a pitfall


def test_an_empty_history_says_how_a_take_gets_into_it(tmp_path, answers, capsys) -> None:
    """Found as a new user: four files analysed, then only "No saved takes."; the line now
    says what keeps a take, and doing what it says fills the history."""
    data = tmp_path / "new"
    assert main(["history", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("No saved takes yet: ")
    assert "`speakprep analyze --save FILE`" in out
    assert main(["history", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert _save(data, str(answers[0])) == 0
    capsys.readouterr()
    assert main(["history", "--data-dir", str(data)]) == 0
    assert "No saved takes" not in capsys.readouterr().out


def test_export_writes_each_format(tmp_path, answers, capsys) -> None:
    data = tmp_path / "data"
    _save(data, str(answers[0]))
    capsys.readouterr()
    assert main(["analyze", "--text", str(answers[0]), "--json"]) == 0
    analysed = json.loads(capsys.readouterr().out)

    assert main(["export", "1", "--format", "json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out) == analysed
    assert main(["export", "1", "--format", "md", "--data-dir", str(data)]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# What are your career goals?") and "## Checks" in md
    # The long names are the same formats ("markdown" was refused: only "md" was accepted).
    assert main(["export", "1", "--format", "Markdown", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out == md
    assert main(["export", "1", "--format", "htm", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    # A name it does not know is refused with what it accepts.
    with pytest.raises(SystemExit):
        main(["export", "1", "--format", "pdf", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert "unknown format 'pdf': use html (or htm), md (or markdown), json" in err

    page = tmp_path / "take.html"
    assert main(["export", "1", "-o", str(page), "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out == ""
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "http://" not in html
    notes = tmp_path / "take.md"
    assert main(["--data-dir", str(data), "export", "1", "-o", str(notes)]) == 0
    assert notes.read_text(encoding="utf-8") == md


def test_export_judges_by_the_bands_the_user_set_in_the_app(tmp_path, capsys) -> None:
    """The app's export follows the user's Settings (a 20 s target, a 150-200 wpm pace
    band); the command line's export of the same take used the packaged bands."""
    from speakprep.core.settings import load_settings
    from speakprep.preferences import Preferences, PreferencesStore
    from tests.reports import timed_report

    paths = AppPaths(tmp_path / "data")
    with Library.open(paths) as lib:
        take = lib.add(timed_report(), None, source="recorded")
    prefs = Preferences(target_s=20.0, pace_good_min_wpm=150.0, pace_good_max_wpm=200.0)
    PreferencesStore(paths.preferences).save(prefs)  # as the settings dialog saves them
    bands = prefs.analysis_settings(load_settings())
    packaged = {}
    for fmt in ("md", "html"):
        with Library.open(paths) as lib:
            as_app = library_service.export_take(lib, take.id, fmt, bands=bands)
            packaged[fmt] = library_service.export_take(lib, take.id, fmt)
        assert as_app != packaged[fmt]
        assert (
            main(["export", str(take.id), "--format", fmt, "--data-dir", str(paths.data_dir)]) == 0
        )
        assert capsys.readouterr().out == as_app

    # A settings file it cannot use: said in one line, the packaged bands, the file kept.
    paths.preferences.write_text("{not json", encoding="utf-8")
    assert main(["export", str(take.id), "--format", "md", "--data-dir", str(paths.data_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == packaged["md"]
    assert err.count("\n") == 1 and "settings file could not be used" in err
    assert paths.preferences.read_text(encoding="utf-8") == "{not json"


def test_errors_are_one_line_and_fail(tmp_path, answers, capsys) -> None:
    data = tmp_path / "data"
    _save(data, str(answers[0]))
    capsys.readouterr()
    assert main(["export", "7", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no take 7" in err and "Traceback" not in err
    target = tmp_path / "missing-folder" / "x.html"
    assert main(["export", "1", "-o", str(target), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err
    pdf = tmp_path / "take.pdf"
    assert main(["export", "1", "-o", str(pdf), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".pdf" in err
    assert ".html (or .htm), .md (or .markdown), .json" in err
    assert not pdf.exists()  # nothing written under a name that promises another format
    htm = tmp_path / "take.HTM"
    assert main(["export", "1", "-o", str(htm), "--data-dir", str(data)]) == 0
    assert htm.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_output_named_like_a_recording_is_refused_before_the_take_is_read(
    tmp_path, capsys
) -> None:
    # As a batch refuses its --output: the name is checked first, so a slip of it is said
    # even for a take that is not there, and the history is not opened for nothing.
    data = tmp_path / "data"
    target = tmp_path / "take.flac"
    command = ["export", "7", "--format", "html", "-o", str(target), "--data-dir", str(data)]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "take.flac is a recording" in err and "no take" not in err
    assert not target.exists() and not AppPaths(data).database.exists()


@pytest.mark.parametrize("take_id", ["99999999999999999999999", "0", "x"])
def test_an_id_no_take_can_have_is_a_usage_error(tmp_path, take_id: str, capsys) -> None:
    # Before: a number past SQLite's 64 bits was an OverflowError traceback from the query.
    with pytest.raises(SystemExit) as info:
        main(["export", take_id, "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("speakprep export: error: argument ID: ")
    assert "(see history)" in err


def test_a_damaged_history_is_reported_and_kept(tmp_path, answers, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = AppPaths(data).database
    db.write_bytes(b"definitely not sqlite " * 100)
    for command in (["history"], ["export", "1"], ["analyze", "--text", str(answers[0]), "--save"]):
        assert main([*command, "--data-dir", str(data)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "damaged" in err and "backups" in err
    assert db.read_bytes() == b"definitely not sqlite " * 100


def test_a_damaged_history_does_not_stop_the_analysis(tmp_path, answers, capsys) -> None:
    # Before: analyze --save refused to analyse at all; the answer is analysed and printed,
    # and one line says it could not be saved (exit 1, as for a take that fails to save).
    data = tmp_path / "data"
    data.mkdir()
    db = AppPaths(data).database
    db.write_bytes(b"definitely not sqlite " * 100)
    assert main(["analyze", "--text", str(answers[0])]) == 0
    alone = capsys.readouterr().out
    assert main(["analyze", "--text", str(answers[0]), "--save", "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert out == alone and "Saved as take" not in out
    assert err.count("\n") == 1
    assert err.startswith("speakprep: the takes cannot be saved, only analysed: ")
    assert "damaged" in err
    assert db.read_bytes() == b"definitely not sqlite " * 100


def test_a_usage_error_stays_exit_2_with_save_and_a_damaged_history(tmp_path, capsys) -> None:
    # Before: the history was opened first, so the usage error exited 1 under a long
    # "the takes cannot be saved" line.
    data = tmp_path / "data"
    data.mkdir()
    AppPaths(data).database.write_bytes(b"definitely not sqlite " * 100)
    clip = str(AUDIO / "jfk.wav")
    assert main(["analyze", clip, "--resume", "--save", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err == "speakprep: --resume needs --output or --csv (what is already done)\n"


def test_data_dir_is_accepted_before_and_after_every_command(tmp_path) -> None:
    parser = build_parser()
    for command in (["app"], ["questions"], ["history"], ["export", "1"], ["analyze", "x"]):
        assert parser.parse_args([*command, "--data-dir", "after"]).data_dir == "after"
        assert parser.parse_args(["--data-dir", "before", *command]).data_dir == "before"
        assert parser.parse_args(command).data_dir is None
    assert main(["questions", "--data-dir", str(tmp_path)]) == 0
    # One home for the export formats: the command line and the library share it.
    assert library_service.EXPORT_FORMATS is EXPORT_FORMATS


@pytest.mark.model
def test_a_real_recording_saved_from_the_command_line(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    clip = AUDIO / "mfa_um.flac"
    before = clip.read_bytes()
    assert main(["analyze", str(clip), "--save", "--quiet", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Saved as take 1.")
    assert clip.read_bytes() == before
    with Library.open(AppPaths(data)) as lib:
        (take,) = lib.takes()
        assert take.audio_path is not None and take.audio_path.suffix == ".flac"
        assert take.audio_path.parent.resolve() == AppPaths(data).recordings_dir.resolve()
        assert take.speaking_s is not None and take.fillers_per_minute is not None
        assert take.model and take.audio_missing is False
        report = lib.report(1)
        assert report.delivery is not None and report.delivery.fillers
    assert main(["history", "--data-dir", str(data)]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    # 6 s of speech: its time and score, and no fillers rate (too short to rate one).
    assert re.search(r"0:0\d\s+\d+\s+-\s", row), row
    assert main(["export", "1", "--format", "html", "--data-dir", str(data)]) == 0
    page = capsys.readouterr().out
    assert '<svg class="timeline"' in page and 'class="filler"' in page


def test_history_of_a_question_no_take_answers_says_so_and_names_the_nearest(
    tmp_path, answers, capsys
) -> None:
    """Found as a new user: `history --question nonsense` listed every take of a custom
    question, as if "nonsense" were one, without a word."""
    data = tmp_path / "data"
    _save(data, str(answers[0]))
    _save(data, str(answers[1]), "--question", "five_years")
    _save(data, str(answers[1]), "--question", "What motivates you at work?")
    capsys.readouterr()
    for given in ("nonsense", "Where will you be in ten years?"):
        for extra in ([], ["--json"]):
            code = main(["history", "--question", given, "--data-dir", str(data), *extra])
            captured = capsys.readouterr()
            assert code == 1 and captured.out == ""  # as for a take id not in the history
            (line,) = captured.err.splitlines()
            assert line.startswith(f"speakprep: no saved take answers “{given}”; nearest: ")
            for text in (
                "Where do you see yourself in five years?",
                "What are your career goals?",
                "What motivates you at work?",
            ):
                assert text in line
    # The nearest come first: the five-years question for a ten-years text.
    code = main(
        [
            "history",
            "--question",
            "Where will you be in ten years?",
            "--data-dir",
            str(data),
        ]
    )
    nearest = capsys.readouterr().err.split("nearest: ", 1)[1]
    assert nearest.startswith("“Where do you see yourself in five years?” (five_years)")
    # A custom question with takes lists its own takes, not every custom question's.
    assert (
        main(
            [
                "history",
                "--question",
                "what motivates you at work",
                "--data-dir",
                str(data),
                "--json",
            ]
        )
        == 0
    )
    (take,) = json.loads(capsys.readouterr().out)
    assert take["question"] == "What motivates you at work?"
    # A bank question with no takes is a question the history knows: nothing matched.
    assert main(["history", "--question", "retirement_party", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.strip() == "No matching takes."


def test_cli_errors_read_alike_even_when_the_reason_is_the_apps_sentence(tmp_path, capsys) -> None:
    """Found as a new user: `export 99` printed "speakprep: There is no take 99 in the
    history." beside every other message's "speakprep: cannot write ..." (the app's sentence,
    capital and full stop, passed through)."""
    data = str(tmp_path / "data")
    assert main(["export", "99", "--data-dir", data]) == 1
    assert capsys.readouterr().err == "speakprep: there is no take 99 in the history\n"
    assert main(["history", "--question", "nope", "--data-dir", data]) == 1
    err = capsys.readouterr().err
    assert err.startswith("speakprep: ") and err[len("speakprep: ")].islower(), err
    assert not err.rstrip().endswith("."), err
