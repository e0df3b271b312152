"""Exports of a saved take: JSON, Markdown and a self-contained HTML page with an SVG timeline."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from speakprep import palette
from speakprep.core.models import Report, Word
from speakprep.core.report import report_to_dict
from speakprep.core.settings import load_settings
from speakprep.paths import AppPaths
from speakprep.render.coaching import judged_steps, steps_summary
from speakprep.render.export import export_html, export_json, export_markdown
from speakprep.render.text import check_word
from speakprep.services.analyze import Context, Engine
from speakprep.services.library import EXPORT_FORMATS, export_take
from speakprep.storage.library import Library, LibraryError, Take
from tests.reports import GOOD_ANSWER, timed_report

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
VOID = {"meta", "br", "hr", "img", "input", "link"}


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(AppPaths(tmp_path / "data"))
    yield library
    library.close()


@pytest.fixture
def saved(lib: Library) -> tuple[Take, Report]:
    report = timed_report(long_gaps={2: 3.5, 3: 1.4})
    take = lib.add(report, None, source="imported")
    return lib.rename(take.id, "Monday <draft> & notes"), report


class _Strict(HTMLParser):
    """Fails on a tag closed out of order: the page must be well-formed."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        pass

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()


def _tree(page: str) -> ET.Element:
    parser = _Strict()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    # The page is also well-formed XML, which lets the test look inside the SVG.
    return ET.fromstring(page.split("\n", 1)[1])


def _all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = root.iter(tag)
    return [e for e in found if cls is None or cls in (e.get("class") or "").split()]


def test_json_export_is_the_report_dict(lib: Library, saved) -> None:
    take, report = saved
    text = export_json(lib.report_dict(take.id))
    assert json.loads(text) == report_to_dict(report)
    assert json.loads(export_take(lib, take.id, "json")) == report_to_dict(report)


def test_html_is_one_self_contained_page_with_an_svg_timeline(saved) -> None:
    take, report = saved
    page = export_html(take, report)
    root = _tree(page)
    assert not re.search(r"https?://", page)
    assert not re.search(r"<script|<link|<img|<iframe|src=|@import", page, re.IGNORECASE)
    assert len(_all(root, "style")) == 1
    (svg,) = _all(root, "svg")
    bands = _all(svg, "rect", "band")
    timed = [s for s in report.content.segments if s.start_s is not None]
    assert len(bands) == len(timed) >= 3
    for rect, seg in zip(bands, timed, strict=True):
        assert rect.get("data-label") == seg.label
        assert rect.get("fill") == palette.LABEL_COLORS[seg.label]
        assert float(rect.get("width")) > 0
    x = [float(r.get("x")) for r in bands]
    assert x == sorted(x)
    delivery = report.delivery
    assert delivery is not None
    assert len(_all(svg, "g", "filler")) == len(delivery.fillers) >= 1
    pauses = _all(svg, "rect", "pause") + _all(svg, "rect", "long-pause")
    assert len(pauses) == len(delivery.pauses) >= 1
    (target,) = _all(svg, "g", "target")
    assert "1:30 target" in "".join(target.itertext())
    axis_labels = [t.text for t in _all(svg, "g", "axis")[0].iter("text")]
    assert axis_labels[0] == "0:00" and "1:30" in axis_labels
    legend = "".join(_all(svg, "g", "legend")[0].itertext())
    for name in palette.LABEL_NAMES.values():
        assert name in legend
    assert "Pause" in legend and "Filler" in legend and "Target" in legend


