"""A take's report as a file to keep or share: JSON, Markdown, or a self-contained HTML page.

The HTML page needs nothing but a browser: the styles are inline, the timeline is inline
SVG, there are no scripts, fonts, images or links to fetch. Every piece of user text (the
transcript, titles, notes, names) is escaped, in Markdown as well as in HTML.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any, Protocol

from speakprep import __version__, palette
from speakprep.core.models import Delivery, Report
from speakprep.core.score import DELIVERY_TONE, long_pause_status, tally_checks
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.render.coaching import (
    by_bands,
    coaching_html,
    coaching_markdown,
    corrected_html,
    corrected_markdown,
)
from speakprep.render.css import PAGE_CSS
from speakprep.render.dates import format_take_when
from speakprep.render.marks import MARK_NAMES, present_marks
from speakprep.render.svg import timeline_svg
from speakprep.render.text import (
    STATUS_WORDS,
    TOO_SHORT_TO_RATE,
    band_change_note,
    check_word,
    heard_as,
    long_pauses_text,
    pauses_text,
    score_parts,
    spoken_words_text,
    voice_text,
)

__all__ = ["TakeInfo", "export_html", "export_json", "export_markdown", "question_line"]


class TakeInfo(Protocol):
    """What an export says about a stored take (``storage.takes.Take`` has all of it)."""

    @property
    def id(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def source(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def display_title(self) -> str: ...


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def export_json(report_dict: dict[str, Any]) -> str:
    """The report as pretty JSON text; it loads back to ``report_dict`` exactly."""
    return json.dumps(report_dict, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of transcript text: its sentence's label, and whether it is a filler."""

    text: str
    label: str | None
    filler: bool = False
    sentence: int | None = None  # the index of the sentence it is in


def export_markdown(
    take: TakeInfo | None, report: Report, settings: AnalysisSettings | None = None
) -> str:
    """The report as Markdown: headline figures, checks, structure, transcript (fillers bold).

    ``report`` is the take as stored; ``settings`` the user's bands, which judge the figures
    and find and word the next steps, as the results page does (None: as analysed)."""
    stored, report = report, by_bands(report, settings)
    lines = [f"# {_md(_title(take, report))}", ""]
    lines += [f"{_md(x)}  " for x in _about(take, report)]
    if take is not None and take.note:
        lines += ["", *(f"> {_md(line)}" for line in take.note.splitlines())]
    if warnings := warning_lines(report):
        lines += ["", *(f"{_md(line)}  " for line in warnings)]
    lines += ["", f"## Score: {report.score.total}/100", "", f"({score_parts(report)})", ""]
    lines += ["| Measure | Result |", "| --- | --- |"]
    for name, value, detail, _tone in _figures(report):
        lines.append(f"| {name} | {_md(value)}{_md(' (' + detail + ')') if detail else ''} |")
    lines += coaching_markdown(stored, _md, settings)
    lines += ["", "## Checks", ""]
    sentences = report.content.sentences
    skipped = []
    for check in report.content.checks:
        if not check.applies:
            skipped.append(check.title)
            continue
        mark = palette.STATUS_SYMBOLS.get(check.status, "?")
        word = check_word(check, report.delivery)
        lines.append(f"- {mark} **{_md(check.title)}** ({word}): {_md(check.advice)}")
        if note := band_change_note(check, report.delivery):
            lines.append(f"  - _{_md(note)}_")
        for i in check.evidence:
            if 0 <= i < len(sentences):
                lines.append(f"  - “{_md(sentences[i].text)}”")
    if skipped:
        lines += ["", "Not asked by this question: " + _md(", ".join(skipped)) + "."]
    if report.content.segments:
        lines += ["", "## Structure", ""]
        for seg in report.content.segments:
            first = sentences[seg.sentence_indexes[0]].text if seg.sentence_indexes else ""
            quote = first if len(first) <= 70 else first[:67].rstrip() + "..."
            when = (
                f"{clock_text(seg.start_s)}–{clock_text(seg.end_s)} "
                if seg.start_s is not None
                else ""
            )
            name = palette.LABEL_NAMES.get(seg.label, seg.label)
            heard = heard_as(report, seg.sentence_indexes)
            lines.append(f"- {when}**{name}**{f' ({heard})' if heard else ''}: “{_md(quote)}”")
    key = "Fillers are in **bold**"
    if "filler_audio" in present_marks(report):  # the "(um)" the transcript shows
        key += f"; {MARK_NAMES['filler_audio']}"
    lines += ["", "## Transcript", "", *corrected_markdown(report, _md), key + "."]
    lines += [""]
    text = "".join(f"**{_md(p.text)}**" if p.filler else _md(p.text) for p in _pieces(report))
    lines += [para.strip() for para in text.split("\n") if para.strip()]
    return "\n".join(lines).rstrip() + "\n"


