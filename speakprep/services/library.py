"""The saved takes for the command line and the app: exports by id, takes as plain data."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from speakprep.core.settings import AnalysisSettings
from speakprep.fsutil import atomic_write_text
from speakprep.paths import AppPaths
from speakprep.render import EXPORT_FORMATS, format_for_name, format_named
from speakprep.render.export import export_html, export_json, export_markdown
from speakprep.storage.library import Library, Take

__all__ = ["EXPORT_FORMATS", "export_take", "take_to_dict", "write_export"]


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


def write_export(target: Path, text: str, *, paths: AppPaths | None = None) -> None:
    """Write an export to ``target`` atomically: on a full disk the previous file stays.

    An existing file is replaced only if its name ends as an export's does (.html, .md,
    .json...), and the data folder's own files (of ``paths``) are never written, even
    before they exist: a slip of the name (``-o take.flac``, the history database,
    ``preferences.json``) would otherwise destroy a recording, every take or the settings.

    Raises:
        OSError: the file cannot be written, or must not be replaced (``target`` is then
            unchanged); its ``strerror`` says why in a few words.
    """
    target = Path(target)
    ours = paths is not None and paths.owns(target)
    if ours or (target.exists() and not _is_export_name(target)):
        kind = "one of speakprep's own files" if ours else "not an export"
        known = ", ".join(EXPORT_FORMATS.values())
        why = f"{target.name} is {kind}; give a new file name ending in {known}"
        raise FileExistsError(errno.EEXIST, why, str(target))
    atomic_write_text(target, text)


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
        "model": take.model,
        "company": take.company,
        "role": take.role,
    }
