"""Correcting the transcript, drills over fillers and pauses, and talking points."""

from __future__ import annotations

from pathlib import Path

import pytest

from speakprep.core.correction import CorrectionError, correct_transcript
from speakprep.core.drills import drill_items, sentence_delivery
from speakprep.core.report import report_from_dict, report_to_dict
from speakprep.core.talking_points import TalkingPoints, match_points, word_overlap
from speakprep.core.text import join_timed_words
from speakprep.services.analyze import Context
from tests.reports import timed_report

SPOKEN = Path(__file__).parent / "data" / "spoken"


def _heard(*words: tuple[str, float, float]):
    return join_timed_words((" " + w, s, e, 0.9) for w, s, e in words)


def test_a_correction_keeps_the_times_of_the_words_it_leaves_alone() -> None:
    heard = _heard(
        ("I", 0.0, 0.2),
        ("clean", 0.3, 0.6),
        ("meditation", 0.7, 1.4),
        ("data", 1.5, 1.9),
        ("daily.", 2.0, 2.5),
    )
    fixed = correct_transcript(heard, "I clean messy patient data daily.")
    assert fixed.text == "I clean messy patient data daily."
    assert [w.text for w in fixed.words] == ["I", "clean", "messy", "patient", "data", "daily"]
    times = [(w.start_s, w.end_s) for w in fixed.words]
    assert times[:2] == [(0.0, 0.2), (0.3, 0.6)]
    # "messy patient" share the time "meditation" took; "data" keeps its own.
    assert times[2] == (0.7, 1.05) and times[3] == (1.05, 1.4)
    assert times[4:] == [(1.5, 1.9), (2.0, 2.5)]
    for w in fixed.words:
        assert fixed.text[w.char_start : w.char_end] == w.text
    assert fixed.words[2].probability is None  # typed, not heard
    assert fixed.words[0].probability == 0.9


def test_an_inserted_word_sits_at_its_boundary_and_a_deleted_one_goes() -> None:
    heard = _heard(("I", 0.0, 0.2), ("want", 0.3, 0.6), ("uh", 0.7, 1.0), ("lead", 1.1, 1.5))
    fixed = correct_transcript(heard, "I want to lead")
    assert [(w.text, w.start_s, w.end_s) for w in fixed.words] == [
        ("I", 0.0, 0.2),
        ("want", 0.3, 0.6),
        ("to", 0.7, 1.0),
        ("lead", 1.1, 1.5),
    ]
    shorter = correct_transcript(heard, "I want lead")
    assert [w.text for w in shorter.words] == ["I", "want", "lead"]


def test_an_empty_correction_is_refused() -> None:
    with pytest.raises(CorrectionError, match="no words"):
        correct_transcript(_heard(("Hi", 0.0, 0.3)), " ... ")


def test_a_real_take_corrected_is_scored_again_from_the_corrected_words(engine) -> None:
    """The real model mishears; the user's words change the checks, not the timings."""
    context = Context(
        question="career_direction", company="Current Electric", role="journeyman electrician"
    )
    report = engine.analyze_file(SPOKEN / "electrician_master.flac", context)
    original = report.transcript.text
    extra = " In five years I want to run the commercial crew at Current Electric."
    fixed = engine.analyze_corrected(report, original.replace("um", "") + extra, context)
    assert fixed.heard_text == original
    assert fixed.transcript.text.endswith("Current Electric.")
    assert fixed.delivery is not None and report.delivery is not None
    # The words kept their times: the speaking time can only grow by the inserted words'
    # zero-length stretch at the end.
    assert fixed.delivery.speaking_s == pytest.approx(report.delivery.speaking_s, abs=0.01)
    assert fixed.delivery.recording_s == report.delivery.recording_s
    assert any(
        s.label == "long_term" and "commercial crew" in s.text for s in fixed.content.sentences
    )
    data = report_to_dict(fixed)
    assert data["corrected"] is True and data["heard_transcript"] == original
    assert report_from_dict(data) == fixed
    again = engine.analyze_corrected(fixed, fixed.transcript.text, context)
    assert again.heard_text == original  # the first heard text stays the reference


def test_drill_items_step_through_fillers_and_long_pauses_in_time_order() -> None:
    report = timed_report(
        (
            "Um, in the next two years I want to become a team lead here.",
            "I am taking a management course, uh, this spring.",
            "In five years I want to run the analytics group.",
        ),
        long_gaps={2: 3.2},
    )
    items = drill_items(report, context_s=1.0)
    kinds = [(i.kind, i.text) for i in items]
    # The gap (3.2 s) plus the last word's unspoken tail (15 % of a word) is silence.
    assert kinds == [("filler", "um"), ("filler", "uh"), ("pause", "3.3 s pause")]
    assert [i.start_s for i in items] == sorted(i.start_s for i in items)
    first = items[0]
    assert first.play_from_s == max(0.0, first.start_s - 1.0)
    assert first.play_to_s == pytest.approx(first.end_s + 1.0)
    assert items[1].sentence_index == 1
    pace = sentence_delivery(report, 1)
    assert pace.fillers == 1 and pace.wpm > 0


