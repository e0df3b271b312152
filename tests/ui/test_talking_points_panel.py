"""Talking points on the practice screen: optional, folded by default, kept per question in
talking_points.json, and handed to the analysis of a recorded or imported take."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from speakprep.core.rubric import load_rubric
from speakprep.core.talking_points import TalkingPoints
from speakprep.ui.pages.practice import PracticeView
from tests.conftest import AUDIO
from tests.ui.desktop import desktop_app


def test_points_are_optional_and_reach_the_context(qtbot) -> None:
    view = PracticeView()
    qtbot.addWidget(view)
    view.set_questions(load_rubric().questions, "five_years")
    view.show()
    panel = view.talking_points
    assert not panel.body.isVisible()  # folded until asked for
    assert view.context().talking_points is None  # never required

    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.body.isVisible()
    for edit in panel.fields.values():
        assert edit.placeholderText()  # a hint, not an empty box
    qtbot.keyClicks(panel.fields["long_term"], "  lead a data team ")
    qtbot.keyClicks(panel.fields["plan"], "SQL course; mentor juniors")
    points = view.context().talking_points
    assert points == TalkingPoints(long_term="lead a data team", plan="SQL course; mentor juniors")
    assert [k for k, _ in points.items()] == ["long_term", "plan", "plan"]

    view.set_recording(True)  # notes are fixed while the take runs
    assert not panel.isEnabled()


def test_points_are_kept_per_question_across_restarts(qtbot, tmp_path) -> None:
    data = tmp_path / "data"
    app, _ = desktop_app(qtbot, data, load_model=False)
    app.window.show()
    view = app.window.practice
    view.select_question("five_years")
    app.questions.refresh()
    panel = view.talking_points
    panel.set_open(True)
    qtbot.keyClicks(panel.fields["short_term"], "junior analyst role")
    saved = data / "talking_points.json"
    qtbot.waitUntil(lambda: saved.exists(), timeout=5_000)
    assert json.loads(saved.read_text())["five_years"] == {"short_term": "junior analyst role"}

    other = next(q.id for q in app.rubric.questions if q.id != "five_years")
    view.select_question(other)  # emits question_changed: the fields follow the question
    assert panel.points().empty
    qtbot.keyClicks(panel.fields["employer_link"], "their open data work")
    view.select_question("five_years")  # the pending edit is saved to its own question
    assert panel.points().short_term == "junior analyst role"
    assert json.loads(saved.read_text())[other] == {"employer_link": "their open data work"}
    app.shutdown()

    again, _ = desktop_app(qtbot, data, load_model=False)
    again.window.practice.select_question("five_years")
    again.questions.refresh()
    assert again.window.practice.talking_points.points().short_term == "junior analyst role"
    assert again.window.practice.talking_points.is_open  # a question with notes shows them
    again.shutdown()


def test_a_damaged_points_file_is_reported_not_lost(qtbot, tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "talking_points.json").write_text("{not json", encoding="utf-8")
    app, _ = desktop_app(qtbot, data, load_model=False)
    assert "talking points could not be read" in app.window.practice.banner.text()
    assert (data / "talking_points.json.bad").read_text() == "{not json"
    app.shutdown()


@pytest.mark.model
def test_an_imported_take_is_matched_against_the_points(qtbot, tmp_path, engine) -> None:
    clip = AUDIO / "jfk.wav"  # "... ask what you can do for your country."
    app, _ = desktop_app(
        qtbot, tmp_path / "data", lambda model: engine, choose_file=lambda parent: clip
    )
    app.window.show()
    try:
        panel = app.window.practice.talking_points
        panel.set_open(True)
        qtbot.keyClicks(panel.fields["plan"], "ask what I can do for my country")
        qtbot.keyClicks(panel.fields["long_term"], "run a hospital pharmacy")
        qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
        app.window.practice.import_button.click()
        qtbot.waitUntil(lambda: app.window.results.report is not None, timeout=60_000)
        matches = {m.kind: m for m in app.window.results.report.talking_points}
        assert matches["plan"].said and matches["plan"].sentence_index is not None
        assert not matches["long_term"].said
    finally:
        app.shutdown()
