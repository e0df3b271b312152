"""The coaching parts of an export: the next steps, the user's talking points, and the note
that the transcript was corrected by hand. Markdown lines and HTML sections alike."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from speakprep.core.coaching import NextStep, explain_gain, next_steps
from speakprep.core.delivery import judge_report
from speakprep.core.models import Report
from speakprep.core.score import score_answer
from speakprep.core.settings import AnalysisSettings, packaged_settings

# How each kind of talking point is named on the results card and in an export: one point
# each (a plan note split at ";" is several steps). The card said "Plan", the export "Plan step".
POINT_NAMES = {
    "short_term": "Short-term goal",
    "long_term": "Long-term goal",
    "plan": "Plan step",
    "employer_link": "Link to the employer",
}
CORRECTED_NOTE = "You corrected this transcript by hand; the checks use your words."
WELL_DONE = "Well done: this answer meets the rubric on time and content."
KEEP_IT = "Keep it as it is."
POLISH = "What would still raise it:"


def well_done_text(report: Report, *, polish: bool = False) -> str:
    """The line of an Excellent answer: "keep it as it is", unless it left out some of the
    user's own talking points or (``polish``) a figure beside it is still short of good.
    "Keep it as it is" above a card listing three points as forgotten, or beside an amber
    fillers tile, told a new user two things at once."""
    forgotten = [
        POINT_NAMES.get(p.kind, p.kind).lower() for p in report.talking_points if not p.said
    ]
    parts = [WELL_DONE]
    if forgotten:
        listed = ", ".join(forgotten[:-1]) + (" and " if len(forgotten) > 1 else "")
        parts.append(
            f"Next time, also say the talking point{'s' if len(forgotten) > 1 else ''} "
            f"you left out: {listed}{forgotten[-1]}."
        )
    if polish:
        parts.append(POLISH)
    elif not forgotten:
        parts.append(KEEP_IT)
    return " ".join(parts)


def lead_line(report: Report, steps: tuple[NextStep, ...]) -> str | None:
    """The well-done line that leads "Your next take", or None: an Excellent answer is told
    so (with what would still raise it when it has ``steps``), and so is one with no step.
    The card, the terminal and the exports all lead with it: written out in each, they
    drifted (an Excellent answer with a step was "Well done" on the card only)."""
    if steps and report.score.verdict != "excellent":
        return None
    return well_done_text(report, polish=bool(steps))


def by_bands(report: Report, settings: AnalysisSettings | None) -> Report:
    """The stored ``report`` with its delivery judged by ``settings`` (the user's bands;
    None: as analysed), as the results page's tiles judge it."""
    return report if settings is None else judge_report(report, settings)


def judged_steps(report: Report, settings: AnalysisSettings | None) -> tuple[NextStep, ...]:
    """The next steps of the stored ``report`` judged by ``settings`` (:func:`by_bands`), as
    the tiles beside them judge."""
    return next_steps(by_bands(report, settings), settings)


def steps_start(steps: tuple[NextStep, ...]) -> int:
    """The score the steps count from: the take judged by the bands now."""
    return round(steps[0].score_after - steps[0].gain)


def steps_summary(steps: tuple[NextStep, ...], total: int) -> str:
    """ "Score 64 now · 100 with these 3 steps" (empty with no step; "Score 92 now" alone when
    the steps leave the score where it is: they are for the delivery, held below Excellent).

    ``total`` is the take's stored score, the big number of the scorecard beside the card
    (and of History, Progress and Compare): a take keeps the score it was analysed with, so
    the card says that one, never one worked out again by the bands now."""
    if not steps:
        return ""
    if steps[-1].score_after == steps_start(steps):
        return f"Score {total} now"
    these = "this step" if len(steps) == 1 else f"these {len(steps)} steps"
    return f"Score {total} now · {steps[-1].score_after} with {these}"


def rescore_note(
    steps: tuple[NextStep, ...], report: Report, settings: AnalysisSettings | None
) -> str:
    """Where the steps count from, when it is not the stored score, worded by its cause
    ("" when they agree). After a band change the steps follow the tiles (judged by the
    bands now), so "+10 points → 80" under "Score 64 now" needs the 70 the bands now give.
    A take kept from an earlier version of speakprep, whose score was worked out another
    way, differs with the bands unchanged: "By your bands now" blamed the user's Settings
    for it. The cause is told apart by scoring the take as stored (its own statuses) by
    today's formula: if that is where the steps start, the bands changed nothing."""
    start = steps_start(steps) if steps else report.score.total
    if start == report.score.total:
        return ""
    as_stored = score_answer(report.content, report.delivery, settings or packaged_settings())
    if start != as_stored.total:
        return (
            f"By your bands now this take would score {start}, and the steps count "
            "from there. Press Analyse again to score it by them."
        )
    return (
        f"This take was scored by an earlier version of speakprep; scored now it would get "
        f"{start}, and the steps count from there. Press Analyse again to update its score."
    )