def test_the_legends_key_only_the_marks_the_take_has() -> None:
    """Found as a new user: the export's legends listed every kind of mark (long pauses,
    fillers heard only in the audio, labels the answer never used); the app's legend lists
    only those its timeline draws."""
    names = set(palette.LABEL_NAMES.values())
    # Two sentences (a plan and a long-term goal), no filler, no pause.
    report = timed_report(GOOD_ANSWER[1:3])
    root = _tree(export_html(None, report))
    (svg,) = _all(root, "svg")
    legend = [t.text for t in _all(svg, "g", "legend")[0].iter("text")]
    said = [palette.LABEL_NAMES[k] for k in palette.LABEL_ORDER if k in ("plan", "long_term")]
    assert [t for t in legend if t in names] == said
    assert not [t for t in legend if "ause" in t or "iller" in t]
    assert "Target" in legend
    keys = "".join(_all(root, "p", "legend")[0].itertext())
    assert [n for n in names if n in keys] == [n for n in names if n in said]
    assert "filler" not in keys
    # A filler and a pause of the whole answer bring their keys, and only theirs.
    report = timed_report(long_gaps={2: 3.5})
    root = _tree(export_html(None, report))
    legend = [t.text for t in _all(_all(root, "svg")[0], "g", "legend")[0].iter("text")]
    assert {"Filler (um, uh)", "Pause"} <= set(legend)
    assert not {"Long pause", "Filler (like, you know)"} & set(legend)
    assert "(um): filler heard, not transcribed" not in legend


def test_html_shows_the_scorecard_checks_and_a_coloured_transcript(saved) -> None:
    take, report = saved
    page = export_html(take, report)
    root = _tree(page)
    text = " ".join("".join(root.itertext()).split())
    assert f"{report.score.total}/100" in text
    assert f"{report.delivery.wpm:.0f} words per minute" in text
    assert f"{report.delivery.fillers_per_minute:.1f} a minute" in text
    checks = _all(root, "li", "check")
    assert len(checks) == sum(c.applies for c in report.content.checks)
    for check in report.content.checks:
        if check.applies:
            assert check.title in text and check.advice in text
    segs = _all(root, "span", "seg")
    assert {s.get("data-label") for s in segs} == {s.label for s in report.content.sentences}
    fillers = [m.text for m in _all(root, "mark", "filler")]
    assert "Um" in fillers


def test_user_text_is_escaped_everywhere(lib: Library) -> None:
    report = Engine().analyze_text(
        f"In two years I want to lead a team. {HOSTILE}",
        Context(company="Zoë & <Co>", role='"lead"'),
    )
    take = lib.add(report, None, source="imported")
    take = lib.set_note(lib.rename(take.id, HOSTILE).id, HOSTILE)
    page = export_html(take, report)
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;" in page and "Zoë &amp; &lt;Co&gt;" in page
    _tree(page)
    md = export_markdown(take, report)
    assert "<script>" not in md and "\\<script\\>" in md


def test_a_text_only_take_exports_without_a_timeline(lib: Library) -> None:
    report = Engine().analyze_text("Um, in two years I want to lead a team. I take a course.")
    take = lib.add(report, None, source="imported")
    page = export_html(take, report)
    root = _tree(page)
    assert _all(root, "svg") == [] and "No timeline" in page
    md = export_markdown(take, report)
    assert "Speaking time" not in md and "| Checks |" in md and "**Um**" in md


def test_markdown_has_the_figures_checks_and_marked_fillers(saved) -> None:
    take, report = saved
    md = export_markdown(take, report)
    d = report.delivery
    assert md.startswith("# Monday \\<draft\\> & notes\n")
    assert f"## Score: {report.score.total}/100" in md
    assert f"| Pace | {d.wpm:.0f} words per minute" in md
    assert f"{d.fillers_per_minute:.1f} a minute" in md and "| Speaking time | 0:" in md
    applying = [c for c in report.content.checks if c.applies]
    required = [c for c in applying if not c.pitfall]
    met = sum(c.status == "pass" for c in required)
    assert f"| Checks | {met} of {len(required)} met (" in md
    for check in applying:
        assert f"**{check.title}** ({check_word(check)}):" in md
    evidence = report.content.sentences[report.content.checks[0].evidence[0]].text
    assert f"  - “{evidence}”" in md
    transcript = md.split("## Transcript", 1)[1]
    assert "**Um**, in the next two years" in transcript
    assert "Question: “What are your career goals?”" in md


