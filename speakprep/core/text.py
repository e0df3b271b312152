"""Tokenising a transcript into words with character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from speakprep.core.models import SpeechEvidence, Transcript, Word

_TOKEN = re.compile(r"\S+")
# Characters trimmed from either end of a token; inner apostrophes and hyphens stay
# ("don't", "long-term"), as do currency and percent signs that carry meaning.
_EDGE_PUNCT = "\"'“”‘’.,;:!?()[]{}<>…–—-*_/\\|"
# A Whisper word piece that goes on the word before it: "long" "-term", "U" ".S.", "Brennan"
# "'s", "100" ",000". Written with a space between ("long -term"), the horizon cue "long-term"
# was lost.
_CONTINUES_WORD = re.compile(r"[-.'’][^\W_]|,\d")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split ``text`` into ``(word, char_start, char_end)`` with punctuation trimmed.

    >>> tokenize("Well, first: pass the CPA.")
    [('Well', 0, 4), ('first', 6, 11), ('pass', 13, 17), ('the', 18, 21), ('CPA', 22, 25)]
    """
    tokens: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if start < end:
            tokens.append((text[start:end], start, end))
    return tokens


def transcript_from_text(text: str) -> Transcript:
    """A transcript with untimed words, for text mode."""
    words = tuple(Word(text=w, char_start=s, char_end=e) for w, s, e in tokenize(text))
    return Transcript(text=text, words=words)


def join_timed_words(
    pieces: Iterable[tuple[str, float, float, float]],
) -> Transcript:
    """Build a transcript from ASR word pieces ``(raw_text, start_s, end_s, probability)``.

    Whisper words carry their own leading space and punctuation (``" goals,"``); the text
    is their concatenation, stripped, and each word points at its trimmed span in it.
    """
    text_parts: list[str] = []
    words: list[Word] = []
    cursor = 0
    for raw, start_s, end_s, probability in pieces:
        piece = raw if text_parts else raw.lstrip()
        if text_parts and not piece[:1].isspace() and not _CONTINUES_WORD.match(piece):
            piece = " " + piece  # keep words apart even when the model glued them
        for token, s, e in tokenize(piece):
            words.append(
                Word(
                    text=token,
                    start_s=start_s,
                    end_s=end_s,
                    probability=probability,
                    char_start=cursor + s,
                    char_end=cursor + e,
                )
            )
        text_parts.append(piece)
        cursor += len(piece)
    return Transcript(text="".join(text_parts).rstrip(), words=tuple(words))


def drop_words(transcript: Transcript, drop: Iterable[int]) -> Transcript:
    """Remove words (by index) from a transcript, text included, and re-point the rest.

    A word owns the text from its start to the next word's start (its punctuation and the
    space after it), so removing invented words such as a trailing "Thank you." leaves the
    text and the offsets of every other word consistent.
    """
    gone = set(drop)
    if not gone:
        return transcript
    words, text = transcript.words, transcript.text
    anchored = [i for i, w in enumerate(words) if w.char_start is not None]
    owns_until = {
        i: words[anchored[k + 1]].char_start if k + 1 < len(anchored) else len(text)
        for k, i in enumerate(anchored)
    }
    pieces = [text[: words[anchored[0]].char_start]] if anchored else []
    out_len = len(pieces[0]) if pieces else 0
    kept: list[Word] = []
    for i, word in enumerate(words):
        if i in gone:
            continue
        if word.char_start is None or word.char_end is None:
            kept.append(word)
            continue
        shift = out_len - word.char_start
        kept.append(
            replace(word, char_start=word.char_start + shift, char_end=word.char_end + shift)
        )
        chunk = text[word.char_start : owns_until[i]]
        pieces.append(chunk)
        out_len += len(chunk)
    return replace(transcript, text="".join(pieces).rstrip(), words=tuple(kept))


def join_transcripts(pieces: list[Transcript], *, recording_s: float) -> Transcript:
    """One transcript from consecutive pieces: texts joined by a space, offsets shifted.

    The result is what ``join_timed_words`` would give for all the pieces' words at once.
    """
    parts: list[str] = []
    words: list[Word] = []
    cursor = 0
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        if parts:
            parts.append(" ")
            cursor += 1
        lead = len(piece.text) - len(piece.text.lstrip())  # offsets point into piece.text
        shift = cursor - lead
        words.extend(
            replace(w, char_start=w.char_start + shift, char_end=w.char_end + shift)
            if w.char_start is not None and w.char_end is not None
            else w
            for w in piece.words
        )
        parts.append(text)
        cursor += len(text)
    language = pieces[0].language if pieces else None
    measured = [p.evidence for p in pieces if p.evidence is not None]
    return Transcript(
        text="".join(parts),
        words=tuple(words),
        recording_s=recording_s,
        language=language,
        evidence=sum(measured, SpeechEvidence()) if measured else None,
    )