def _counting(
    steps: tuple[NextStep, ...], report: Report, settings: AnalysisSettings | None
) -> list[str]:
    """The lines above an export's steps, as on the card: the score they count from, and
    why it is not the stored one when it is not (the points read "+10 points → 80" under
    a score of 64 with nothing saying where 70 came from)."""
    lines = (steps_summary(steps, report.score.total), rescore_note(steps, report, settings))
    return [line for line in lines if line]


def _point_lines(report: Report) -> list[tuple[bool, str, str, str]]:
    """(said, kind name, note, where) for each of the user's talking points."""
    sentences = report.content.sentences
    out = []
    for m in report.talking_points:
        where = ""
        if m.said and m.sentence_index is not None and 0 <= m.sentence_index < len(sentences):
            where = sentences[m.sentence_index].text.strip()
        out.append((m.said, POINT_NAMES.get(m.kind, m.kind), m.note, where))
    return out


def coaching_markdown(
    report: Report, md: Callable[[str], str], settings: AnalysisSettings | None = None
) -> list[str]:
    """Markdown lines for the next steps (the well-done line when there is none) and the
    talking points.

    ``report`` is the take as stored; the steps are found with its delivery judged by
    ``settings``' bands (None: as analysed) and worded with them, as the app's "Your next
    take" card with the user's, under the same lines on the score they count from."""
    lines = ["", "## Your next take", ""]
    steps = judged_steps(report, settings)
    if steps:
        lines += [f"{md(line)}  " for line in _counting(steps, report, settings)] + [""]
    lead = lead_line(report, steps)
    if lead:
        lines += [md(lead)] + ([""] if steps else [])
    for n, step in enumerate(steps, 1):
        lines.append(f"{n}. **{md(step.title)}** ({explain_gain(step)}): {md(step.text)}")
    points = _point_lines(report)
    if points:
        lines += ["", "## Your talking points", ""]
        for said, name, note, where in points:
            state = "said" if said else "not said"
            quote = f": “{md(where)}”" if where else ""
            lines.append(f"- {'✓' if said else '✗'} {name}: {md(note)} ({state}){quote}")
    return lines


def coaching_html(report: Report, settings: AnalysisSettings | None = None) -> str:
    """HTML sections for the next steps (the well-done line when there is none) and the
    talking points; the steps worded with ``settings``' bands, as :func:`coaching_markdown`."""
    steps = judged_steps(report, settings)
    body = "".join(
        f"<p class='muted'>{escape(line)}</p>" for line in _counting(steps, report, settings)
    )
    lead = lead_line(report, steps)
    if lead:
        body += f"<p>{escape(lead)}</p>"
    if steps:
        items = "".join(
            f"<li><strong>{escape(s.title)}</strong> <span class='gain'>{explain_gain(s)}"
            f"</span><div class='advice'>{escape(s.text)}</div></li>"
            for s in steps
        )
        body += f'<ol class="steps">{items}</ol>'
    out = [f"<section><h2>Your next take</h2>{body}</section>"]
    points = _point_lines(report)
    if points:
        items = "".join(
            f'<li class="point {"said" if said else "missed"}">'
            f"<span class='mark'>{'✓' if said else '✗'}</span> <strong>{escape(name)}</strong>: "
            f"{escape(note)} <span class='muted'>({'said' if said else 'not said'})</span>"
            + (f'<div class="evidence">“{escape(where)}”</div>' if where else "")
            + "</li>"
            for said, name, note, where in points
        )
        out.append(
            f'<section><h2>Your talking points</h2><ul class="points">{items}</ul></section>'
        )
    return "\n".join(out)


def corrected_html(report: Report) -> str:
    """A note above the transcript when it was corrected by hand, with what was heard."""
    if report.heard_text is None:
        return ""
    return (
        f'<p class="corrected"><strong>Corrected transcript.</strong> {escape(CORRECTED_NOTE)}'
        f' <span class="muted">The model heard: “{escape(report.heard_text)}”</span></p>'
    )


def corrected_markdown(report: Report, md: Callable[[str], str]) -> list[str]:
    if report.heard_text is None:
        return []
    return [f"*{CORRECTED_NOTE}* The model heard: “{md(report.heard_text)}”", ""]
