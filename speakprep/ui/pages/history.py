"""The history screen: every kept take in a table, with a question filter, transcript search
and the actions on a selection. A view: it lays out, asks, and reports what the user wants;
``HistoryController`` talks to the library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from speakprep.ui import theme
from speakprep.ui.pages.history_model import HistoryModel, QuestionDelegate
from speakprep.ui.widgets.header import header_row, page_notice, page_subtitle, page_title
from speakprep.ui.widgets.no_speech import NoSpeechList

if TYPE_CHECKING:
    from speakprep.storage.library import Take

ALL_QUESTIONS = "All questions"
EMPTY_LIBRARY = "No takes yet. Record your first answer on the Practice screen."
COMPARE_HINT = "Select two takes of the same question to compare them."
PROGRESS_HINT = "Pick a question in the filter, or select takes of one question."
# Under the title while nothing is selected: found as a new user, a greyed Open and Compare
# under the list said nothing of how to make them work.
OPEN_HINT = "double-click a take to open it"
SELECT_HINT = f"{OPEN_HINT}, or select two to compare them"
# Two takes selected that Compare cannot put side by side: said where the eye is, not only
# in the greyed button's tooltip (found as a new user, who picked the two latest takes).
DIFFERENT_QUESTIONS_HINT = "these two answer different questions: Compare needs two of one"


class HistoryView(QWidget):
    """All takes, newest first. Signals carry take ids; nothing here touches the library.

    ``search_changed`` is debounced (``SEARCH_DELAY_MS`` after the last keystroke) so a
    transcript search runs once per pause in typing, not once per key.
    """

    open_requested = Signal(int)
    compare_requested = Signal(int, int)
    progress_requested = Signal(str)
    rename_requested = Signal(int)
    note_requested = Signal(int)
    delete_requested = Signal(list)  # take ids
    filter_changed = Signal(object)  # question id, or None for all questions
    search_changed = Signal(str)
    practice_requested = Signal()

    SEARCH_DELAY_MS = 300

    def __init__(self, parent: QWidget | None = None, *, model: HistoryModel | None = None) -> None:
        super().__init__(parent)
        self.model = model or HistoryModel(self)

        self.title = page_title("Your takes")
        self.subtitle = page_subtitle()
        self.notice = page_notice()

        self._build_filters()
        self.table = QTableView()
        self._build_actions()
        self.toolbar = QWidget()
        tools = QHBoxLayout(self.toolbar)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(8)
        for control in (self.question_filter_box, self.search):
            control.setMinimumHeight(30)
            tools.addWidget(control, 1 if control is self.search else 0)
        # The actions sit under the table, so the screen stays usable at the window's
        # minimum width (760 px) with long question texts in the filter.
        self.action_bar = QWidget()
        actions = QHBoxLayout(self.action_bar)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(8)
        for act in self._tips:
            actions.addWidget(self._button_of[act])
            if act is self.progress_action:
                actions.addStretch(1)

        self._set_up_table()
        card = self._build_card()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(header_row(self.title, self.subtitle))
        layout.addWidget(self.notice)
        layout.addWidget(self.toolbar)
        layout.addWidget(card, 1)
        layout.addWidget(self.action_bar)
        # Below the takes' actions: its own buttons act on its own list.
        self.no_speech = NoSpeechList(now=self.model.now)
        layout.addWidget(self.no_speech)

        self.question_filter_box.currentIndexChanged.connect(self._on_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search_text()))
        self.table.activated.connect(self._activated)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.empty_button.clicked.connect(self.practice_requested)
        self.set_takes([])

    def _action(
        self,
        text: str,
        slot: object,
        tip: str,
        *keys: QKeySequence | QKeySequence.StandardKey | Qt.Key,
    ) -> tuple[QAction, QPushButton]:
        """An action on the table (its menu and keys) and the button that triggers it."""
        act = QAction(text, self.table)
        act.setShortcuts([QKeySequence(k) for k in keys])
        # Shortcuts only while the table has focus: Delete in the search box edits text.
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        act.triggered.connect(slot)
        self.table.addAction(act)
        button = QPushButton(text)
        button.setMinimumSize(84, 30)
        button.clicked.connect(act.trigger)
        self._tips[act] = tip
        self._button_of[act] = button
        return act, button

    def _build_filters(self) -> None:
        """The question filter and the transcript search above the table."""
        self.question_filter_box = QComboBox()
        self.question_filter_box.setAccessibleName("Show takes of")
        self.question_filter_box.setMinimumContentsLength(30)
        self.question_filter_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.question_filter_box.addItem(ALL_QUESTIONS, None)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search what you said…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the transcripts")
        self.search.setMinimumWidth(160)
        self.search.setTextMargins(6, 0, 4, 0)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)

    def _build_actions(self) -> None:
        """The actions under the table, each also a shortcut and a context-menu entry."""
        self._tips: dict[QAction, str] = {}
        self._button_of: dict[QAction, QPushButton] = {}
        # Enter and double-click arrive as the table's ``activated`` (the platform's rule).
        self.open_action, self.open_button = self._action(
            "Open", self._open, "Open the take's results (Enter or double-click)"
        )
        self.compare_action, self.compare_button = self._action(
            "Compare", self._compare, "Compare the two takes on one time scale"
        )
        self.progress_action, self.progress_button = self._action(
            "Progress", self._progress, "See how this question's takes have changed over time"
        )
        self.rename_action, self.rename_button = self._action(
            "Rename…", self._rename, "Give the take your own name (F2)", Qt.Key.Key_F2
        )
        self.note_action, self.note_button = self._action(
            "Note…", self._note, "Write a note to yourself about this take"
        )
        self.delete_action, self.delete_button = self._action(
            "Delete…",
            self._delete,
            "Delete the take and its recording (Delete)",
            QKeySequence.StandardKey.Delete,
        )
        theme.style(self.delete_button, lambda: theme.stylesheet("danger_button"))

    def _set_up_table(self) -> None:
        """The table's look and behaviour."""
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the table for its buttons (the arrows move through the takes): Tab
        # from cell to cell kept a keyboard user in the table, away from Open and Compare.
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)  # two-line checks cells
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setAccessibleName("Your takes")
        theme.style(self.table, lambda: theme.stylesheet("table"))
        self.table.setItemDelegateForColumn(1, QuestionDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Figures take what their header or widest value needs; the question gets the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _build_card(self) -> QFrame:
        """The table, or the empty-library message, in a card."""
        self.empty_label = QLabel(EMPTY_LIBRARY)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        theme.style(self.empty_label, lambda: theme.text_style("text.body", "font-size: 16px;"))
        self.empty_button = QPushButton("Go to Practice")
        empty = QWidget()
        empty_box = QVBoxLayout(empty)
        empty_box.addStretch(1)
        empty_box.addWidget(self.empty_label)
        empty_box.addSpacing(8)
        empty_box.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_box.addStretch(2)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(empty)
        card = QFrame()
        theme.card(card, "historyCard")
        card_box = QVBoxLayout(card)
        card_box.setContentsMargins(1, 4, 1, 4)
        card_box.addWidget(self.pages)
        return card

    # -- contents --------------------------------------------------------------------------
    def set_takes(self, takes: Sequence[Take]) -> None:
        """List ``takes`` (newest first), keeping the selection of takes still listed."""
        kept = [t.id for t in self.selected_takes()]
        self.model.set_takes(takes)
        self.select_take_ids(kept)
        filtering = bool(self.search_text()) or self.question_filter() is not None
        self.pages.setCurrentIndex(0 if takes else 1)
        self.empty_label.setText(self._no_match_text() if filtering else EMPTY_LIBRARY)
        self.empty_button.setVisible(not filtering)
        # With no take at all there is nothing to filter or act on.
        self.toolbar.setVisible(bool(takes) or filtering)
        self.action_bar.setVisible(bool(takes) or filtering)
        self._update_subtitle()
        self._update_actions()

    def set_questions(self, questions: Sequence[tuple[str, str, int]]) -> None:
        """Fill the filter with ``(question_id, text, count)``; keeps the chosen question."""
        chosen = self.question_filter()
        box = self.question_filter_box
        box.blockSignals(True)
        box.clear()
        box.addItem(ALL_QUESTIONS, None)
        for question_id, text, count in questions:
            box.addItem(f"{text} ({count})", question_id)
            box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        # A question whose last take is gone falls back to all questions (no signal: the
        # caller is refreshing and reads question_filter() next).
        at = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(at, 0))
        box.blockSignals(False)

    def set_question_filter(self, question_id: str | None) -> None:
        at = self.question_filter_box.findData(question_id)
        self.question_filter_box.setCurrentIndex(max(at, 0))

    def question_filter(self) -> str | None:
        return self.question_filter_box.currentData()

    def search_text(self) -> str:
        return self.search.text().strip()

    def selected_takes(self) -> list[Take]:
        """The selected takes in table order (newest first)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.take_at(r) for r in rows if r < self.model.rowCount()]

    def select_take_ids(self, take_ids: Sequence[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for take_id in take_ids:
            row = self.model.row_of(take_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)
                selection.setCurrentIndex(self.model.index(row, 0), flags)

    def show_error(self, message: str) -> None:
        """An amber note above the table; an empty message hides it."""
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    def compare_pair(self) -> tuple[Take, Take] | None:
        """The two selected takes, when they answer the same question."""
        chosen = self.selected_takes()
        if len(chosen) == 2 and chosen[0].question_id == chosen[1].question_id:
            return chosen[0], chosen[1]
        return None

    def progress_question(self) -> str | None:
        """The question a trend would show: the filter's, else the one the selection shares,
        else, with nothing selected, the one every listed take shares (a new user who has
        practised one question found Progress greyed out until they picked takes)."""
        if self.question_filter() is not None:
            return self.question_filter()
        chosen = self.selected_takes() or [
            self.model.take_at(row) for row in range(self.model.rowCount())
        ]
        ids = {t.question_id for t in chosen}
        return ids.pop() if len(ids) == 1 else None

    # -- reactions ---------------------------------------------------------------------------
    def _on_filter(self, _index: int) -> None:
        self.filter_changed.emit(self.question_filter())

    def _current_take(self) -> Take | None:
        chosen = self.selected_takes()
        if len(chosen) == 1:
            return chosen[0]
        index = self.table.currentIndex()
        return self.model.take_at(index.row()) if index.isValid() and not chosen else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.take_at(index.row()).id)

    def _open(self) -> None:
        take = self._current_take()
        if take is not None:
            self.open_requested.emit(take.id)

    def _compare(self) -> None:
        pair = self.compare_pair()
        if pair is not None:
            self.compare_requested.emit(pair[0].id, pair[1].id)

    def _progress(self) -> None:
        question = self.progress_question()
        if question is not None:
            self.progress_requested.emit(question)

    def _rename(self) -> None:
        take = self._current_take()
        if take is not None:
            self.rename_requested.emit(take.id)

    def _note(self) -> None:
        take = self._current_take()
        if take is not None:
            self.note_requested.emit(take.id)

    def _delete(self) -> None:
        chosen = self.selected_takes()
        if chosen:
            self.delete_requested.emit([t.id for t in chosen])

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for act in (self.open_action, self.compare_action, self.progress_action):
            menu.addAction(act)
        menu.addSeparator()
        for act in (self.rename_action, self.note_action, self.delete_action):
            menu.addAction(act)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_actions(self) -> None:
        chosen = self.selected_takes()
        for act in (self.open_action, self.rename_action, self.note_action):
            act.setEnabled(len(chosen) == 1)
        self.delete_action.setEnabled(bool(chosen))
        self.compare_action.setEnabled(self.compare_pair() is not None)
        self.progress_action.setEnabled(self.progress_question() is not None)
        hints = {self.compare_action: COMPARE_HINT, self.progress_action: PROGRESS_HINT}
        for act, tip in self._tips.items():
            self._button_of[act].setEnabled(act.isEnabled())
            self._button_of[act].setToolTip(tip if act.isEnabled() else hints.get(act, tip))
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        count = self.model.rowCount()
        if not self.toolbar.isVisibleTo(self):
            self.subtitle.setText("Every answer you record is kept here, on this computer.")
            return
        noun = "take" if count == 1 else "takes"
        parts = [f"{count} {noun}"]
        if self.search_text():
            parts.append(f"saying “{self.search_text()}”")
        missing = sum(t.audio_missing for t in self.model.takes())
        if missing:
            parts.append(f"{missing} with the recording file missing")
        chosen = self.selected_takes()
        if count and not chosen:
            parts.append(SELECT_HINT if count > 1 else OPEN_HINT)  # one take: nothing to compare
        elif len(chosen) == 2 and self.compare_pair() is None:
            parts.append(DIFFERENT_QUESTIONS_HINT)
        self.subtitle.setText(" · ".join(parts))

    def _no_match_text(self) -> str:
        if self.search_text():
            return f"No takes match “{self.search_text()}”."
        return "No takes of this question yet."
