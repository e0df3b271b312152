"""What the exports say: pauses counted in words, the app's Met / Missing / Avoided / Found,
the voice figure, the next steps, the talking points, a corrected transcript, one checks
count shared with the app."""

from __future__ import annotations

import dataclasses

from speakprep.core.coaching import explain_gain, next_steps
from speakprep.core.models import PointMatch
from speakprep.core.report import report_to_dict
from speakprep.core.score import tally_checks
from speakprep.core.settings import load_settings
from speakprep.render.export import export_html, export_markdown
from speakprep.render.marks import MARK_NAMES
from speakprep.render.text import render_report
from tests.reports import STRONG_80S, lively, timed_report
from tests.ui import rich_report

NO_PLAN = (
    "In the next two years I want to become the analyst your team relies on for forecasting.",
    "In five years, I see myself leading a small analytics team.",
)


def test_pauses_are_counted_in_words() -> None:
    none = timed_report(NO_PLAN)
    some = timed_report(long_gaps={1: 1.6, 2: 3.5})
    for report, phrase in ((none, "No pauses of 1 s or more"), (some, "2 pauses of 1 s or more")):
        for page in (
            export_html(None, report),
            export_markdown(None, report),
            render_report(report),
        ):
            assert phrase in page
            assert "of a second or more" not in page


def test_long_mid_sentence_pauses_are_counted_as_the_app_shows_them() -> None:
    """Found as a new user: the app's pauses tile said "0 mid-sentence" in large type while
    the exports said only "1 pause of 1 s or more"; now every page says both."""
    none = timed_report(long_gaps={1: 1.6})  # a pause between sentences, none within one
    some = rich_report()  # one sentence carries on after a 3 s silence
    assert [p.long for p in none.delivery.pauses] == [False]
    long_some = sum(1 for p in some.delivery.pauses if p.long)
    assert long_some >= 1
    long_s = load_settings().pauses.long_mid_sentence_s  # what long is, said with it
    for report, phrase in (
        (none, "1 pause of 1 s or more"),
        (some, f"{long_some} long mid-sentence (over {long_s:g} s)"),
    ):
        for page in (export_html(None, report), export_markdown(None, report)):
            assert phrase in page
    assert f"long mid-sentence (over {long_s:g} s) at " in render_report(some)
    for page in (export_html(None, none), export_markdown(None, none), render_report(none)):
        assert "no long pause mid-sentence" in page


def test_a_filler_heard_not_transcribed_is_explained_wherever_it_is_listed() -> None:
    """Found as a new user: the terminal and Markdown reports listed fillers as "umm, (um)"
    and bolded "(um)" in the transcript with no word on the brackets; the app's legend and
    the HTML timeline explain them. Now all say it, and only for a take that has one."""
    key = MARK_NAMES["filler_audio"]
    heard = rich_report()
    assert any(f.source == "audio" for f in heard.delivery.fillers)
    plain = timed_report(NO_PLAN)
    for render in (
        render_report,
        lambda r: export_markdown(None, r),
        lambda r: export_html(None, r),
    ):
        assert key in render(heard)
        assert key not in render(plain)


def test_checks_use_the_apps_words_and_one_count() -> None:
    report = timed_report(NO_PLAN)
    tally = tally_checks(report.content.checks)
    assert tally.required > tally.met  # no plan, no employer link
    for page in (export_html(None, report), export_markdown(None, report), render_report(report)):
        assert tally.met_text in page
        assert "Missing" in page and "Avoided" in page
        assert "(fail)" not in page and ">fail<" not in page and ">pass<" not in page


def test_the_terminal_report_says_what_to_do_next() -> None:
    # Found as a new user: `speakprep analyze` printed figures and checks, but not the
    # steps the app's "Your next take" card and the exports give.
    report = timed_report(NO_PLAN)
    steps = next_steps(report)
    assert len(steps) >= 2 and any("plan" in s.title.lower() for s in steps)
    lines = render_report(report).splitlines()
    summary = f"Score {report.score.total} now · {steps[-1].score_after} with these"
    at = lines.index(f"Your next take ({summary} {len(steps)} steps)")
    card = lines[at + 1 : lines.index("", at)]
    assert lines.index("Delivery") > at
    heads = [line for line in card if not line.startswith("     ")]
    assert heads == [
        f"  {n}. {step.title} ({explain_gain(step)})" for n, step in enumerate(steps, 1)
    ]
    assert " ".join(line.strip() for line in card if line not in heads) == " ".join(
        " ".join(s.text.split()) for s in steps
    )
    # An answer with nothing to raise is told so, as on the card.
    excellent = lively(timed_report(STRONG_80S, words_per_s=2.2))
    assert excellent.score.verdict == "excellent" and not next_steps(excellent)
    lines = render_report(excellent).splitlines()
    at = lines.index("Your next take")
    well_done = "Well done: this answer meets the rubric on time and content. Keep it as it is."
    assert lines[at + 1] == f"  {well_done}"
    # The exports too: the section was left out, as if the answer had nothing to say.
    md = export_markdown(None, excellent)
    assert f"## Your next take\n\n{well_done}" in md
    assert f"<h2>Your next take</h2><p>{well_done}</p>" in export_html(None, excellent)