def test_talking_points_are_found_by_their_words_and_missing_ones_reported() -> None:
    sentences = [
        "In the next two years I want to get my CCRN certification.",
        "Longer term I'd like to become a nurse manager.",
        "I love the people on this unit.",
    ]
    points = TalkingPoints(
        short_term="CCRN certification",
        long_term="nurse manager",
        plan="review course; shadow the charge nurse",
        employer_link="Lakeside's tuition program",
    )
    matches = match_points(points, sentences)
    said = {(m.kind, m.note): (m.said, m.sentence_index) for m in matches}
    assert said[("short_term", "CCRN certification")] == (True, 0)
    assert said[("long_term", "nurse manager")] == (True, 1)
    assert said[("plan", "review course")] == (False, None)
    assert said[("plan", "shadow the charge nurse")][0] is False
    assert said[("employer_link", "Lakeside's tuition program")] == (False, None)


def test_a_similarity_function_finds_a_point_said_in_other_words() -> None:
    sentences = ["Eventually I'd love to run a unit of my own.", "I enjoy night shifts."]

    def similar(note: str, texts):  # a stand-in encoder: knows one paraphrase
        return [0.8 if "run a unit" in t else 0.1 for t in texts]

    points = TalkingPoints(long_term="nurse manager")
    assert match_points(points, sentences)[0].said is False
    (match,) = match_points(points, sentences, similarity=similar)
    assert match.said and match.sentence_index == 0


def test_word_overlap_folds_simple_endings() -> None:
    assert word_overlap("leading teams", ["I lead a team"]) == [1.0]
    assert word_overlap("", ["anything"]) == [0.0]


def test_talking_points_travel_with_the_report() -> None:
    report = timed_report()
    points = TalkingPoints(short_term="analyst forecasting", long_term="lead analytics team")
    from speakprep.services.analyze import Engine

    engine = Engine()
    rescored = engine._report(
        report.transcript,
        report.delivery,
        Context(company="Acme", role="analyst", talking_points=points),
        source=None,
        model=None,
    )
    assert [m.said for m in rescored.talking_points] == [True, True]
    assert report_from_dict(report_to_dict(rescored)) == rescored


def test_talking_points_are_kept_per_question_across_a_restart(tmp_path: Path) -> None:
    from speakprep.storage.talking_points import TalkingPointsStore

    path = tmp_path / "talking_points.json"
    nurse = TalkingPoints(short_term="CCRN", plan="review course; mentor")
    TalkingPointsStore(path).save("career_goals", nurse)
    TalkingPointsStore(path).save("five_years", TalkingPoints(long_term="nurse manager"))
    again = TalkingPointsStore(path)
    assert again.load("career_goals") == nurse
    assert again.load("five_years").long_term == "nurse manager"
    assert again.load("short_term_goals") == TalkingPoints()
    again.save("career_goals", TalkingPoints())  # cleared: forgotten
    assert TalkingPointsStore(path).load("career_goals") == TalkingPoints()
    assert again.problem is None


def test_a_damaged_talking_points_file_is_kept_aside_and_reported(tmp_path: Path) -> None:
    from speakprep.storage.talking_points import TalkingPointsStore

    path = tmp_path / "talking_points.json"
    path.write_text("[1, 2")
    store = TalkingPointsStore(path)
    assert store.load("career_goals") == TalkingPoints()
    assert store.problem is not None and "talking_points.json.bad" in store.problem
    assert (tmp_path / "talking_points.json.bad").read_text() == "[1, 2"


def test_the_packaged_encoder_finds_a_point_said_in_other_words() -> None:
    from speakprep.services.encoder import encoder_similarity

    sentences = [
        "Within three years I want to be a senior engineer on the platform team.",
        "I really enjoy the people I met today.",
    ]
    points = TalkingPoints(short_term="become a senior software developer", plan="tuition program")
    by_words = {m.note: m.said for m in match_points(points, sentences)}
    assert by_words == {"become a senior software developer": False, "tuition program": False}
    by_meaning = match_points(points, sentences, similarity=encoder_similarity)
    # Measured 0.55 for the paraphrase, at most 0.23 for the rest (threshold 0.4).
    assert [(m.note, m.said, m.sentence_index) for m in by_meaning] == [
        ("become a senior software developer", True, 0),
        ("tuition program", False, None),
    ]
