"""The Settings dialog: edits a ``Preferences`` value and hands back a new one.

The dialog knows nothing of files, sound cards or speech models. The caller passes the
preferences to start from, today's input device names and a ``check_model`` function (the
app passes ``speakprep.services.analyze.check_model``), and reads
``preferences()`` after the dialog was accepted. Values, never widget indexes, go back out:
the microphone is stored by its name, because PortAudio renumbers devices whenever one is
plugged in or out.

Each value is checked while it is edited, with the same sentences ``Preferences.validated()``
uses; the message shows under the value and OK stays disabled until every value makes sense.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import seconds_text
from speakprep.preferences import SYSTEM_DEFAULT_MICROPHONE, Preferences
from speakprep.ui.dialogs.fields import error_label, pick_folder_with_qt, spin_box, value_problem
from speakprep.ui.widgets.model_downloads import ModelDownloads

BUNDLED_MODEL_TEXT = "Use the bundled model (tiny.en)"
OTHER_MODEL_TEXT = "Use another model:"
NOT_CONNECTED_SUFFIX = " (not connected)"
NO_MODEL_MESSAGE = "Choose a model folder, or use the bundled model."
TARGETS_NOTE = (
    "New takes are judged by these targets. A take you kept keeps its score; "
    "open it and press Analyse again to score it by them."
)
APPEARANCE_NAMES = {
    "system": "System",
    "light": "Light",
    "dark": "Dark",
    "high_contrast": "High contrast",
}
# The Preferences fields this dialog edits; the others pass through untouched.
EDITED_FIELDS = (
    "model",
    "input_device",
    "live_caption",
    "appearance",
    "target_s",
    "pace_good_min_wpm",
    "pace_good_max_wpm",
    "fillers_good_max_per_minute",
)

CheckModel = Callable[[str], str | None]
PickFolder = Callable[[QWidget, str], str]


def target_note(prefs: Preferences, base: AnalysisSettings) -> str:
    """What follows the answer length: "or less; under 30 s is too short". The length is a
    band, not a ceiling: "90 s or less" alone read as if any shorter answer were on target,
    and a 20 s take was then scored "too short". The shortest is the one the analysis uses
    for this target (AnalysisSettings.with_overrides) on the packaged ``base`` settings."""
    if value_problem(target_s=prefs.target_s):
        return "or less"
    shortest = prefs.analysis_settings(base).speaking_time.too_short_below_s
    return f"or less; under {seconds_text(shortest)} is too short"


class SettingsDialog(QDialog):
    """Edits the user's settings; ``preferences()`` returns the edited ``Preferences``.

    Args:
        prefs: the settings to start from. Fields this dialog does not show (the last
            question, company and role) are passed through unchanged.
        base: the packaged analysis settings the user's own apply to (read once, by
            ``PreferencesController``; reading ``analysis.toml`` on every edit cost a parse).
        devices: the names of the input devices connected now.
        check_model: returns a sentence saying what is wrong with a model folder or name, or
            ``None`` if it can be used. It is called as the user types, so it should only look
            at files, never load the model.
        pick_folder: shows a folder chooser and returns the folder, or ``""`` if cancelled;
            tests pass a fake.
    """

    def __init__(
        self,
        prefs: Preferences,
        *,
        base: AnalysisSettings,
        devices: Sequence[str],
        check_model: CheckModel,
        pick_folder: PickFolder = pick_folder_with_qt,
        downloads: ModelDownloads | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The catalog of better models, downloaded only when the user presses Download.
        self.downloads = downloads
        self.setWindowTitle("Settings")
        # Wide enough that the longest error message wraps onto two lines, not five.
        self.setMinimumWidth(520)
        self._initial = prefs
        self._base = base
        # The height _grow_to_fit set to fit the content (None: the user's own height).
        self._fitted_height: int | None = None
        self._devices = list(devices)
        self._check_model = check_model
        self._pick_folder = pick_folder
        # check_model may touch the disk: run it when the model choice changes, not on
        # every edit of a number.
        self._model_message: str | None = None

        # The settings scroll above the buttons: at 636 px the dialog was taller than a
        # 620 px screen (and at a large font than most), and OK and Cancel were off its foot.
        content = QWidget()
        content.setObjectName("settingsContent")
        layout = self._content_layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self._build_model_group())
        layout.addWidget(self._build_recording_group())
        layout.addWidget(self._build_display_group())
        layout.addWidget(self._build_targets_group())
        self.general_error = error_label(self.palette())
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self.page = QScrollArea()
        self.page.setWidget(content)
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # every setting takes focus itself

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_defaults)
        outer = self._outer_layout = QVBoxLayout(self)
        outer.setSpacing(12)
        outer.addWidget(self.page, 1)
        outer.addWidget(self.buttons)

        self._show(prefs)
        self._connect_validation()
        self._recheck_model()

    # -- building ----------------------------------------------------------------------------

    def _build_model_group(self) -> QGroupBox:
        box = QGroupBox("Speech model")
        grid = QVBoxLayout(box)
        grid.setSpacing(6)

        self.bundled_radio = QRadioButton(BUNDLED_MODEL_TEXT)
        self.other_radio = QRadioButton(OTHER_MODEL_TEXT)
        self._model_choice = QButtonGroup(self)
        self._model_choice.addButton(self.bundled_radio)
        self._model_choice.addButton(self.other_radio)

        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText("A faster-whisper model folder, or a cached model name")
        self.model_edit.setClearButtonEnabled(True)
        self.model_edit.setAccessibleName("Model folder or name")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)

        row = QHBoxLayout()
        # Indent the folder under its radio button so it reads as that option's value.
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(self.model_edit, 1)
        row.addWidget(self.browse_button)

        self.model_error = error_label(self.palette())
        self.model_error.setContentsMargins(24, 0, 0, 0)
        grid.addWidget(self.bundled_radio)
        grid.addWidget(self.other_radio)
        grid.addLayout(row)
        grid.addWidget(self.model_error)
        if self.downloads is not None:
            grid.addWidget(self.downloads)  # says itself that nothing downloads unasked
            self.downloads.model_chosen.connect(self._use_downloaded)
        else:
            note = QLabel("Nothing is ever downloaded. Larger models are more accurate but slower.")
            note.setWordWrap(True)
            # The theme's muted text colour (light or dark), rather than a fixed grey.
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            grid.addWidget(note)
        return box

    def _use_downloaded(self, folder: str) -> None:
        """A model the user just downloaded becomes the chosen one (saved on OK)."""
        self.other_radio.setChecked(True)
        self.model_edit.setText(folder)

    def done(self, result: int) -> None:
        if self.downloads is not None:
            self.downloads.cancel()
            self.downloads.wait()  # a download thread never outlives its dialog
        super().done(result)

    def _build_recording_group(self) -> QGroupBox:
        box = QGroupBox("Recording")
        form = QFormLayout(box)
        self._tidy(form)
        self.device_combo = QComboBox()
        self.device_combo.setMinimumContentsLength(24)
        form.addRow("&Microphone:", self.device_combo)
        self.live_caption_check = QCheckBox("Show a live caption while recording")
        form.addRow("", self.live_caption_check)
        return box

    def _build_display_group(self) -> QGroupBox:
        # Its own group: under "Recording" (where it was) it read as a recording setting.
        box = QGroupBox("Display")
        form = QFormLayout(box)
        self._tidy(form)
        self.appearance_combo = QComboBox()
        self.appearance_combo.setAccessibleName("Appearance")
        for key, name in APPEARANCE_NAMES.items():
            self.appearance_combo.addItem(name, key)
        self.appearance_combo.setToolTip(
            "System follows your desktop's light or dark theme. The open window changes at once."
        )
        form.addRow("&Appearance:", self.appearance_combo)
        return box

    def _build_targets_group(self) -> QGroupBox:
        box = QGroupBox("Targets")
        form = QFormLayout(box)
        self._tidy(form)

        self.target_spin = spin_box(0, 3600, 0, 5, " s")
        self.target_spin.setAccessibleName("Longest answer on target, in seconds")
        self.target_error = error_label(self.palette())
        self.target_note = QLabel(target_note(self._initial, self._base))
        form.addRow(
            "&Answer length:", self._field(self.target_error, self.target_spin, self.target_note)
        )

        self.pace_min_spin = spin_box(0, 600, 0, 5, "")
        self.pace_max_spin = spin_box(0, 600, 0, 5, "")
        self.pace_min_spin.setAccessibleName("Slowest good pace, in words a minute")
        self.pace_max_spin.setAccessibleName("Fastest good pace, in words a minute")
        self.pace_error = error_label(self.palette())
        pace = self._field(
            self.pace_error,
            self.pace_min_spin,
            QLabel("to"),
            self.pace_max_spin,
            QLabel("words a minute"),
        )
        form.addRow("Good &pace:", pace)
        pace_label = form.labelForField(pace)
        if isinstance(pace_label, QLabel):  # the label QFormLayout made from the text above
            pace_label.setBuddy(self.pace_min_spin)

        self.fillers_spin = spin_box(0, 100, 1, 0.5, "")
        self.fillers_spin.setAccessibleName("Most filler words a minute in a good answer")
        self.fillers_error = error_label(self.palette())
        form.addRow(
            "&Filler words:",
            self._field(self.fillers_error, self.fillers_spin, QLabel("a minute at most")),
        )
        # Said where the targets change: a take's results then showed its score beside tiles
        # and steps judged by the new targets, with nothing here to say so.
        self.targets_note = QLabel(TARGETS_NOTE)
        self.targets_note.setWordWrap(True)
        self.targets_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(self.targets_note)
        return box

    @staticmethod
    def _tidy(form: QFormLayout) -> None:
        # Same look on every platform style. Fields may grow so that a wrapped error message
        # gets the full width; the input rows end in a stretch, so spin boxes stay compact.
        # Labels sit at the top so they stay beside their inputs when a message opens below.
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)

    @staticmethod
    def _field(error: QLabel, *inputs: QWidget) -> QWidget:
        """One form field: ``inputs`` in a row, and ``error`` under them when it has a message.

        The message lives inside the field rather than in a form row of its own: QFormLayout
        gives a wrapped label in its own row more height than it needs.
        """
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        row = QHBoxLayout()
        for widget in inputs:
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(error)
        return holder

    def _connect_validation(self) -> None:
        # Both radio buttons emit toggled on every switch; listening to one is enough.
        self.other_radio.toggled.connect(self._on_model_choice)
        self.model_edit.textChanged.connect(self._recheck_model)
        for spin in (self.target_spin, self.pace_min_spin, self.pace_max_spin, self.fillers_spin):
            spin.valueChanged.connect(self._revalidate)

    # -- values in and out -------------------------------------------------------------------

    def _show(self, prefs: Preferences) -> None:
        """Put ``prefs`` into the widgets."""
        if prefs.model is None:
            # The folder field keeps whatever it held, so a slip onto the bundled model
            # does not lose a typed path.
            self.bundled_radio.setChecked(True)
        else:
            self.other_radio.setChecked(True)
            self.model_edit.setText(prefs.model)
        self._fill_devices(prefs.input_device)
        self.live_caption_check.setChecked(prefs.live_caption)
        self.appearance_combo.setCurrentIndex(
            max(0, self.appearance_combo.findData(prefs.appearance))
        )
        self.target_spin.setValue(prefs.target_s)
        self.pace_min_spin.setValue(prefs.pace_good_min_wpm)
        self.pace_max_spin.setValue(prefs.pace_good_max_wpm)
        self.fillers_spin.setValue(prefs.fillers_good_max_per_minute)
        self._update_model_widgets()

    def _fill_devices(self, chosen: str | None) -> None:
        self.device_combo.clear()
        self.device_combo.addItem(SYSTEM_DEFAULT_MICROPHONE, None)
        for name in self._devices:
            self.device_combo.addItem(name, name)
        if chosen is not None and chosen not in self._devices:
            # A microphone that is unplugged today stays the choice until the user picks
            # another, so plugging it back in just works.
            self.device_combo.addItem(chosen + NOT_CONNECTED_SUFFIX, chosen)
        index = self.device_combo.findData(chosen) if chosen is not None else 0
        self.device_combo.setCurrentIndex(max(index, 0))

    def preferences(self) -> Preferences:
        """The preferences as edited; only guaranteed valid once the dialog was accepted."""
        model = self.model_edit.text().strip() if self.other_radio.isChecked() else None
        return replace(
            self._initial,
            model=model,
            input_device=self.device_combo.currentData(),
            live_caption=self.live_caption_check.isChecked(),
            appearance=self.appearance_combo.currentData(),
            target_s=self.target_spin.value(),
            pace_good_min_wpm=self.pace_min_spin.value(),
            pace_good_max_wpm=self.pace_max_spin.value(),
            fillers_good_max_per_minute=self.fillers_spin.value(),
        )

    def restore_defaults(self) -> None:
        """Show the default settings; the fields the dialog does not edit are kept."""
        defaults = Preferences()
        self._show(replace(self._initial, **{f: getattr(defaults, f) for f in EDITED_FIELDS}))
        self._recheck_model()

    # -- checking ----------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Every message now shown; empty when the settings can be saved."""
        labels = (
            self.model_error,
            self.target_error,
            self.pace_error,
            self.fillers_error,
            self.general_error,
        )
        return [label.text() for label in labels if label.text()]

    def _recheck_model(self) -> None:
        self._model_message = None
        if self.other_radio.isChecked():
            text = self.model_edit.text().strip()
            self._model_message = self._check_model(text) if text else NO_MODEL_MESSAGE
        self._revalidate()

    def _revalidate(self) -> None:
        self._update_model_widgets()
        prefs = self.preferences()
        self._set_error(self.model_error, self._model_message)
        row_problems = {
            self.target_error: value_problem(target_s=prefs.target_s),
            self.pace_error: value_problem(
                pace_good_min_wpm=prefs.pace_good_min_wpm,
                pace_good_max_wpm=prefs.pace_good_max_wpm,
            ),
            self.fillers_error: value_problem(
                fillers_good_max_per_minute=prefs.fillers_good_max_per_minute
            ),
        }
        for label, message in row_problems.items():
            self._set_error(label, message)
        self.target_note.setText(target_note(prefs, self._base))
        # Whatever the per-row checks did not catch (a rule across groups added later).
        general = None
        if not any(row_problems.values()):
            try:
                prefs.validated()
            except ValueError as err:
                general = str(err)
        self._set_error(self.general_error, general)
        self.ok_button.setEnabled(not self.problems())
        self._grow_to_fit()

    def sizeHint(self) -> QSize:
        """The size that shows every setting and message wrapped at the dialog's width, as
        tall as the screen allows (the settings scroll beyond)."""
        hint = super().sizeHint()
        width = max(hint.width(), self.minimumWidth())
        return QSize(width, self._fitting_height(width))

    def _fitting_height(self, width: int) -> int:
        """The height that shows the whole content at ``width``, at most the screen's."""
        # A word-wrapped label is narrow and tall in a plain size hint: ask each layout for
        # its height at the real width. The nested layouts tell theirs of new heights only
        # through posted events, one nesting level a round; drop every cached height so a
        # message just shown counts, and one just hidden no longer does.
        content, outer = self._content_layout, self._outer_layout
        for layout in self.page.findChildren(QLayout):
            layout.invalidate()
            if (owner := layout.parentWidget()) is not None:
                owner.updateGeometry()
        content.invalidate()
        content.activate()
        margins = outer.contentsMargins()
        inner_width = width - margins.left() - margins.right()
        needed = (
            content.totalHeightForWidth(inner_width)
            + outer.spacing()
            + self.buttons.sizeHint().height()
            + margins.top()
            + margins.bottom()
        )
        screen = self.screen()
        if screen is None:
            return needed
        # The window's frame (title bar) takes some of the screen too.
        frame = max(0, self.frameGeometry().height() - self.geometry().height())
        return min(needed, screen.availableGeometry().height() - frame)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Qt sizes a new window to two thirds of the screen at most: the settings would
        # scroll on a screen with room for them all.
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        # Qt does not enlarge a top-level window for a label that wraps onto more lines,
        # so a message that appears while the dialog is open would be cut off (or, on a
        # screen too short for it, need the scroll bar). As wide as the settings need (at
        # a large font, more than the 520 px minimum), as far as the screen allows.
        if not self.isVisible():
            return
        margins = self._outer_layout.contentsMargins()
        bar = self.page.verticalScrollBar().sizeHint().width()
        needed_w = self._content_layout.minimumSize().width() + bar
        needed_w += margins.left() + margins.right()
        screen = self.screen()
        if screen is not None:
            frame_w = max(0, self.frameGeometry().width() - self.geometry().width())
            needed_w = min(needed_w, screen.availableGeometry().width() - frame_w)
        width = max(self.width(), needed_w)
        fitting = self._fitting_height(width)
        # The height fitted last shrinks back with the content (a message shown at "3" on
        # the way to "30" left an empty band above OK/Cancel once it went); a height the
        # user chose by hand only grows.
        fitted = self.height() == self._fitted_height
        height = fitting if fitted else max(self.height(), fitting)
        self._fitted_height = height if height == fitting else None
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def _set_error(self, label: QLabel, message: str | None) -> None:
        # Messages from resolve_model start in lower case (they also end CLI lines).
        label.setText(message[:1].upper() + message[1:] if message else "")
        label.setVisible(bool(message))

    def _update_model_widgets(self) -> None:
        other = self.other_radio.isChecked()
        self.model_edit.setEnabled(other)
        self.browse_button.setEnabled(other)

    # -- actions -----------------------------------------------------------------------------

    def _on_model_choice(self, checked: bool) -> None:
        if checked:
            self.model_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._recheck_model()

    def _browse(self) -> None:
        current = self.model_edit.text().strip()
        start = current if current and os.path.isdir(os.path.expanduser(current)) else ""
        folder = self._pick_folder(self, start or os.path.expanduser("~"))
        if folder and folder != self.model_edit.text():
            self.model_edit.setText(folder)  # textChanged runs the check
        elif folder:
            # The same folder again: its files may have changed since the last check.
            self._recheck_model()

    def accept(self) -> None:
        """Close with OK, unless a value is still wrong (Enter can reach here)."""
        self._recheck_model()
        if self.problems():
            return
        super().accept()