def test_a_filler_heard_only_in_the_audio_is_placed_where_it_was_spoken() -> None:
    report = timed_report()
    words = report.transcript.words
    third = words[3]
    heard = Word("(uh)", third.start_s - 0.2, third.start_s - 0.05, None, True, "hard", "audio")
    transcript = dataclasses.replace(report.transcript, words=(*words[:3], heard, *words[3:]))
    report = dataclasses.replace(report, transcript=transcript)
    md = export_markdown(None, report)
    assert f"**\\(uh\\)** {third.text}" in md or "**(uh)** " + third.text in md
    page = export_html(None, report)
    assert '<mark class="filler">(uh)</mark>' in page


def test_export_take_names_the_formats_and_refuses_unknown_ones(lib: Library, saved) -> None:
    take, _ = saved
    assert set(EXPORT_FORMATS) == {"html", "md", "json"}
    assert export_take(lib, take.id, "md").startswith("# Monday")
    assert export_take(lib, take.id, "html").startswith("<!DOCTYPE html>")
    assert export_take(lib, take.id, "markdown") == export_take(lib, take.id, "md")
    with pytest.raises(ValueError, match="use html \\(or htm\\), md \\(or markdown\\), json"):
        export_take(lib, take.id, "pdf")
    with pytest.raises(LibraryError):
        export_take(lib, 999, "html")


def test_a_take_is_dated_as_the_app_dates_it(lib: Library, monkeypatch) -> None:
    """Found as a new user: the exports said "06 December 2026, 14:05" where the app's
    dialogs and tooltips say "Sunday 6 December 2026, 14:05"; in local time, both."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        when = datetime(2026, 12, 6, 19, 5, tzinfo=UTC)
        take = lib.add(timed_report(), None, source="imported", created_at=when)
        line = f"Take {take.id} · Sunday 6 December 2026, 14:05 · imported"
        assert line in export_markdown(take, lib.report(take.id))
        assert line in export_html(take, lib.report(take.id))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_exported_steps_say_the_score_they_count_from(lib: Library, fmt: str) -> None:
    """Found in review: after a band change the exported steps read "+27 points → 97" under
    "Score: 64/100" with nothing saying they count from 70 (the card says so). Exports state
    it as the card does; a take whose bands are unchanged says nothing more."""
    report = timed_report(words_per_s=3.6)  # 193 wpm: fast, scored 64
    take = lib.add(report, None, source="imported")
    bands = load_settings().with_overrides(pace=(100.0, 200.0))
    page = html.unescape(export_take(lib, take.id, fmt, bands=bands))
    steps = judged_steps(report, bands)
    start = round(steps[0].score_after - steps[0].gain)
    assert start != report.score.total
    assert steps_summary(steps, report.score.total) in page
    assert f"By your bands now this take would score {start}," in page
    plain = html.unescape(export_take(lib, take.id, fmt, bands=load_settings()))
    assert f"Score {report.score.total} now · " in plain and "would score" not in plain


def test_the_exports_carry_the_recordings_warnings_as_the_results_page_shows_them(
    lib: Library,
) -> None:
    """Found as a new user: a very quiet take said so on the results page, but its HTML and
    Markdown exports (what a coach is sent) said nothing of it, nor why its figures may be off."""
    notes = ("The take is very quiet: move closer.", "There is sound in your <pauses> & more.")
    take = lib.add(dataclasses.replace(timed_report(), warnings=notes), None, source="recorded")
    markdown = export_take(lib, take.id, "md")
    page = export_take(lib, take.id, "html")
    for note in notes:
        assert f"⚠ {note}" in html.unescape(page)
        said = f"⚠ {note.split('<')[0]}"  # Markdown escapes the <, as in every user text
        assert markdown.index(said) < markdown.index("## Score")  # before the figures
    warned = _all(_tree(page), "p", "warning")
    assert ["".join(p.itertext()) for p in warned] == [f"⚠ {note}" for note in notes]
    quiet = export_take(lib, lib.add(timed_report(), None, source="recorded").id, "md")
    assert "⚠" not in quiet
