"""What happens to a finished take and to a stored one: show it on the results screen,
export it, analyse it again, and recover a take a crash left unfinished.

Saving is not done here: the runner's job saved the take on the engine thread already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.render.dates import format_take_when
from speakprep.services.library import EXPORT_FORMATS, export_take, export_target, write_export
from speakprep.services.takes import RECOVERED_NOTICE, SavedTake, TakeJob, context_of
from speakprep.storage.library import Library, LibraryError, Take
from speakprep.storage.recordings import recorded_at
from speakprep.ui.controllers.navigator import Navigator
from speakprep.ui.controllers.playback import PlaybackController
from speakprep.ui.controllers.runner import AnalysisRunner
from speakprep.ui.main_window import MainWindow, take_subtitle
from speakprep.ui.pages.practice import PracticeView

log = logging.getLogger(__name__)

# What the user chose for a take left out of the history ("later": ask at the next start).
RecoveryAnswer = Literal["recover", "delete", "later"]
STATUS_MS = 8000  # how long a line in the status bar stays


class TakeController(QObject):
    """Routes finished and stored takes to the results screen; starts re-analysis and recovery."""

    def __init__(
        self,
        window: MainWindow,
        library: Library | None,
        runner: AnalysisRunner,
        navigator: Navigator,
        playback: PlaybackController,
        *,
        before_show: Callable[[], None] = lambda: None,
        after_save: Callable[[], None] = lambda: None,
        choose_export_path: Callable[[Path], Path | None] | None = None,
        export_folder: Callable[[], Path] = Path.home,
        remember_export: Callable[[Path], None] = lambda _path: None,
        bands: Callable[[], AnalysisSettings | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.library = library
        self.runner = runner
        self.navigator = navigator
        self.playback = playback
        self.before_show = before_show
        self.after_save = after_save
        self._choose_export_path = choose_export_path or self._ask_export_path
        self._export_folder = export_folder
        self._remember_export = remember_export
        self._bands = bands
        self.current_take: Take | None = None
        self.current_report: Report | None = None
        runner.finished.connect(self.show_outcome)
        runner.failed.connect(self._on_failed)
        window.results.export_requested.connect(self.export_current)
        window.results.reanalyse_requested.connect(self.reanalyse_current)
        window.results.correction_requested.connect(self.correct_current)

    @property
    def practice(self) -> PracticeView:
        return self.window.practice

    def show_outcome(self, saved: SavedTake, job: TakeJob) -> None:
        """A take the runner analysed (and saved, if it could): show it."""
        if job.kind == "practised":
            return  # a drill's sentence: the drill shows it, it is no take
        self.before_show()
        if saved.take is not None:
            self.after_save()
        before = self.current_report if job.kind == "reanalysed" else None
        # A re-analysis stays where its take was opened from (a recovered take too: the
        # history's no-speech list analyses one again); a new take is the practice's.
        from_history = None if job.kind in ("reanalysed", "corrected", "recovered") else False
        self.show_take(
            saved.report,
            saved.take,
            audio=saved.audio,
            notice=saved.notice,
            kind=job.source,
            from_history=from_history,
        )
        if before is not None:
            message = reanalysed_message(before, saved.report)
            self.window.statusBar().showMessage(message, STATUS_MS)

    def show_take(
        self,
        report: Report,
        take: Take | None,
        *,
        audio: Path | None,
        notice: str = "",
        kind: str = "recorded",
        from_history: bool | None = True,
    ) -> None:
        """Put one report on the results screen, with its audio ready to play."""
        self.current_take, self.current_report = take, report
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
        self.navigator.show_results(from_history=from_history)

    def export_current(self, fmt: str) -> None:
        take = self.current_take
        if take is None or self.library is None:
            return
        suffix = EXPORT_FORMATS[fmt]
        name = f"speakprep-take-{take.id}-{take.created_at:%Y%m%d}{suffix}"
        target = self._choose_export_path(self._export_folder() / name)
        if target is None:
            return
        if not target.suffix:  # a dialog may return the name as typed: the format's ending
            target = target.with_suffix(suffix)
        self._remember_export(target)
        try:
            checked = export_target(target, self.library.paths)  # the name first, as `export -o`
            text = export_take(self.library, take.id, fmt, bands=self._bands())
            write_export(checked, text)
        except (OSError, LibraryError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else err
            self.window.results.show_notice(f"Could not export to {target}: {reason}")
            return
        self.window.statusBar().showMessage(f"Exported to {target}", STATUS_MS)

    def _ask_export_path(self, default: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export the report", str(default), f"*{default.suffix}"
        )
        return Path(name) if name else None

    def reanalyse_current(self) -> None:
        """Analyse the take on the results screen again with the current model and rubric."""
        take, report = self.current_take, self.current_report
        if take is None or report is None or take.audio_path is None or take.audio_missing:
            return
        job = TakeJob(
            "reanalysed", context_of(take, report), audio=take.audio_path, take_id=take.id
        )
        if self.runner.submit(job):
            self.playback.stop()

    def correct_current(self, text: str) -> None:
        """Score the take on the results screen again on the user's words, and save it.

        Runs on the analysis runner like a re-analysis (never on the UI thread); the stored
        report is replaced, the audio is untouched.
        """
        take, report = self.current_take, self.current_report
        if take is None or report is None:
            return
        job = TakeJob(
            "corrected", context_of(take, report), take_id=take.id, report=report, text=text
        )
        if self.runner.submit(job):
            self.playback.stop()

    def analyse_kept(self, path: Path) -> bool:
        """Analyse again a recording kept with no speech recognised; True if it started.

        It is analysed as a recovered take (its own recording time, the practice's question
        and interview): heard this time, it is saved as a take and shown; not heard, it
        stays where it is.
        """
        job = TakeJob(
            "recovered", self.practice.context(), audio=path, created_at=recorded_at(path)
        )
        return self.runner.submit(job)

    def _on_failed(self, message: str, job: TakeJob) -> None:
        if job.kind in ("corrected", "reanalysed"):
            self.window.results.show_notice(message)

    def offer_recovery(self, ask: Callable[[list[Path]], RecoveryAnswer] | None = None) -> bool:
        """At start: the newest take left out of the history is offered for recovery and
        analysis, or to be deleted; True if its analysis started."""
        if self.library is None or self.runner.busy:
            return False
        try:
            unfinished = self.library.unfinished_takes()
        except LibraryError as err:
            log.warning("cannot look for unfinished takes: %s", err)
            return False
        if not unfinished:
            return False
        path = unfinished[-1]  # the newest; older ones are offered again next time
        answer = (ask or self._ask_recovery)(unfinished)
        if answer == "delete":
            # Without this choice, a take the user does not want was asked about at every
            # start (found as a new user: a silent take, kept after its analysis failed).
            try:
                self.library.discard(path)
            except LibraryError as err:
                self.practice.show_banner(str(err), "error")
            return False
        if answer != "recover":
            return False
        job = TakeJob(
            "recovered",
            self.practice.context(),
            audio=path,
            created_at=recorded_at(path),
            notice=RECOVERED_NOTICE,
        )
        return self.runner.submit(job)

    def _ask_recovery(self, unfinished: list[Path]) -> RecoveryAnswer:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover an unfinished take?",
            recovery_question(unfinished[-1]),
            parent=self.window,
        )
        recover = box.addButton("Analyse it", QMessageBox.ButtonRole.AcceptRole)
        delete = box.addButton("Delete it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        return "recover" if clicked is recover else "delete" if clicked is delete else "later"


def recovery_question(path: Path) -> str:
    """What the start-up prompt asks about the take at ``path``.

    A take is left out of the history when speakprep closed while it was recorded or
    analysed, but also when its analysis failed or was cancelled (the recording is kept
    then, and the user was told where): the question must not claim a crash.
    """
    when = recorded_at(path)
    # The date as the delete question and the tooltips say it ("Sunday 6 December 2026,
    # 17:03"), not "06 Dec 2026, 17:03".
    text = f"A take from {format_take_when(when)}" if when else f"The take {path.name}"
    return (
        f"{text} is not in your history: speakprep closed before it was analysed, or its "
        "analysis did not finish. Analyse it now, or delete the recording?"
    )


def reanalysed_message(before: Report, after: Report) -> str:
    """The status line after Analyse again: "Analysed again with tiny.en (bundled): score 54
    → 61". The page was drawn again with nothing saying the analysis had run, and a score
    that stayed where it was looked like a button that did nothing."""
    model = f" with {after.model}" if after.model else ""
    old, new = before.score.total, after.score.total
    score = f"score {old} → {new}" if old != new else f"score {new}, as before"
    return f"Analysed again{model}: {score}."
