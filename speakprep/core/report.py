"""The practice report as JSON (design.md §4). Keys may be added, never renamed.

:func:`report_to_dict` writes every field of :class:`~speakprep.core.models.Report`, so
:func:`report_from_dict` rebuilds an equal report: the history stores this JSON and reads
takes back from it. Keys added after the first release are optional when reading, so a
report saved by an older version still loads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from speakprep.core.checks import in_todays_words
from speakprep.core.coaching import next_steps
from speakprep.core.models import (
    CheckResult,
    ContentResult,
    Delivery,
    FillerItem,
    PacePoint,
    Pause,
    Question,
    Report,
    Score,
    Segment,
    Sentence,
    Transcript,
    Voice,
    Word,
)
from speakprep.core.score import DELIVERY_CHECKS, speaking_status_of, tally_checks, toned
from speakprep.core.talking_points import PointMatch

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON values: dicts, lists, str, int, float, bool and None.

    Times and figures come from numpy and faster-whisper as numpy scalars (``np.float32``
    word times, ``np.bool_`` from a comparison); ``json.dumps`` refuses those, so they are
    turned into Python numbers here, once, for every value in the report.
    """
    return _plain(_report_dict(report))


def _plain(value: Any) -> Any:
    """``value`` with every numpy scalar inside it replaced by the Python value it holds."""
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _report_dict(report: Report) -> dict[str, Any]:
    content = report.content
    return {
        "schema_version": SCHEMA_VERSION,
        "question_id": report.question.id,
        "question": report.question.text,
        "question_checks": list(report.question.checks),
        "question_focus": list(report.question.focus),
        "question_custom": report.question.custom,
        "question_frame": report.question.frame,
        "company": report.company,
        "role": report.role,
        "source": report.source,
        "model": report.model,
        "transcript": report.transcript.text,
        "corrected": report.heard_text is not None,
        "heard_transcript": report.heard_text,
        "talking_points": [
            {
                "kind": m.kind,
                "note": m.note,
                "said": m.said,
                "sentence_index": m.sentence_index,
                "similarity": m.similarity,
            }
            for m in report.talking_points
        ],
        "recording_s": report.transcript.recording_s,
        "language": report.transcript.language,
        "words": [_word(w) for w in report.transcript.words],
        "delivery": _delivery(report.delivery) if report.delivery is not None else None,
        "sentences": [_sentence(s) for s in content.sentences],
        "segments": [_segment(s) for s in content.segments],
        "checks": [_check(c) for c in content.checks],
        # The one checks count of every screen and export (core.score.tally_checks).
        "checks_passed": tally_checks(content.checks).met,
        "checks_total": tally_checks(content.checks).required,
        "pitfalls_found": tally_checks(content.checks).pitfalls_found,
        "score": {
            "total": report.score.total,
            "content": report.score.content,
            "delivery": report.score.delivery,
            "parts": dict(report.score.parts),
            "penalties": dict(report.score.penalties),
            "verdict": report.score.verdict,
        },
        # Derived from the rest (core.coaching), so not read back: always the current advice.
        "next_steps": [
            {
                "id": step.id,
                "title": step.title,
                "text": step.text,
                "gain": step.gain,
                "score_after": step.score_after,
                "for_excellent": step.for_excellent,
                "with_steps": list(step.with_steps),
                "evidence": list(step.sentence_indexes),
            }
            for step in next_steps(report)
        ],
        "warnings": list(report.warnings),
    }


def _word(w: Word) -> dict[str, Any]:
    return {
        "text": w.text,
        "start": w.start_s,
        "end": w.end_s,
        # Not rounded: the history keeps this JSON as the take's report, and must give back
        # the same report.
        "probability": w.probability,
        "filler": w.filler,
        "filler_kind": w.filler_kind,
        "source": w.source,
        "char_start": w.char_start,
        "char_end": w.char_end,
    }


