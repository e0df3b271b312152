"""The saved takes for the command line and the app: exports by id, takes as plain data."""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.fsutil import atomic_write_text
from speakprep.paths import AppPaths, same_existing
from speakprep.render import EXPORT_FORMATS, accepted_formats, format_for_name, format_named
from speakprep.render.export import export_html, export_json, export_markdown
from speakprep.storage.library import Library, LibraryError, Take

__all__ = [
    "EXPORT_FORMATS",
    "ExportTarget",
    "OutputRefused",
    "UnknownQuestion",
    "export_take",
    "export_target",
    "newest_report",
    "refused_output",
    "same_file",
    "take_to_dict",
    "takes_answering",
    "write_export",
]

log = logging.getLogger(__name__)


def export_take(
    library: Library, take_id: int, fmt: str, *, bands: AnalysisSettings | None = None
) -> str:
    """Take ``take_id`` as ``fmt`` (a key of :data:`EXPORT_FORMATS` or its alias).

    With ``bands`` (the app's: the user's bands now) the Markdown and HTML figures are
    judged by them and the next steps worded with them, as the results screen shows them;
    without, as analysed. JSON is the stored report, as analysed.

    Raises:
        LibraryError: there is no such take, or its report cannot be read.
        ValueError: ``fmt`` is not a known format.
    """
    fmt = format_named(fmt)
    if fmt == "json":
        return export_json(library.report_dict(take_id))
    export = export_html if fmt == "html" else export_markdown
    return export(library.take(take_id), library.report(take_id), bands)


def newest_report(read: Callable[[int], Report], takes: Sequence[Take]) -> Report | None:
    """The report of the newest of ``takes`` (``takes[0]``: a library lists them newest
    first), read by ``read`` (``Library.report``), for what to work on next; None when there
    is none or it cannot be read (logged: the card or plot that shows it stands without it).
    """
    if not takes:
        return None
    try:
        return read(takes[0].id)
    except LibraryError as err:
        log.warning("cannot read take %s for its next steps: %s", takes[0].id, err)
        return None


class UnknownQuestion(LookupError):
    """No saved take answers the question asked for; ``str()`` is one line naming the
    nearest questions the history has takes for."""

    def __init__(self, given: str, nearest: Sequence[tuple[str, str]]) -> None:
        self.given, self.nearest = given, tuple(nearest)
        named = ", ".join(
            f"“{text}”" + ("" if qid == "custom" else f" ({qid})") for qid, text in nearest
        )
        super().__init__(
            f"no saved take answers “{given}”" + (f"; nearest: {named}" if named else "")
        )


def takes_answering(
    library: Library, question: str, *, search: str | None = None, nearest: int = 3
) -> list[Take]:
    """The takes of ``question``: an id with takes, a bank question's id or text (matched
    as ``analyze --question`` matches it), or the text of a custom question asked before.

    Raises:
        UnknownQuestion: none of these: a text no take answers (not every custom take).
        LibraryError: the history cannot be read.
    """
    from speakprep.core.rubric import default_rubric, question_closeness

    known = library.questions()
    if question in {qid for qid, _, _ in known}:
        return library.takes(question_id=question, search=search)
    rubric = default_rubric()
    asked = rubric.question(question)
    if not asked.custom:
        return library.takes(question_id=asked.id, search=search)

    def same(text: str) -> bool:
        return question_closeness(question, text) >= rubric.match_threshold

    # Custom questions share one id: the takes that asked this one, not every custom take.
    if any(same(t.question_text) for t in library.takes(question_id="custom")):
        return [
            t for t in library.takes(question_id="custom", search=search) if same(t.question_text)
        ]
    ranked = sorted(
        ((qid, text) for qid, text, _ in known),
        key=lambda q: -max(question_closeness(question, q[1]), question_closeness(question, q[0])),
    )
    raise UnknownQuestion(question, ranked[:nearest])


class OutputRefused(OSError):
    """An output the user named that speakprep will not write. Its ``strerror`` is the whole
    reason, file name as given, to print as it is (``os_reason`` lower-cases the kernel's)."""


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """A file an export may be written to, as :func:`export_target` found it."""

    path: Path


def export_target(target: Path, paths: AppPaths | None) -> ExportTarget:
    """``target`` as a file an export may be written to: checked once, before the take is
    rendered if the caller likes (as a batch refuses its outputs before it starts).

    The name must end as an export's does (.html, .md, .json...) whether or not the file
    exists, so a second export to a name does what the first did; and the name must not be
    a recording or one of the data folder's own files (of ``paths``) (:func:`refused_output`).

    Raises:
        OutputRefused: ``target`` must not be written.
    """
    target = Path(target)
    kind = refused_output(target, paths)
    if kind is None and not _is_export_name(target):
        kind = "not an export's name"
    if kind is not None:
        why = f"{target.name} is {kind}; give a new file name ending in {accepted_formats('.')}"
        raise OutputRefused(errno.EEXIST, why, str(target))
    return ExportTarget(target)


def write_export(target: ExportTarget, text: str) -> None:
    """Write an export to ``target`` atomically: on a full disk the previous file stays.

    Raises:
        OSError: the file cannot be written; its ``strerror`` says why in a few words.
    """
    atomic_write_text(target.path, text)


def refused_output(target: Path, paths: AppPaths | None, inputs: Sequence[str] = ()) -> str | None:
    """What ``target`` is when no output the user names may write it, else None: one of the
    data folder's own files (of ``paths``), or a recording (an audio file's ending, or one of
    the ``inputs`` being analysed). The one rule of ``export -o`` and ``batch --output/--csv``:
    a slip of the name (``-o take.flac``, the history database, ``preferences.json``) would
    otherwise destroy a recording, every take or the settings, existing or not yet."""
    if paths is not None and paths.owns(target):
        return "one of speakprep's own files"
    if target.suffix.lower() in SUPPORTED_SUFFIXES or any(same_file(target, n) for n in inputs):
        return "a recording"
    return None


def same_file(path: Path, name: str) -> bool:
    """Whether ``path`` and ``name`` are one file (by name, or by inode if both exist)."""
    from speakprep.services.batch import source_key

    return source_key(str(path)) == source_key(name) or same_existing(path, Path(name))


def _is_export_name(target: Path) -> bool:
    try:
        return bool(format_for_name(target.name, default=""))
    except ValueError:
        return False


def take_to_dict(take: Take) -> dict[str, Any]:
    """A take as JSON-ready data (``speakprep history --json``); times in ISO 8601."""
    return {
        "id": take.id,
        "created_at": take.created_at.isoformat(),
        "question_id": take.question_id,
        "question": take.question_text,
        "title": take.title,
        "note": take.note,
        "source": take.source,
        "audio_path": None if take.audio_path is None else str(take.audio_path),
        "audio_missing": take.audio_missing,
        "recording_s": take.recording_s,
        "speaking_s": take.speaking_s,
        "wpm": take.wpm,
        "fillers_per_minute": take.fillers_per_minute,
        "score": take.score,
        "checks_passed": take.checks_passed,
        "checks_total": take.checks_total,
        # As the History screen shows them: "5 of 6 met · 1 pitfall found".
        "pitfalls_found": take.pitfalls_found,
        "pitfalls_total": take.pitfalls_total,
        "model": take.model,
        "company": take.company,
        "role": take.role,
    }