def export_html(
    take: TakeInfo | None, report: Report, settings: AnalysisSettings | None = None
) -> str:
    """A self-contained HTML page: scorecard, timeline (inline SVG), checks, transcript.

    ``report`` and ``settings`` as :func:`export_markdown`'s."""
    stored, report = report, by_bands(report, settings)
    title = _title(take, report)
    body = [f"<header><h1>{escape(title)}</h1>"]
    body += [f'<p class="about">{escape(x)}</p>' for x in _about(take, report)]
    if take is not None and take.note:
        body.append(f'<blockquote class="note">{_html_lines(take.note)}</blockquote>')
    body += [f'<p class="warning">{escape(line)}</p>' for line in warning_lines(report)]
    body.append("</header>")
    body.append(_scorecard(report))
    body.append(coaching_html(stored, settings))
    body.append('<section><h2>Timeline</h2><div class="timeline-box">')
    svg = timeline_svg(report)
    body.append(svg or '<p class="muted">No timeline: this take is a transcript, not audio.</p>')
    body.append("</div></section>")
    body.append(_checks_html(report))
    body.append(_transcript_html(report))
    body.append(
        f"<footer>Made with speakprep {escape(__version__)} on this computer. No audio or "
        "text left it.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
        f"<title>{escape(title)} · speakprep</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


# -- shared pieces ---------------------------------------------------------------------------
def _title(take: TakeInfo | None, report: Report) -> str:
    return take.display_title if take is not None else report.question.text


def question_line(title: str, report: Report) -> str:
    """ "Question: “…”" under a take's own name (the exports, the results page), "" when the
    title is the question itself."""
    question = report.question.text
    return f"Question: “{question}”" if title and title != question else ""


def warning_lines(report: Report) -> list[str]:
    """What the analysis noticed about the recording itself (very quiet, clipped, sound in
    the pauses ...), one line each, as the results page and the exports show it."""
    return [f"⚠ {warning}" for warning in report.warnings]


def _about(take: TakeInfo | None, report: Report) -> list[str]:
    """Lines under the title: when, the question, the interview, the speech model."""
    out = []
    if take is not None:
        # As the app's dialogs and tooltips say it, in local time.
        out.append(f"Take {take.id} · {format_take_when(take.created_at)} · {take.source}")
    question = question_line(_title(take, report), report)
    if question:
        out.append(question)
    if report.company or report.role:
        out.append("Interview: " + " at ".join(x for x in (report.role, report.company) if x))
    if report.model:
        out.append(f"Speech model: {report.model}")
    return out


def _figures(report: Report) -> list[tuple[str, str, str, str]]:
    """(name, value, detail, tone) of the headline figures; tone is a check status or ""."""
    tally = tally_checks(report.content.checks)
    out: list[tuple[str, str, str, str]] = []
    d = report.delivery
    if d is not None:
        out += _delivery_figures(d)
    out.append(("Checks", tally.met_text, tally.pitfall_text, tally.tone))
    return out


def _delivery_figures(d: Delivery) -> list[tuple[str, str, str, str]]:
    counts = Counter(f.text.lower() for f in d.fillers)
    listed = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.most_common())
    out = [
        (
            "Speaking time",
            f"{clock_text(d.speaking_s)} of {clock_text(d.target_s)} target",
            STATUS_WORDS.get(d.target_status, d.target_status),
            DELIVERY_TONE.get(d.target_status, ""),
        ),
        ("Recording", clock_text(d.recording_s), "", ""),
        *_rate_figures(d, listed),
        (
            "Pauses",
            pauses_text(d),
            long_pauses_text(d),
            long_pause_status(len(d.long_pauses)),
        ),
    ]
    voice = voice_text(d)
    if voice is not None:
        monotone = d.voice is not None and d.voice.monotone
        out.append(("Voice", voice[0], voice[1], "warn" if monotone else "pass"))
    return out


