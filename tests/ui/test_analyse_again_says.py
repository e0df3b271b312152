"""Analyse again says that it ran and what came of it, in the status bar."""

from __future__ import annotations

from dataclasses import replace

from speakprep.services.takes import SavedTake, TakeJob, context_of
from tests.reports import rescored, timed_report
from tests.ui.desktop import desktop_app


def test_analyse_again_says_it_ran_and_what_came_of_it(qtbot, tmp_path) -> None:
    """Found as a new user: after Analyse again the page was drawn again with nothing
    saying the analysis had run; an unchanged score looked like a button that did nothing."""
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        report = replace(timed_report(), model="tiny.en (bundled)")
        take = app.library.add(report, None, source="imported")
        app.takes.show_take(report, take, audio=None)
        job = TakeJob("reanalysed", context_of(take, report), take_id=take.id)
        on_time = rescored(report, target_status="on_target")  # as if the time were right
        assert on_time.score.total != report.score.total
        app.takes.show_outcome(SavedTake(on_time, take, None), job)
        bar = app.window.statusBar()
        old, new = report.score.total, on_time.score.total
        assert (
            bar.currentMessage() == f"Analysed again with tiny.en (bundled): score {old} → {new}."
        )
        app.takes.show_outcome(SavedTake(on_time, take, None), job)
        assert (
            bar.currentMessage()
            == f"Analysed again with tiny.en (bundled): score {new}, as before."
        )
    finally:
        app.shutdown()
