"""report_from_dict rebuilds exactly the report report_to_dict wrote, through JSON text too."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speakprep.core.models import Report, Word
from speakprep.core.report import (
    SCHEMA_VERSION,
    ReportFormatError,
    report_from_dict,
    report_to_dict,
)
from speakprep.core.rubric import load_rubric
from speakprep.services.analyze import Context, Engine
from tests.reports import GOOD_ANSWER, timed_report

SENTENCES = (
    *GOOD_ANSWER,
    "Um, uh, so, like, I guess I want to, you know, grow.",
    "Honestly it's not about the money for me, it's about the work.",
    "In ten years I want to be the CEO of this company, or have your job.",
    "I don't know, I take it one day at a time.",
    "Two years ago I moved into IT support, and I liked it.",
    "Basically I want a promotion to senior manager and a big bonus.",
    "On weekends I love partying and travelling to Ibiza!",
    "Next year I will finish my nursing degree, then I plan to specialise in cardiac care",
    "Straße, café, naïve: I speak three languages — 日本語 too.",
)
QUESTIONS = (None, *(q.id for q in load_rubric().questions), "What motivates you at work?")
ENGINE = Engine()


def _through_json(report: Report) -> Report:
    return report_from_dict(json.loads(json.dumps(report_to_dict(report))))


def test_a_timed_report_comes_back_equal() -> None:
    report = timed_report(long_gaps={2: 3.2})
    assert report.delivery is not None and report.delivery.pauses
    assert report_from_dict(report_to_dict(report)) == report
    assert _through_json(report) == report


def test_a_text_mode_report_comes_back_equal() -> None:
    report = ENGINE.analyze_text(" ".join(GOOD_ANSWER), Context(company="Acme", role="analyst"))
    assert report.delivery is None
    assert _through_json(report) == report


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    words_per_s=st.floats(1.2, 4.5),
    gap_s=st.floats(0.05, 1.5),
    long_gap=st.tuples(st.integers(1, 5), st.floats(1.0, 6.0)),
    question=st.sampled_from(QUESTIONS),
    company=st.sampled_from((None, "Acme", "Zoë & Co <Ltd>")),
)
def test_any_timed_report_round_trips(
    sentences, words_per_s, gap_s, long_gap, question, company
) -> None:
    report = timed_report(
        sentences,
        words_per_s=words_per_s,
        gap_s=gap_s,
        long_gaps=dict([long_gap]),
        question=question,
        company=company,
    )
    assert _through_json(report) == report


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    joiner=st.sampled_from((" ", "\n", "\n\n", "  ")),
    question=st.sampled_from(QUESTIONS),
)
def test_any_text_report_round_trips(sentences, joiner, question) -> None:
    report = ENGINE.analyze_text(joiner.join(sentences), Context(question=question))
    assert _through_json(report) == report


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=300).filter(str.strip))
def test_arbitrary_text_round_trips(text: str) -> None:
    report = ENGINE.analyze_text(text)
    assert _through_json(report) == report


def test_a_filler_heard_only_in_the_audio_and_unrounded_probabilities_survive() -> None:
    report = timed_report()
    heard = Word("(um)", 0.1, 0.4, None, True, "hard", "audio", None, None)
    words = tuple(dataclasses.replace(w, probability=0.123456789) for w in report.transcript.words)
    transcript = dataclasses.replace(report.transcript, words=(heard, *words))
    report = dataclasses.replace(report, transcript=transcript, model="tiny.en (int8)")
    assert _through_json(report) == report


def test_the_new_keys_are_added_and_the_contract_keys_kept() -> None:
    d = report_to_dict(timed_report())
    assert {"schema_version", "question_id", "transcript", "words", "delivery"} <= set(d)
    assert d["question_checks"] and d["recording_s"] and d["language"] == "en"
    assert all("word_indexes" in s for s in d["sentences"])


def test_a_report_saved_before_the_new_keys_still_loads() -> None:
    d = report_to_dict(timed_report())
    for key in (
        "question_checks",
        "question_focus",
        "question_custom",
        "question_frame",
        "recording_s",
        "language",
    ):
        del d[key]
    for s in d["sentences"]:
        del s["word_indexes"]
    report = report_from_dict(d)
    assert report.question.id == d["question_id"] and report.question.checks == ()
    assert report.question.frame is None
    assert report.transcript.recording_s is None
    assert report.content.checks == timed_report().content.checks


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(schema_version=SCHEMA_VERSION + 1),
        lambda d: d.pop("words"),
        lambda d: d.update(sentences=[{"text": "x"}]),
        lambda d: d.update(score=None),
    ],
)
def test_a_dict_that_is_not_a_report_is_refused_in_one_line(change) -> None:
    d = report_to_dict(timed_report())
    change(d)
    with pytest.raises(ReportFormatError) as err:
        report_from_dict(d)
    assert "\n" not in str(err.value)


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_numpy_scalars_from_the_speech_model_become_plain_json_numbers() -> None:
    """faster-whisper hands out np.float32 times; comparisons on them give np.bool_.

    Fed through the delivery figures they once crashed ``json.dumps`` ("Object of type bool
    is not JSON serializable"); the report must hold plain Python values only.
    """
    from speakprep.core.delivery import measure_delivery
    from speakprep.core.fillers import filler_spans
    from speakprep.core.settings import load_settings

    base = timed_report(long_gaps={2: 3.2})
    words = tuple(
        dataclasses.replace(
            w,
            start_s=np.float32(w.start_s),
            end_s=np.float32(w.end_s),
            probability=np.float32(0.9),
        )
        for w in base.transcript.words
    )
    transcript = dataclasses.replace(base.transcript, words=words)
    delivery = measure_delivery(
        transcript,
        filler_spans(transcript),
        recording_s=np.float64(base.transcript.recording_s),
        settings=load_settings(),
        voice=base.delivery.voice if base.delivery else None,
    )
    assert isinstance(delivery.speaking_s, np.floating)  # what used to reach json.dumps
    check = dataclasses.replace(base.content.checks[0], found=np.bool_(True), weight=np.float32(2))
    content = dataclasses.replace(base.content, checks=(check, *base.content.checks[1:]))
    report = dataclasses.replace(
        base, transcript=transcript, delivery=delivery, content=content, warnings=("a note",)
    )
    out = report_to_dict(report)
    text = json.dumps(out)  # raised TypeError before
    assert all(type(leaf) in (str, int, float, bool, type(None)) for leaf in _leaves(out)), (
        "a numpy scalar reached the report"
    )
    back = json.loads(text)
    assert back["delivery"]["speaking_s"] == pytest.approx(float(delivery.speaking_s))
    assert back["checks"][0]["found"] is True
    assert back["warnings"] == ["a note"]
    assert report_from_dict(back).warnings == ("a note",)
