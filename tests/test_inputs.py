"""The one input gate: pipes, devices, folders and huge files are refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from speakprep.audio.files import AudioLoadError, load_audio
from speakprep.cli import main
from speakprep.core.rubric import default_rubric
from speakprep.core.sentences import _abbreviation_cut, _base_bounds
from speakprep.inputs import TEXT_MAX_BYTES, InputFileError, read_text_input

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("flag", [["--text"], []])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, flag: list[str]) -> None:
    fifo = tmp_path / "answer.wav"
    os.mkfifo(fifo)
    # A child process, so a regression hangs that process (killed by the timeout) and not
    # the test run; nobody ever writes to the FIFO.
    done = subprocess.run(
        [sys.executable, "-m", "speakprep", "analyze", "--quiet", *flag, str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "speakprep: answer.wav: is not a regular file (a pipe or a device cannot be read)"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_never_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--text", "/dev/zero"]) == 1
    assert capsys.readouterr().err.strip() == (
        "speakprep: zero: is not a regular file (a pipe or a device cannot be read)"
    )
    with pytest.raises(AudioLoadError) as err:
        load_audio("/dev/zero")
    assert err.value.kind == "unsupported"


def test_a_huge_transcript_is_refused_and_a_folder_named(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * (TEXT_MAX_BYTES // 5 + 1), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"big\.txt: too large for a transcript") as err:
        read_text_input(big)
    assert err.value.kind == "too_large"
    with pytest.raises(InputFileError, match="is a folder"):
        read_text_input(tmp_path)


def test_a_transcript_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    text = "I led the team. " * (TEXT_MAX_BYTES // 16)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert read_text_input(path) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_utf16_transcript_with_its_mark_is_read(tmp_path: Path, encoding: str) -> None:
    # Before: "not a text file (use --text only for transcripts)": what Notepad saves as
    # "Unicode" and PowerShell's ">" writes is UTF-16, all NUL bytes to an ASCII eye.
    text = "In two years I want to lead the café's weekend team."
    path = tmp_path / "answer.txt"
    # "utf-16" and "utf-32" write their own mark. Before, UTF-32 (whose little-endian mark
    # starts as UTF-16's) was read as UTF-16: garbage.
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    assert read_text_input(path) == text
    # A recording given to --text is still refused: NUL bytes and no mark.
    with pytest.raises(InputFileError, match="not a text file"):
        read_text_input(REPO / "tests/data/audio/jfk.wav")


def test_a_damaged_utf16_transcript_names_its_encoding(tmp_path: Path) -> None:
    # Before: "not UTF-8 text" of a file with a UTF-16 mark (here an odd byte count).
    path = tmp_path / "answer.txt"
    path.write_bytes("I lead the team.".encode("utf-16") + b"\x00")
    with pytest.raises(InputFileError, match=r"not UTF-16 text \(save it as UTF-8\)"):
        read_text_input(path)


def test_the_abbreviation_rule_reads_only_around_the_cut() -> None:
    cues = default_rubric().sentences
    assert cues is not None
    # The answer depends on the token before the cut and the character after it only, so
    # a megabyte of text before it changes nothing (the old code sliced the whole text).
    for short in ("We had approx. 5 people", "Tools etc. and more", "It ended. Then we left"):
        cut = short.index(".") + 2
        padded = "x " * 500_000 + short
        expected = _abbreviation_cut(short, cut, cues)
        assert _abbreviation_cut(padded, cut + 1_000_000, cues) == expected
    assert _abbreviation_cut("We had approx. 5 people", 15, cues)
    assert not _abbreviation_cut("It ended. Then we left", 10, cues)
    bounds = _base_bounds("It ended. Then we left. We had approx. 5 people there.", cues)
    assert len(bounds) == 3  # "approx. 5" does not end a sentence
