"""The practice screen's question side: what the chosen question asks for, the user's
talking points for it, and the user's last takes of it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from speakprep.core.rubric import Rubric
from speakprep.core.settings import AnalysisSettings, SpeakingTimeBands, packaged_settings
from speakprep.core.talking_points import TalkingPoints
from speakprep.core.units import clock_text
from speakprep.render.dates import format_take_date
from speakprep.render.text import TOO_SHORT_TO_RATE, own_question_note
from speakprep.services.library import newest_report
from speakprep.storage.library import Library, LibraryError, Take
from speakprep.storage.talking_points import TalkingPointsStore
from speakprep.ui.pages.practice import CUSTOM, PracticeView

log = logging.getLogger(__name__)

RECENT_TAKES = 5
# Notes are saved this long after the last keystroke (and at once on a question change).
SAVE_DELAY_MS = 600


class QuestionPanel(QObject):
    """Fills the question list, the "listen for" guidance and the recent takes."""

    def __init__(
        self,
        view: PracticeView,
        rubric: Rubric,
        library: Library | None,
        *,
        current: str | None,
        open_take: Callable[[int], None],
        points: TalkingPointsStore | None = None,
        bands: Callable[[], AnalysisSettings] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.rubric = rubric
        self.library = library
        self.bands = bands  # the user's bands now, which word the last take's next steps
        self.points = points
        self._points_key: str | None = None  # the question the fields' notes belong to
        self._points_custom = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(lambda: self.save_points(force=True))
        view.set_questions(rubric.questions, current)
        view.question_changed.connect(self.refresh)
        view.recent_take_activated.connect(open_take)
        view.talking_points.edited.connect(self._save_timer.start)
        self.refresh()

    def refresh(self) -> None:
        self.show_guidance()
        self.show_points()
        self.show_recent()

    def _question_key(self) -> str | None:
        """Talking points are kept per bank question id, or per custom question text."""
        question = self.rubric.question(self.view.question_id_or_text())
        return question.text if question.custom else question.id

    def show_points(self) -> None:
        """The chosen question's talking points (the last question's saved first)."""
        if self.points is None:
            return
        key = self._question_key()
        custom = self.view.question_box.currentData() == CUSTOM
        if custom and self._points_custom:
            # Typing the custom question's text: the notes follow the text, not reloaded.
            self._points_key = key
            if not self.view.talking_points.points().empty:
                self._save_timer.start()
            return
        self.save_points()
        self._points_key, self._points_custom = key, custom
        self.view.talking_points.set_points(self.points.load(key) if key else TalkingPoints())
        if self.points.problem:
            self.view.show_banner(self.points.problem, "warning")
            self.points.problem = None

    def save_points(self, *, force: bool = False) -> None:
        """Save pending edits (all with ``force``) to the question they were typed for."""
        pending = force or self._save_timer.isActive()
        self._save_timer.stop()
        if self.points is None or self._points_key is None or not pending:
            return
        try:
            self.points.save(self._points_key, self.view.talking_points.points())
        except OSError as err:
            self.view.show_banner(f"Could not save your talking points ({err.strerror}).", "error")

    def show_guidance(self) -> None:
        """Under the record card: what the chosen question asks for, from the rubric."""
        question = self.rubric.question(self.view.question_id_or_text())
        specs = [self.rubric.check(c) for c in question.checks]
        wanted = [s.title for s in specs if not s.pitfall and s.id != "within_target"]
        avoid = [s.title.lower() for s in specs if s.pitfall]
        note = own_question_note(question, self.rubric)
        self.view.set_listen_for(wanted, avoid, note=note)

    def show_recent(self) -> None:
        """The last takes of the chosen question (a custom one matched by its text)."""
        if self.library is None:
            return
        chosen = self.view.question_id_or_text()
        question = self.rubric.question(chosen)
        try:
            takes = self.library.takes(question_id=question.id)[:RECENT_TAKES]
        except LibraryError as err:
            log.warning("cannot list recent takes: %s", err)
            return
        if question.custom:
            takes = [t for t in takes if t.question_text == question.text]
        # "Custom question…" with nothing typed: a take is saved under the default question.
        empty = chosen is None and self.view.question_box.currentData() == CUSTOM
        bands = self.bands() if self.bands else None
        speaking_time = bands.speaking_time if bands else None
        self.view.set_recent_takes(
            [(t.id, recent_line(t, speaking_time)) for t in takes],
            stand_in=question.text if empty else None,
        )
        # The last take's steps in full, judged by the bands now, or its well-done line when
        # it has none (nothing when unreadable).
        report = newest_report(self.library.report, takes)
        self.view.set_next_focus(report, bands)


def recent_line(
    take: Take, speaking_time: SpeakingTimeBands | None = None, now: datetime | None = None
) -> str:
    """One line for a take in the practice screen's recent list, dated as History dates it;
    a take too short to rate has no fillers a minute (``speaking_time``: the user's bands)."""
    parts = [format_take_date(take.created_at, now or datetime.now())]
    if take.title:
        parts.append(take.title)
    if take.speaking_s is not None:
        parts.append(f"{clock_text(take.speaking_s)} spoken")
    parts.append(f"score {take.score}")
    fillers = (speaking_time or packaged_settings().speaking_time).rate_shown(
        take.fillers_per_minute, take.speaking_s
    )
    if fillers is not None:
        parts.append(f"{fillers:.1f} fillers/min")
    elif take.fillers_per_minute is not None:
        parts.append(f"fillers {TOO_SHORT_TO_RATE}")
    # The pitfalls too, as History's Checks column: a take with money focus read "6 of 6
    # checks met" here beside a red "1 pitfall found" there.
    tally = take.tally
    parts += [f"{tally.met} of {tally.required} checks met", tally.pitfall_text]
    return "   ·   ".join(parts)
