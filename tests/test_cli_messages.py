"""The command line's one line about a problem: the app's sentences in its style, names kept."""

from __future__ import annotations

import pytest

from speakprep.cli_messages import cli_reason, complain


@pytest.mark.parametrize(
    ("sentence", "line"),
    [
        ("There is no take 99 in the history.", "there is no take 99 in the history"),
        (
            "Cannot delete take_01.wav: the disk is full.",
            "cannot delete take_01.wav: the disk is full",
        ),
        (
            "Your settings file could not be used (bad JSON).",
            "your settings file could not be used (bad JSON)",
        ),
        ("The library is closed.", "the library is closed"),
    ],
)
def test_an_app_sentence_reads_as_the_command_lines_own(sentence: str, line: str) -> None:
    assert cli_reason(sentence) == line


@pytest.mark.parametrize(
    ("sentence", "line"),
    [
        ("I could not find the take.", "I could not find the take"),
        (
            "Kestrel Foods is not an employer in this question.",
            "Kestrel Foods is not an employer in this question",
        ),
        ("Whisper found no speech in it.", "Whisper found no speech in it"),
        (
            "Acme interview.wav: the audio file was not found.",
            "Acme interview.wav: the audio file was not found",
        ),
    ],
)
def test_a_sentence_that_opens_with_a_name_keeps_its_capital(sentence: str, line: str) -> None:
    assert cli_reason(sentence) == line


@pytest.mark.parametrize(
    "line",
    [
        "Answer.wav: not a speakprep recording (sample rate is 0)",
        "cannot write out.csv: the disk is full",
        "SpeakPrep needs a model.",
        "There is no take 3... or 4...",
    ],
)
def test_a_line_that_is_no_app_sentence_is_kept_as_it_is(line: str) -> None:
    assert cli_reason(line) == line


def test_complain_prints_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    complain("I cannot read Kestrel's notes.")
    complain("The take cannot be read.")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "speakprep: I cannot read Kestrel's notes\nspeakprep: the take cannot be read\n"
    )
