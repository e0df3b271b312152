"""One verdict everywhere: after a band changes in Settings, a take shown on the results
screen is judged as History judges it, and its export says the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from speakprep.paths import AppPaths
from speakprep.storage.library import Library
from speakprep.ui.pages.history_model import STATUS_ROLE
from speakprep.ui.widgets.scorecard import SCORED_WITH_OLD_BANDS
from tests.reports import GOOD_ANSWER, timed_report
from tests.ui.desktop import desktop_app

# Two "um"s in 27 s: 4.45 fillers a minute, "fair" by the packaged bands (good up to 3).
TWO_UMS = (
    *GOOD_ANSWER[:2],
    "Um, in five years, I see myself leading a small analytics team here at Acme.",
    GOOD_ANSWER[3],
)


def _history_filler_status(app, take_id: int) -> str | None:
    model = app.window.history.model
    for row in range(model.rowCount()):
        index = model.index(row, model.column_of("fillers"))
        if model.take_at(row).id == take_id:
            return index.data(STATUS_ROLE)
    raise AssertionError(f"take {take_id} is not listed")


def _save_bands(app, **bands: float) -> None:
    """What the settings dialog does when the user saves new bands."""
    old = app.prefs
    new = replace(old, **bands)
    app.settings.save(new)
    app.settings.changed.emit(old, new)


def _open_under_own_pace_band(app, take_id: int):  # type: ignore[no-untyped-def]
    """The take's results page after the user set a pace band of 100-130 wpm."""
    app.window.show()
    _save_bands(app, pace_good_min_wpm=100.0, pace_good_max_wpm=130.0)
    app.show_history()
    app.history.open_take(take_id)
    return app.window.results


def test_a_band_change_rejudges_the_shown_take_like_history(qtbot, tmp_path) -> None:
    data = tmp_path / "data"
    report = timed_report(TWO_UMS)
    assert report.delivery is not None and report.delivery.filler_status == "fair"
    with Library.open(AppPaths(data)) as library:
        take_id = library.add(
            report, None, source="imported", created_at=datetime(2026, 11, 10, 9).astimezone()
        ).id
    exported = tmp_path / "take.md"
    app, _ = desktop_app(qtbot, data, load_model=False, choose_export_path=lambda default: exported)
    try:
        app.window.show()
        app.show_history()
        app.history.open_take(take_id)
        tiles = app.window.results.scorecard
        score = tiles.score_panel
        assert tiles.filler_tile.status == "warn"
        assert "fair" in tiles.filler_tile.summary()
        assert _history_filler_status(app, take_id) == "warn"
        assert SCORED_WITH_OLD_BANDS not in score.parts.text()

        _save_bands(app, fillers_good_max_per_minute=5.0, target_s=25.0)

        # The shown tiles, their tooltip and History agree on the new bands.
        assert tiles.filler_tile.status == "pass"
        assert tiles.filler_tile.value.text() == f"{report.delivery.fillers_per_minute:.1f}"
        assert "good" in tiles.filler_tile.summary()
        assert "up to 5 a minute" in tiles.filler_tile.toolTip()
        assert _history_filler_status(app, take_id) == "pass"
        # 27 s against a 25 s target: no longer too short but a little long, "of 0:25".
        assert tiles.time_tile.unit.text() == "of 0:25"
        assert "a little long" in tiles.time_tile.summary()
        # The stored score stays as analysed, and the panel says so.
        assert score.total.text() == str(report.score.total)
        assert SCORED_WITH_OLD_BANDS in score.parts.text()
        assert "Analyse again" in score.toolTip()
        # The checks, "Within 90 seconds" among them, are the stored ones (their count is the
        # one History lists), and the tooltip says so rather than letting them disagree unsaid.
        assert "the checks" in score.toolTip()
        results_checks = app.window.results.checks
        assert results_checks.row("within_target").check == next(
            c for c in report.content.checks if c.id == "within_target"
        )
        assert app.window.results.reanalyse_button.text() == "Analyse again"
        # Its row says why it reads "Too short" beside a "a little long" tile.
        note = results_checks.row("within_target").band_note
        assert not note.isHidden() and "by your bands now it is a little long" in note.text()

        app.window.results.export_requested.emit("md")
        text = exported.read_text(encoding="utf-8")
        # The figures say "a little long"; "too short" only where the stored check says why.
        assert "a little long" in text
        said = [line for line in text.splitlines() if "too short" in line]
        assert said == [f"  - _{note.text()}_"]
        # The 20 points the take lost as analysed are named by what they were for.
        assert "; −20 speaking time)" in text
    finally:
        app.shutdown()


def test_an_export_words_the_next_steps_with_the_bands_the_app_shows(qtbot, tmp_path) -> None:
    """Found as a new user: with a pace band of their own (100-130) the results page said
    "aim for 100-130" and the exported page "aim for 120-165", the packaged band."""
    data = tmp_path / "data"
    report = timed_report(words_per_s=3.6)  # 193 wpm: fast by either band
    with Library.open(AppPaths(data)) as library:
        take_id = library.add(report, None, source="imported").id
    exports = {fmt: tmp_path / f"take.{fmt}" for fmt in ("md", "html")}
    app, _ = desktop_app(
        qtbot,
        data,
        load_model=False,
        choose_export_path=lambda default: exports[default.suffix[1:]],
    )
    try:
        results = _open_under_own_pace_band(app, take_id)
        assert "Good: 100-130 wpm" in results.scorecard.pace_tile.detail.text()
        shown = next(s.text for s in results.next_take.steps if s.id == "pace_fast")
        assert "aim for 100-130 " in shown
        for fmt, path in exports.items():
            results.export_requested.emit(fmt)
            page = path.read_text(encoding="utf-8")
            assert "aim for 100-130 " in page and "120-165" not in page, fmt
            assert shown.split(":")[0] in page, fmt  # the step the app shows, as it says it
    finally:
        app.shutdown()


def test_the_next_steps_follow_the_tiles_after_a_band_change(qtbot, tmp_path) -> None:
    """A take analysed at 138 wpm ("good" then) under a pace band of 100-130 set since: the
    pace tile said "fast" while "Your next take" said nothing of pace, and the export, judged
    by the bands now, told the user to slow down. Now both say it."""
    data = tmp_path / "data"
    report = timed_report()
    assert report.delivery is not None and report.delivery.pace_status == "good"
    with Library.open(AppPaths(data)) as library:
        take_id = library.add(report, None, source="imported").id
    exported = tmp_path / "take.md"
    app, _ = desktop_app(qtbot, data, load_model=False, choose_export_path=lambda default: exported)
    try:
        results = _open_under_own_pace_band(app, take_id)
        assert results.scorecard.pace_tile.status != "pass"
        shown = [s.text for s in results.next_take.steps if s.id == "pace_fast"]
        assert len(shown) == 1 and "aim for 100-130 " in shown[0]
        results.export_requested.emit("md")
        assert shown[0].split(":")[0] in exported.read_text(encoding="utf-8")
    finally:
        app.shutdown()
