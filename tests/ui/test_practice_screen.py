"""The practice screen's own parts: the target clock, the level meter, the question and
microphone pickers, and settings that persist across a restart of the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from speakprep.app import DesktopApp
from speakprep.core.units import clock_text
from speakprep.paths import AppPaths
from speakprep.services.analyze import Context
from speakprep.services.takes import TakeJob
from speakprep.ui.controllers.engine import NO_SPEECH_IN_TAKE, UNCLEAR_SPEECH_IN_TAKE
from speakprep.ui.dialogs.settings import SettingsDialog
from speakprep.ui.pages.practice import CUSTOM, PracticeView
from speakprep.ui.widgets.clock import TargetClock, clock_state
from speakprep.ui.widgets.level_meter import FLOOR_DB, LevelMeter
from tests.ui.desktop import desktop_app


@pytest.mark.parametrize(
    ("elapsed_s", "target_s", "state"),
    [
        (0, 90, "calm"),
        (74.9, 90, "calm"),
        (75, 90, "near"),
        (90, 90, "near"),
        (90.1, 90, "over"),
        (49, 60, "calm"),  # the thresholds follow the user's own target
        (50, 60, "near"),
        (61, 60, "over"),
    ],
)
def test_clock_is_calm_then_amber_then_red(elapsed_s, target_s, state) -> None:
    assert clock_state(elapsed_s, target_s) == state


def test_clock_widget_colour_follows_its_state(qtbot) -> None:
    clock = TargetClock(90)
    qtbot.addWidget(clock)
    colours = set()
    for seconds in (10, 80, 100):
        clock.set_elapsed_s(seconds)
        colours.add(clock.color().name())
        assert clock_text(seconds) in clock.accessibleDescription()
    assert len(colours) == 3


def test_level_meter_follows_speech_and_falls_back_gently(qtbot) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_level_db(-12.0)
    assert meter.level_db == -12.0
    meter.set_level_db(-80.0)  # release: a few dB per tick, no flicker
    assert -16.0 < meter.level_db < -12.0
    meter.set_level_db(float("nan"))
    meter.reset()
    assert meter.level_db == FLOOR_DB


def test_custom_question_and_context(qtbot) -> None:
    from speakprep.core.rubric import load_rubric

    view = PracticeView()
    qtbot.addWidget(view)
    view.set_questions(load_rubric().questions, "five_years")
    assert view.question_id_or_text() == "five_years"
    assert not view.custom_question.isVisibleTo(view)

    view.question_box.setCurrentIndex(view.question_box.findData(CUSTOM))
    assert view.custom_question.isVisibleTo(view)
    view.custom_question.setText("  Why do you want to work here?  ")
    view.company.setText(" Acme ")
    context = view.context()
    assert context.question == "Why do you want to work here?"
    assert context.company == "Acme" and context.role is None

    # A custom question remembered from last time comes back as custom.
    view.set_questions(load_rubric().questions, "Why this team?")
    assert view.question_box.currentData() == CUSTOM
    assert view.custom_question.text() == "Why this team?"


def test_a_saved_microphone_that_is_gone_stays_selected_and_marked(qtbot) -> None:
    view = PracticeView()
    qtbot.addWidget(view)
    view.set_devices(["Built-in", "USB Headset"], "Blue Yeti")
    assert view.selected_device() == "Blue Yeti"
    assert "not connected" in view.device_box.currentText()
    view.set_devices(["Built-in"], None)
    assert view.selected_device() is None


def _app(qtbot, data_dir) -> DesktopApp:
    app, _ = desktop_app(qtbot, data_dir, devices=("Built-in", "USB Headset"), load_model=False)
    return app


def test_settings_persist_across_a_restart(qtbot, tmp_path) -> None:
    app = _app(qtbot, tmp_path)

    def answer_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.target_spin.setValue(120)
        dialog.pace_min_spin.setValue(110)
        dialog.pace_max_spin.setValue(170)
        dialog.fillers_spin.setValue(4.0)
        dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("USB Headset"))
        dialog.accept()

    QTimer.singleShot(0, answer_the_dialog)
    app.open_settings()
    assert app.window.practice.clock.accessibleDescription().endswith("2:00 target")
    app.window.practice.company.setText("Acme Health")
    app.shutdown()

    again = _app(qtbot, tmp_path)
    try:
        prefs = again.prefs
        assert (prefs.target_s, prefs.pace_good_min_wpm, prefs.pace_good_max_wpm) == (
            120,
            110,
            170,
        )
        assert prefs.fillers_good_max_per_minute == 4.0
        assert prefs.input_device == "USB Headset"
        assert again.window.practice.selected_device() == "USB Headset"
        assert again.window.practice.company.text() == "Acme Health"
        settings = again.settings.analysis_settings()
        assert settings.speaking_time.target_s == 120
        assert settings.pace.good_min_wpm == 110
    finally:
        again.shutdown()


def test_a_corrupt_settings_file_is_kept_and_reported(qtbot, tmp_path) -> None:
    AppPaths(tmp_path).ensure().preferences.write_text("{not json", encoding="utf-8")
    app = _app(qtbot, tmp_path)
    try:
        banner = app.window.practice.banner.text()
        assert "settings" in banner.lower() and ".bad" in banner
        assert (tmp_path / "preferences.json.bad").read_text(encoding="utf-8") == "{not json"
    finally:
        app.shutdown()


def test_the_cue_under_the_clock_is_gentle_and_follows_the_target(qtbot) -> None:
    view = PracticeView()
    qtbot.addWidget(view)
    view.set_time_cue(30, 90)
    assert "Recording" in view.hint.text()
    view.set_time_cue(80, 90)
    assert "wrap up" in view.hint.text() and "10 s" in view.hint.text()
    view.set_time_cue(95, 90)
    assert "Past your target" in view.hint.text()


def test_a_minute_before_the_length_limit_the_cue_says_the_take_will_stop(qtbot) -> None:
    from speakprep.audio.recording_limits import RecordingLimits, limit_notice

    limits = RecordingLimits(max_s=900.0, notice_before_s=60.0)
    view = PracticeView()
    qtbot.addWidget(view)
    view.set_time_cue(830, 90, limit_notice=limit_notice(limits, 830))
    assert "Past your target" in view.hint.text()  # 70 s left: not yet
    view.set_time_cue(845, 90, limit_notice=limit_notice(limits, 845))
    assert view.hint.text() == "55 s left: the take stops at the 15-minute limit."


def test_the_caption_shows_the_end_of_what_was_heard(qtbot) -> None:
    view = PracticeView()
    qtbot.addWidget(view)
    view.show()
    words = " ".join(f"word{i}" for i in range(100))
    view.set_caption(words, visible=True)
    assert view.caption.isVisible()
    assert view.caption.text().startswith("…") and view.caption.text().endswith("word99")
    view.set_caption(words, visible=False)
    assert not view.caption.isVisible()


def test_practice_and_settings_name_the_default_microphone_alike(qtbot, tmp_path) -> None:
    """Found as a new user: Settings said "System default", Practice "System default
    microphone", for the same choice."""
    app = _app(qtbot, tmp_path)
    seen: list[str] = []

    def read_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog.device_combo.itemText(dialog.device_combo.findData(None)))
        dialog.reject()

    try:
        practice = app.window.practice.device_box
        QTimer.singleShot(0, read_the_dialog)
        app.open_settings()
        assert seen == [practice.itemText(practice.findData(None))]
        assert seen[0] == "System default microphone"
    finally:
        app.shutdown()


