"""The table model of the history screen: one row per kept take, newest first.

Figures are coloured against the user's current bands (the same pass / warn / fail colours
as the scorecard); each coloured cell also says its status in its tooltip, so colour is
never the only cue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from speakprep.core.score import DELIVERY_TONE
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import clock_text
from speakprep.render.dates import format_take_date, format_take_when
from speakprep.render.text import STATUS_WORDS, TOO_SHORT_TO_RATE
from speakprep.ui import theme
from speakprep.ui.widgets.scorecard import verdict
from speakprep.ui.widgets.tiles import MUTED

if TYPE_CHECKING:
    from speakprep.storage.library import Take

_Index: TypeAlias = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[str, ...] = ("date", "question", "speaking", "score", "fillers", "checks")
# Long headers and the checks count take two lines: on one line they left the question
# 95 px of a 760 px window ("What are..."); on two it has 209 px.
HEADERS: dict[str, str] = {
    "date": "Date",
    "question": "Question",
    "speaking": "Speaking\ntime",
    "score": "Score",
    "fillers": "Fillers\na minute",
    "checks": "Checks",
}
NUMERIC = frozenset({"speaking", "score", "fillers"})

TAKE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAKE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # "pass" / "warn" / "fail" / None
# Muted text after the name: the question when the user gave a title, and the note.
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 4

MISSING_AUDIO = "Recording file missing"
NO_AUDIO = "No recording: delivery figures need audio"


def take_caption(take: Take, now: datetime) -> str:
    """ "Today 19:05 · Shorter opening": dated as the History table dates the take."""
    text = format_take_date(take.created_at, now)
    return f"{text} · {take.title}" if take.title else text


def take_name(take: Take) -> str:
    """What the user calls the take: their title, else the question."""
    return take.title or take.question_text


_warning_icon: QIcon | None = None


def warning_icon() -> QIcon:
    """A small amber warning triangle, painted (no theme icon is the same on every desktop)."""
    global _warning_icon
    if _warning_icon is None:
        icon = QIcon()
        for scale in (1, 2):
            size = 16 * scale
            pixmap = QPixmap(size, size)
            pixmap.setDevicePixelRatio(scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            path = QPainterPath()
            path.moveTo(8.0, 1.5)
            path.lineTo(15.0, 14.5)
            path.lineTo(1.0, 14.5)
            path.closeSubpath()
            p.fillPath(path, theme.colour("status.warn"))
            pen = QPen(theme.colour("text.on_status"), 1.8)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawLine(QPointF(8.0, 6.0), QPointF(8.0, 9.8))
            p.setBrush(theme.colour("text.on_status"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(7.05, 11.2, 1.9, 1.9))
            p.end()
            icon.addPixmap(pixmap)
        _warning_icon = icon
    return _warning_icon


class HistoryModel(QAbstractTableModel):
    """Takes as table rows: date, question (or title), speaking time, score, fillers a minute
    and the checks count.

    ``TAKE_ID_ROLE`` and ``TAKE_ROLE`` give the take behind any cell; ``STATUS_ROLE`` the
    status a figure is coloured by. ``now`` is injectable so "Today" is testable.
    """

    def __init__(
        self,
        parent: Any = None,
        *,
        settings: AnalysisSettings | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._takes: list[Take] = []
        self._settings = settings or AnalysisSettings()
        self.now = now  # the history's no-speech list dates its rows by it too

    # -- contents --------------------------------------------------------------------------
    def set_takes(self, takes: Sequence[Take]) -> None:
        self.beginResetModel()
        self._takes = list(takes)
        self.endResetModel()

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Colour against these bands (the user's own target, pace and filler limits)."""
        self._settings = settings
        if self._takes:
            last = self.index(len(self._takes) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def takes(self) -> list[Take]:
        return list(self._takes)

    def take_at(self, row: int) -> Take:
        return self._takes[row]

    def row_of(self, take_id: int) -> int:
        """The row of ``take_id``, or -1 when it is not listed."""
        return next((i for i, t in enumerate(self._takes) if t.id == take_id), -1)

    def column_of(self, key: str) -> int:
        return COLUMNS.index(key)

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._takes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[key]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(key)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._takes):
            return None
        take = self._takes[index.row()]
        key = COLUMNS[index.column()]
        if role == TAKE_ID_ROLE:
            return take.id
        if role == TAKE_ROLE:
            return take
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(take, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(take, key)
        if role == STATUS_ROLE:
            return self._status(take, key)
        if role == SECONDARY_ROLE and key == "question":
            return self._secondary(take)
        if role == Qt.ItemDataRole.ForegroundRole:
            status = self._status(take, key)
            return theme.colour(f"status.{status}") if status else None
        if role == Qt.ItemDataRole.DecorationRole and key == "question" and take.audio_missing:
            return warning_icon()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(take, key)
        return None

    # -- cell contents -----------------------------------------------------------------------
    def _display(self, take: Take, key: str) -> str:
        if key == "date":
            return format_take_date(take.created_at, self.now())
        if key == "question":
            return take_name(take)
        if key == "speaking":
            return "—" if take.speaking_s is None else clock_text(take.speaking_s)
        if key == "score":
            return str(take.score)
        if key == "checks":
            tally = take.tally  # "3 of 4 met · no pitfalls", as on the results page
            return f"{tally.met_text}\n{tally.pitfall_text}"
        rate = self._fillers_shown(take)
        return "—" if rate is None else f"{rate:.1f}"

    def _fillers_shown(self, take: Take) -> float | None:
        """The take's fillers a minute, None without a recording or too short to rate."""
        return self._settings.speaking_time.rate_shown(take.fillers_per_minute, take.speaking_s)

    def _secondary(self, take: Take) -> str:
        parts = [take.question_text] if take.title else []
        if take.note:
            parts.append(f"✎ {' '.join(take.note.split())}")
        return "  ·  ".join(parts)

    def _status(self, take: Take, key: str) -> str | None:
        if key == "speaking" and take.speaking_s is not None:
            return DELIVERY_TONE.get(self._settings.speaking_time.status(take.speaking_s))
        if key == "fillers" and (rate := self._fillers_shown(take)) is not None:
            return DELIVERY_TONE.get(self._settings.fillers.status(rate))
        if key == "score":
            return verdict(take.score)[1]
        if key == "checks":
            return take.tally.tone
        return None

    def _tooltip(self, take: Take, key: str) -> str:
        if key == "date":
            how = "Imported" if take.source == "imported" else "Recorded"
            return f"{how} {format_take_when(take.created_at)}"
        if key == "question":
            lines = []
            if take.audio_missing:
                lines.append(f"⚠ {MISSING_AUDIO}")
            if take.title:
                lines.append(f"Question: {take.question_text}")
            if take.note:
                lines.append(f"Note: {take.note}")
            return "\n".join(lines) or take.question_text
        if key == "speaking":
            if take.speaking_s is None:
                return NO_AUDIO
            bands = self._settings.speaking_time
            word = STATUS_WORDS.get(bands.status(take.speaking_s), "")
            return f"{word.capitalize()} (target {clock_text(bands.target_s)})"
        if key == "fillers":
            rate = self._fillers_shown(take)
            if take.fillers_per_minute is None or take.speaking_s is None:
                return NO_AUDIO
            if rate is None:
                needs = clock_text(self._settings.speaking_time.rates_from_s)
                return f"{TOO_SHORT_TO_RATE.capitalize()}: a rate needs {needs} of speech"
            f = self._settings.fillers
            word = STATUS_WORDS.get(f.status(rate), "")
            return f"{word.capitalize()}: good is up to {f.good_max_per_minute:g} a minute"
        if key == "checks":
            t = take.tally
            return f"{t.met} of the {t.required} checks the question needs met; {t.pitfall_text}"
        word, _ = verdict(take.score)
        return f"{word}: {take.checks_passed} of {take.checks_total} checks met"

    def _accessible(self, take: Take, key: str) -> str:
        text = self._display(take, key)
        if key == "question":
            extra = [x for x in (take.title and take.question_text, take.note) if x]
            if take.audio_missing:
                extra.append(MISSING_AUDIO)
            return ". ".join([text, *extra])
        if key in NUMERIC:
            header = " ".join(HEADERS[key].split())  # the header's two lines as one
            return f"{header} {text}. {self._tooltip(take, key)}"
        if key == "checks":
            return take.tally.text  # one line: the cell's two read as a sentence
        return text


class QuestionDelegate(QStyledItemDelegate):
    """Paints the question column: the take's name, then its secondary text in grey.

    One line, elided: the question (under a user's title) and the note stay visible
    without making rows taller.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        secondary = index.data(SECONDARY_ROLE) or ""
        name = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        text_rect = text_rect.adjusted(3, 0, -3, 0)  # the margin Qt's own text drawing keeps
        metrics = opt.fontMetrics
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(opt.font)
        ink = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(ink)
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, align, shown)
        used = metrics.horizontalAdvance(shown) + metrics.horizontalAdvance("   ")
        if secondary and used < text_rect.width() - 40:
            rest = text_rect.adjusted(used, 0, 0, 0)
            painter.setPen(theme.colour(MUTED))
            painter.drawText(
                rest,
                align,
                metrics.elidedText(secondary, Qt.TextElideMode.ElideRight, rest.width()),
            )
        painter.restore()


def _alignment(key: str) -> int:
    horizontal = Qt.AlignmentFlag.AlignRight if key in NUMERIC else Qt.AlignmentFlag.AlignLeft
    return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
