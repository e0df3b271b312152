"""The history screen lists every take with its figures and acts on the library through its
controller: filter, search, rename, note, delete, open, compare and progress."""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from speakprep.core.score import tally_checks
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.palette import STATUS_COLORS
from speakprep.storage.library import Library
from speakprep.ui.controllers.history import (
    HistoryController,
    confirm_delete_dialog,
    delete_message,
)
from speakprep.ui.controllers.questions import recent_line
from speakprep.ui.pages.compare import CompareView
from speakprep.ui.pages.history import ALL_QUESTIONS, EMPTY_LIBRARY, HistoryView
from speakprep.ui.pages.history_model import (
    COLUMNS,
    MISSING_AUDIO,
    SECONDARY_ROLE,
    STATUS_ROLE,
    HistoryModel,
    format_take_date,
)
from speakprep.ui.pages.progress import ProgressView
from speakprep.ui.widgets.coach import focus_steps, well_done_text
from tests.reports import GOOD_ANSWER, timed_report
from tests.ui.fake_library import FakeLibrary, sample_library, sample_real_library

NOW = datetime(2026, 11, 22, 10, 5)  # local time; the newest sample take is today at 09:41


class Answers:
    """What the user answers to the controller's questions, and what they were asked."""

    def __init__(self) -> None:
        self.confirm = True
        self.title: str | None = None
        self.note: str | None = None
        self.asked: list[tuple[str, object]] = []

    def confirm_delete(self, takes):
        self.asked.append(("delete", [t.id for t in takes]))
        return self.confirm

    def ask_title(self, take):
        self.asked.append(("title", take.id))
        return self.title

    def ask_note(self, take):
        self.asked.append(("note", take.id))
        return self.note


@pytest.fixture(params=["real", "fake"])
def library(request, tmp_path: Path):
    if request.param == "fake":
        yield sample_library(NOW)
        return
    lib = sample_real_library(tmp_path / "data", NOW)
    yield lib
    lib.close()


@pytest.fixture
def real_library(tmp_path: Path):
    lib = sample_real_library(tmp_path / "data", NOW)
    yield lib
    lib.close()


def screen(qtbot, library, **kwargs):
    answers = Answers()
    view = HistoryView(model=HistoryModel(now=lambda: NOW))
    qtbot.addWidget(view)
    view.resize(1040, 720)
    controller = HistoryController(
        view,
        library,
        confirm_delete=answers.confirm_delete,
        ask_title=answers.ask_title,
        ask_note=answers.ask_note,
        **kwargs,
    )
    controller.refresh()
    view.show()
    return view, controller, answers