def test_the_guidance_breaks_between_items_never_inside_one(qtbot, tmp_path) -> None:
    """Found at the window's minimum width (760 px): "Interviewers listen for: … ·
    Specific" ended a line and "(SMART)" stood alone on the next."""
    from PySide6.QtGui import QTextDocument

    from tests.ui.desktop import desktop_app

    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        app.window.resize(760, 620)
        app.window.show()
        qtbot.waitExposed(app.window)
        label = app.window.practice.listen_for
        wanted = [
            s.title
            for s in (app.rubric.check(c) for c in app.rubric.question("career_goals").checks)
            if not s.pitfall and s.id != "within_target"
        ]
        assert "Specific (SMART)" in wanted
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(label.text())
        doc.setTextWidth(label.contentsRect().width())
        doc.size()  # lays the text out, as the label does at this width
        lines = []
        block = doc.begin()
        while block.isValid():
            layout, text = block.layout(), block.text()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                lines.append(text[line.textStart() : line.textStart() + line.textLength()])
            block = block.next()
        assert len(lines) >= 3  # it does wrap at this width
        shown = [line.replace("\u00a0", " ").replace("\u2028", "") for line in lines]
        for title in wanted:
            assert any(title in line for line in shown), (title, shown)
    finally:
        app.shutdown()