def _delivery(d: Delivery) -> dict[str, Any]:
    voice = d.voice
    return {
        "recording_s": d.recording_s,
        "speaking_s": d.speaking_s,
        "target_s": d.target_s,
        "target_status": d.target_status,
        "word_count": d.word_count,
        "wpm": d.wpm,
        "pace_status": d.pace_status,
        # The rates stay; a person is told "too short to rate" instead of them.
        "too_short_to_rate": d.too_short_to_rate,
        "pace_over_time": [{"time": p.time_s, "wpm": p.wpm} for p in d.pace_over_time],
        "fillers": {
            "count": len(d.fillers),
            "per_minute": d.fillers_per_minute,
            "status": d.filler_status,
            "hard_count": sum(1 for f in d.fillers if f.kind == "hard"),
            "discourse_count": sum(1 for f in d.fillers if f.kind == "discourse"),
            "items": [
                {
                    "text": f.text,
                    "kind": f.kind,
                    "start": f.start_s,
                    "end": f.end_s,
                    "source": f.source,
                }
                for f in d.fillers
            ],
        },
        "pauses": [
            {
                "start": p.start_s,
                "end": p.end_s,
                "duration_s": round(p.duration_s, 3),
                "mid_sentence": p.mid_sentence,
                "long": p.long,
            }
            for p in d.pauses
        ],
        "long_pause_count": len(d.long_pauses),
        "repetitions": [{"text": t, "count": n} for t, n in d.repetitions],
        "voice": None
        if voice is None
        else {
            "loudness_mean_db": voice.loudness_mean_db,
            "loudness_range_db": voice.loudness_range_db,
            "pitch_median_hz": voice.pitch_median_hz,
            "pitch_range_semitones": voice.pitch_range_semitones,
            "monotone": voice.monotone,
            "loudness_envelope": [{"time": t, "db": v} for t, v in voice.loudness_db],
        },
    }


def _sentence(s: Sentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "char_start": s.char_start,
        "char_end": s.char_end,
        "start": s.start_s,
        "end": s.end_s,
        "label": s.label,
        "word_indexes": list(s.word_indexes),
        "reason": s.reason,
    }


def _segment(s: Segment) -> dict[str, Any]:
    return {
        "label": s.label,
        "start": s.start_s,
        "end": s.end_s,
        "sentence_indexes": list(s.sentence_indexes),
    }


def _check(c: CheckResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "found": c.found,
        "ok": c.ok,
        "status": c.status,
        "pitfall": c.pitfall,
        "applies": c.applies,
        "weight": c.weight,
        "evidence": list(c.evidence),
        "advice": c.advice,
        "reason": c.reason,
        **({"speaking_status": c.speaking_status} if c.speaking_status else {}),
    }


class ReportFormatError(ValueError):
    """A dict that is not a report :func:`report_from_dict` can read; one line for a person."""


def report_from_dict(d: Mapping[str, Any]) -> Report:
    """Rebuild the :class:`Report` that :func:`report_to_dict` turned into ``d``.

    ``report_from_dict(report_to_dict(r)) == r`` for every report, also after a JSON round
    trip. Keys added to the contract later are optional here.

    Raises:
        ReportFormatError: ``d`` is not a report of a schema version this code knows.
    """
    version = d.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ReportFormatError(f"unsupported report schema version {version!r}")
    try:
        return _report(d)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ReportFormatError(f"not a valid report ({detail})") from exc


def _report(d: Mapping[str, Any]) -> Report:
    question = Question(
        id=d["question_id"],
        text=d.get("question") or d["question_id"],
        checks=tuple(d.get("question_checks") or ()),
        focus=tuple(d.get("question_focus") or ()),
        custom=bool(d.get("question_custom", False)),
        frame=d.get("question_frame"),
    )
    transcript = Transcript(
        text=d["transcript"],
        words=tuple(_word_from(w) for w in d["words"]),
        recording_s=d.get("recording_s"),
        language=d.get("language"),
    )
    delivery = None if d.get("delivery") is None else _delivery_from(d["delivery"])
    sentences = tuple(_sentence_from(s) for s in d["sentences"])
    texts = [s.text for s in sentences]
    content = ContentResult(
        sentences=sentences,
        segments=tuple(
            Segment(
                label=s["label"],
                start_s=s["start"],
                end_s=s["end"],
                sentence_indexes=tuple(s["sentence_indexes"]),
            )
            for s in d["segments"]
        ),
        # A take kept before reads its label reasons in today's words (not written back).
        checks=tuple(in_todays_words(_check_from(c, delivery), texts) for c in d["checks"]),
    )
    score = d["score"]
    return Report(
        question=question,
        transcript=transcript,
        delivery=delivery,
        content=content,
        score=Score(
            total=score["total"],
            content=score.get("content", float(score["total"])),
            delivery=score.get("delivery"),
            parts=dict(score.get("parts") or {}),
            penalties=dict(score.get("penalties") or {}),
            verdict=score.get("verdict", ""),
        ),
        company=d.get("company"),
        role=d.get("role"),
        source=d.get("source"),
        model=d.get("model"),
        heard_text=d.get("heard_transcript"),
        talking_points=tuple(
            PointMatch(
                kind=m["kind"],
                note=m["note"],
                said=bool(m["said"]),
                sentence_index=m.get("sentence_index"),
                similarity=float(m.get("similarity", 0.0)),
            )
            for m in d.get("talking_points") or ()
        ),
        warnings=tuple(str(w) for w in d.get("warnings") or ()),
    )


