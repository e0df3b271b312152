"""The transcript tints sentences by label, marks fillers, seeks on click and follows playback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from speakprep import palette
from speakprep.core.models import Report
from speakprep.services.analyze import Engine
from speakprep.ui import theme
from speakprep.ui.widgets.transcript import TranscriptView
from tests.reports import GOOD_ANSWER, timed_report
from tests.ui import rich_report
from tests.ui.test_theme import contrast


def make(qtbot, report: Report | None, *, show: bool = False) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(640, 320)
    view.set_report(report)
    if show:
        view.show()
        qtbot.waitExposed(view)
    return view


def char_format(view: TranscriptView, position: int) -> QTextCharFormat:
    """The format of the character at document ``position`` (a cursor reads the one before)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def index_of(report: Report, text: str) -> int:
    return next(i for i, w in enumerate(report.transcript.words) if w.text == text)


def test_every_sentence_is_tinted_with_its_label(qtbot) -> None:
    report = rich_report()
    view = make(qtbot, report)
    fillers = {
        p
        for i, w in enumerate(report.transcript.words)
        if w.filler and (span := view.word_span(i))
        for p in range(*span)
    }
    labels = set()
    for sentence in report.content.sentences:
        labels.add(sentence.label)
        want = theme.label_tint(sentence.label)
        for offset in range(sentence.char_start, sentence.char_end):
            position = view.doc_position(offset)
            if position in fillers:
                continue
            got = char_format(view, position).background().color()
            assert got == want, (sentence.label, offset, got.name(), want.name())
    assert labels == set(palette.LABEL_ORDER)
    # Text between two sentences carries no tint, so each sentence reads as one stroke.
    gap = report.content.sentences[0].char_end
    assert char_format(view, view.doc_position(gap)).background().style() == Qt.BrushStyle.NoBrush


def test_fillers_are_bold_with_an_orange_underline(qtbot) -> None:
    report = rich_report()
    view = make(qtbot, report)
    spoken = [i for i, w in enumerate(report.transcript.words) if w.filler and w.source == "asr"]
    assert [report.transcript.words[i].text for i in spoken] == ["Um", "So", "like"]
    for i in spoken:
        start, end = view.word_span(i)
        assert view.document().toPlainText()[start:end] == report.transcript.words[i].text
        fmt = char_format(view, start)
        assert fmt.fontWeight() == 700
        assert fmt.fontUnderline()
        assert fmt.underlineColor() == QColor(palette.FILLER_COLOR)
    # "like" in "I really like working" is a verb, not a filler: plain text.
    verb = max(i for i, w in enumerate(report.transcript.words) if w.text == "like")
    assert verb not in spoken
    assert char_format(view, view.word_span(verb)[0]).fontWeight() != 700


def test_audio_fillers_appear_in_italics_where_they_were_heard(qtbot) -> None:
    report = rich_report()
    view = make(qtbot, report)
    heard = next(i for i, w in enumerate(report.transcript.words) if w.source == "audio")
    start, end = view.word_span(heard)
    text = view.toPlainText()
    assert text[start:end] == "(um)"
    assert "next spring. (um) So, like," in text
    fmt = char_format(view, start)
    assert fmt.fontItalic()
    assert fmt.isAnchor()
    # Transcript offsets after the insertion still find their words.
    so = index_of(report, "So")
    w = report.transcript.words[so]
    assert text[view.doc_position(w.char_start) : view.doc_position(w.char_end)] == "So"


def test_clicking_a_word_seeks_to_its_start(qtbot) -> None:
    report = timed_report()
    view = make(qtbot, report, show=True)
    for text in ("analyst", "Excel", "Acme", "data"):
        i = index_of(report, text)
        rect = view.word_rect(i)
        assert rect.isValid()
        with qtbot.waitSignal(view.seek_requested, timeout=1000) as blocker:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == [pytest.approx(report.transcript.words[i].start_s)]


def test_clicking_an_audio_filler_seeks_to_it(qtbot) -> None:
    report = rich_report()
    view = make(qtbot, report, show=True)
    heard = next(i for i, w in enumerate(report.transcript.words) if w.source == "audio")
    with qtbot.waitSignal(view.seek_requested, timeout=1000) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.word_rect(heard).center()
        )
    assert blocker.args == [pytest.approx(report.transcript.words[heard].start_s)]


