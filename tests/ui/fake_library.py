"""An in-memory stand-in for ``speakprep.storage.library.Library``, and realistic sample takes.

``FakeLibrary`` has the real library's query and edit methods (``takes``, ``take``,
``report``, ``rename``, ``set_note``, ``delete``, ``questions``), records every edit and can
be told to fail, so error paths are testable. ``SAMPLE`` describes ten takes of two
questions over two weeks whose figures improve, as a user's history would; ``fill`` puts
them into the fake, ``sample_real_library`` into a real ``Library`` in a temporary folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from speakprep.core.models import Report
from speakprep.core.score import tally_checks
from speakprep.paths import AppPaths
from speakprep.storage.library import Library, LibraryError, Take
from tests.reports import timed_report


def checks_counts(report: Report) -> tuple[int, int]:
    """(met, required) as the library counts them (``core.score.tally_checks``)."""
    tally = tally_checks(report.content.checks)
    return tally.met, tally.required


def take_from_report(
    take_id: int,
    report: Report,
    *,
    created_at: datetime,
    title: str | None = None,
    note: str = "",
    audio_path: Path | None = None,
    audio_missing: bool = False,
    source: str = "recorded",
) -> Take:
    d = report.delivery
    passed, total = checks_counts(report)
    return Take(
        id=take_id,
        created_at=created_at,
        question_id=report.question.id,
        question_text=report.question.text,
        title=title,
        note=note,
        source=source,
        audio_path=audio_path,
        audio_missing=audio_missing,
        recording_s=d.recording_s if d else None,
        speaking_s=d.speaking_s if d else None,
        wpm=d.wpm if d else None,
        fillers_per_minute=d.fillers_per_minute if d else None,
        score=report.score.total,
        checks_passed=passed,
        checks_total=total,
        model=report.model or "tiny.en",
        company=report.company,
        role=report.role,
        pitfalls_found=tally_checks(report.content.checks).pitfalls_found,
        pitfalls_total=tally_checks(report.content.checks).pitfalls,
    )


class FakeLibrary:
    """The Library API over a dict; ``calls`` lists every edit as ``(method, take_id, value)``."""

    def __init__(self) -> None:
        self._takes: dict[int, Take] = {}
        self._reports: dict[int, Report] = {}
        self._next_id = 1
        self.calls: list[tuple[str, int, object]] = []
        self.fail_next: str | None = None  # a method name: its next call raises LibraryError

    def add(self, report: Report, *, created_at: datetime, **fields: object) -> Take:
        take = take_from_report(self._next_id, report, created_at=created_at, **fields)  # type: ignore[arg-type]
        self._takes[take.id] = take
        self._reports[take.id] = report
        self._next_id += 1
        return take

    # -- the Library API -------------------------------------------------------------------
    def takes(self, *, question_id: str | None = None, search: str | None = None) -> list[Take]:
        out = [t for t in self._takes.values() if question_id in (None, t.question_id)]
        if search:
            needle = search.casefold()
            out = [t for t in out if needle in self._reports[t.id].transcript.text.casefold()]
        return sorted(out, key=lambda t: t.created_at, reverse=True)

    def take(self, take_id: int) -> Take:
        self._maybe_fail("take")
        try:
            return self._takes[take_id]
        except KeyError:
            raise LibraryError(f"no take {take_id}") from None

    def report(self, take_id: int) -> Report:
        self._maybe_fail("report")
        self.take(take_id)
        return self._reports[take_id]

    def rename(self, take_id: int, title: str | None) -> Take:
        self._maybe_fail("rename")
        self.calls.append(("rename", take_id, title))
        take = replace(self.take(take_id), title=title or None)
        self._takes[take_id] = take
        return take

    def set_note(self, take_id: int, note: str) -> Take:
        self._maybe_fail("set_note")
        self.calls.append(("set_note", take_id, note))
        take = replace(self.take(take_id), note=note)
        self._takes[take_id] = take
        return take

    def delete(self, take_id: int) -> None:
        self._maybe_fail("delete")
        self.calls.append(("delete", take_id, None))
        self.take(take_id)
        del self._takes[take_id]
        del self._reports[take_id]

    def no_speech_recordings(self) -> list:
        return []  # the real library's are tested in test_library and test_history_view

    def discard(self, path: Path) -> None:
        raise LibraryError(f"{path.name}: not a recording in the library folder.")

    def questions(self) -> list[tuple[str, str, int]]:
        counts: dict[str, tuple[str, int, datetime]] = {}
        for t in self._takes.values():
            text, n, last = counts.get(t.question_id, (t.question_text, 0, t.created_at))
            counts[t.question_id] = (text, n + 1, max(last, t.created_at))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0]))
        return [(qid, text, n) for qid, (text, n, _last) in ranked]

    def _maybe_fail(self, method: str) -> None:
        if self.fail_next == method:
            self.fail_next = None
            raise LibraryError(f"Could not {method.replace('_', ' ')}: the disk is full.")


# -- sample history ------------------------------------------------------------------------

CAREER = (
    "In the next two years I want to become the analyst your team relies on for forecasting.",
    "Right now I build dashboards for our sales team, and I want to take that further with "
    "proper statistical models.",
    "I have already started an advanced Excel course, and I plan to earn my CFA level one "
    "certificate next spring.",
    "I also meet a mentor every month who leads the planning team at my current company.",
    "In five years, I see myself leading a small analytics team here at Acme.",
    "I would like to help the people on that team grow the way my mentors helped me.",
    "That is why this role appeals to me, because your team works on forecasting every day.",
    "Over the next year I also want to present my own forecasts to the leadership team, so "
    "that my work shapes real decisions.",
    "To get there I am practising with our monthly reviews, where I already present a short "
    "summary of the numbers.",
    "Your in-house training programme would help me close the gap in modelling much faster.",
)
FIVE_YEARS = (
    "In five years I see myself as a senior analyst who owns the forecasting models for a "
    "whole business unit.",
    "Before that, in the next year or two, I want to master the tools your team uses and "
    "deliver reliable monthly reports.",
    "I am taking a course in Python for data analysis, and I plan to pass the CFA level one "
    "exam next spring.",
    "I would also like to mentor new analysts, because explaining my work makes me better at it.",
    "This role at Acme fits that path, since it combines forecasting with close work with "
    "the finance team.",
    "By then I want to have led at least two planning cycles from start to finish.",
    "I already volunteer to check the quarterly numbers with our controller, which is how I "
    "learn the finance side.",
)
RAMBLE = (
    "So, um, I guess I have always sort of liked numbers, ever since school, you know, and "
    "my parents were both teachers.",
    "And, uh, I spent a lot of time last summer travelling, which was great, like, really "
    "great, and I learned a lot about myself.",
    "Basically I, um, I kind of want to do a lot of different things and I am not totally "
    "sure which one yet.",
    "I mean, uh, there is a lot to say about it and I could talk about it for a long time, "
    "actually.",
    "Um, and I think, you know, that the salary matters to me too, obviously, like for everyone.",
    "So, yeah, that is, um, that is kind of where I am at with my goals right now, I think.",
    "Like, my friends always say I should, uh, go into teaching, but I do not know, it is hard "
    "to say really.",
    "And honestly, um, I just want to see how things go and, you know, take it from there.",
)
OPENERS = ("Um, ", "So, like, ", "Uh, ")


@dataclass(frozen=True, slots=True)
class SampleTake:
    """One take of the sample history: when, which answer, and how it was spoken."""

    days_ago: int
    at: tuple[int, int]  # hour, minute
    question_id: str
    ramble: int  # off-topic filler-laden sentences mixed in
    openers: int  # core sentences opened with a filler
    words_per_s: float
    title: str | None = None
    note: str = ""
    audio_missing: bool = False


# Oldest first: long, fast and filler-heavy answers settling into short, steady ones.
SAMPLE: tuple[SampleTake, ...] = (
    SampleTake(13, (19, 5), "career_goals", 8, 5, 3.5),
    SampleTake(12, (20, 40), "career_goals", 6, 4, 3.35, note="Rushed the ending."),
    SampleTake(11, (8, 15), "five_years", 5, 3, 3.3),
    SampleTake(9, (18, 30), "career_goals", 4, 3, 3.1, audio_missing=True),
    SampleTake(8, (7, 50), "five_years", 3, 2, 3.0),
    SampleTake(6, (21, 10), "career_goals", 3, 2, 2.9, title="Shorter opening"),
    SampleTake(4, (12, 0), "five_years", 1, 1, 2.75),
    SampleTake(2, (9, 20), "career_goals", 1, 1, 2.7),
    SampleTake(1, (18, 45), "five_years", 0, 0, 2.6, note="Felt natural. Keep the CFA line."),
    SampleTake(0, (9, 41), "career_goals", 0, 0, 2.55, title="Before the Acme interview"),
)


@functools.cache  # reports are immutable; building them is the slow part of a test
def sample_report(sample: SampleTake) -> Report:
    core = CAREER if sample.question_id == "career_goals" else FIVE_YEARS
    sentences = [
        (OPENERS[i % len(OPENERS)] + s[0].lower() + s[1:]) if i < sample.openers else s
        for i, s in enumerate(core)
    ]
    # Rambling goes in after the first and the third core sentences, as it does in life.
    for k, extra in enumerate(RAMBLE[: sample.ramble]):
        sentences.insert(min(1 + 2 * k, len(sentences)), extra)
    gaps: dict[int, float] = {}
    if sample.ramble >= 3:
        # Early takes lose the thread once: a long silence in the middle of a sentence.
        at = len(sentences) - 2
        head, _, tail = sentences[at].partition(", ")
        if tail:
            sentences[at : at + 1] = [head + ",", tail]
            gaps[at + 1] = 3.1
    return timed_report(
        sentences,
        words_per_s=sample.words_per_s,
        question=sample.question_id,
        long_gaps=gaps,
    )


def fill(
    add: Callable[..., Take], now: datetime, samples: tuple[SampleTake, ...] = SAMPLE
) -> list[Take]:
    """Add the samples through ``add(report, created_at=..., **fields)``; oldest first."""
    out = []
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for s in samples:
        when = midnight - timedelta(days=s.days_ago) + timedelta(hours=s.at[0], minutes=s.at[1])
        out.append(
            add(
                sample_report(s),
                created_at=when,
                title=s.title,
                note=s.note,
                audio_missing=s.audio_missing,
            )
        )
    return out


def sample_library(now: datetime) -> FakeLibrary:
    library = FakeLibrary()
    fill(library.add, now)
    return library


def sample_real_library(data_dir: Path, now: datetime) -> Library:
    """A real library in ``data_dir`` holding the sample takes (recordings are stub files).

    A take marked ``audio_missing`` gets a recording that is then removed, as when a user
    deletes the file by hand.
    """
    library = Library.open(AppPaths(data_dir))

    def add(report: Report, *, created_at: datetime, **fields: object) -> Take:
        audio = library.paths.recordings_dir / f"take-{created_at:%Y%m%d-%H%M%S}.wav"
        audio.write_bytes(b"RIFF")  # the library keeps a file already in its folder as is
        take = library.add(report, audio, source="recorded", created_at=created_at)
        if fields.get("title"):
            take = library.rename(take.id, str(fields["title"]))
        if fields.get("note"):
            take = library.set_note(take.id, str(fields["note"]))
        if fields.get("audio_missing"):
            audio.unlink()
            take = library.take(take.id)
        return take

    fill(add, now)
    return library
