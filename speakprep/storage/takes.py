"""One saved take as the history lists it, and how takes map to and from table rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from speakprep.core.models import Report
from speakprep.core.report import report_to_dict
from speakprep.core.score import CheckTally, tally_checks

SOURCES = ("recorded", "imported")

# Everything a Take needs, without the report JSON (which can be large).
TAKE_COLUMNS = (
    "id, created_at, question_id, question_text, title, note, source, audio_file, "
    "recording_s, speaking_s, wpm, fillers_per_minute, score, checks_passed, checks_total, "
    "pitfalls_found, pitfalls_total, model, company, role"
)


@dataclass(frozen=True, slots=True)
class Take:
    """One saved take as the history lists it; its full report is :meth:`Library.report`."""

    id: int
    created_at: datetime  # local time, aware
    question_id: str
    question_text: str
    title: str | None  # the user's name for it; None: show question_text
    note: str  # "" if none
    source: str  # "recorded" | "imported"
    audio_path: Path | None
    audio_missing: bool  # there was audio, but the file is gone
    recording_s: float | None
    speaking_s: float | None
    wpm: float | None
    fillers_per_minute: float | None
    score: int
    checks_passed: int  # required checks that apply and are met (core.score.tally_checks)
    checks_total: int
    model: str | None
    company: str | None
    role: str | None
    pitfalls_found: int = 0  # pitfalls found, of pitfalls_total the question looks for
    pitfalls_total: int = 0

    @property
    def tally(self) -> CheckTally:
        """The checks count as the take's results page shows it, with its colour."""
        return CheckTally(
            self.checks_passed, self.checks_total, self.pitfalls_found, self.pitfalls_total
        )

    @property
    def display_title(self) -> str:
        """The user's title, else the question."""
        return self.title or self.question_text


def take_from_row(r: sqlite3.Row, recordings_dir: Path) -> Take:
    """A Take from a row of ``TAKE_COLUMNS``; relative audio names resolve in ``recordings_dir``."""
    audio = None if r["audio_file"] is None else recordings_dir / r["audio_file"]
    return Take(
        id=r["id"],
        created_at=datetime.fromisoformat(r["created_at"]).astimezone(),
        question_id=r["question_id"],
        question_text=r["question_text"],
        title=r["title"],
        note=r["note"] or "",
        source=r["source"],
        audio_path=audio,
        audio_missing=audio is not None and not audio.is_file(),
        recording_s=r["recording_s"],
        speaking_s=r["speaking_s"],
        wpm=r["wpm"],
        fillers_per_minute=r["fillers_per_minute"],
        score=r["score"],
        checks_passed=r["checks_passed"],
        checks_total=r["checks_total"],
        pitfalls_found=r["pitfalls_found"],
        pitfalls_total=r["pitfalls_total"],
        model=r["model"],
        company=r["company"],
        role=r["role"],
    )


def report_columns(report: Report) -> dict[str, Any]:
    """The columns a report fills: its figures for listing, and its JSON."""
    d = report.delivery
    tally = tally_checks(report.content.checks)
    return {
        "question_id": report.question.id,
        "question_text": report.question.text,
        "recording_s": d.recording_s if d is not None else report.transcript.recording_s,
        "speaking_s": d.speaking_s if d is not None else None,
        "wpm": d.wpm if d is not None else None,
        "fillers_per_minute": d.fillers_per_minute if d is not None else None,
        "score": report.score.total,
        # The count the results page shows: required checks met, of those that apply.
        "checks_passed": tally.met,
        "checks_total": tally.required,
        "pitfalls_found": tally.pitfalls_found,
        "pitfalls_total": tally.pitfalls,
        "model": report.model,
        "company": report.company,
        "role": report.role,
        "transcript": report.transcript.text,
        "report": json.dumps(report_to_dict(report), ensure_ascii=False),
    }


def to_db_time(when: datetime | None) -> str:
    """UTC ISO 8601 with microseconds: one fixed width, so text order is time order."""
    if when is None:
        when = datetime.now(UTC)
    elif when.tzinfo is None:
        when = when.astimezone()  # a naive time is the user's local time
    return when.astimezone(UTC).isoformat(timespec="microseconds")