def test_enter_on_the_caret_word_seeks(qtbot) -> None:
    report = timed_report()
    view = make(qtbot, report)
    i = index_of(report, "forecasting")
    cursor = view.textCursor()
    cursor.setPosition(view.word_span(i)[0] + 2)
    view.setTextCursor(cursor)
    with qtbot.waitSignal(view.seek_requested, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [pytest.approx(report.transcript.words[i].start_s)]


def test_playhead_lights_the_word_being_spoken(qtbot) -> None:
    report = rich_report()
    view = make(qtbot, report)
    i = index_of(report, "analyst")
    word = report.transcript.words[i]
    view.set_playhead(word.start_s + 0.1)
    assert view.playing_word() == i
    (selection,) = view.extraSelections()
    assert (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == view.word_span(i)
    assert selection.format.background().color() == QColor(palette.PLAYHEAD_COLOR)
    # Just after the word, before the next: it stays lit rather than flicker.
    view.set_playhead(word.end_s + 0.02)
    assert view.playing_word() == i
    # Deep in the long mid-sentence pause: nothing is being said.
    (pause,) = [p for p in report.delivery.pauses if p.long]
    view.set_playhead(pause.end_s - 0.3)
    assert view.playing_word() is None
    assert view.extraSelections() == []
    view.set_playhead(0.0)
    assert view.playing_word() is None  # before the first word
    view.set_playhead(word.start_s)
    view.set_playhead(None)
    assert view.extraSelections() == []


def test_word_tooltip_names_time_and_filler(qtbot) -> None:
    report = timed_report()
    view = make(qtbot, report, show=True)
    pos = view.word_rect(0).center()  # "Um"
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "Filler “Um” at 0:01" in QToolTip.text()
    QToolTip.hideText()


def test_read_only_and_selectable(qtbot) -> None:
    view = make(qtbot, timed_report())
    assert view.isReadOnly()
    assert view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert view.accessibleName() == "Transcript"


def test_text_mode_shows_tints_without_seeking(qtbot) -> None:
    report = Engine().analyze_text(" ".join(GOOD_ANSWER))
    view = make(qtbot, report, show=True)
    assert view.toPlainText() == report.transcript.text
    first = report.content.sentences[0]
    fmt = char_format(view, first.char_start + 5)
    assert fmt.background().color() == theme.label_tint(first.label)
    assert char_format(view, 0).fontUnderline()  # "Um" is still marked
    assert not char_format(view, 5).isAnchor()  # no times, nothing to seek to
    with qtbot.assertNotEmitted(view.seek_requested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.word_rect(3).center())
    view.set_playhead(2.0)
    assert view.playing_word() is None


def test_none_clears_the_view(qtbot) -> None:
    view = make(qtbot, timed_report())
    view.set_playhead(3.0)
    view.set_report(None)
    assert view.toPlainText() == ""
    assert view.playing_word() is None
    assert view.word_span(0) is None
    view.set_playhead(3.0)
    assert view.extraSelections() == []


def test_other_sentences_do_not_glare_on_a_dark_card(qtbot) -> None:
    """Found as a new user: in Dark, "Other" sentences had a near-white stroke (the grey
    band blended toward white) on a near-black card. Their stroke is the dark theme's own,
    apart from the card, with its words readable on it (WCAG 4.5:1)."""
    report = rich_report()
    theme.apply_appearance("dark")
    try:
        view = make(qtbot, report)
        (other, *_) = [s for s in report.content.sentences if s.label == "other"]
        fmt = char_format(view, view.doc_position(other.char_start + 1))
        background = fmt.background().color().name()
        words = fmt.foreground().color().name()
    finally:
        theme.apply_appearance("system")
    card = palette.DARK["surface.card"]
    assert contrast(words, background) >= 4.5
    assert contrast(background, palette.LIGHT["surface.card"]) > 4.5  # a dark stroke
    assert background.upper() != card.upper()  # still marks the sentence
