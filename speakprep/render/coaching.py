"""The coaching parts of an export: the next steps, the user's talking points, and the note
that the transcript was corrected by hand. Markdown lines and HTML sections alike."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from speakprep.core.coaching import explain_gain, next_steps
from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings

# How each kind of talking point is named in an export (the practice screen's labels).
POINT_NAMES = {
    "short_term": "Near-term goal",
    "long_term": "Long-term goal",
    "plan": "Plan step",
    "employer_link": "Link to the employer",
}
CORRECTED_NOTE = "You corrected this transcript by hand; the checks use your words."


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
    """Markdown lines for the next steps and the talking points (empty when there are none).

    The steps are worded with ``settings``' bands (None: the packaged ones), as the app's
    "Your next take" card with the user's."""
    lines: list[str] = []
    steps = next_steps(report, settings)
    if steps:
        lines += ["", "## Your next take", ""]
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
    """HTML sections for the next steps and the talking points (empty when there are none);
    the steps worded with ``settings``' bands, as :func:`coaching_markdown`."""
    out = []
    steps = next_steps(report, settings)
    if steps:
        items = "".join(
            f"<li><strong>{escape(s.title)}</strong> <span class='gain'>{explain_gain(s)}"
            f"</span><div class='advice'>{escape(s.text)}</div></li>"
            for s in steps
        )
        out.append(f'<section><h2>Your next take</h2><ol class="steps">{items}</ol></section>')
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
