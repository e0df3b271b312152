"""services/takes.py: one job analyses a take and saves it, in a library it opens itself."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from speakprep.audio.wavfile import WavWriter
from speakprep.paths import AppPaths
from speakprep.services.analyze import Context, NoSpeechError, TranscriptionCancelled
from speakprep.services.takes import TakeJob, analyse_and_save, context_of
from speakprep.storage.library import Library, LibraryError
from speakprep.storage.recordings import new_take_path
from tests import synth_signals as sig
from tests.conftest import AUDIO

pytestmark = pytest.mark.model

CLIP = AUDIO / "jfk.wav"


def _opener(paths: AppPaths, opened: list[Library]):
    def open_library() -> Library:
        library = Library.open(paths)
        opened.append(library)
        return library

    return open_library


def test_an_import_is_analysed_copied_in_and_saved(tmp_path: Path, engine) -> None:
    paths = AppPaths(tmp_path / "data")
    opened: list[Library] = []
    job = TakeJob("imported", Context(question="career_goals"), audio=CLIP)
    saved = analyse_and_save(engine, job, _opener(paths, opened))

    assert saved.take is not None and saved.take.source == "imported"
    assert saved.audio is not None and saved.audio.parent == paths.recordings_dir
    assert saved.audio.suffix == ".flac" and CLIP.exists()  # copied; the original is kept
    assert "country" in saved.report.transcript.text.lower()
    assert opened and all(lib._conn is None for lib in opened)  # closed after the job
    with Library.open(paths) as library:
        (take,) = library.takes()
        assert library.report(take.id) == saved.report

        again = analyse_and_save(
            engine,
            TakeJob(
                "reanalysed", context_of(take, saved.report), audio=saved.audio, take_id=take.id
            ),
            _opener(paths, opened),
        )
        assert again.take is not None and again.take.id == take.id
        assert len(library.takes()) == 1  # replaced, not added
        assert library.previous_report(take.id) is not None


def test_a_cancelled_job_saves_nothing(tmp_path: Path, engine) -> None:
    paths = AppPaths(tmp_path / "data")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(TranscriptionCancelled):
        analyse_and_save(
            engine, TakeJob("imported", Context(), audio=CLIP), _opener(paths, []), cancel=cancel
        )
    with Library.open(paths) as library:
        assert library.takes() == []
    assert list(paths.recordings_dir.iterdir()) == []


def test_a_failed_save_keeps_the_report_and_says_why(engine) -> None:
    def broken() -> Library:
        raise LibraryError("The history is locked by another program.")

    saved = analyse_and_save(engine, TakeJob("imported", Context(), audio=CLIP), broken)
    assert saved.take is None and saved.report.delivery is not None
    assert saved.notice == (
        "This take could not be saved to your history: The history is locked by another program."
    )


def test_without_a_library_the_report_is_only_returned(engine) -> None:
    saved = analyse_and_save(engine, TakeJob("imported", Context(), audio=CLIP), None)
    assert saved.take is None and saved.audio == CLIP and saved.notice == ""


def test_a_take_with_no_speech_is_kept_when_its_note_cannot_be_written(
    tmp_path: Path, engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The ``.no-speech`` note is a nicety: a folder that takes no note (here the note's name
    is a link into a folder that is gone, as a read-only or full disk would refuse it; tests
    run as root, where a read-only folder is still written) still keeps the take, says "no
    speech" as ever, and offers the take again at the next start rather than losing it."""
    paths = AppPaths(tmp_path / "data")
    take = new_take_path(paths.recordings_dir)
    with WavWriter(take, 16_000, fsync=False) as writer:
        writer.write(sig.music(6.0))
    note = take.with_suffix(".no-speech")
    note.symlink_to(tmp_path / "gone" / note.name)

    with pytest.raises(NoSpeechError):
        analyse_and_save(engine, TakeJob("recorded", Context(), audio=take), _opener(paths, []))
    assert take.exists()
    with Library.open(paths) as library:
        assert library.unfinished_takes() == [take]
    assert f"Cannot note that {take.name} holds no speech" in caplog.text