def cell(view: HistoryView, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    return model.data(model.index(row, COLUMNS.index(key)), role)


def row_of(view: HistoryView, take_id: int) -> int:
    row = view.model.row_of(take_id)
    assert row >= 0
    return row


def test_ten_takes_are_listed_newest_first_with_their_figures(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    takes = library.takes()
    assert view.model.rowCount() == len(takes) == 10
    listed = view.model.takes()
    assert [t.id for t in listed] == [t.id for t in takes]
    assert all(a.created_at > b.created_at for a, b in itertools.pairwise(listed))

    assert cell(view, 0, "date") == "Today 09:41"
    assert cell(view, 1, "date") == "Yesterday 18:45"
    assert cell(view, 2, "date") == "20 Nov"
    assert cell(view, 0, "question") == "Before the Acme interview"  # the user's title
    assert cell(view, 0, "question", SECONDARY_ROLE) == "What are your career goals?"
    assert cell(view, 1, "question") == "Where do you see yourself in five years?"
    for row, take in enumerate(takes):
        assert cell(view, row, "speaking") == clock_text(take.speaking_s)
        assert cell(view, row, "score") == str(take.score)
        assert cell(view, row, "fillers") == f"{take.fillers_per_minute:.1f}"
    assert view.subtitle.text().startswith("10 takes")


def test_figures_are_coloured_against_the_bands(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    oldest, newest = view.model.rowCount() - 1, 0
    # 1:54 is over the 1:45 "a little long" limit; 1:15 is on target (times round to the second).
    assert cell(view, oldest, "speaking") == "1:54"
    assert cell(view, oldest, "speaking", STATUS_ROLE) == "fail"
    assert cell(view, oldest, "speaking", Qt.ItemDataRole.ForegroundRole) == QColor(
        STATUS_COLORS["fail"]
    )
    assert "too long" in cell(view, oldest, "speaking", Qt.ItemDataRole.ToolTipRole).lower()
    assert cell(view, newest, "speaking", STATUS_ROLE) == "pass"
    assert cell(view, oldest, "fillers", STATUS_ROLE) == "fail"  # 15.3 a minute: high
    assert cell(view, newest, "fillers", STATUS_ROLE) == "pass"


def test_the_checks_count_is_the_results_pages(qtbot, library) -> None:
    """Found as a new user: History had no checks column where the Practice list and
    ``speakprep history`` show one; it shows the results page's count, in its colour."""
    if isinstance(library, Library):
        pitfall = timed_report(
            ("In two years I want a bigger salary and a bonus.", *GOOD_ANSWER[1:3])
        )
        library.add(pitfall, None, source="imported")
    view, _, _ = screen(qtbot, library)
    tones = set()
    for row, take in enumerate(view.model.takes()):
        tally = tally_checks(library.report(take.id).content.checks)
        # "5 of 6 met · no pitfalls", on two lines; read aloud as one
        assert cell(view, row, "checks") == tally.text.replace(" · ", "\n")
        assert cell(view, row, "checks", Qt.ItemDataRole.AccessibleTextRole) == tally.text
        assert cell(view, row, "checks", STATUS_ROLE) == tally.tone
        tip = cell(view, row, "checks", Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith(tally.pitfall_text) and f"{tally.met} of the {tally.required}" in tip
        tones.add(tally.tone)
    if isinstance(library, Library):  # a pitfall makes it red, as on the results page
        assert cell(view, 0, "checks").endswith("1 pitfall found")
        assert cell(view, 0, "checks", STATUS_ROLE) == "fail"
    assert len(tones) >= 2


def test_the_practice_list_counts_pitfalls_as_history_does(qtbot, real_library) -> None:
    """Found as a new user: the Practice screen's last takes read "6 of 6 checks met" for a
    take History shows in red with "1 pitfall found"."""
    pitfall = timed_report(("In two years I want a bigger salary and a bonus.", *GOOD_ANSWER[1:3]))
    real_library.add(pitfall, None, source="imported")
    pitfalls = set()
    for take in real_library.takes():
        line = recent_line(take, now=NOW)
        tally = take.tally
        assert line.endswith(
            f"{tally.met} of {tally.required} checks met   ·   {tally.pitfall_text}"
        )
        pitfalls.add(tally.pitfalls_found)
    assert recent_line(real_library.takes()[0], now=NOW).endswith("·   1 pitfall found")
    assert 0 in pitfalls


def test_dates_read_as_a_person_says_them() -> None:
    now = datetime(2026, 11, 22, 10, 5)
    assert format_take_date(datetime(2026, 11, 22, 9, 41), now) == "Today 09:41"
    assert format_take_date(datetime(2026, 11, 21, 23, 59), now) == "Yesterday 23:59"
    assert format_take_date(datetime(2026, 11, 2, 8, 0), now) == "2 Nov"
    assert format_take_date(datetime(2025, 12, 30, 8, 0), now) == "30 Dec 2025"
    aware = datetime(2026, 11, 22, 9, 41).astimezone()  # storage hands back aware times
    assert format_take_date(aware, now) == "Today 09:41"


def test_filter_by_question(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    box = view.question_filter_box
    assert [box.itemText(i) for i in range(box.count())] == [
        ALL_QUESTIONS,
        "What are your career goals? (6)",
        "Where do you see yourself in five years? (4)",
    ]
    view.set_question_filter("five_years")
    assert view.model.rowCount() == 4
    assert {t.question_id for t in view.model.takes()} == {"five_years"}
    view.set_question_filter(None)
    assert view.model.rowCount() == 10


def test_search_is_debounced_and_searches_transcripts(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    searches: list[str] = []
    view.search_changed.connect(searches.append)
    qtbot.keyClicks(view.search, "salary")
    assert view.model.rowCount() == 10  # no query per keystroke
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=3000)
    assert searches == ["salary"]
    assert [t.id for t in view.model.takes()] == [t.id for t in library.takes(search="salary")]
    assert "salary" in view.subtitle.text()

    view.search.setText("zebra")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=3000)
    assert view.pages.currentIndex() == 1
    assert view.empty_label.text() == "No takes match “zebra”."
    assert view.toolbar.isVisible()  # the search can still be cleared


def test_rename_goes_through_the_controller(qtbot, library) -> None:
    view, _, answers = screen(qtbot, library)
    take = library.takes()[3]
    view.select_take_ids([take.id])
    answers.title = "Mock interview with Sam"
    view.rename_action.trigger()
    assert answers.asked == [("title", take.id)]
    assert library.take(take.id).title == "Mock interview with Sam"
    assert cell(view, row_of(view, take.id), "question") == "Mock interview with Sam"
    assert view.selected_takes()[0].id == take.id  # the selection survives the refresh

    answers.title = ""  # an empty name goes back to the question
    view.rename_action.trigger()
    assert library.take(take.id).title is None
    assert cell(view, row_of(view, take.id), "question") == take.question_text

    answers.title = None  # cancelled: nothing changes
    view.rename_action.trigger()
    assert library.take(take.id).title is None


def test_note_goes_through_the_controller(qtbot, library) -> None:
    view, _, answers = screen(qtbot, library)
    take = library.takes()[2]
    view.select_take_ids([take.id])
    answers.note = "Slow down in the middle."
    view.note_button.click()
    assert library.take(take.id).note == "Slow down in the middle."
    row = row_of(view, take.id)
    assert "Slow down in the middle." in cell(view, row, "question", SECONDARY_ROLE)
    assert "Note: Slow down" in cell(view, row, "question", Qt.ItemDataRole.ToolTipRole)


def test_delete_asks_first_and_removes_the_recording(qtbot, real_library) -> None:
    view, _, answers = screen(qtbot, real_library)
    take = real_library.takes()[1]
    assert take.audio_path is not None and take.audio_path.is_file()
    view.select_take_ids([take.id])

    answers.confirm = False
    view.delete_button.click()
    assert answers.asked == [("delete", [take.id])]
    assert view.model.row_of(take.id) >= 0
    assert take.audio_path.is_file()

    answers.confirm = True
    view.delete_action.trigger()
    assert view.model.rowCount() == 9
    assert view.model.row_of(take.id) == -1
    assert not take.audio_path.exists()
    assert [t.id for t in real_library.takes()] == [t.id for t in view.model.takes()]


def test_the_confirmation_says_the_recording_goes_too(real_library) -> None:
    takes = real_library.takes()
    question, detail = delete_message(takes[:1])
    assert question == "Delete this take?"
    assert "recording is deleted too" in detail
    assert "Before the Acme interview" in detail
    question, detail = delete_message(takes[:3])
    assert question == "Delete 3 takes?"
    assert "recordings are deleted too" in detail


def test_the_confirmation_window_is_titled_for_one_take_or_several(qtbot, real_library) -> None:
    """Found as a new user: deleting one take asked in a window titled "Delete takes"."""
    parent = QWidget()
    qtbot.addWidget(parent)
    takes = real_library.takes()
    titles: list[str] = []

    def read_and_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        titles.append(box.windowTitle())
        box.button(QMessageBox.StandardButton.Cancel).click()

    for chosen in (takes[:1], takes[:3]):
        QTimer.singleShot(0, read_and_cancel)
        assert not confirm_delete_dialog(parent, chosen)
    assert titles == ["Delete take", "Delete takes"]


def test_deleting_every_take_of_the_filtered_question_shows_all(qtbot) -> None:
    library = sample_library(NOW)
    view, _, _ = screen(qtbot, library)
    view.set_question_filter("five_years")
    view.select_take_ids([t.id for t in view.model.takes()])
    view.delete_action.trigger()
    assert view.question_filter() is None
    assert view.model.rowCount() == 6


def test_compare_needs_exactly_two_takes_of_one_question(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    career = library.takes(question_id="career_goals")
    five = library.takes(question_id="five_years")
    for chosen, enabled in (
        ([career[0]], False),
        ([career[0], career[3]], True),
        ([career[0], five[0]], False),
        ([career[0], career[1], career[2]], False),
        ([], False),
    ):
        view.select_take_ids([t.id for t in chosen])
        assert view.compare_button.isEnabled() is enabled, chosen
        assert view.compare_action.isEnabled() is enabled

    view.select_take_ids([career[0].id, career[3].id])
    with qtbot.waitSignal(view.compare_requested) as signal:
        view.compare_button.click()
    assert sorted(signal.args) == sorted([career[0].id, career[3].id])


def test_compare_fills_the_compare_view(qtbot, library) -> None:
    compare = CompareView()
    qtbot.addWidget(compare)
    view, controller, _ = screen(qtbot, library, compare_view=compare)
    career = library.takes(question_id="career_goals")
    view.select_take_ids([career[0].id, career[-1].id])
    with qtbot.waitSignal(controller.compare_ready):
        view.compare_action.trigger()
    before, after = compare.takes()
    assert (before.id, after.id) == (career[-1].id, career[0].id)  # oldest is "before"


def test_a_new_comparison_draws_the_new_pair_once_by_the_bands_now(
    qtbot, library, monkeypatch
) -> None:
    # Each comparison set the bands on the view again, which redrew the pair on show
    # before the new one was drawn; the view gets the bands from the controller instead.
    compare = CompareView()
    qtbot.addWidget(compare)
    roomy = AnalysisSettings().with_overrides(target_s=150.0)
    _view, controller, _ = screen(qtbot, library, compare_view=compare, settings=roomy)
    career = library.takes(question_id="career_goals")
    controller.compare(career[0].id, career[-1].id)
    drawn = []
    draw = compare.set_takes
    monkeypatch.setattr(compare, "set_takes", lambda *shown: (drawn.append(shown), draw(*shown)))
    controller.compare(career[1].id, career[2].id)
    assert [(a.id, b.id) for a, _ra, b, _rb in drawn] == [(career[2].id, career[1].id)]
    assert "of a 150 s target" in compare.timeline_b.accessibleDescription()


def test_missing_audio_is_shown(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    missing = [t for t in library.takes() if t.audio_missing]
    assert len(missing) == 1
    for row, take in enumerate(view.model.takes()):
        icon = cell(view, row, "question", Qt.ItemDataRole.DecorationRole)
        tooltip = cell(view, row, "question", Qt.ItemDataRole.ToolTipRole)
        if take.audio_missing:
            assert icon is not None and not icon.isNull()
            assert MISSING_AUDIO in tooltip
            assert MISSING_AUDIO in cell(view, row, "question", Qt.ItemDataRole.AccessibleTextRole)
        else:
            assert icon is None
            assert MISSING_AUDIO not in tooltip
    assert "1 with the recording file missing" in view.subtitle.text()


def test_an_empty_library_says_how_to_start(qtbot, tmp_path: Path) -> None:
    from speakprep.paths import AppPaths

    with Library.open(AppPaths(tmp_path / "empty")) as library:
        view, _, _ = screen(qtbot, library)
        assert view.pages.currentIndex() == 1
        assert view.empty_label.text() == EMPTY_LIBRARY
        assert not view.toolbar.isVisible()  # nothing to filter or act on
        with qtbot.waitSignal(view.practice_requested):
            view.empty_button.click()


def test_open_by_enter_or_double_click(qtbot, library) -> None:
    view, controller, _ = screen(qtbot, library)
    take = library.takes()[4]
    row = row_of(view, take.id)
    view.select_take_ids([take.id])
    view.table.setFocus()
    with qtbot.waitSignal(controller.take_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    opened_take, report = opened.args
    assert opened_take.id == take.id
    assert report.delivery.speaking_s == pytest.approx(take.speaking_s)

    index = view.model.index(row, 1)
    pos = view.table.visualRect(index).center()
    viewport = view.table.viewport()
    with qtbot.waitSignal(view.open_requested) as signal:
        # A real double-click is a press, then the double-click event on the same cell.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    assert signal.args == [take.id]


def test_progress_for_the_filtered_or_selected_question(qtbot, library) -> None:
    progress = ProgressView(now=lambda: NOW)
    qtbot.addWidget(progress)
    view, controller, _ = screen(qtbot, library, progress_view=progress)
    assert not view.progress_button.isEnabled()  # all questions, nothing selected
    career = library.takes(question_id="career_goals")
    view.select_take_ids([career[0].id, career[2].id])
    assert view.progress_button.isEnabled()
    view.select_take_ids([])
    view.set_question_filter("five_years")
    assert view.progress_button.isEnabled()
    with qtbot.waitSignal(controller.progress_ready):
        view.progress_button.click()
    assert progress.title.text() == "Where do you see yourself in five years?"
    assert [t.id for t in progress.takes()] == [
        t.id for t in reversed(library.takes(question_id="five_years"))
    ]
    # What to work on next, from the newest take, as the practice screen says it.
    newest = library.report(library.takes(question_id="five_years")[0].id)
    steps = focus_steps(newest, AnalysisSettings())
    expected = "<b>From your last take, work on:</b> " + " · ".join(steps) if steps else ""
    expected = expected or f"<b>Your last take:</b> {well_done_text(newest)}"
    assert progress.next_focus.text().replace("&nbsp;", " ") == expected
    assert not progress.next_focus.isHidden()


def test_the_open_progress_view_follows_new_bands(qtbot, library) -> None:
    """Found as a new user: with Progress open, Settings → filler words 3.0 → 5.0 left the
    plot at "good ≤ 3" with 4.3 marked fair, until the page was opened again."""
    progress = ProgressView(now=lambda: NOW)
    qtbot.addWidget(progress)
    view, controller, _ = screen(qtbot, library, progress_view=progress)
    view.set_question_filter("career_goals")
    with qtbot.waitSignal(controller.progress_ready):
        view.progress_button.click()
    plot = progress.cards["fillers"].plot
    rates = [p.value for p in plot.points()]
    assert plot.band() == (0.0, 3.0, "good ≤ 3")
    wider = AnalysisSettings().with_overrides(fillers_good_max=max(rates) + 1.0)
    with qtbot.assertNotEmitted(controller.progress_ready):  # the page is not switched to
        controller.set_settings(wider)
    assert plot.band() == (0.0, max(rates) + 1.0, f"good ≤ {max(rates) + 1.0:g}")
    assert [p.status for p in plot.points()] == ["pass"] * len(rates)
    assert [p.value for p in plot.points()] == rates


def test_a_failing_library_call_is_shown_not_raised(qtbot) -> None:
    library = sample_library(NOW)
    view, _, answers = screen(qtbot, library)
    take = library.takes()[0]
    view.select_take_ids([take.id])
    answers.title = "New name"
    library.fail_next = "rename"
    view.rename_action.trigger()
    assert view.notice.isVisibleTo(view)
    assert view.notice.text() == "Could not rename: the disk is full."
    assert library.take(take.id).title == "Before the Acme interview"
    library.fail_next = None
    view.rename_action.trigger()  # a later success clears the message
    assert not view.notice.isVisibleTo(view)


def test_an_empty_fake_matches_an_empty_real_library(qtbot, tmp_path: Path) -> None:
    # The fake must not drift from the real API: both answer the same calls alike.
    from speakprep.paths import AppPaths

    with Library.open(AppPaths(tmp_path / "e")) as real:
        fake = FakeLibrary()
        assert real.takes() == fake.takes() == []
        assert real.questions() == fake.questions() == []


def test_the_screen_fits_the_smallest_window(qtbot, library) -> None:
    view, _, _ = screen(qtbot, library)
    assert view.minimumSizeHint().width() <= 740  # the main window's minimum is 760 px


def test_the_question_is_readable_in_the_smallest_window(qtbot) -> None:
    """Since the checks column came, a 760 px window left the question 95 px: "What are
    your ca..." read as "What are..."; the question itself now fits beside every figure."""
    view, _, _ = screen(qtbot, sample_library(NOW))
    view.resize(760, 620)
    QApplication.processEvents()
    header = view.table.horizontalHeader()
    question = "What are your career goals?"
    assert any(t.question_text == question for t in view.model.takes())
    needed = view.table.fontMetrics().horizontalAdvance(question) + 12  # the cell's margins
    assert header.sectionSize(COLUMNS.index("question")) >= needed
    # The figures keep their whole text: nothing right of the question is cut.
    for key in ("date", "speaking", "score", "fillers", "checks"):
        column = COLUMNS.index(key)
        widest = max(view.table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= widest, key
    total = sum(header.sectionSize(c) for c in range(len(COLUMNS)))
    assert total <= view.table.viewport().width()


def test_a_take_deleted_elsewhere_is_reported_and_dropped(qtbot, real_library) -> None:
    view, _, answers = screen(qtbot, real_library)
    take = real_library.takes()[0]
    view.select_take_ids([take.id])
    real_library.delete(take.id)  # e.g. by the command line while the app is open
    answers.title = "Too late"
    view.rename_action.trigger()
    assert answers.asked == []  # nothing to ask about
    assert view.notice.text() == f"There is no take {take.id} in the history."
    assert view.model.row_of(take.id) == -1


def test_a_recording_with_no_speech_is_dated_as_the_takes_above_it(qtbot, real_library) -> None:
    """Found as a new user: the takes read "Today 09:41" and, just below, the recording
    with no speech read "Sunday 22 November 2026, 09:50", as if from another day."""
    from speakprep.audio.wavfile import WavWriter
    from speakprep.storage.recordings import new_take_path

    recorded = NOW.replace(minute=0)
    path = new_take_path(real_library.paths.recordings_dir, now=recorded)
    with WavWriter(path, 16_000, fsync=False) as writer:
        writer.write(np.zeros(16_000, dtype=np.float32))
    real_library.keep_without_speech(path)
    view, _, _ = screen(qtbot, real_library)
    kept = view.no_speech
    assert kept.isVisible() and kept.list.count() == 1
    assert cell(view, 0, "date") == "Today 09:41"
    item = kept.list.item(0)
    assert item.text() == "Today 10:00 · 0:01 · no speech recognised"
    # The full date and the file stay one hover away, as the takes' dates do.
    assert item.toolTip() == f"Recorded Sunday 22 November 2026, 10:00\n{path}"


def test_progress_needs_no_selection_when_every_take_is_of_one_question(qtbot, library) -> None:
    """Found as a new user: after three takes of the one question they practise, History
    opened with Progress greyed out ("Pick a question in the filter, or select takes")."""
    for take in library.takes():
        if take.question_id != "career_goals":
            library.delete(take.id)
    progress = ProgressView(now=lambda: NOW)
    qtbot.addWidget(progress)
    view, controller, _ = screen(qtbot, library, progress_view=progress)
    assert view.question_filter() is None and view.selected_takes() == []
    assert view.progress_button.isEnabled()
    with qtbot.waitSignal(controller.progress_ready):
        view.progress_button.click()
    assert [t.id for t in progress.takes()] == [
        t.id for t in reversed(library.takes(question_id="career_goals"))
    ]


def test_the_subtitle_says_how_to_open_and_compare_until_a_take_is_selected(qtbot) -> None:
    """Found as a new user: a greyed Open and Compare under the list, and nothing saying how
    to make them work."""
    from speakprep.ui.pages.history import SELECT_HINT

    view, _, _ = screen(qtbot, sample_library(NOW))
    assert not view.selected_takes() and not view.open_button.isEnabled()
    assert view.subtitle.text().startswith("10 takes · ")
    assert view.subtitle.text().endswith(f" · {SELECT_HINT}")
    view.table.selectRow(0)
    assert view.open_button.isEnabled() and SELECT_HINT not in view.subtitle.text()


def test_two_takes_of_different_questions_say_why_compare_is_greyed(qtbot) -> None:
    """Found as a new user: two takes of different questions selected left Compare greyed,
    with the reason only in the button's tooltip."""
    from speakprep.ui.pages.history import DIFFERENT_QUESTIONS_HINT

    library = sample_library(NOW)
    view, _, _ = screen(qtbot, library)
    career = library.takes(question_id="career_goals")
    five = library.takes(question_id="five_years")
    view.select_take_ids([career[0].id, five[0].id])
    assert not view.compare_button.isEnabled()
    assert view.subtitle.text().endswith(f" · {DIFFERENT_QUESTIONS_HINT}")
    view.select_take_ids([career[0].id, career[1].id])
    assert view.compare_button.isEnabled()
    assert DIFFERENT_QUESTIONS_HINT not in view.subtitle.text()


def test_with_one_take_the_subtitle_says_how_to_open_it(qtbot) -> None:
    """Found in review: with a single take the hint never showed (it waited for two)."""
    from speakprep.ui.pages.history import OPEN_HINT

    library = sample_library(NOW)
    for take in library.takes()[1:]:
        library.delete(take.id)
    view, _, _ = screen(qtbot, library)
    assert view.subtitle.text() == f"1 take · {OPEN_HINT}"


def test_a_take_too_short_to_rate_has_no_rate_in_the_history_or_the_trends(
    qtbot, tmp_path: Path, capsys
) -> None:
    """A 4 s take with one "um" listed "15.0" fillers a minute and put 15 on the fillers trend;
    as on its results page, it is too short to rate (the time still counts)."""
    from speakprep.cli import main
    from speakprep.paths import AppPaths

    brief = timed_report(("Um, I want to lead a small team here.",))
    assert brief.delivery.too_short_to_rate and brief.delivery.fillers_per_minute > 10
    with Library.open(AppPaths(tmp_path / "data")) as lib:
        rated = lib.add(timed_report(), None, source="imported")
        short = lib.add(brief, None, source="imported")
        view, _, _ = screen(qtbot, lib)
        assert cell(view, row_of(view, short.id), "fillers") == "—"
        tip = cell(view, row_of(view, short.id), "fillers", Qt.ItemDataRole.ToolTipRole)
        assert "too short to rate" in tip.lower() and "0:10" in tip
        assert cell(view, row_of(view, short.id), "fillers", STATUS_ROLE) is None
        assert cell(view, row_of(view, rated.id), "fillers") == f"{rated.fillers_per_minute:.1f}"
        takes = lib.takes()
    progress = ProgressView(now=lambda: NOW)
    qtbot.addWidget(progress)
    progress.set_series(
        takes[0].question_text, takes, 90.0, pace_band=(120, 165), filler_good_max=3
    )
    assert [p.value for p in progress.time_plot.points()] == [rated.speaking_s, short.speaking_s]
    assert [p.value for p in progress.pace_plot.points()] == [rated.wpm]
    assert [p.value for p in progress.filler_plot.points()] == [rated.fillers_per_minute]
    # The command line's history too: "-" as for a take with no recording.
    assert main(["history", "--data-dir", str(tmp_path / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip())[5] == "Fillers/min"
    rows = {int(row[0]): row for row in (re.split(r"\s{2,}", x.strip()) for x in lines[1:])}
    assert rows[short.id][5] == "-"
    assert rows[rated.id][5] == f"{rated.fillers_per_minute:.1f}"