def test_a_banner_and_three_recent_takes_leave_import_in_view(qtbot, tmp_path) -> None:
    """Found as a new user: after a take with no speech, the banner at the default window
    size pushed the status line and Import below the fold and the page grew a scroll bar,
    while the list of three recent takes below kept a box of empty space (a list's stock
    192 px)."""
    from tests.ui.desktop import desktop_app

    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        app.window.resize(1040, 800)  # the window's size at first start
        app.window.show()
        qtbot.waitExposed(app.window)
        view = app.window.practice
        view.show_banner(
            "No English speech was recognised in this take: check that Microphone names the "
            "one you speak into and that its level bar moves as you speak, then record "
            "again. Your recording is kept at /home/someone/.local/share/speakprep/"
            "recordings/take-20261207-012721-772403.wav.",
            "error",
        )
        view.set_recent_takes([(n, f"Today 01:2{n} · 0:24 spoken · score 14") for n in (1, 2, 3)])
        QApplication.processEvents()
        assert not view.page_scroll.verticalScrollBar().isVisible()
        viewport = view.page_scroll.viewport()
        bottom = view.import_button.mapTo(viewport, view.import_button.rect().bottomLeft())
        assert bottom.y() <= viewport.height()
        rows = view.recent.sizeHintForRow(0) * 3
        assert view.recent.height() >= rows  # every row still shows
    finally:
        app.shutdown()


def test_the_practice_screen_says_what_to_work_on_from_the_last_take(qtbot, tmp_path) -> None:
    """Found as a new user: after Practise again the "Your next take" card was gone, and the
    practice screen listed the last takes' figures with nothing on what to change. The line
    gives the card's first steps of the question's latest take, and goes with the question."""
    from speakprep.core.coaching import next_steps
    from speakprep.paths import AppPaths
    from speakprep.storage.library import Library
    from speakprep.ui.widgets.coach import well_done_text
    from tests.reports import STRONG_80S, lively, timed_report
    from tests.ui.desktop import desktop_app

    data = tmp_path / "data"
    short = timed_report()  # 0:25 of a 1:30 target: too short
    with Library.open(AppPaths(data)) as library:
        library.add(short, None, source="imported")
    app, _ = desktop_app(qtbot, data, load_model=False)
    try:
        view = app.window.practice
        titles = [step.title for step in next_steps(short)][:3]
        assert titles[0].startswith("Say about")  # the time, worth most
        assert not view.next_focus.isHidden()
        shown = view.next_focus.text().replace("&nbsp;", " ")
        assert shown == "<b>From your last take, work on:</b> " + " · ".join(titles)
        assert view.next_focus.accessibleName() == "What to work on from your last take"
        view.question_box.setCurrentIndex(view.question_box.findData("five_years"))
        assert view.next_focus.isHidden()  # no take of this question yet
        # An Excellent take, the latest: no step, its card's well-done line.
        excellent = lively(timed_report(STRONG_80S, words_per_s=2.2))
        assert excellent.score.verdict == "excellent" and not next_steps(excellent)
        app.library.add(excellent, None, source="imported")
        view.question_box.setCurrentIndex(view.question_box.findData("career_goals"))
        assert not view.next_focus.isHidden()
        assert view.next_focus.text() == f"<b>Your last take:</b> {well_done_text(excellent)}"
        assert "Keep it as it is" in view.next_focus.text()
    finally:
        app.shutdown()


