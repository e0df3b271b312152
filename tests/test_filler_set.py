"""Real filler tokens spliced into other speech: found where they were put, nowhere else.

Four takes of the spliced filler set (tests/data/fillers/README.md): 20 real "um"/"uh"
tokens at the start, mid-sentence and between sentences, in noise, with a notification
chime, music and typing between sentences. The full set and its figures by condition are
in benchmarks/filler_set.py.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from speakprep.audio.files import load_audio
from speakprep.core.models import Report

pytestmark = pytest.mark.model

TAKES = Path(__file__).parent / "data" / "fillers"
SLACK_S = 0.25  # a found filler overlapping a spliced one give or take this much is it


@cache
def _truth(stem: str) -> dict:
    return json.loads((TAKES / f"{stem}.json").read_text())


@pytest.fixture(scope="module")
def reports(engine) -> dict[str, Report]:
    return {
        p.stem: engine.analyze_samples(load_audio(p).samples) for p in sorted(TAKES.glob("*.flac"))
    }


def _found(report: Report) -> list[tuple[float, float]]:
    return [
        (w.start_s, w.end_s)
        for w in report.transcript.words
        if w.filler_kind == "hard" and w.start_s is not None and w.end_s is not None
    ]


def _near(a: tuple[float, float], b: tuple[float, float], slack: float = SLACK_S) -> bool:
    return a[0] < b[1] + slack and a[1] > b[0] - slack


def test_spliced_fillers_are_found(reports: dict[str, Report]) -> None:
    # Measured: 20 of 20 and 12 of 12 mid-sentence with int8 (default threads), 18 and 10
    # with float32 on one thread. The targets (0.85 overall, 0.80 mid-sentence)
    # are measured on the whole spliced set by benchmarks/filler_set.py; on these 20
    # tokens one miss moves a figure by 5-8 %, so this allows two misses below the worst
    # run measured rather than sit on the target's edge.
    hits = {"all": [0, 0], "mid": [0, 0]}
    for stem, report in reports.items():
        found = _found(report)
        for f in _truth(stem)["fillers"]:
            ok = any(_near(x, (f["start_s"], f["end_s"])) for x in found)
            for key in ("all", "mid") if f["position"] == "mid" else ("all",):
                hits[key][0] += ok
                hits[key][1] += 1
    assert hits["all"][1] == 20 and hits["mid"][1] == 12
    assert hits["all"][0] >= 16, hits
    assert hits["mid"][0] >= 8, hits


def test_no_filler_where_none_was_put(reports: dict[str, Report]) -> None:
    # Measured: none. At most one in the 55 s of speech (the issue: one per 2 minutes).
    false = []
    for stem, report in reports.items():
        spans = [(f["start_s"], f["end_s"]) for f in _truth(stem)["fillers"]]
        false += [(stem, x) for x in _found(report) if not any(_near(x, s) for s in spans)]
    assert len(false) <= 1, false


def test_chimes_music_and_typing_never_become_fillers(reports: dict[str, Report]) -> None:
    for stem, report in reports.items():
        for event in _truth(stem)["events"]:
            span = (event["start_s"], event["end_s"])
            on_it = [x for x in _found(report) if _near(x, span, 0.0)]
            assert on_it == [], (stem, event["kind"], on_it)
