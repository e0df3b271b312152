"""The timeline's labels on spoken answers whose sentence timings are known.

The answers in tests/data/spoken are labelled answers read aloud by espeak-ng one sentence at
a time (see make_spoken.py there), so each reference sentence's start and end are exact. The
real engine (Whisper tiny.en and the whole analysis) runs on each recording and its timeline
is scored against the reference:

* time agreement: over the time of every reference sentence, the share where the timeline
  segment covering that moment has the sentence's label (a moment no segment covers counts
  as a miss), summed over all sentences and divided by the total sentence time;
* sentence agreement: the share of reference sentences whose midpoint lies in a segment with
  the sentence's label.

``benchmarks/timeline_accuracy.py`` prints the same figures per answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from speakprep.core.models import Segment

SPOKEN = Path(__file__).parent / "data" / "spoken"
MIN_TIME_AGREEMENT = 0.80


@dataclass(frozen=True, slots=True)
class RefSentence:
    text: str
    label: str
    start_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class SpokenAnswer:
    id: str
    audio: Path
    question: str | None
    company: str | None
    role: str | None
    sentences: tuple[RefSentence, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Time in agreement and total reference time (seconds), sentences agreeing and total."""

    agree_s: float
    total_s: float
    agree_sentences: int
    total_sentences: int

    @property
    def time(self) -> float:
        return self.agree_s / self.total_s if self.total_s else 0.0

    @property
    def sentences(self) -> float:
        return self.agree_sentences / self.total_sentences if self.total_sentences else 0.0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(
            self.agree_s + other.agree_s,
            self.total_s + other.total_s,
            self.agree_sentences + other.agree_sentences,
            self.total_sentences + other.total_sentences,
        )


def load_spoken(folder: Path = SPOKEN) -> list[SpokenAnswer]:
    """Every ``*.json`` reference in ``folder`` with its ``.flac``, sorted by id."""
    answers = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        answers.append(
            SpokenAnswer(
                id=data["id"],
                audio=path.with_suffix(".flac"),
                question=data.get("question"),
                company=data.get("company"),
                role=data.get("role"),
                sentences=tuple(
                    RefSentence(s["text"], s["label"], float(s["start_s"]), float(s["end_s"]))
                    for s in data["sentences"]
                ),
            )
        )
    return answers


def label_at(segments: Sequence[Segment], t: float) -> str | None:
    """The label of the timeline segment covering time ``t`` (None between segments)."""
    for seg in segments:
        if seg.start_s is not None and seg.end_s is not None and seg.start_s <= t <= seg.end_s:
            return seg.label
    return None


def timeline_agreement(segments: Sequence[Segment], reference: Sequence[RefSentence]) -> Agreement:
    """How far the timeline's segments agree with the reference sentences (module doc)."""
    agree_s = total_s = 0.0
    agree_n = 0
    for ref in reference:
        total_s += ref.end_s - ref.start_s
        for seg in segments:
            if seg.label != ref.label or seg.start_s is None or seg.end_s is None:
                continue
            # Segments never overlap (they follow the sentences), so overlaps simply add up.
            agree_s += max(0.0, min(seg.end_s, ref.end_s) - max(seg.start_s, ref.start_s))
        if label_at(segments, (ref.start_s + ref.end_s) / 2) == ref.label:
            agree_n += 1
    return Agreement(agree_s, total_s, agree_n, len(reference))


def describe(answer_id: str, agreement: Agreement) -> str:
    return (
        f"{answer_id:32s} time {agreement.time:.3f}  sentences "
        f"{agreement.agree_sentences}/{agreement.total_sentences}"
    )


def test_agreement_metric_on_a_made_up_timeline() -> None:
    ref = (RefSentence("a", "other", 0.0, 2.0), RefSentence("b", "plan", 3.0, 5.0))
    segments = (
        Segment("other", 0.5, 2.0, (0,)),  # the first 0.5 s is not covered
        Segment("short_term", 3.0, 4.0, (1,)),  # wrong label for half of "b"
        Segment("plan", 4.0, 5.0, (2,)),
    )
    result = timeline_agreement(segments, ref)
    assert result.time == pytest.approx((1.5 + 1.0) / 4.0)
    # The midpoint of "b" (4.0) is where both segments touch; the first one wins.
    assert (result.agree_sentences, result.total_sentences) == (1, 2)


def test_spoken_references_are_consistent_with_their_audio() -> None:
    import soundfile as sf

    from speakprep.core.models import LABELS

    answers = load_spoken()
    assert answers
    for answer in answers:
        info = sf.info(str(answer.audio))
        assert info.samplerate == 16_000 and info.channels == 1, answer.id
        previous_end = 0.0
        for ref in answer.sentences:
            assert ref.label in LABELS, (answer.id, ref.label)
            assert previous_end < ref.start_s < ref.end_s <= info.duration, (answer.id, ref)
            previous_end = ref.end_s


@pytest.mark.model
def test_timeline_labels_agree_with_spoken_references(engine) -> None:
    from speakprep.services.analyze import Context

    answers = load_spoken()
    assert len(answers) >= 6
    total = Agreement(0.0, 0.0, 0, 0)
    lines = []
    for answer in answers:
        report = engine.analyze_file(
            answer.audio,
            Context(question=answer.question, company=answer.company, role=answer.role),
        )
        result = timeline_agreement(report.content.segments, answer.sentences)
        total = total + result
        lines.append(describe(answer.id, result))
    lines.append(describe("overall", total))
    assert total.time >= MIN_TIME_AGREEMENT, "\n".join(lines)
