"""The transcript of a take: sentences tinted by label, fillers marked, words clickable."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, Qt, QUrl, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from speakprep import palette
from speakprep.core.checks import employer_link_sentences
from speakprep.core.models import Report, Sentence, Word
from speakprep.core.units import clock_text
from speakprep.ui import theme

_HREF_PREFIX = "word:"
# Between two words the last one stays lit, so the highlight does not flicker; after this
# much silence it goes out (the playhead is in a pause).
_PLAYHEAD_HOLD_S = 1.0


class TranscriptView(QTextBrowser):
    """Read-only, selectable transcript of one report.

    Each sentence is tinted with its label colour, fillers are bold with an orange
    underline, and fillers heard only in the audio ("(um)") are inserted in italics where
    they were spoken. Clicking a word (or pressing Enter with the caret on it) emits
    ``seek_requested`` with that word's start time; ``set_playhead`` lights the word being
    played.
    """

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None
        self._words: tuple[Word, ...] = ()
        self._spans: dict[int, tuple[int, int]] = {}  # word index -> document [start, end)
        self._inserted: list[tuple[int, int]] = []  # (transcript offset, characters added)
        self._by_position: list[tuple[int, int, int]] = []  # spans sorted: (start, end, index)
        self._starts: list[float] = []  # timed word starts, sorted, for the playhead
        self._start_words: list[int] = []
        self._playing: int | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTabChangesFocus(True)  # Tab leaves the view instead of visiting every word
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setFont(theme.reading_font(self.font()))
        self.document().setDocumentMargin(14)
        self.setPlaceholderText("The transcript of a take appears here.")
        self.setAccessibleName("Transcript")
        self.setAccessibleDescription(
            "Sentences are tinted by content label; fillers are underlined. Click a word, or "
            "put the caret on it and press Enter, to play from there."
        )
        self.anchorClicked.connect(self._on_anchor)

    # -- public API -------------------------------------------------------------------------

    def set_report(self, report: Report | None) -> None:
        """Show the transcript of ``report`` (``None`` clears the view)."""
        self._report = report
        self._playing = None
        self.setExtraSelections([])
        self.clear()
        self._spans, self._inserted, self._by_position = {}, [], []
        self._words = report.transcript.words if report else ()
        timed = sorted((w.start_s, i) for i, w in enumerate(self._words) if w.start_s is not None)
        self._starts = [t for t, _ in timed]
        self._start_words = [i for _, i in timed]
        if report is not None:
            self._build(report)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def report(self) -> Report | None:
        return self._report

    def set_playhead(self, seconds: float | None) -> None:
        """Light the word spoken at ``seconds`` (``None`` turns the highlight off)."""
        index = self._word_at_time(seconds) if seconds is not None else None
        if index == self._playing:
            return
        self._playing = index
        span = self._spans.get(index) if index is not None else None
        if span is None:
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(theme.colour("timeline.playhead"))
        fmt.setForeground(theme.colour("text.on_accent"))
        selection.format = fmt
        self.setExtraSelections([selection])
        self._keep_visible(span[0])

    def playing_word(self) -> int | None:
        """Index (into ``report.transcript.words``) of the word lit by the playhead."""
        return self._playing

    def word_span(self, index: int) -> tuple[int, int] | None:
        """Document positions ``[start, end)`` of word ``index``, if it is shown."""
        return self._spans.get(index)

    def word_rect(self, index: int) -> QRect:
        """Viewport rectangle around the middle of word ``index`` (for clicks in tests)."""
        span = self._spans.get(index)
        if span is None:
            return QRect()
        cursor = QTextCursor(self.document())
        cursor.setPosition((span[0] + span[1]) // 2)
        return self.cursorRect(cursor)

    def show_sentence(self, index: int) -> None:
        """Select sentence ``index`` (into ``report.content.sentences``) and scroll to it."""
        if self._report is None or not 0 <= index < len(self._report.content.sentences):
            return
        sentence = self._report.content.sentences[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.doc_position(sentence.char_start))
        cursor.setPosition(self.doc_position(sentence.char_end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def doc_position(self, char_offset: int) -> int:
        """The document position of a transcript character (shifted by inserted fillers)."""
        shift = sum(n for at, n in self._inserted if at <= char_offset)
        return char_offset + shift

    # -- Qt overrides ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self._word_at_position(self.textCursor().position())
            if index is not None and self._words[index].start_s is not None:
                self.seek_requested.emit(self._words[index].start_s)
                event.accept()
                return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            text = self._tooltip(self._word_at_position(position))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # -- building the document -------------------------------------------------------------

    def _build(self, report: Report) -> None:
        text = report.transcript.text
        sentences = sorted(report.content.sentences, key=lambda s: s.char_start)
        placed = [
            (w.char_start, w.char_end, i)
            for i, w in enumerate(self._words)
            if w.char_start is not None and w.char_end is not None
        ]
        placed.sort()
        heard = self._audio_fillers(placed)

        cuts = {0, len(text)}
        cuts.update(at for at, _ in heard)
        for s in sentences:
            cuts.update((s.char_start, s.char_end))
        for start, end, _ in placed:
            cuts.update((start, end))
        cuts_sorted = sorted(c for c in cuts if 0 <= c <= len(text))

        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        block = QTextBlockFormat()
        block.setLineHeight(
            theme.READING_LINE_HEIGHT_PERCENT,
            QTextBlockFormat.LineHeightTypes.ProportionalHeight.value,
        )
        cursor.setBlockFormat(block)
        heard_at: dict[int, list[int]] = {}
        for at, index in heard:
            heard_at.setdefault(at, []).append(index)
        word_starts = [start for start, _, _ in placed]
        sentence_starts = [s.char_start for s in sentences]
        for a, b in zip(cuts_sorted, [*cuts_sorted[1:], None], strict=True):
            sentence = _sentence_at(sentences, sentence_starts, a)
            for index in heard_at.get(a, ()):
                tint = sentence if _inside(sentence, a) else None
                self._insert_heard(cursor, index, tint, offset=a, at_end=a == len(text))
            if b is None:
                break
            k = bisect.bisect_right(word_starts, a) - 1
            word = placed[k][2] if k >= 0 and placed[k][0] <= a < placed[k][1] else None
            fmt = self._format(sentence, word)
            start = cursor.position()
            cursor.insertText(text[a:b], fmt)
            if word is not None:
                old = self._spans.get(word, (start, start))
                self._spans[word] = (min(old[0], start), cursor.position())
        cursor.endEditBlock()
        self._by_position = sorted((start, end, i) for i, (start, end) in self._spans.items())

    def _audio_fillers(self, placed: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
        """(transcript offset, word index) of each filler heard only in the audio.

        It goes before the first transcribed word that starts after it, so "(um)" lands
        between the words it was spoken between.
        """
        timed = sorted(
            (word_start_s, start)
            for start, _, i in placed
            if (word_start_s := self._words[i].start_s) is not None
        )
        starts = [t for t, _ in timed]
        text_len = len(self._report.transcript.text) if self._report else 0
        found = []
        for i, w in enumerate(self._words):
            if w.char_start is None and w.start_s is not None:
                k = bisect.bisect_left(starts, w.start_s)
                found.append((timed[k][1] if k < len(timed) else text_len, i))
        return sorted(found)

    def _insert_heard(
        self,
        cursor: QTextCursor,
        index: int,
        sentence: Sentence | None,
        *,
        offset: int,
        at_end: bool,
    ) -> None:
        word = self._words[index]
        at = cursor.position()
        shown = word.text if word.text.startswith("(") else f"({word.text})"
        plain = self._format(sentence, None)
        if at_end:
            cursor.insertText(" ", plain)
        start = cursor.position()
        fmt = self._format(sentence, index)
        fmt.setFontItalic(True)
        fmt.setFontWeight(400)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        cursor.insertText(shown, fmt)
        self._spans[index] = (start, cursor.position())
        if not at_end:
            cursor.insertText(" ", plain)
        self._inserted.append((offset, cursor.position() - at))

    def _format(self, sentence: Sentence | None, index: int | None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if sentence is not None:
            fmt.setBackground(theme.label_tint(sentence.label))
            fmt.setForeground(theme.label_text(sentence.label))
            fmt.setProperty(QTextFormat.Property.UserProperty, sentence.label)
            if self._employer_link(sentence):
                # The employer-link mark of the timeline, as a dotted underline here.
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(theme.colour("timeline.employer"))
        if index is None:
            return fmt
        word = self._words[index]
        if word.start_s is not None:
            # Anchors give clicks, the pointing-hand cursor and accessibility for free; the
            # explicit format keeps them from looking like blue web links.
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"{_HREF_PREFIX}{index}")
        if word.filler:
            # A highlighter stroke of the timeline's filler orange; the sentence tint still
            # shows on the words around it.
            fmt.setBackground(theme.light_tint(palette.FILLER_COLOR, theme.FILLER_TINT_SHARE))
            fmt.setForeground(theme.colour("text.on_band"))
            fmt.setFontWeight(700)
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(theme.colour("timeline.filler"))
        return fmt

    # -- lookups ---------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        href = url.toString()
        if not href.startswith(_HREF_PREFIX):
            return
        index = int(href[len(_HREF_PREFIX) :])
        if 0 <= index < len(self._words) and self._words[index].start_s is not None:
            self.seek_requested.emit(self._words[index].start_s)

    def _word_at_position(self, position: int) -> int | None:
        """The word at (or just after) a caret position, which is between two characters."""
        k = bisect.bisect_right(self._by_position, (position, float("inf"), 0)) - 1
        if k >= 0 and position <= self._by_position[k][1]:
            return self._by_position[k][2]
        return None

    def _word_at_time(self, seconds: float) -> int | None:
        k = bisect.bisect_right(self._starts, seconds + 1e-9) - 1
        if k < 0:
            return None
        index = self._start_words[k]
        end = self._words[index].end_s
        if end is not None and seconds > end + _PLAYHEAD_HOLD_S:
            return None
        return index

    def _tooltip(self, index: int | None) -> str:
        if index is None or self._report is None:
            return ""
        word = self._words[index]
        if word.start_s is None:
            return "Filler" if word.filler else ""
        at = clock_text(word.start_s)
        if word.source == "audio":
            return (
                f"(um): a filler heard at {at} that the speech model left out of its text. "
                "Click to play from here."
            )
        what = f"Filler “{word.text}” at {at}" if word.filler else at
        return f"{what}. Click to play from here." + self._why(index)

    def _employer_link(self, sentence: Sentence) -> bool:
        if self._report is None:
            return False
        sentences = self._report.content.sentences
        links = employer_link_sentences(self._report.content.checks)
        return any(sentences[i] is sentence for i in links if 0 <= i < len(sentences))

    def employer_link_words(self) -> list[int]:
        """The word indexes underlined as tying the answer to the employer."""
        if self._report is None:
            return []
        sentences = self._report.content.sentences
        links = employer_link_sentences(self._report.content.checks)
        return [w for i in links if 0 <= i < len(sentences) for w in sentences[i].word_indexes]

    def _why(self, index: int) -> str:
        """Why the word's sentence has its label, as a tooltip line."""
        assert self._report is not None
        for sentence in self._report.content.sentences:
            if index in sentence.word_indexes:
                name = theme.label_name(sentence.label)
                line = f"\n{name}: {sentence.reason}" if sentence.reason else f"\n{name}"
                if self._employer_link(sentence):
                    line += "\nTies the answer to the employer."
                return line
        return ""

    def _keep_visible(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        view = self.viewport().rect()
        if rect.top() < 0 or rect.bottom() > view.bottom():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - view.height() // 3)


def _sentence_at(
    sentences: Sequence[Sentence], starts: Sequence[int], offset: int
) -> Sentence | None:
    """The sentence holding transcript character ``offset`` (``sentences`` sorted by start)."""
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and offset < sentences[k].char_end:
        return sentences[k]
    return None


def _inside(sentence: Sentence | None, offset: int) -> bool:
    """An inserted filler takes the sentence's tint only if it falls within it, not before."""
    return sentence is not None and sentence.char_start < offset
