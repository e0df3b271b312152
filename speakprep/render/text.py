"""The practice report as plain text, for a person at a terminal."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable

from speakprep.core.coaching import explain_gain
from speakprep.core.models import CheckResult, Delivery, Question, Report
from speakprep.core.rubric import Rubric, default_rubric
from speakprep.core.score import DELIVERY_CHECKS, blend, speaking_status_of, tally_checks
from speakprep.core.settings import ScoreSettings, packaged_settings
from speakprep.core.units import clock_text, counted
from speakprep.render.coaching import judged_steps, lead_line, steps_summary
from speakprep.render.marks import MARK_NAMES

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
# What every page shows for pace and fillers a minute on a take too short to rate them
# (Delivery.too_short_to_rate): "85.7 per min" for one "um" in 1 s measured nothing.
TOO_SHORT_TO_RATE = "too short to rate"
# The score's penalties (core.score.penalties) by name, as the reports say them.
PENALTY_WORDS = {**STATUS_WORDS, "monotone": "monotone voice", "repetition": "said twice"}
HELD = "held below Excellent"
MARKS = {"pass": "✓", "warn": "!", "fail": "✗"}
# What a status means depends on the kind of check: a passed pitfall was avoided.
REQUIRED_WORDS = {"pass": "Met", "warn": "Could be stronger", "fail": "Missing"}
PITFALL_WORDS = {"pass": "Avoided", "warn": "Watch out", "fail": "Found"}


def check_word(check: CheckResult, delivery: Delivery | None = None) -> str:
    """The app's word for a check's status: Met / Missing for a need, Avoided / Found for a
    pitfall. The speaking-time check, unmet, says the speaking time's own status ("Too
    short", as its tile does) when the take was timed: a 0:21 answer read "Within 90
    seconds: Could be stronger" in Compare, as if nearly there. The status is the one the
    check stored (the delivery's only for a report kept before it was), so an export
    re-judged by new bands words it as its advice and the results page do. A typed answer has no
    speaking time: its check says the status of the time estimated from its word count
    ("Too short (estimated)"); it read "Could be stronger" while a timed take said "Too
    short". One kept before the estimate was stored has the generic word: "Not timed" sat
    above advice that said it was too short."""
    if check.id in DELIVERY_CHECKS and not check.ok:
        # The check's own status, as judged with its advice: an export re-judged by the
        # user's bands now must not word it by another ("A little long" over "Too short").
        status = speaking_status_of(check, delivery)
        word = STATUS_WORDS.get(status, "") if status != "on_target" else ""
        if word:
            return word.capitalize() + (" (estimated)" if delivery is None else "")
    words = PITFALL_WORDS if check.pitfall else REQUIRED_WORDS
    return words.get(check.status, check.status)


def band_change(check: CheckResult, judged: Delivery | None) -> tuple[str, str] | None:
    """(the status the speaking-time check stored, the status by ``judged``'s bands now) when
    they differ; None for any other check, an untimed take or statuses that agree."""
    stored = check.speaking_status
    if check.id not in DELIVERY_CHECKS or judged is None or not check.applies or not stored:
        return None
    now = judged.target_status
    return None if now == stored else (stored, now)


def band_change_note(check: CheckResult, judged: Delivery | None) -> str:
    """Why the speaking-time check and the time tile disagree, when they do ("" otherwise).
    The check (its word, colour and advice) keeps the status the take was judged by when it
    was analysed; the tile takes the user's bands now (``judged``). A 26.5 s take kept as
    "✗ Too short" beside an amber "a little long" tile, after the target moved to 25 s,
    said nothing of why."""
    changed = band_change(check, judged)
    if changed is None:
        return ""
    stored, now = changed
    return (
        f"Judged {STATUS_WORDS.get(stored, stored)} by the speaking-time bands of when it was "
        f"analysed; by your bands now it is {STATUS_WORDS.get(now, now)}, as its tile says. "
        "Press Analyse again to judge it by them."
    )


def pauses_text(d: Delivery) -> str:
    """ "No pauses of 1 s or more", "1 pause of 1 s or more", "4 pauses of 1 s or more"."""
    n = len(d.pauses)
    count = "No pauses" if n == 0 else counted(n, "pause")
    return f"{count} of {packaged_settings().pauses.min_pause_s:g} s or more"


def spoken_words_text(d: Delivery) -> str:
    """ "14 words in 0:06": what a take too short to rate has instead of a pace."""
    return f"{counted(d.word_count, 'word')} in {clock_text(d.speaking_s)}"


def own_question_note(question: Question, rubric: Rubric | None = None) -> str:
    """ "Your own question gets the checks of “What are your career goals?”" for a question
    of the user's own, "" for a bank question: a new user's "Why customer support?" was
    scored on career goals with nothing saying so (the app's practice screen and the
    terminal's report say it in these words)."""
    if not question.custom:
        return ""
    default = (rubric or default_rubric()).question(None)
    return f"Your own question gets the checks of “{default.text}”"


def long_pauses_text(d: Delivery) -> str:
    """ "no long pause mid-sentence", "1 long mid-sentence (over 2.5 s)": the
    figure the app shows large on its pauses tile, which the pause count alone hides."""
    n = len(d.long_pauses)
    if n == 0:
        return "no long pause mid-sentence"
    # What long is, as the app's pauses tile says it (a new user asked how long is long).
    return f"{n} long mid-sentence (over {packaged_settings().pauses.long_mid_sentence_s:g} s)"


def voice_text(d: Delivery) -> tuple[str, str] | None:
    """(value, judgement) of the voice figure, or None when pitch was not measured."""
    v = d.voice
    if v is None or v.pitch_range_semitones is None:
        return None
    tone = "monotone: vary your pitch" if v.monotone else "varied"
    return f"pitch range {v.pitch_range_semitones:.1f} semitones", tone


def score_deductions(report: Report, weights: ScoreSettings | None = None) -> tuple[list[str], str]:
    """What took the total below the blend of content and delivery shown beside it: each
    penalty ("−20 too short"), and the hold below "excellent". Without them "content 100,
    delivery 72" over a total of 84 reads as a wrong sum. The phrases, and a sentence that
    explains them; both empty when nothing was taken off. ``weights``: the packaged ones
    when None."""
    weights = weights or packaged_settings().score
    taken = report.score.penalties
    words = {name: _penalty_word(name, report.delivery) for name in taken}
    phrases = [f"−{points:g} {words[name]}" for name, points in taken.items()]
    why = []
    if taken:
        listed = ", ".join(f"{words[name]} −{points:g}" for name, points in taken.items())
        why.append(f"Points off for what an interviewer notices at once: {listed}.")
    if _held(report, weights):
        phrases.append(HELD)
        why.append(
            "Excellent needs an answer on target in time and content, a lively voice and "
            f"nothing said twice: this one is held at {report.score.total}."
        )
    return phrases, " ".join(why)


def _penalty_word(name: str, delivery: Delivery | None) -> str:
    """A penalty's words. A speaking-time penalty judged by other bands than the figures
    shown (an export by the user's bands now) is named by what it was for, not "too short"
    beside a tile that says "a little long"."""
    if name in STATUS_WORDS and (delivery is None or delivery.target_status != name):
        return "speaking time"
    return PENALTY_WORDS.get(name, name)


def _held(report: Report, weights: ScoreSettings) -> bool:
    """Whether core.score held the total below "excellent": the stored parts, blended and
    less the penalties, round above it. (The stored parts, not ones judged again: a band
    changed since must not make a hold appear or vanish.)"""
    score = report.score
    blended = blend(score.content, score.delivery, weights)
    return round(blended - sum(score.penalties.values())) > score.total


def heard_as(report: Report, sentence_indexes: Iterable[int]) -> str:
    """ "heard as money focus" when a pitfall was found in one of these sentences, else "".
    Beside a part's name wherever the parts are listed: the Markdown export's structure
    read "**Short-term goal**: “I mostly want a higher salary”" while its checks, above it,
    said that sentence is the money focus found."""
    these = set(sentence_indexes)
    found = [
        c.title.lower()
        for c in report.content.checks
        if c.applies and c.pitfall and c.found and these.intersection(c.evidence)
    ]
    return f"heard as {' and '.join(found)}" if found else ""


def score_parts(report: Report, between: str = ", ") -> str:
    """ "content 40, delivery 48; −20 too short, −6 monotone voice": the parts of the
    score and what was taken off them, for the text and the exports."""
    score = report.score
    parts = [f"content {score.content:.0f}"]
    if score.delivery is not None:
        parts.append(f"delivery {score.delivery:.0f}")
    taken, _ = score_deductions(report)
    return between.join(parts) + (f"; {', '.join(taken)}" if taken else "")


def render_report(report: Report, *, width: int = 88) -> str:
    lines: list[str] = []
    head = report.source or "answer"
    lines.append(f"{head}: “{report.question.text}”")
    if report.question.custom:
        lines.append(own_question_note(report.question))
    if report.company or report.role:
        at = " at ".join(x for x in (report.role, report.company) if x)
        lines.append(f"Interview: {at}")
    lines.append(f"Score {report.score.total}/100 ({score_parts(report)})")
    if report.warnings:
        lines += ["", "Warnings"]
        for note in report.warnings:
            lines += textwrap.wrap(note, width, initial_indent="  ! ", subsequent_indent="    ")
    lines += _next_take_lines(report, width)
    if report.delivery is not None:
        lines += ["", "Delivery", *_delivery_lines(report.delivery)]
    else:
        lines += ["", "Delivery: not measured (text only)"]
    lines += ["", f"Checks: {tally_checks(report.content.checks).text}"]
    for check in report.content.checks:
        if not getattr(check, "applies", True):
            continue
        mark = MARKS.get(check.status, "?")
        lines.append(f"  {mark} {check.title}: {check_word(check, report.delivery)}")
        lines += textwrap.wrap(
            check.advice, width, initial_indent="      ", subsequent_indent="      "
        )
    lines += ["", "Timeline"]
    sentences = report.content.sentences
    for seg in report.content.segments:
        first = sentences[seg.sentence_indexes[0]].text
        span = (
            f"{clock_text(seg.start_s)}-{clock_text(seg.end_s)}  "
            if seg.start_s is not None
            else ""
        )
        quote = first if len(first) <= 60 else first[:57].rstrip() + "..."
        heard = heard_as(report, seg.sentence_indexes)
        line = f"  {span}{LABEL_NAMES[seg.label]:<10} “{quote}”"
        lines.append(line + (f" ({heard})" if heard else ""))
    lines += ["", "Transcript"]
    lines += textwrap.wrap(
        report.transcript.text, width, initial_indent="  ", subsequent_indent="  "
    )
    return "\n".join(lines)


def _next_take_lines(report: Report, width: int) -> list[str]:
    """The app's "Your next take" card as text, under the score: the terminal's report had
    figures and checks but never said what to do next (the app and the exports do)."""
    steps = judged_steps(report, None)
    summary = steps_summary(steps, report.score.total)
    lines = ["", f"Your next take ({summary})" if summary else "Your next take"]
    lead = lead_line(report, steps)  # as the card: an Excellent answer is told so first
    if lead:
        lines += textwrap.wrap(lead, width, initial_indent="  ", subsequent_indent="  ")
    for n, step in enumerate(steps, 1):
        lines.append(f"  {n}. {step.title} ({explain_gain(step)})")
        indent = "     "
        lines += textwrap.wrap(
            step.text,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    return lines


def _delivery_lines(d: Delivery) -> list[str]:
    out = [
        f"  Speaking time  {clock_text(d.speaking_s)} of {clock_text(d.target_s)} target"
        f"  ({STATUS_WORDS[d.target_status]})",
    ]
    counts = Counter(f.text.lower() for f in d.fillers)
    listed = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.most_common())
    if d.too_short_to_rate:
        out.append(f"  Pace           {TOO_SHORT_TO_RATE} ({spoken_words_text(d)})")
        fillers = f"{len(d.fillers)} ({TOO_SHORT_TO_RATE})"
    else:
        out.append(
            f"  Pace           {d.wpm:.0f} words per minute  ({STATUS_WORDS[d.pace_status]})"
        )
        fillers = (
            f"{len(d.fillers)} ({d.fillers_per_minute:.1f} a minute, "
            f"{STATUS_WORDS[d.filler_status]})"
        )
    out.append(f"  Fillers        {fillers}" + (f": {listed}" if listed else ""))
    if any(f.source == "audio" for f in d.fillers):
        # "(um)" in the list is the app's legend entry: say what the brackets mean here too.
        out.append(f"{'':17}{MARK_NAMES['filler_audio']}")
    pauses = f"  Pauses         {pauses_text(d)}; {long_pauses_text(d)}"
    if d.long_pauses:
        pauses += f" at {', '.join(clock_text(p.start_s) for p in d.long_pauses)}"
    out.append(pauses)
    if d.repetitions:
        out.append("  Repeated       " + ", ".join(f"“{w}” ×{n}" for w, n in d.repetitions))
    voice = voice_text(d)
    if voice is not None:
        out.append(f"  Voice          {voice[0]} ({voice[1]})")
    return out