def _rate_figures(d: Delivery, listed: str) -> list[tuple[str, str, str, str]]:
    """The pace and fillers rows: rates, or no rate on a take too short to rate."""
    if d.too_short_to_rate:
        return [
            ("Pace", TOO_SHORT_TO_RATE, spoken_words_text(d), ""),
            (
                "Fillers",
                f"{len(d.fillers)} in all",
                TOO_SHORT_TO_RATE + (f": {listed}" if listed else ""),
                "",
            ),
        ]
    return [
        (
            "Pace",
            f"{d.wpm:.0f} words per minute",
            STATUS_WORDS.get(d.pace_status, d.pace_status),
            DELIVERY_TONE.get(d.pace_status, ""),
        ),
        (
            "Fillers",
            f"{d.fillers_per_minute:.1f} a minute, {len(d.fillers)} in all",
            STATUS_WORDS.get(d.filler_status, d.filler_status) + (f": {listed}" if listed else ""),
            DELIVERY_TONE.get(d.filler_status, ""),
        ),
    ]


def _pieces(report: Report) -> list[_Piece]:
    """The transcript cut where sentences and fillers start and end, in reading order.

    Fillers heard in the audio but not transcribed have no place in the text; they are put
    before the first transcribed word spoken after them.
    """
    text = report.transcript.text
    words = report.transcript.words
    spans: list[list[int]] = []
    for w in words:
        if w.filler and w.char_start is not None and w.char_end is not None:
            # "you know" is two words: one mark, not two.
            if spans and not text[spans[-1][1] : w.char_start].strip():
                spans[-1][1] = w.char_end
            else:
                spans.append([w.char_start, w.char_end])
    inserts: dict[int, list[str]] = {}
    timed = [
        (w.start_s, w.char_start)
        for w in words
        if w.char_start is not None and w.start_s is not None
    ]
    for w in words:
        if w.source == "audio" and w.start_s is not None:
            heard_s = w.start_s
            at = next((c for t, c in timed if t >= heard_s), len(text))
            inserts.setdefault(at, []).append(w.text)
    cuts = {0, len(text), *inserts}
    sentences = report.content.sentences
    for s in sentences:
        cuts.update((s.char_start, s.char_end))
    for start, end in spans:
        cuts.update((start, end))
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))

    def piece(run: str, pos: int, *, filler: bool = False) -> _Piece:
        at = next((i for i, s in enumerate(sentences) if s.char_start <= pos < s.char_end), None)
        label = sentences[at].label if at is not None else None
        return _Piece(run, label, filler=filler, sentence=at)

    out: list[_Piece] = []
    for a, b in zip(ordered, [*ordered[1:], len(text)], strict=True):
        for heard in inserts.get(a, ()):
            out.append(piece(heard, a, filler=True))
            out.append(piece(" ", a))
        if b <= a:
            continue
        filler = any(x <= a and b <= y for x, y in spans)
        out.append(piece(text[a:b], a, filler=filler))
    return out


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _html_lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.splitlines())


