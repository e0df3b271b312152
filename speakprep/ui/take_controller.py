"""What happens to a finished analysis and to a stored take: save it in the history (or
replace a re-analysed report), show it on the results screen, export it, analyse it again,
and recover a take a crash left unfinished."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from speakprep.core.models import Report
from speakprep.services.analyze import Context
from speakprep.services.library import export_take, write_export
from speakprep.storage.library import Library, LibraryError, Take
from speakprep.ui.main_window import MainWindow, take_subtitle
from speakprep.ui.playback_controller import PlaybackController
from speakprep.ui.practice_controller import Outcome, PracticeController

log = logging.getLogger(__name__)


class TakeController(QObject):
    """Routes reports between the practice controller, the library and the results screen."""

    def __init__(
        self,
        window: MainWindow,
        library: Library | None,
        practice: PracticeController,
        playback: PlaybackController,
        *,
        before_show: Callable[[], None] = lambda: None,
        after_save: Callable[[], None] = lambda: None,
        choose_export_path: Callable[[Path], Path | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.library = library
        self.practice = practice
        self.playback = playback
        self.before_show = before_show
        self.after_save = after_save
        self._choose_export_path = choose_export_path or self._ask_export_path
        self.current_take: Take | None = None
        self.from_history = False
        practice.analysed.connect(self.show_outcome)
        window.results.export_requested.connect(self.export_current)
        window.results.reanalyse_requested.connect(self.reanalyse_current)

    def show_outcome(self, outcome: Outcome) -> None:
        """A finished analysis: save it as a take (or replace a re-analysed one), show it."""
        report = outcome.report
        self.before_show()
        notice = outcome.notice
        take: Take | None = None
        if self.library is not None:
            try:
                if outcome.take_id is not None:
                    take = self.library.replace_report(outcome.take_id, report)
                else:
                    take = self.library.add(
                        report,
                        outcome.audio_path,
                        source=outcome.source,
                        created_at=outcome.created_at,
                    )
                self.after_save()
            except LibraryError as err:
                notice = f"{notice} This take could not be saved to your history: {err}".strip()
        self.from_history = outcome.take_id is not None and self.from_history
        self.show_take(report, take, audio=outcome.audio_path, notice=notice, kind=outcome.source)

    def show_take(
        self,
        report: Report,
        take: Take | None,
        *,
        audio: Path | None,
        notice: str = "",
        kind: str = "recorded",
    ) -> None:
        """Put one report on the results screen, with its audio ready to play."""
        self.current_take = take
        if take is not None:
            audio = None if take.audio_missing else take.audio_path
            if take.audio_missing:
                notice = (notice + " The recording file of this take is missing.").strip()
        problem = self.playback.load(audio) if audio is not None else None
        playable = audio is not None and problem is None
        if problem and report.delivery is not None:
            notice = f"{notice} {problem}".strip()
        when = take.created_at if take is not None else datetime.now()
        kind = take.source if take is not None else kind
        self.window.results.set_report(
            report,
            title=(take.title or "") if take is not None else "",
            subtitle=take_subtitle(when, kind, report.source, report.model),
            notice=notice,
            playable=playable,
            stored=take is not None,
        )
        self.window.show_results(history=self.from_history)
        self.window.results.back_button.setText(
            "Back to history" if self.from_history else "Practise again"
        )

    def export_current(self, fmt: str) -> None:
        take = self.current_take
        if take is None or self.library is None:
            return
        suffix = {"html": ".html", "md": ".md", "json": ".json"}[fmt]
        default = Path.home() / f"speakprep-take-{take.id}-{take.created_at:%Y%m%d}{suffix}"
        target = self._choose_export_path(default)
        if target is None:
            return
        try:
            write_export(target, export_take(self.library, take.id, fmt))
        except (OSError, LibraryError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else err
            self.window.results.notice.setText(f"Could not export to {target}: {reason}")
            self.window.results.notice.setVisible(True)
            return
        self.window.statusBar().showMessage(f"Exported to {target}", 8000)

    def _ask_export_path(self, default: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export the report", str(default), f"*{default.suffix}"
        )
        return Path(name) if name else None

    def reanalyse_current(self) -> None:
        take = self.current_take
        if take is None or take.audio_path is None or take.audio_missing:
            return
        report = self.window.results.report
        question = report.question if report is not None else None
        context = Context(
            question=(question.text if question.custom else question.id) if question else None,
            company=take.company,
            role=take.role,
        )
        if self.practice.reanalyse(take.id, take.audio_path, context):
            self.playback.stop()

    def offer_recovery(self, ask: Callable[[list[Path]], bool] | None = None) -> bool:
        """At start: takes a crash left unfinished are offered for recovery and analysis."""
        if self.library is None:
            return False
        try:
            unfinished = self.library.unfinished_takes()
        except LibraryError as err:
            log.warning("cannot look for unfinished takes: %s", err)
            return False
        if not unfinished or not (ask or self._ask_recovery)(unfinished):
            return False
        path = unfinished[-1]  # the newest; older ones are offered again next time
        try:
            self.library.recover(path)
        except (LibraryError, ValueError, OSError) as err:
            self.window.practice.show_banner(f"Could not recover {path.name}: {err}", "error")
            return False
        return self.practice.analyse_recovered(path, recorded_at(path))

    def _ask_recovery(self, unfinished: list[Path]) -> bool:
        newest = unfinished[-1]
        when = recorded_at(newest)
        text = f"A take from {when:%d %b %Y, %H:%M}" if when else f"The take {newest.name}"
        answer = QMessageBox.question(
            self.window,
            "Recover an unfinished take?",
            f"{text} was not finished: speakprep closed while it was recorded or analysed. "
            "Recover it and analyse it now?",
        )
        return answer == QMessageBox.StandardButton.Yes


def recorded_at(path: Path) -> datetime | None:
    """When a take was recorded, from its name (take-YYYYmmdd-HHMMSS-ffffff.wav)."""
    try:
        return datetime.strptime(path.stem[5:], "%Y%m%d-%H%M%S-%f").astimezone()
    except ValueError:
        return None
