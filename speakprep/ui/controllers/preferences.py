"""The user's preferences while the app runs: loaded once, saved on each change, edited in
the settings dialog; ``changed`` tells the rest of the app what to apply."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from speakprep.core.settings import AnalysisSettings, load_settings
from speakprep.preferences import Preferences, PreferencesStore
from speakprep.ui.widgets.model_downloads import ModelDownloads

log = logging.getLogger(__name__)


class PreferencesController(QObject):
    """Holds the current :class:`Preferences`; ``changed(old, new)`` after the dialog."""

    changed = Signal(object, object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = PreferencesStore(path)
        self.prefs = self.store.load()
        self.base_settings = load_settings()

    @property
    def problem(self) -> str | None:
        """Why the saved preferences could not be read (defaults are used then), if so."""
        return self.store.problem

    def analysis_settings(self) -> AnalysisSettings:
        """The packaged analysis settings with the user's own bands and target."""
        return self.prefs.analysis_settings(self.base_settings)

    def remember(self, **changes: Any) -> None:
        """Change some fields and save."""
        self.save(replace(self.prefs, **changes))

    def save(self, prefs: Preferences) -> None:
        self.prefs = prefs
        try:
            self.store.save(prefs)
        except (OSError, ValueError) as err:
            log.warning("could not save preferences: %s", err)

    def edit(
        self,
        parent: QWidget,
        *,
        devices: Sequence[str],
        check_model: Callable[[str | None], str | None],
        downloads: ModelDownloads | None = None,
    ) -> bool:
        """Open the settings dialog; True (and ``changed`` emitted) if the user saved."""
        from speakprep.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(
            self.prefs,
            base=self.base_settings,
            devices=list(devices),
            check_model=check_model,
            downloads=downloads,
            parent=parent,
        )
        if not dialog.exec():
            return False
        old = self.prefs
        self.save(dialog.preferences())
        self.changed.emit(old, self.prefs)
        return True