# -- HTML sections ---------------------------------------------------------------------------
def _scorecard(report: Report) -> str:
    score = report.score
    detail = score_parts(report, " · ")
    tiles = [
        '<div class="tile score"><div class="name">Score</div>'
        f'<div class="value">{score.total}<small>/100</small></div>'
        f'<div class="detail">{escape(detail)}</div></div>'
    ]
    for name, value, detail_text, tone in _figures(report):
        style = f' style="border-top-color: {palette.STATUS_COLORS[tone]}"' if tone else ""
        tiles.append(
            f'<div class="tile"{style}><div class="name">{escape(name)}</div>'
            f'<div class="value">{escape(value)}</div>'
            f'<div class="detail">{escape(detail_text)}</div></div>'
        )
    if report.delivery is None:
        tiles.append(
            '<div class="tile"><div class="name">Delivery</div><div class="value">–</div>'
            '<div class="detail">not measured (transcript only)</div></div>'
        )
    return '<section class="scorecard">' + "".join(tiles) + "</section>"


def _checks_html(report: Report) -> str:
    sentences = report.content.sentences
    items, skipped = [], []
    for check in report.content.checks:
        if not check.applies:
            skipped.append(check.title)
            continue
        color = palette.STATUS_COLORS.get(check.status, palette.STATUS_COLORS["warn"])
        mark = palette.STATUS_SYMBOLS.get(check.status, "?")
        word = check_word(check, report.delivery)
        note = band_change_note(check, report.delivery)  # report: judged by the bands now
        evidence = "".join(
            f"<li>“{escape(sentences[i].text)}”</li>"
            for i in check.evidence
            if 0 <= i < len(sentences)
        )
        items.append(
            f'<li class="check {escape(check.status)}"><span class="mark" style="color: {color}"'
            f' title="{escape(word)}">{mark}</span> <strong>{escape(check.title)}</strong>'
            f' <span class="status" style="color: {color}">{escape(word)}</span>'
            f'<div class="advice">{escape(check.advice)}</div>'
            + (f'<div class="muted">{escape(note)}</div>' if note else "")
            + (f'<ul class="evidence">{evidence}</ul>' if evidence else "")
            + "</li>"
        )
    html = '<section><h2>Checks</h2><ul class="checks">' + "".join(items) + "</ul>"
    if skipped:
        html += f'<p class="muted">Not asked by this question: {escape(", ".join(skipped))}.</p>'
    return html + "</section>"


def _transcript_html(report: Report) -> str:
    pieces = _pieces(report)
    # Keys for the colours and marks this transcript has, as the app's legend lists.
    labels = {piece.label for piece in pieces}
    legend = "".join(
        f'<span class="key"><span class="swatch" style="background: {_tint(label)}; '
        f'border-bottom-color: {palette.LABEL_COLORS[label]}"></span>'
        f"{escape(palette.LABEL_NAMES[label])}</span>"
        for label in palette.LABEL_ORDER
        if label in labels
    )
    if any(piece.filler for piece in pieces):
        legend += '<span class="key"><mark class="filler">um</mark> filler</span>'
    # What each sentence is also heard as, worked out once: a sentence is many pieces.
    sentences = {piece.sentence for piece in pieces if piece.sentence is not None}
    heard = {i: heard_as(report, [i]) for i in sentences}
    runs = []
    for piece in pieces:
        inner = escape(piece.text).replace("\n", "<br/>")
        if piece.filler:
            inner = f'<mark class="filler">{inner}</mark>'
        if piece.label is not None:
            name = palette.LABEL_NAMES.get(piece.label, piece.label)
            if piece.sentence is not None and heard[piece.sentence]:
                name += f", {heard[piece.sentence]}"
            rule = palette.LABEL_COLORS.get(piece.label, palette.LABEL_COLORS["other"])
            inner = (
                f'<span class="seg" data-label="{escape(piece.label)}" title="{escape(name)}" '
                f'style="background: {_tint(piece.label)}; border-bottom-color: '
                f'{rule}">{inner}</span>'
            )
        runs.append(inner)
    return (
        f'<section><h2>Transcript</h2>{corrected_html(report)}<p class="legend">{legend}</p>'
        f'<p class="transcript">{"".join(runs)}</p></section>'
    )


def _tint(label: str) -> str:
    """The label colour, light enough to read black text on (print keeps it)."""
    hex_color = palette.LABEL_COLORS.get(label, palette.LABEL_COLORS["other"]).lstrip("#")
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, 0.28)"