def test_the_hint_says_the_take_is_analysed_while_record_waits(qtbot) -> None:
    """Found as a new user: while a take was analysed, "Press Space or the button to start"
    sat under a greyed-out Record button."""
    from speakprep.ui.pages.practice import BUSY_HINT, IDLE_HINT

    view = PracticeView()
    qtbot.addWidget(view)
    view.set_recording(True)
    view.set_recording(False)  # stopped: then the analysis starts
    view.set_busy(True)
    assert not view.record_button.isEnabled()
    assert view.hint.text() == BUSY_HINT
    view.set_busy(False)
    assert view.record_button.isEnabled() and view.hint.text() == IDLE_HINT


def test_an_empty_custom_question_says_whose_takes_it_lists(qtbot, tmp_path) -> None:
    """Found as a new user: with "Custom question…" chosen and nothing typed, "Your last
    takes of this question" listed the career-goals takes. Until a question is typed a take
    is saved under the default question: the title names it, and once typed, the list is
    the typed question's own (none yet)."""
    from datetime import datetime

    from speakprep.core.rubric import load_rubric
    from speakprep.ui.controllers.questions import QuestionPanel
    from tests.ui.fake_library import sample_real_library

    rubric = load_rubric()
    library = sample_real_library(tmp_path, datetime.now())
    view = PracticeView()
    qtbot.addWidget(view)
    QuestionPanel(view, rubric, library, current=None, open_take=lambda _: None, parent=view)
    default = rubric.question(None).text
    assert view.recent.count() > 0
    assert view.recent_title.text() == "Your last takes of this question"
    listed = [view.recent.item(i).text() for i in range(view.recent.count())]

    view.question_box.setCurrentIndex(view.question_box.findData(CUSTOM))
    assert view.recent_title.text() == (
        f"Your last takes of “{default}” (until you type your question)"
    )
    assert [view.recent.item(i).text() for i in range(view.recent.count())] == listed
    view.custom_question.setText("Why do you want to leave your current job?")
    assert view.recent_title.isHidden() and view.recent.count() == 0
    view.custom_question.setText("")
    assert view.recent_title.text().startswith(f"Your last takes of “{default}”")


def test_the_recent_list_gives_no_fillers_rate_for_a_take_too_short_to_rate(
    qtbot, tmp_path
) -> None:
    """Found by review: the recent list printed "85.7 fillers/min" for a take of a few
    seconds, which every other page calls too short to rate."""
    from speakprep.paths import AppPaths
    from speakprep.render.text import TOO_SHORT_TO_RATE
    from speakprep.storage.library import Library
    from tests.reports import timed_report
    from tests.ui.desktop import desktop_app

    data = tmp_path / "data"
    brief = timed_report(("Um, I want to lead a team here one day.",))
    rated = timed_report()
    assert brief.delivery.too_short_to_rate and brief.delivery.fillers_per_minute > 10
    with Library.open(AppPaths(data)) as library:
        library.add(rated, None, source="imported")
        library.add(brief, None, source="imported")
    app, _ = desktop_app(qtbot, data, load_model=False)
    try:
        lines = [app.window.practice.recent.item(i).text() for i in range(2)]
        (short_line,) = [line for line in lines if "0:04 spoken" in line]
        (rated_line,) = [line for line in lines if line != short_line]
        assert f"fillers {TOO_SHORT_TO_RATE}" in short_line and "fillers/min" not in short_line
        assert f"{rated.delivery.fillers_per_minute:.1f} fillers/min" in rated_line
    finally:
        app.shutdown()


# A take banner too long for one line at the smallest window: another failure names its file.
UNREADABLE_TAKE = (
    "take-1.wav: the file ends early (it was cut off while it was written). Your recording "
    "is kept at /home/someone/.local/share/speakprep/recordings/take-1.wav."
)