def _word_from(w: Mapping[str, Any]) -> Word:
    return Word(
        text=w["text"],
        start_s=w["start"],
        end_s=w["end"],
        probability=w.get("probability"),
        filler=bool(w.get("filler", False)),
        filler_kind=w.get("filler_kind"),
        source=w.get("source", "asr"),
        char_start=w.get("char_start"),
        char_end=w.get("char_end"),
    )


def _delivery_from(d: Mapping[str, Any]) -> Delivery:
    fillers = d["fillers"]
    voice = d.get("voice")
    return Delivery(
        recording_s=d["recording_s"],
        speaking_s=d["speaking_s"],
        target_s=d["target_s"],
        target_status=d["target_status"],
        word_count=d.get("word_count", 0),
        wpm=d["wpm"],
        pace_status=d.get("pace_status", ""),
        pace_over_time=tuple(PacePoint(p["time"], p["wpm"]) for p in d.get("pace_over_time", ())),
        fillers=tuple(
            FillerItem(
                text=f["text"],
                kind=f.get("kind", "hard"),
                start_s=f["start"],
                end_s=f["end"],
                source=f.get("source", "asr"),
            )
            for f in fillers["items"]
        ),
        fillers_per_minute=fillers["per_minute"],
        filler_status=fillers.get("status", ""),
        pauses=tuple(
            Pause(
                start_s=p["start"],
                end_s=p["end"],
                mid_sentence=bool(p.get("mid_sentence", False)),
                long=bool(p.get("long", False)),
            )
            for p in d["pauses"]
        ),
        repetitions=tuple((r["text"], r["count"]) for r in d.get("repetitions", ())),
        voice=None if voice is None else _voice_from(voice),
        too_short_to_rate=bool(d.get("too_short_to_rate", False)),
    )


def _voice_from(v: Mapping[str, Any]) -> Voice:
    return Voice(
        loudness_db=tuple((p["time"], p["db"]) for p in v.get("loudness_envelope", ())),
        loudness_mean_db=v.get("loudness_mean_db"),
        loudness_range_db=v.get("loudness_range_db"),
        pitch_median_hz=v.get("pitch_median_hz"),
        pitch_range_semitones=v.get("pitch_range_semitones"),
        monotone=v.get("monotone"),
    )


def _sentence_from(s: Mapping[str, Any]) -> Sentence:
    return Sentence(
        text=s["text"],
        char_start=s["char_start"],
        char_end=s["char_end"],
        start_s=s["start"],
        end_s=s["end"],
        label=s["label"],
        word_indexes=_ints(s.get("word_indexes", ())),
        reason=str(s.get("reason", "")),
    )


def _check_from(c: Mapping[str, Any], delivery: Delivery | None) -> CheckResult:
    # A take kept before the speaking-time check took its time's tone stored "warn", and one
    # kept before 74b97cf no speaking status either: it judged its delivery's.
    check = CheckResult(
        id=c["id"],
        title=c.get("title", c["id"]),
        found=bool(c["found"]),
        ok=bool(c["ok"]),
        evidence=_ints(c["evidence"]),
        advice=c["advice"],
        pitfall=bool(c.get("pitfall", False)),
        status=c.get("status", "pass" if c["ok"] else "fail"),
        weight=c.get("weight", 0.0),
        applies=bool(c.get("applies", True)),
        reason=str(c.get("reason", "")),
        speaking_status=str(c.get("speaking_status", "")),
    )
    if check.id in DELIVERY_CHECKS:
        check = replace(check, speaking_status=speaking_status_of(check, delivery))
    return toned(check)


def _ints(values: Sequence[Any]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)
