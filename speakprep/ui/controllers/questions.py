"""The practice screen's question side: what the chosen question asks for, and the user's
last takes of it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from speakprep.core.rubric import Rubric
from speakprep.core.units import clock_text
from speakprep.storage.library import Library, LibraryError, Take
from speakprep.ui.pages.practice import PracticeView

log = logging.getLogger(__name__)

RECENT_TAKES = 5


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.rubric = rubric
        self.library = library
        view.set_questions(rubric.questions, current)
        view.question_changed.connect(self.refresh)
        view.recent_take_activated.connect(open_take)
        self.refresh()

    def refresh(self) -> None:
        self.show_guidance()
        self.show_recent()

    def show_guidance(self) -> None:
        """Under the record card: what the chosen question asks for, from the rubric."""
        question = self.rubric.question(self.view.question_id_or_text())
        specs = [self.rubric.check(c) for c in question.checks]
        wanted = [s.title for s in specs if not s.pitfall and s.id != "within_target"]
        avoid = [s.title.lower() for s in specs if s.pitfall]
        self.view.set_listen_for(wanted, avoid)

    def show_recent(self) -> None:
        """The last takes of the chosen question (a custom one matched by its text)."""
        if self.library is None:
            return
        question = self.rubric.question(self.view.question_id_or_text())
        try:
            takes = self.library.takes(question_id=question.id)[:RECENT_TAKES]
        except LibraryError as err:
            log.warning("cannot list recent takes: %s", err)
            return
        if question.custom:
            takes = [t for t in takes if t.question_text == question.text]
        self.view.set_recent_takes([(t.id, recent_line(t)) for t in takes])


def recent_line(take: Take) -> str:
    """One line for a take in the practice screen's recent list."""
    parts = [f"{take.created_at:%d %b, %H:%M}".lstrip("0")]
    if take.title:
        parts.append(take.title)
    if take.speaking_s is not None:
        parts.append(f"{clock_text(take.speaking_s)} spoken")
    parts.append(f"score {take.score}")
    if take.fillers_per_minute is not None:
        parts.append(f"{take.fillers_per_minute:.1f} fillers/min")
    parts.append(f"{take.checks_passed} of {take.checks_total} checks")
    return "   ·   ".join(parts)