@pytest.mark.parametrize("message", [NO_SPEECH_IN_TAKE, UNCLEAR_SPEECH_IN_TAKE])
def test_the_no_speech_advice_shows_at_the_smallest_window(qtbot, tmp_path, message) -> None:
    """Found reading the practice screen at 760 px: the no-speech banner of a recorded take
    showed "No English speech was recognised in this take: check that Microphone names the
    one you speak into and tha…", its advice (and where the take is kept) only on hover.
    Speech heard but unclear (a TV in the room) gets its own advice, whole too."""
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        app.window.resize(760, 620)  # the window's minimum size
        app.window.show()
        qtbot.waitExposed(app.window)
        take = app.paths.recordings_dir / "take-1.wav"
        app.runner.failed.emit(message, TakeJob("recorded", Context(), audio=take))
        QApplication.processEvents()
        banner = app.window.practice.banner
        assert banner.isVisible() and banner.text().startswith(message)
        shown = banner.shown_text()
        assert message in shown and "record again" in shown and "Kept in History" in shown, shown
        # With room to spare: the whole message takes under 95 % of the banner's line.
        width = banner.fontMetrics().horizontalAdvance(banner.text())
        assert width < 0.95 * banner.contentsRect().width(), (width, banner.width())
        assert shown == banner.text() and banner.toolTip() == str(take)  # the path on hover
    finally:
        app.shutdown()


def test_a_take_banner_is_one_line_at_a_small_window_and_goes_when_the_user_moves_on(
    qtbot, tmp_path
) -> None:
    """Found as a new user: the no-speech banner ran to 2-3 lines at a small window and
    stayed after going to History and back, until the next take. One line, ending in "…"
    when it must, the whole of it on hover; gone once the user leaves the page. A banner
    about the app itself (no speech model) stays."""
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        app.window.resize(760, 620)
        app.window.show()
        qtbot.waitExposed(app.window)
        view = app.window.practice
        path = "/home/someone/.local/share/speakprep/recordings/take-1.wav"
        view.show_banner(UNREADABLE_TAKE, "error", tooltip=path, about_take=True)
        QApplication.processEvents()
        banner = view.banner
        line = banner.fontMetrics().height()
        assert banner.isVisible() and banner.height() < 2 * line + 16  # padding 8 + 8
        assert banner.text() == UNREADABLE_TAKE  # the message itself is whole
        shown = banner.shown_text()
        assert shown.endswith("…") and UNREADABLE_TAKE.startswith(shown[:-1])
        assert banner.toolTip() == f"{UNREADABLE_TAKE}\n{path}"
        app.window.resize(1600, 620)  # room for all of it: no "…", the path on hover
        QApplication.processEvents()
        assert banner.shown_text() == UNREADABLE_TAKE and banner.toolTip() == path
        app.window.resize(760, 620)
        app.window.history_nav.setVisible(True)
        app.window.history_nav.click()
        app.window.practice_nav.click()
        QApplication.processEvents()
        assert app.window.pages.currentWidget() is view and not banner.isVisible()
        view.show_banner("The speech model could not be loaded.", "error")
        app.window.history_nav.click()
        app.window.practice_nav.click()
        assert banner.isVisibleTo(view) and "speech model" in banner.text()
    finally:
        app.shutdown()


def test_a_question_of_your_own_says_whose_checks_it_gets(qtbot, tmp_path) -> None:
    """Found as a new user: "Why do you want to work in customer support?" was scored on
    short-term and long-term goals with nothing on the practice screen saying so."""
    from PySide6.QtGui import QTextDocument

    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False)
    try:
        app.window.resize(760, 620)
        app.window.show()
        qtbot.waitExposed(app.window)
        view = app.window.practice
        default = app.rubric.question(None).text

        def guidance() -> str:
            doc = QTextDocument()
            doc.setHtml(view.listen_for.text())
            return doc.toPlainText()

        assert "own question" not in guidance()  # a bank question: its own checks
        view.question_box.setCurrentIndex(view.question_box.findData(CUSTOM))
        qtbot.keyClicks(view.custom_question, "Why do you want to work in customer support?")
        said = guidance().splitlines()
        assert said[0] == f"Your own question gets the checks of \u201c{default}\u201d:"
        assert said[1].startswith("Interviewers listen for: Short-term goal")
        # Fits its label at the window's minimum width: nothing clipped below the notes.
        label = view.listen_for
        qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=3000)
        view.custom_question.setText(default.lower())  # the bank's text: its own checks
        assert "own question" not in guidance()
        view.select_question("career_goals")
        assert "own question" not in guidance()
    finally:
        app.shutdown()
