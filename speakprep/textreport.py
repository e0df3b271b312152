"""The practice report as plain text, for a person at a terminal."""

from __future__ import annotations

import textwrap
from collections import Counter

from speakprep.core.models import Delivery, Report

LABEL_NAMES = {
    "short_term": "short-term",
    "long_term": "long-term",
    "plan": "plan",
    "other": "other",
}
STATUS_WORDS = {
    "too_short": "too short",
    "on_target": "on target",
    "a_little_long": "a little long",
    "too_long": "too long",
    "slow": "slow",
    "a_little_slow": "a little slow",
    "good": "good",
    "a_little_fast": "a little fast",
    "fast": "fast",
    "fair": "fair",
    "high": "high",
}
MARKS = {"pass": "✓", "warn": "!", "fail": "✗"}


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "-:--"
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def render_report(report: Report, *, width: int = 88) -> str:
    lines: list[str] = []
    head = report.source or "answer"
    lines.append(f"{head}: “{report.question.text}”")
    if report.company or report.role:
        at = " at ".join(x for x in (report.role, report.company) if x)
        lines.append(f"Interview: {at}")
    score = report.score
    detail = f"content {score.content:.0f}"
    if score.delivery is not None:
        detail += f", delivery {score.delivery:.0f}"
    lines.append(f"Score {score.total}/100 ({detail})")
    if report.warnings:
        lines += ["", "Warnings"]
        for note in report.warnings:
            lines += textwrap.wrap(note, width, initial_indent="  ! ", subsequent_indent="    ")
    if report.delivery is not None:
        lines += ["", "Delivery", *_delivery_lines(report.delivery)]
    else:
        lines += ["", "Delivery: not measured (text only)"]
    lines += ["", "Checks"]
    for check in report.content.checks:
        if not getattr(check, "applies", True):
            continue
        mark = MARKS.get(check.status, "?")
        lines.append(f"  {mark} {check.title}")
        lines += textwrap.wrap(
            check.advice, width, initial_indent="      ", subsequent_indent="      "
        )
    lines += ["", "Timeline"]
    sentences = report.content.sentences
    for seg in report.content.segments:
        first = sentences[seg.sentence_indexes[0]].text
        span = f"{clock(seg.start_s)}-{clock(seg.end_s)}  " if seg.start_s is not None else ""
        quote = first if len(first) <= 60 else first[:57].rstrip() + "..."
        lines.append(f"  {span}{LABEL_NAMES[seg.label]:<10} “{quote}”")
    lines += ["", "Transcript"]
    lines += textwrap.wrap(
        report.transcript.text, width, initial_indent="  ", subsequent_indent="  "
    )
    return "\n".join(lines)


def _delivery_lines(d: Delivery) -> list[str]:
    out = [
        f"  Speaking time  {clock(d.speaking_s)} of {clock(d.target_s)} target"
        f"  ({STATUS_WORDS[d.target_status]})",
        f"  Pace           {d.wpm:.0f} words per minute  ({STATUS_WORDS[d.pace_status]})",
    ]
    counts = Counter(f.text.lower() for f in d.fillers)
    listed = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.most_common())
    out.append(
        f"  Fillers        {len(d.fillers)} ({d.fillers_per_minute:.1f} a minute, "
        f"{STATUS_WORDS[d.filler_status]})" + (f": {listed}" if listed else "")
    )
    long_pauses = [p for p in d.pauses if p.long]
    pauses = f"  Pauses         {len(d.pauses)} of a second or more"
    if long_pauses:
        at = ", ".join(clock(p.start_s) for p in long_pauses)
        pauses += f"; {len(long_pauses)} long mid-sentence (at {at})"
    out.append(pauses)
    if d.repetitions:
        out.append("  Repeated       " + ", ".join(f"“{w}” ×{n}" for w, n in d.repetitions))
    v = d.voice
    if v is not None and v.pitch_range_semitones is not None:
        tone = "monotone: vary your pitch" if v.monotone else "varied"
        out.append(f"  Voice          pitch range {v.pitch_range_semitones:.1f} semitones ({tone})")
    return out
