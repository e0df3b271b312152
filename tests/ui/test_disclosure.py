"""One fold control: the practice screen's talking points, a check's evidence and a coach
step's advice open and fold through the same Disclosure, with the same look, from the
keyboard, each saying to a screen reader what it opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from speakprep.core.rubric import load_rubric
from speakprep.ui.pages.practice import PracticeView
from speakprep.ui.pages.results import ResultsView
from speakprep.ui.widgets.disclosure import CLOSED, OPENED, Disclosure
from tests.reports import timed_report
from tests.ui.test_results_coach import MIXED


def test_talking_points_evidence_and_coach_steps_fold_the_same_way(qtbot) -> None:
    results = ResultsView()
    qtbot.addWidget(results)
    results.resize(760, 620)
    results.set_report(timed_report(MIXED), title="Five years", stored=True)
    practice = PracticeView()
    qtbot.addWidget(practice)
    practice.set_questions(load_rubric().questions, "five_years")
    for view in (results, practice):
        view.show()
        qtbot.waitExposed(view)

    card = results.next_take
    assert len(card.steps) > 3  # the fourth step is folded
    step = card.toggles[0]
    assert step.parent() is card.step_boxes[3]  # it belongs to its step, not the card
    evidence = next(r.toggle for r in results.checks.rows if r.evidence_items)
    points = practice.talking_points.toggle
    folds = [points, evidence, step]
    assert all(type(f) is Disclosure for f in folds)
    assert len({f.styleSheet() for f in folds}) == 1

    for fold in folds:
        fold.set_open(False)
        assert fold.text().startswith("▸  ") and fold.accessibleName().startswith("Show")
        assert fold.focusPolicy() & Qt.FocusPolicy.TabFocus
        fold.setFocus()
        qtbot.keyClick(fold, Qt.Key.Key_Space)
        assert fold.is_open and fold.target.isVisible()
        assert fold.text().startswith("▾  ") and fold.accessibleName().startswith("Hide")
        qtbot.keyClick(fold, Qt.Key.Key_Space)
        assert not fold.target.isVisible()

    # The fold arrows mean "opens here" only: a link to a sentence (it goes to the transcript)
    # wore "▸" too.
    assert card.links
    assert not any(link.text().startswith((CLOSED, OPENED)) for link in card.links)


def test_set_open_words_the_button_once_whether_or_not_the_state_changes(qtbot) -> None:
    """``set_open`` worded the button twice when the state changed (toggled did it, then
    the call again); once is enough, and an unchanged state is still worded."""
    target = QWidget()
    qtbot.addWidget(target)
    asked: list[bool] = []

    def text(opened: bool) -> str:
        asked.append(opened)
        return "Hide" if opened else "Show"

    fold = Disclosure(target, text, lambda opened: "Evidence")
    qtbot.addWidget(fold)
    asked.clear()
    fold.set_open(True)
    assert asked == [True] and fold.is_open and fold.text() == f"{OPENED}  Hide"
    fold.set_open(True)
    assert asked == [True, True] and not target.isHidden()
    fold.set_open(False)
    assert asked == [True, True, False] and target.isHidden()
