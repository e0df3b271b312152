"""The practice report as JSON (design.md §4). Keys may be added, never renamed."""

from __future__ import annotations

from typing import Any

from speakprep.core.models import CheckResult, Delivery, Report, Segment, Sentence, Word

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    content = report.content
    return {
        "schema_version": SCHEMA_VERSION,
        "question_id": report.question.id,
        "question": report.question.text,
        "company": report.company,
        "role": report.role,
        "source": report.source,
        "model": report.model,
        "transcript": report.transcript.text,
        "words": [_word(w) for w in report.transcript.words],
        "delivery": _delivery(report.delivery) if report.delivery is not None else None,
        "sentences": [_sentence(s) for s in content.sentences],
        "segments": [_segment(s) for s in content.segments],
        "checks": [_check(c) for c in content.checks],
        "score": {
            "total": report.score.total,
            "content": report.score.content,
            "delivery": report.score.delivery,
            "parts": dict(report.score.parts),
        },
    }


def _word(w: Word) -> dict[str, Any]:
    return {
        "text": w.text,
        "start": w.start_s,
        "end": w.end_s,
        "probability": None if w.probability is None else round(w.probability, 3),
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
        "long_pause_count": sum(1 for p in d.pauses if p.long),
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
        "applies": getattr(c, "applies", True),
        "weight": c.weight,
        "evidence": list(c.evidence),
        "advice": c.advice,
    }