def test_html_has_voice_next_steps_points_and_a_corrected_mark() -> None:
    report = timed_report(NO_PLAN)
    steps = next_steps(report)
    assert steps
    voice = dataclasses.replace(report.delivery.voice, pitch_range_semitones=2.5, monotone=True)
    report = dataclasses.replace(
        report,
        delivery=dataclasses.replace(report.delivery, voice=voice),
        heard_text="in the next two years I want to become the analyst you're team relies on",
        talking_points=(
            PointMatch("long_term", "lead an analytics team", True, 1, 0.8),
            PointMatch("plan", "CFA level one", False, None, 0.0),
        ),
    )
    page = export_html(None, report)
    assert "Voice" in page and "pitch range 2.5 semitones" in page and "monotone" in page
    assert "Your next take" in page and steps[0].title in page
    assert "Your talking points" in page and "lead an analytics team" in page
    assert "CFA level one" in page and "not said" in page
    assert "Corrected transcript" in page and "you&#x27;re team" in page
    md = export_markdown(None, report)
    assert "## Your next take" in md and "## Your talking points" in md
    assert "corrected this transcript" in md
    plain = timed_report(NO_PLAN)
    assert "Corrected transcript" not in export_html(None, plain)
    assert "Your talking points" not in export_html(None, plain)


def test_every_page_says_what_was_taken_off_the_score() -> None:
    """Found as a new user: "Score 73/100 (content 100, delivery 76)": the 20 points a
    too-short answer loses were in no page, so the parts did not add up to the total."""
    short = timed_report()  # 0:26
    assert short.score.penalties == {"too_short": 20.0} and short.score.total == 73
    assert "Score 73/100 (content 100, delivery 76; −20 too short)" in render_report(short)
    assert "(content 100, delivery 76; −20 too short)" in export_markdown(None, short)
    assert "content 100 · delivery 76; −20 too short" in export_html(None, short)
    on_time = timed_report(words_per_s=2.0)  # 0:33, nothing taken off
    assert "Score 98/100 (content 100, delivery 92)" in render_report(on_time)


# Written for this test: a money goal first, then a clean long-term goal and a plan.
MONEY_FIRST = (
    "Honestly, in the next two years I mostly want a higher salary.",
    "In five years I see myself leading a small analytics team here.",
    "I am taking a statistics course this spring.",
)


def test_a_part_heard_as_a_pitfall_says_so_wherever_the_parts_are_listed() -> None:
    """Found as a new user: the Markdown export's structure read "**Short-term goal**: “...I
    mostly want a higher salary”" under a checks list that called that sentence the money
    focus found; the text report and the HTML timeline's band said the same."""
    report = timed_report(MONEY_FIRST)
    money = next(c for c in report.content.checks if c.id == "money_focus")
    assert money.found and money.evidence == (0,)
    first = report.content.segments[0]
    assert 0 in first.sentence_indexes and first.label == "short_term"
    md = export_markdown(None, report).splitlines()
    (listed,) = [line for line in md if line.startswith("- 0:") and "Short-term goal" in line]
    assert "**Short-term goal** (heard as money focus)" in listed
    assert sum("heard as" in line for line in md) == 1  # the clean parts say nothing
    text = render_report(report).splitlines()
    assert sum("(heard as money focus)" in line for line in text) == 1
    (timeline,) = [line for line in text if "(heard as" in line]
    assert "short-term" in timeline
    page = export_html(None, report)
    assert "Short-term goal: 0:01–0:05, heard as money focus</title>" in page
    assert page.count('title="Short-term goal, heard as money focus"') >= 1  # the transcript
    assert 'title="Long-term goal"' in page


# About 3 s of speech with one "um": 20 fillers a minute, a pace of over 150 wpm.
BRIEF = ("Um, I want to lead a small team here.",)


def test_a_take_too_short_to_rate_gives_no_rate_on_any_page() -> None:
    """Found as a new user: a 1 s take printed "85.7 per min". Under the least speaking time
    for a rate (analysis.toml rates_from_s) no page shows pace or fillers as a rate; the
    JSON keeps both figures and says why they are not shown."""
    brief = timed_report(BRIEF)
    d = brief.delivery
    assert d.speaking_s < 10 and d.too_short_to_rate and d.fillers_per_minute > 10
    pages = {
        "text": render_report(brief),
        "md": export_markdown(None, brief),
        "html": export_html(None, brief),
    }
    for name, page in pages.items():
        assert "too short to rate" in page, name
        assert "words per minute" not in page, name
        assert "a minute" not in page, name
    # The count is no rate: it stays.
    assert "Fillers        1 (too short to rate): um" in pages["text"]
    assert "| Fillers | 1 in all (too short to rate: um) |" in pages["md"]
    # Nor does the next take tell them to slow down or cut fillers at a rate it cannot know.
    assert {s.figure for s in next_steps(brief)}.isdisjoint({"pace", "fillers"})
    delivery = report_to_dict(brief)["delivery"]
    assert delivery["too_short_to_rate"] is True
    assert delivery["wpm"] == d.wpm and delivery["fillers"]["per_minute"] == d.fillers_per_minute

    rated = timed_report(NO_PLAN)  # 10 s and more: the rates as before
    assert rated.delivery.speaking_s >= 10 and not rated.delivery.too_short_to_rate
    for page in (render_report(rated), export_markdown(None, rated), export_html(None, rated)):
        assert "too short to rate" not in page
        assert "words per minute" in page
    assert report_to_dict(rated)["delivery"]["too_short_to_rate"] is False


def test_the_terminal_says_whose_checks_a_question_of_your_own_gets() -> None:
    """Found as a new user: `analyze --question "Why customer support?"` headed the report
    with that question and judged it on career goals with no word on it (the app's practice
    screen says it in the same words)."""
    own = render_report(timed_report(question="Why do you want to work in customer support?"))
    head = own.splitlines()
    assert head[0].endswith(": “Why do you want to work in customer support?”")
    assert head[1] == "Your own question gets the checks of “What are your career goals?”"
    assert "own question" not in render_report(timed_report(question="career_goals"))
